/**
 * The second workbook reader: exceljs, tried only when read-excel-file fails
 * on a workbook or finds no data in it (see xlsx-parse.ts). It is imported
 * on demand, so its weight (about 1 MB) is fetched only for such workbooks.
 * Its cells become the same plain values read-excel-file gives, so header
 * detection, column types and the sheet picker treat both readers alike.
 */
import type { Cell, CellValue as ExcelJsValue, Row, Workbook, Worksheet } from 'exceljs';
import type { CellValue, WorkbookSheet } from './deps';

type ExcelJsModule = { Workbook: new () => Workbook };

/** Every worksheet of the workbook, as rows of plain cell values (row 1 first, column A first). */
export async function readWithExcelJs(bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const loaded = (await import('exceljs')) as unknown as ExcelJsModule & { default?: ExcelJsModule };
  // exceljs is CommonJS: its classes are on `default` once bundled, on the module itself in Node.
  const ExcelJS = loaded.default?.Workbook ? loaded.default : loaded;
  const workbook = new ExcelJS.Workbook();
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  await workbook.xlsx.load(buffer);
  return workbook.worksheets.map((sheet) => ({ name: sheet.name, rows: sheetRows(sheet) }));
}

/** A sheet as a dense grid from A1 to its last used cell, null where a cell is blank. */
function sheetRows(sheet: Worksheet): CellValue[][] {
  const sparse: CellValue[][] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row: Row, rowNumber: number) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell: Cell, column: number) => {
      cells[column - 1] = mergedAway(cell) ? null : cellValue(cell);
    });
    width = Math.max(width, cells.length);
    sparse[rowNumber - 1] = cells;
  });
  return Array.from(sparse, (cells) => Array.from({ length: width }, (_, c) => cells?.[c] ?? null));
}

/**
 * A cell covered by a merge that does not start there: exceljs repeats the
 * merge's value in it, read-excel-file leaves it blank, and so do we (a
 * title merged across a row must stay one filled cell for header detection).
 */
function mergedAway(cell: Cell): boolean {
  return cell.isMerged && cell.master.address !== cell.address;
}

/**
 * A cell's value. For a formula, its cached result read from `cell.result`:
 * exceljs leaves a result of 0, false or '' out of `cell.value`.
 */
function cellValue(cell: Cell): CellValue {
  const { value } = cell;
  const isFormula = typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
  return plainValue(isFormula ? (cell.result ?? null) : value);
}

/**
 * A value as read-excel-file would give it: text trimmed (blank text is a
 * blank cell), a formula's cached result, rich text and hyperlinks as their
 * text, error values (#N/A, #VALUE!) and anything unrecognised as blank.
 */
export function plainValue(value: ExcelJsValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if ('error' in value) return null;
  if ('richText' in value) return Array.isArray(value.richText) ? plainValue(value.richText.map((run) => run.text ?? '').join('')) : null;
  if ('formula' in value || 'sharedFormula' in value) return plainValue(value.result ?? null);
  if ('hyperlink' in value) return plainValue(value.text as ExcelJsValue);
  return null;
}
