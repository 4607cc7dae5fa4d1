import readXlsxFile from 'read-excel-file/universal';
import type { CellValue, WorkbookSheet } from './deps';

/**
 * Neither reader could read the workbook. Its message is fixed text (it
 * crosses the worker boundary as a string): the readers' own messages are
 * internal JavaScript errors ("… is not a function") nobody should see.
 */
export class WorkbookUnreadableError extends Error {
  constructor() {
    super('workbook unreadable');
    this.name = 'WorkbookUnreadableError';
  }
}

/**
 * Parses every sheet of an XLSX workbook (runs in a worker in the browser,
 * directly in Node tests). read-excel-file reads it first; a workbook it
 * fails on or finds no data in is read again with exceljs (loaded only
 * then), which copes with other quirks; one neither can read is read
 * again once repaired (xlsx-repair.ts). A workbook read without data is
 * returned as it is (empty sheets); one none of this can read throws
 * WorkbookUnreadableError.
 */
export async function parseWorkbook(bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const first = await settle(() => readWithReadExcelFile(bytes));
  if (first && hasData(first)) return first;
  const { readWithExcelJs } = await import('./xlsx-exceljs');
  const second = await settle(() => readWithExcelJs(bytes));
  if (second && hasData(second)) return second;
  if (first) return first;
  const repaired = await readRepaired(bytes, readWithExcelJs);
  if (repaired) return repaired;
  // exceljs finds no sheet at all in a workbook whose parts it cannot locate: not an empty workbook.
  if (second && second.length > 0) return second;
  throw new WorkbookUnreadableError();
}

/**
 * Last attempt, for a workbook neither reader could read: its zip entry
 * names and cell addresses repaired (xlsx-repair.ts), read by either.
 */
async function readRepaired(bytes: Uint8Array, readWithExcelJs: (bytes: Uint8Array) => Promise<WorkbookSheet[]>): Promise<WorkbookSheet[] | undefined> {
  // Loaded only here: its zip writer is of no use to a workbook that reads as it is.
  const { repairWorkbook } = await import('./xlsx-repair');
  const repaired = repairWorkbook(bytes);
  if (!repaired) return undefined;
  const first = await settle(() => readWithReadExcelFile(repaired));
  if (first && hasData(first)) return first;
  const second = await settle(() => readWithExcelJs(repaired));
  return second && hasData(second) ? second : first;
}

async function readWithReadExcelFile(bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const sheets = await readXlsxFile(buffer);
  // A chart sheet comes without `data`.
  return sheets.map((sheet) => ({ name: sheet.sheet, rows: (sheet.data ?? []) as unknown as CellValue[][] }));
}

/** The reader's result, or undefined when it throws (its message is of no use to the person). */
async function settle(read: () => Promise<WorkbookSheet[]>): Promise<WorkbookSheet[] | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

function hasData(sheets: WorkbookSheet[]): boolean {
  return sheets.some((sheet) => sheet.rows.some((row) => row.some((cell) => cell !== null && cell !== '')));
}
