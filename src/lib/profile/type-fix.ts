import { detectNumberFormat, parseNumberTextSql, type NumberTextFormat } from '../engine/number-text';
import type { QueryRunner } from '../engine/query-coordinator';
import { quoteIdentifier, quoteLiteral } from '../engine/sql';

export type TypeFixTarget = 'number' | 'date' | 'boolean';

export interface TypeFixOptions {
  target: TypeFixTarget;
  /** For numbers: the decimal separator people typed ('.' as in 1,234.5 or ',' as in 1.234,5). */
  decimal: '.' | ',';
  /** For dates: the order of day, month and year in the text. */
  dateOrder: 'dmy' | 'mdy' | 'ymd';
}

const DATE_FORMATS: Record<TypeFixOptions['dateOrder'], string[]> = {
  dmy: ['%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%d/%m/%y', '%d-%m-%y'],
  mdy: ['%m/%d/%Y', '%m-%d-%Y', '%m.%d.%Y', '%m/%d/%y', '%m-%d-%y'],
  ymd: ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d'],
};

/** Words read as true or false, in English, Spanish and Portuguese. */
const TRUE_WORDS = ['true', 't', 'yes', 'y', '1', 'sí', 'si', 's', 'verdadero', 'v', 'sim'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0', 'falso', 'não', 'nao'];

const list = (words: string[]) => words.map(quoteLiteral).join(', ');

/** The DuckDB type a fix produces. */
export function typeFixType(target: TypeFixTarget): string {
  return { number: 'DOUBLE', date: 'DATE', boolean: 'BOOLEAN' }[target];
}

/**
 * The expression converting a text column; text it cannot read becomes NULL
 * (the preview counts those first). Nothing here needs ICU.
 */
export function conversionSql(column: string, options: TypeFixOptions): string {
  const text = `trim(${quoteIdentifier(column)}::VARCHAR)`;
  switch (options.target) {
    case 'number': {
      // Strict, as the loader reads: with a decimal point, 1.234,56 is unreadable (not 1.23456).
      // A column that is already numeric (a fix recorded before the loader learnt to read it) stays as it is.
      const ref = quoteIdentifier(column);
      return `(CASE WHEN typeof(${ref}) = 'VARCHAR' THEN ${parseNumberTextSql(text, options.decimal)} ELSE TRY_CAST(${ref} AS DOUBLE) END)`;
    }
    case 'date': {
      const formats = DATE_FORMATS[options.dateOrder].map(quoteLiteral).join(', ');
      return `TRY_STRPTIME(${text}, [${formats}])::DATE`;
    }
    case 'boolean':
      return `CASE WHEN lower(${text}) IN (${list(TRUE_WORDS)}) THEN true WHEN lower(${text}) IN (${list(FALSE_WORDS)}) THEN false END`;
  }
}

/** Counts what a fix would convert and what it would lose (non-blank text it cannot read), with examples. */
export function typeFixPreviewSql(table: string, column: string, options: TypeFixOptions): string {
  const c = quoteIdentifier(column);
  const converted = conversionSql(column, options);
  const fails = `${c} IS NOT NULL AND trim(${c}::VARCHAR) <> '' AND (${converted}) IS NULL`;
  return `SELECT count(*) FILTER (WHERE (${converted}) IS NOT NULL)::BIGINT AS converted,
       count(*) FILTER (WHERE ${fails})::BIGINT AS failing,
       list(DISTINCT ${c}::VARCHAR) FILTER (WHERE ${fails}) AS examples
FROM ${table}`;
}

/** The table rebuilt with the column converted, every other column and the order unchanged. */
export function typeFixSelectSql(table: string, column: string, options: TypeFixOptions): string {
  return `SELECT * REPLACE (${conversionSql(column, options)} AS ${quoteIdentifier(column)}) FROM ${table}`;
}

/**
 * Statements that convert the column by rebuilding the table and swapping it
 * in, as one transaction. The original is renamed to `keepOriginalAs` (for
 * Undo) or dropped when that is not given.
 */
export function typeFixSwapSql(table: string, column: string, options: TypeFixOptions, staging: string, keepOriginalAs?: string): string {
  const target = quoteIdentifier(table);
  return [
    'BEGIN TRANSACTION',
    `CREATE TABLE ${quoteIdentifier(staging)} AS ${typeFixSelectSql(target, column, options)}`,
    keepOriginalAs ? `ALTER TABLE ${target} RENAME TO ${quoteIdentifier(keepOriginalAs)}` : `DROP TABLE ${target}`,
    `ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${target}`,
    'COMMIT',
  ].join(';\n');
}

/**
 * How a text column reads as numbers, over all its rows, for the dialog's
 * first choice of decimal separator: the loader's own reading (a column it
 * left as text is 'ambiguous' or 'text').
 */
export function guessNumberFormat(engine: QueryRunner, table: string, column: string, signal?: AbortSignal): Promise<NumberTextFormat> {
  return detectNumberFormat(engine, table, column, { signal });
}
