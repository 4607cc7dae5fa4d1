/**
 * How a grid cell is shown. The grid receives DuckDB's own text for every
 * value (exact: BIGINT, HUGEINT and DECIMAL keep every digit); this module
 * writes it for reading in the interface's language — digit grouping,
 * decimal comma, day-first dates — while the exact text stays available
 * (a cell's tooltip, and what Copy puts on the clipboard).
 */
import { isIdentifierColumn, isIntegerType } from '../../lib/engine';
import type { Locale } from '../i18n/paraglide/runtime.js';

/** How a column's values are written: decided once per column from its type and name. */
export type CellKind = 'integer' | 'identifier' | 'decimal' | 'float' | 'date' | 'timestamp' | 'text';

export function cellKind(column: { name: string; type: string }): CellKind {
  const type = column.type.toUpperCase();
  // Years, codes and ids are labels: 2024, never 2,024.
  if (isIntegerType(type)) return isIdentifierColumn(column) ? 'identifier' : 'integer';
  if (type.startsWith('DECIMAL')) return 'decimal';
  if (type === 'DOUBLE' || type === 'FLOAT' || type === 'REAL') return 'float';
  if (type === 'DATE') return 'date';
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) return 'timestamp';
  return 'text';
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format as Intl.NumberFormat;
}

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  const key = `d|${locale}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })));
  return format as Intl.DateTimeFormat;
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(\.\d+)?)$/;

/**
 * The cell as shown. Anything this does not recognise (infinity, NaN, dates
 * BC or past year 9999, nested values) is shown as DuckDB wrote it.
 */
export function displayCell(text: string, kind: CellKind, locale: Locale, options: { isoDates?: boolean } = {}): string {
  switch (kind) {
    case 'integer':
      // Intl formats a BigInt exactly, whatever its size (HUGEINT too).
      return INTEGER_TEXT.test(text) ? numberFormat(locale, {}).format(BigInt(text)) : text;
    case 'identifier':
      return text;
    case 'decimal':
      return DECIMAL_TEXT.test(text) ? exactDecimal(text, locale) : text;
    case 'float':
      return readableFloat(text, locale);
    case 'date':
      return options.isoDates ? text : localDate(text, locale);
    case 'timestamp': {
      if (options.isoDates) return text;
      const match = TIMESTAMP_TEXT.exec(text);
      return match ? `${localDate(match[1] ?? '', locale)} ${match[2]}` : text;
    }
    case 'text':
      return text;
  }
}

/** A DECIMAL with every digit DuckDB wrote: Intl reads a numeric string as an exact decimal. */
function exactDecimal(text: string, locale: Locale): string {
  const digits = text.split('.')[1]?.length ?? 0;
  const format = numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(text as unknown as number);
}

/**
 * A DOUBLE, rounded for reading: six significant digits for small values,
 * at least two decimals for large ones (amounts keep their cents), and
 * scientific notation far from 1. The exact value is one hover or copy away.
 */
function readableFloat(text: string, locale: Locale): string {
  const value = Number(text);
  if (!Number.isFinite(value) || !/^-?[\d.]+(e[+-]?\d+)?$/i.test(text)) return text;
  const size = Math.abs(value);
  if (size !== 0 && (size >= 1e15 || size < 1e-4)) {
    return numberFormat(locale, { notation: 'scientific', maximumSignificantDigits: 6 }).format(value);
  }
  if (size < 1) return numberFormat(locale, { maximumSignificantDigits: 6 }).format(value);
  const integerDigits = Math.floor(Math.log10(size)) + 1;
  return numberFormat(locale, { maximumFractionDigits: Math.max(2, 6 - integerDigits) }).format(value);
}

function localDate(text: string, locale: Locale): string {
  const match = DATE_TEXT.exec(text);
  if (!match) return text;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return text;
  return dateFormat(locale).format(new Date(Date.UTC(year, month - 1, day)));
}

/**
 * The clipboard text for a block of cells: DuckDB's exact text, tab between
 * cells and a line per row (what spreadsheets paste as a range); NULL is
 * an empty cell.
 */
export function copyText(rows: Array<Array<string | null>>): string {
  return rows.map((row) => row.map((cell) => (cell ?? '').replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}
