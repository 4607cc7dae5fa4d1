import readXlsxFile from 'read-excel-file/universal';
import type { CellValue, WorkbookSheet } from './deps';

/** Parses every sheet of an XLSX workbook (runs in a worker in the browser, directly in Node tests). */
export async function parseWorkbook(bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const sheets = await readXlsxFile(buffer);
  return sheets.map((sheet) => ({ name: sheet.sheet, rows: sheet.data as unknown as CellValue[][] }));
}
