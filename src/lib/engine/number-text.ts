/**
 * Numbers written as text, the way spreadsheets of a region write them:
 * `1.234,56` and `1 234,56` (decimal comma), `1,234.56` (decimal point).
 * One set of patterns serves the loader (which converts a column only when
 * its text reads one way) and the type fix (whose preview counts what it
 * cannot read), so both read a value the same way.
 *
 * A value is read strictly: thousands separators only in groups of three,
 * before the decimal separator, one kind per value. `1.234,56` read with a
 * decimal point is unreadable, not 1.23456.
 */
import type { QueryOptions } from './engine';
import type { QueryRunner } from './query-coordinator';
import { quoteIdentifier, quoteLiteral } from './sql';

export type DecimalSeparator = '.' | ',';

/**
 * Spaces people put between thousands: the ordinary space, the no-break
 * space (U+00A0) and the narrow no-break space (U+202F, what French and
 * recent locale data use), as RE2 escapes.
 */
const SPACE_SEPARATORS = [' ', '\\x{00A0}', '\\x{202F}'];

const escaped = (separator: DecimalSeparator) => (separator === '.' ? '\\.' : ',');
const other = (decimal: DecimalSeparator): DecimalSeparator => (decimal === '.' ? ',' : '.');

/** The RE2 pattern (for regexp_full_match) of a number written with `decimal` as its decimal separator. */
export function numberTextPattern(decimal: DecimalSeparator): string {
  const point = escaped(decimal);
  // A grouped whole part starts with 1–3 digits, not a zero: "0.555" is never 555.
  const grouped = [escaped(other(decimal)), ...SPACE_SEPARATORS].map((separator) => `[1-9][0-9]{0,2}(?:${separator}[0-9]{3})+`);
  const whole = ['[0-9]+', ...grouped].join('|');
  return `[+-]?(?:(?:${whole})(?:${point}[0-9]+)?|${point}[0-9]+|[0-9]+(?:${point}[0-9]*)?[eE][+-]?[0-9]+)`;
}

/** A value that reads as a number both ways, with different values: `5.555` (5.555 or 5555), `5,555`. */
const AMBIGUOUS: Record<DecimalSeparator, string> = {
  // Keyed by the separator that would be read as thousands.
  '.': '[+-]?[1-9][0-9]{0,2}\\.[0-9]{3}',
  ',': '[+-]?[1-9][0-9]{0,2},[0-9]{3}',
};

/** Characters dropped before casting: thousands separators (the other mark, and spaces). */
function thousandsClass(decimal: DecimalSeparator): string {
  return `[${escaped(other(decimal))}${SPACE_SEPARATORS.join('')}]`;
}

/** SQL reading a trimmed text expression as DOUBLE with `decimal`, NULL when the text is not such a number. */
export function parseNumberTextSql(text: string, decimal: DecimalSeparator): string {
  const stripped = `regexp_replace(${text}, ${quoteLiteral(thousandsClass(decimal))}, '', 'g')`;
  const normalized = decimal === ',' ? `replace(${stripped}, ',', '.')` : stripped;
  return `CASE WHEN regexp_full_match(${text}, ${quoteLiteral(numberTextPattern(decimal))}) THEN TRY_CAST(${normalized} AS DOUBLE) END`;
}

/** How a column's non-empty values read, counted over the whole column by numberTextCountsSql. */
export interface NumberTextCounts {
  /** Non-blank values. */
  values: number;
  /** Values that read with a decimal comma, and with a decimal point. */
  comma: number;
  point: number;
  /** Values that read both ways as different numbers, by the mark that would be the thousands separator. */
  ambiguousPoint: number;
  ambiguousComma: number;
  /** Values that show, on their own, that '.' (or ',') separates thousands: `1.234,5`, `1.234.567`. */
  pointGroups: number;
  commaGroups: number;
  /**
   * Values with a point or a comma. Without one, the column is digits DuckDB
   * chose to keep as text, or digits in groups of three separated by spaces —
   * as often phone numbers (612 345 678) as populations: left as text.
   */
  marked: number;
  /** Whole numbers with a leading zero (codes such as 007): text, whatever else the column holds. */
  leadingZeros: number;
}

/** What a text column holds, as numbers. */
export type NumberTextFormat =
  /** Every non-blank value reads as a number with this decimal separator (and, if both read, to the same value). */
  | { kind: 'number'; decimal: DecimalSeparator }
  /**
   * Every value reads as a number, but some (`5.555`) read differently with
   * either separator and nothing in the column settles which: kept as text.
   * `decimal` is the only separator that reads every value, when there is one.
   */
  | { kind: 'ambiguous'; decimal?: DecimalSeparator }
  /** Not a column of numbers (or empty, or codes with leading zeros). */
  | { kind: 'text' };

/**
 * The decision, from the counts: a column converts only when its values read
 * one way. `5,5` beside `5.555` could be 5.5 and 5555 or two typing habits
 * mixed; a guess that changes a number's value is worse than no guess.
 */
export function decideNumberFormat(counts: NumberTextCounts): NumberTextFormat {
  const { values } = counts;
  if (values === 0 || counts.marked === 0 || counts.leadingZeros > 0) return { kind: 'text' };
  const comma = counts.comma === values;
  const point = counts.point === values;
  if (comma && point) {
    // Only whole numbers (space-grouped or not) read the same both ways.
    return counts.ambiguousPoint + counts.ambiguousComma > 0 ? { kind: 'ambiguous' } : { kind: 'number', decimal: ',' };
  }
  if (comma) return counts.ambiguousPoint > 0 && counts.pointGroups === 0 ? { kind: 'ambiguous', decimal: ',' } : { kind: 'number', decimal: ',' };
  if (point) return counts.ambiguousComma > 0 && counts.commaGroups === 0 ? { kind: 'ambiguous', decimal: '.' } : { kind: 'number', decimal: '.' };
  return { kind: 'text' };
}

/** The trimmed text of a column, as the patterns read it. */
export function trimmedTextSql(column: string): string {
  return `trim(${quoteIdentifier(column)}::VARCHAR)`;
}

/** One row of NumberTextCounts for `column` of `from` (a quoted table, or a subquery in parentheses). */
export function numberTextCountsSql(from: string, column: string): string {
  const t = 'v';
  const match = (pattern: string) => `regexp_full_match(${t}, ${quoteLiteral(pattern)})`;
  return `SELECT count(*) FILTER (WHERE ${t} <> '')::INTEGER AS "values",
       count(*) FILTER (WHERE comma)::INTEGER AS comma,
       count(*) FILTER (WHERE point)::INTEGER AS point,
       count(*) FILTER (WHERE ${match(AMBIGUOUS['.'])})::INTEGER AS "ambiguousPoint",
       count(*) FILTER (WHERE ${match(AMBIGUOUS[','])})::INTEGER AS "ambiguousComma",
       count(*) FILTER (WHERE comma AND NOT point AND contains(${t}, '.'))::INTEGER AS "pointGroups",
       count(*) FILTER (WHERE point AND NOT comma AND contains(${t}, ','))::INTEGER AS "commaGroups",
       count(*) FILTER (WHERE regexp_matches(${t}, '[.,]'))::INTEGER AS marked,
       count(*) FILTER (WHERE ${match('[+-]?0[0-9]+')})::INTEGER AS "leadingZeros"
FROM (SELECT ${t}, ${match(numberTextPattern(','))} AS comma, ${match(numberTextPattern('.'))} AS point
      FROM (SELECT ${trimmedTextSql(column)} AS ${t} FROM ${from}) WHERE ${t} IS NOT NULL AND ${t} <> '')`;
}

/** Reads the one row numberTextCountsSql returns. */
export function readNumberTextCounts(row: Record<string, unknown> | undefined): NumberTextCounts {
  const n = (key: keyof NumberTextCounts) => Number(row?.[key] ?? 0);
  return {
    values: n('values'),
    comma: n('comma'),
    point: n('point'),
    ambiguousPoint: n('ambiguousPoint'),
    ambiguousComma: n('ambiguousComma'),
    pointGroups: n('pointGroups'),
    commaGroups: n('commaGroups'),
    marked: n('marked'),
    leadingZeros: n('leadingZeros'),
  };
}

/** How `column` of `table` (quoted, or a subquery in parentheses) reads as numbers, over every row. */
export async function detectNumberFormat(engine: QueryRunner, table: string, column: string, options: QueryOptions = {}): Promise<NumberTextFormat> {
  const result = await engine.query(numberTextCountsSql(table, column), options);
  const row = result.get(0)?.toJSON() as Record<string, unknown> | undefined;
  return decideNumberFormat(readNumberTextCounts(row));
}

/**
 * A cheap first look, on the first rows only: which of these text columns
 * could hold numbers at all (every non-blank sampled value reads one way or
 * the other, and one has a point or a comma). Only those are counted in full.
 */
export function numberCandidatesSql(table: string, columns: string[], sampleRows: number): string {
  const comma = quoteLiteral(numberTextPattern(','));
  const point = quoteLiteral(numberTextPattern('.'));
  const tests = columns.map((column, i) => {
    const t = trimmedTextSql(column);
    const blank = `(${t} IS NULL OR ${t} = '')`;
    return `coalesce(bool_and(${blank} OR regexp_full_match(${t}, ${comma}) OR regexp_full_match(${t}, ${point})), false)
      AND coalesce(bool_or(NOT ${blank} AND regexp_matches(${t}, '[.,]')), false) AS c${i}`;
  });
  return `SELECT ${tests.join(',\n  ')} FROM (SELECT * FROM ${table} LIMIT ${Math.floor(sampleRows)})`;
}
