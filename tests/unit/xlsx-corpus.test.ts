/**
 * Every workbook of the corpus (tests/fixtures/corpus, from calamine's and
 * excelize's test suites) either loads or is refused with a code whose words
 * carry no internal JavaScript text; and exceljs, the second reader, gives
 * the same cells read-excel-file gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { IngestError, readSheetChoices, type IngestProblemCode } from '../../src/lib/ingest';
import type { CellValue } from '../../src/lib/ingest/deps';
import { plainValue, readWithExcelJs } from '../../src/lib/ingest/xlsx-exceljs';
import { parseWorkbook, WorkbookUnreadableError } from '../../src/lib/ingest/xlsx-parse';
import { addCellAddresses, repairWorkbook } from '../../src/lib/ingest/xlsx-repair';
import { describeError } from '../../src/ui/i18n/describe';
import { makeXlsx } from '../fixtures/make-xlsx';
import { blobOf, rows } from './helpers/node-engine';
import { deps, engine, load, tableNames, useIngestEngine } from './helpers/ingest-harness';

const DIR = join(__dirname, '../fixtures/corpus');
const WORKBOOKS = readdirSync(DIR)
  .filter((name) => /\.xls[xm]$/.test(name))
  .sort();
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

/** Internal JavaScript error text that must never reach a person. */
const INTERNAL_TEXT = /undefined|is not a function|Cannot read|VALUE_INVALID|\$\w+\(/;

type Expected = { tables: number; rows: number; columns: string[] } | { error: IngestProblemCode };

/**
 * What each workbook gives: the number of tables, the first table's rows
 * and columns. Checked by hand against exceljs's own reading of the files
 * (row counts: its actualRowCount less the header row; e.g. readings 4 → 3,
 * MergeCell 12 → 11, shared_formula_bench 100 → 99 with the first data row
 * as header as there is no text one). The empty ones hold only empty
 * `<sheetData/>` (issue127, vba, empty_sheet) or a #VALUE! error cell
 * (picture_richdata); the unreadable ones are a zip with a damaged entry
 * (issue252: its CRC fails) and a workbook that lists no sheet at all
 * (BadWorkbook).
 */
const EXPECTED: Record<string, Expected> = {
  'calamine-any_sheets.xlsx': { tables: 1, rows: 4, columns: ['1', '2'] },
  'calamine-column_row_ranges.xlsx': { tables: 2, rows: 4, columns: ['0', '0_2', '0_3'] },
  'calamine-date_1904.xlsx': { tables: 1, rows: 2, columns: ['2016-12-31', '15'] },
  'calamine-empty_s_attribute.xlsx': { tables: 1, rows: 4, columns: ['Name', 'Value'] },
  'calamine-empty_shared_string.xlsx': { tables: 1, rows: 0, columns: ['abc'] },
  'calamine-empty_sheet.xlsx': { error: 'xlsxEmpty' },
  'calamine-encoded_entities.xlsx': { tables: 1, rows: 0, columns: ['&'] },
  'calamine-has_x000D_.xlsx': { tables: 1, rows: 0, columns: ['ABC\r\r\nDEF'] },
  'calamine-header-row.xlsx': { tables: 1, rows: 1, columns: ['Columns', 'Column A', 'Column B', 'Column C'] },
  'calamine-inlineStr_with_value.xlsx': { tables: 1, rows: 1, columns: ['NN', 'Hierarchy', 'Outline Number', 'ID', 'Name', 'Type', 'Description'] },
  'calamine-issue127.xlsx': { error: 'xlsxEmpty' },
  'calamine-issue221.xlsm': { tables: 1, rows: 1, columns: ['Cell_A1', 'Cell_B1'] },
  'calamine-issue252.xlsx': { error: 'xlsxUnreadable' },
  'calamine-issue446.xlsx': {
    tables: 1,
    rows: 1,
    columns: ['1', '1_2', '120000', '0', '10.2', '1.05', '2.75', '15', '1_3', '-1', '0_2', '0_3', '1_4', '120000_2', '120000_3', '3534300', '3534300_2', '4158000', '4158000_2', '4989600', '4989600_2'],
  },
  'calamine-issue9.xlsx': { tables: 1, rows: 3, columns: ['test1'] },
  // Cells without `r` addresses: read once repaired, as the copy Excel saved (calamine-issue_261_fixed_by_excel.xlsx).
  'calamine-issue_261.xlsx': {
    tables: 1,
    rows: 56,
    columns: ['String Value 12', 'String Value 30', 'String Value 31', 'String Value 19', 'String Value 25', 'String Value 26', 'String Value 39'],
  },
  'calamine-issue_261_fixed_by_excel.xlsx': {
    tables: 1,
    rows: 56,
    columns: ['String Value 12', 'String Value 30', 'String Value 31', 'String Value 19', 'String Value 25', 'String Value 26', 'String Value 39'],
  },
  'calamine-issue_391.xlsx': { tables: 1, rows: 6, columns: ['1'] },
  // Zip entries named xl\workbook.xml: read once repaired; three note rows above the header row 4.
  'calamine-issue_530.xlsx': {
    tables: 1,
    rows: 1,
    columns: ['领域', '平台', '小微', '节点组织', '人事范围', '总人数', '时段一天数', '时段二天数', '时段三天数', '时段四天数', '时段五天数', '其他时段天数'],
  },
  'calamine-issue_565_multi_axis_shared.xlsx': { tables: 1, rows: 3, columns: ['0', '0_2', '0_3', '0_4', '0_5', '0_6', '0_7', '0_8', '0_9'] },
  'calamine-issue_644.xlsx': { tables: 1, rows: 9, columns: ['10', '1.0413926851582251'] },
  'calamine-merged_range.xlsx': { tables: 2, rows: 3, columns: ['A1', 'B1', 'C1', 'E1', 'F1', 'G1', 'H1'] },
  'calamine-no-header.xlsx': { tables: 1, rows: 1, columns: ['a', '0'] },
  'calamine-nonstandard-xml-ns-prefix.xlsx': { tables: 1, rows: 2, columns: ['a', 'b'] },
  'calamine-pass_protected.xlsx': { error: 'encryptedXlsx' },
  'calamine-picture_richdata.xlsx': { error: 'xlsxEmpty' },
  'calamine-readings.xlsx': { tables: 1, rows: 3, columns: ['Station', 'Celsius', 'Humidity', 'Pressure'] },
  'calamine-richtext-namespaced.xlsx': { tables: 1, rows: 0, columns: ['inline string\r\nLine 2\r\nLine 3', 'shared string\r\nLine 2\r\nLine 3'] },
  'calamine-shared_formula_bench.xlsx': { tables: 1, rows: 99, columns: ['1', '2'] },
  'calamine-shared_formula_simple.xlsx': { tables: 1, rows: 2, columns: ['1', '2'] },
  'calamine-string-ref.xlsx': { tables: 2, rows: 1, columns: ['col1'] },
  'calamine-table_with_absolute_paths.xlsx': { tables: 1, rows: 4, columns: ['Item', 'Name'] },
  'calamine-temperature-fallible.xlsx': { tables: 1, rows: 2, columns: ['fahrenheit', '72', 'converted'] },
  'calamine-temperature-table.xlsx': { tables: 2, rows: 2, columns: ['label', 'value'] },
  'calamine-vba.xlsm': { error: 'xlsxEmpty' },
  'calamine-whitespace_trim.xlsx': { tables: 2, rows: 2, columns: ['trimmed value', 'value with tabs', 'clean text'] },
  'excelize-BadWorkbook.xlsx': { error: 'xlsxUnreadable' },
  'excelize-MergeCell.xlsx': { tables: 1, rows: 11, columns: ['A1', 'column_B', 'C1', 'D1'] },
  'excelize-SharedStrings.xlsx': { tables: 2, rows: 0, columns: ['A'] },
  'excelize-encryptSHA1.xlsx': { error: 'encryptedXlsx' },
};

useIngestEngine();

async function columnsOf(table: string): Promise<string[]> {
  const described = await rows(engine, `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
  return described.map((r) => String(r.column_name));
}

async function rowCount(table: string): Promise<number> {
  const [row] = await rows(engine, `SELECT count(*)::INTEGER AS n FROM "${table}"`);
  return Number(row?.n);
}

describe('the workbook corpus', () => {
  it('has an expectation for every workbook in the fixtures', () => {
    expect(WORKBOOKS).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(WORKBOOKS)('%s loads or is refused in words without internal text', async (name) => {
    const expected = EXPECTED[name] as Expected;
    const bytes = bytesOf(name);
    if ('error' in expected) {
      const before = await tableNames();
      const error = await load(name, bytes).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).problem.code).toBe(expected.error);
      const words = describeError(error);
      expect(words).toContain(name);
      expect(words).not.toMatch(INTERNAL_TEXT);
      expect(await tableNames()).toEqual(before);
      return;
    }
    const outcome = await load(name, bytes);
    expect(outcome.tables).toHaveLength(expected.tables);
    const first = outcome.tables[0]?.table as string;
    expect(await columnsOf(first)).toEqual(expected.columns);
    expect(await rowCount(first)).toBe(expected.rows);
  });

  it('tells what to do with a workbook neither reader can read', async () => {
    const error = await load('calamine-issue252.xlsx', bytesOf('calamine-issue252.xlsx')).catch((e: unknown) => e);
    expect(describeError(error)).toMatch(/calamine-issue252\.xlsx.*Excel or LibreOffice.*save it again as \.xlsx/);
  });
});

/** A sheet with trailing blank rows and cells dropped, to compare two readers' grids. */
function trimmed(rowsOfSheet: CellValue[][]): CellValue[][] {
  const out = rowsOfSheet.map((row) => {
    const cells = [...row];
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (out.length > 0 && (out[out.length - 1] as CellValue[]).length === 0) out.pop();
  return out;
}

/**
 * Workbooks both readers read where their cells differ, and why: a chart
 * sheet read-excel-file lists and exceljs does not; `_x000D_` (an escaped
 * carriage return) that exceljs decodes and read-excel-file keeps beside
 * the real one.
 */
const KNOWN_DIFFERENCES = new Set(['calamine-any_sheets.xlsx', 'calamine-has_x000D_.xlsx']);

describe('exceljs as the second reader', () => {
  it('gives the cells read-excel-file gives (dates, formula results, merged and trimmed text)', async () => {
    let compared = 0;
    for (const name of WORKBOOKS.filter((n) => !KNOWN_DIFFERENCES.has(n))) {
      const bytes = bytesOf(name);
      const first = await readXlsxFile(bytes.slice().buffer).catch(() => undefined);
      const second = await readWithExcelJs(bytes).catch(() => undefined);
      if (!first || !second || second.length === 0) continue;
      compared += 1;
      const expected = first.map((sheet) => ({ name: sheet.sheet, rows: trimmed((sheet.data ?? []) as unknown as CellValue[][]) }));
      expect(
        second.map((sheet) => ({ name: sheet.name, rows: trimmed(sheet.rows) })),
        name,
      ).toEqual(expected);
    }
    // Most of the corpus is read by both (the rest: one of them fails).
    expect(compared).toBe(27);
  });

  it('keeps a formula result of 0 (exceljs leaves it out of cell.value)', async () => {
    const [sheet] = await readWithExcelJs(bytesOf('calamine-issue_644.xlsx'));
    expect(sheet?.rows[2]).toEqual([0, 0]);
  });

  it('turns exceljs values into plain cells: results, text of rich text and links, errors as blank', () => {
    const day = new Date(Date.UTC(2012, 4, 1));
    expect(plainValue({ formula: 'A1*2', result: 3 })).toBe(3);
    expect(plainValue({ sharedFormula: 'B1', result: day })).toBe(day);
    expect(plainValue({ formula: 'NA()', result: { error: '#N/A' } })).toBeNull();
    expect(plainValue({ formula: 'A1' })).toBeNull();
    expect(plainValue({ richText: [{ text: ' Perú ' }, { text: 'Norte' }] })).toBe('Perú Norte');
    expect(plainValue({ text: 'informe', hyperlink: 'https://example.org' })).toBe('informe');
    expect(plainValue({ error: '#DIV/0!' })).toBeNull();
    expect(plainValue('  ')).toBeNull();
    expect(plainValue(Number.NaN)).toBeNull();
    expect(plainValue(day)).toBe(day);
  });

  it('reads a 1904-based date as the same day', async () => {
    const [sheet] = await readWithExcelJs(bytesOf('calamine-date_1904.xlsx'));
    expect((sheet?.rows[0]?.[0] as Date).toISOString()).toBe('2016-12-31T00:00:00.000Z');
  });
});

/** A workbook from makeXlsx with its first sheet's XML rewritten. */
function withSheetXml(bytes: Uint8Array, rewrite: (xml: string) => string): Uint8Array {
  const entries = unzipSync(bytes);
  const path = 'xl/worksheets/sheet1.xml';
  entries[path] = strToU8(rewrite(strFromU8(entries[path] as Uint8Array)));
  return zipSync(entries);
}

const REPORT = [
  ['Informe de cooperación 2012', null, null],
  ['country', 'amount', 'signed'],
  ['Perú', 1.5, { date: '2012-05-01' }],
  ['Chile', 2, { date: '2012-06-15' }],
] as const;

/**
 * Cells of a row written out of column order (C before A, as some
 * generators write them): read-excel-file throws "Out-of-place <c/>",
 * exceljs reads it.
 */
function outOfOrderWorkbook(): Uint8Array {
  const bytes = makeXlsx([{ name: 'Informe', rows: REPORT.map((row) => [...row]) }]);
  return withSheetXml(bytes, (xml) => xml.replace(/(<row r="3"[^>]*>)(<c r="A3".*?<\/c>)(<c r="B3".*?<\/c>)(<c r="C3".*?<\/c>)/, '$1$4$2$3'));
}

describe('a workbook read-excel-file fails on', () => {
  it('is read with exceljs: header row, types and dates as read-excel-file would give them', async () => {
    const bytes = outOfOrderWorkbook();
    await expect(readXlsxFile(bytes.slice().buffer)).rejects.toThrow();
    const outcome = await load('informe.xlsx', bytes);
    expect(outcome.tables[0]?.headerRow).toBe(2);
    const table = outcome.tables[0]?.table as string;
    const described = await rows(engine, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
    expect(described.map((r) => [r.column_name, r.data_type])).toEqual([
      ['country', 'VARCHAR'],
      ['amount', 'DOUBLE'],
      ['signed', 'DATE'],
    ]);
    expect(await rows(engine, `SELECT country, amount, signed::VARCHAR AS signed FROM "${table}" ORDER BY country`)).toEqual([
      { country: 'Chile', amount: 2, signed: '2012-06-15' },
      { country: 'Perú', amount: 1.5, signed: '2012-05-01' },
    ]);
  });

  it('offers its sheets to the picker with the detected header row', async () => {
    const [choice] = await readSheetChoices(deps, blobOf(outOfOrderWorkbook()));
    expect(choice).toMatchObject({ name: 'Informe', headerRow: 2, skippedRows: 1, rowCount: 2 });
    expect(choice?.columnsWith(2).map((column) => column.type)).toEqual(['VARCHAR', 'DOUBLE', 'DATE']);
  });

  it('is refused with WorkbookUnreadableError, a fixed message, when nothing reads it', async () => {
    const error = await parseWorkbook(bytesOf('calamine-issue252.xlsx')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookUnreadableError);
    expect((error as Error).message).not.toMatch(INTERNAL_TEXT);
  });
});

describe('a workbook neither reader can read as it is', () => {
  it('is read with its cell addresses filled in, as Excel itself saves it again', async () => {
    const repaired = await parseWorkbook(bytesOf('calamine-issue_261.xlsx'));
    const savedByExcel = await parseWorkbook(bytesOf('calamine-issue_261_fixed_by_excel.xlsx'));
    expect(repaired.map((sheet) => trimmed(sheet.rows))).toEqual(savedByExcel.map((sheet) => trimmed(sheet.rows)));
  });

  it('fills in row and cell addresses from the last one given', () => {
    const xml = '<sheetData><row><c t="s"><v>0</v></c><c s="9"/></row><row r="5"><c r="C5"><v>1</v></c><c><v>2</v></c></row><row spans="1:2"><c/></row></sheetData>';
    expect(addCellAddresses(xml)).toBe(
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="9"/></row><row r="5"><c r="C5"><v>1</v></c><c r="D5"><v>2</v></c></row><row r="6" spans="1:2"><c r="A6"/></row></sheetData>',
    );
  });

  it('is left alone when it has neither Windows separators nor missing addresses', () => {
    expect(repairWorkbook(bytesOf('excelize-BadWorkbook.xlsx'))).toBeUndefined();
    expect(repairWorkbook(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});
