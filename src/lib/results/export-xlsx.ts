import type { Row, SheetData } from 'write-excel-file/universal';
import type { Engine } from '../engine';
import { quoteIdentifier } from '../engine';
import { describeColumns } from './export-result';
import type { QueryResult } from './run-statement';

/** Excel's limits: rows per sheet (the header takes one), columns, characters in a cell. */
export const XLSX_MAX_ROWS = 1_048_575;
export const XLSX_MAX_COLUMNS = 16_384;
export const XLSX_MAX_CELL_TEXT = 32_767;

/** Why a result cannot be written as a workbook: a code and its parameters (the UI words it). */
export type ExportProblem =
  | { code: 'xlsxRows'; params: { rows: number; limit: number } }
  | { code: 'xlsxColumns'; params: { columns: number; limit: number } };

export class ExportError extends Error {
  readonly problem: ExportProblem;

  constructor(problem: ExportProblem) {
    super(`${problem.code} ${JSON.stringify(problem.params)}`);
    this.name = 'ExportError';
    this.problem = problem;
  }

  get code(): ExportProblem['code'] {
    return this.problem.code;
  }
}

export interface XlsxExport {
  bytes: Uint8Array;
  /** Text cells longer than Excel holds, cut to XLSX_MAX_CELL_TEXT characters. */
  clippedCells: number;
}

/**
 * How a DuckDB type becomes a cell: a number Excel computes with, an exact
 * figure (BIGINT, HUGEINT, DECIMAL: a number when Excel's 15 significant
 * digits hold it, its exact text otherwise), a date or date-time Excel
 * formats, true/false, or text.
 */
type CellKind = 'number' | 'exact' | 'boolean' | 'date' | 'timestamp' | 'text';

function cellKind(type: string): CellKind {
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|REAL)$/i.test(type)) return 'number';
  if (/^(BIGINT|UBIGINT|HUGEINT|UHUGEINT|DECIMAL)/i.test(type)) return 'exact';
  if (/^BOOLEAN$/i.test(type)) return 'boolean';
  if (/^DATE$/i.test(type)) return 'date';
  // Without ICU a TIMESTAMPTZ has no zone to show it in: it is written as DuckDB's text.
  if (/^TIMESTAMP(_S|_MS|_NS)?$/i.test(type)) return 'timestamp';
  return 'text';
}

/** Excel stores 15 significant digits; a figure with more stays exact as text. */
const EXCEL_DIGITS = 15;

function exactCell(text: string): number | string {
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const digits = `${match[1]}${match[2] ?? ''}`.replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= EXCEL_DIGITS ? Number(text) : text;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?$/;

/** DuckDB's text of a DATE or TIMESTAMP as a Date (UTC, as Excel's serial numbers are read back); text before 1900, which Excel cannot date. */
function dateCell(text: string): Date | string {
  const match = DATE_TEXT.exec(text);
  if (!match) return text;
  const [, y, mo, d, h, mi, s, fraction] = match;
  if (Number(y) < 1900) return text;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms));
}

const DATE_FORMAT = 'yyyy-mm-dd';
const TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
export function xlsxSheetName(name: string): string {
  const cleaned = Array.from(name.replace(/[[\]:*?/\\]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, ''))
    .slice(0, 31)
    .join('')
    .trim();
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** A result as an XLSX workbook of one sheet: a header row, then typed cells. */
export async function exportXlsx(engine: Engine, result: QueryResult, options: { sheetName?: string } = {}): Promise<XlsxExport> {
  if (!result.table) return { bytes: new Uint8Array(), clippedCells: 0 };
  return tableToXlsx(engine, result.table, options);
}

/**
 * Any table or view (as SQL, already quoted) as an XLSX workbook, written
 * by write-excel-file (loaded when first used). Numbers are numbers, dates
 * are dates with a date format, so Excel sorts, sums and charts them.
 */
export async function tableToXlsx(engine: Engine, tableSql: string, options: { sheetName?: string } = {}): Promise<XlsxExport> {
  const columns = await describeColumns(engine, tableSql);
  if (columns.length > XLSX_MAX_COLUMNS) throw new ExportError({ code: 'xlsxColumns', params: { columns: columns.length, limit: XLSX_MAX_COLUMNS } });
  const counted = await engine.query(`SELECT count(*)::BIGINT AS n FROM ${tableSql}`);
  const rows = Number(counted.getChild('n')?.get(0) ?? 0);
  if (rows > XLSX_MAX_ROWS) throw new ExportError({ code: 'xlsxRows', params: { rows, limit: XLSX_MAX_ROWS } });

  const kinds = columns.map((column) => cellKind(column.type));
  const projections = columns.map((column, i) => {
    const ref = quoteIdentifier(column.name);
    const kind = kinds[i];
    const value = kind === 'number' ? `CAST(${ref} AS DOUBLE)` : kind === 'boolean' ? ref : `CAST(${ref} AS VARCHAR)`;
    return `${value} AS c${i}`;
  });
  const data = columns.length === 0 ? undefined : await engine.query(`SELECT ${projections.join(', ')} FROM ${tableSql}`);

  const sheet: SheetData = [columns.map((column) => ({ value: column.name, fontWeight: 'bold' as const }))];
  let clippedCells = 0;
  const vectors = columns.map((_, i) => data?.getChildAt(i));
  for (let r = 0; r < (data?.numRows ?? 0); r++) {
    const row: Row = [];
    for (let c = 0; c < columns.length; c++) {
      const raw: unknown = vectors[c]?.get(r);
      if (raw === null || raw === undefined) {
        row.push(null);
        continue;
      }
      switch (kinds[c]) {
        case 'number': {
          const value = Number(raw);
          row.push(Number.isFinite(value) ? value : String(value));
          break;
        }
        case 'exact':
          row.push(exactCell(String(raw)));
          break;
        case 'boolean':
          row.push(Boolean(raw));
          break;
        case 'date':
        case 'timestamp': {
          const value = dateCell(String(raw));
          row.push(typeof value === 'string' ? value : { value, type: Date, format: kinds[c] === 'date' ? DATE_FORMAT : TIMESTAMP_FORMAT });
          break;
        }
        default: {
          const text = String(raw);
          if (text.length > XLSX_MAX_CELL_TEXT) clippedCells += 1;
          row.push(text.length > XLSX_MAX_CELL_TEXT ? text.slice(0, XLSX_MAX_CELL_TEXT) : text);
        }
      }
    }
    sheet.push(row);
  }
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const blob = await writeXlsxFile(sheet, {
    sheet: xlsxSheetName(options.sheetName ?? 'Sheet1'),
    stickyRowsCount: 1,
  }).toBlob();
  return { bytes: new Uint8Array(await blob.arrayBuffer()), clippedCells };
}
