/**
 * Spreadsheets with title rows: the header row is detected on the parsed
 * sheet, shown (with a preview and a way to read another row) to whoever
 * picks sheets, kept with the dataset and replayed; one notice per sheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ingestFile, readSheetChoices, type IngestDeps, type SheetChoice, type SheetPick } from '../../src/lib/ingest';
import type { CellValue } from '../../src/lib/ingest/deps';
import { detectHeaderRow } from '../../src/lib/ingest/sheet-to-arrow';
import { parseWorkbook } from '../../src/lib/ingest/xlsx-parse';
import { makeXlsx, type FixtureCell } from '../fixtures/make-xlsx';
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

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('detecting the header row of a parsed sheet', () => {
  const cases: Array<{ name: string; rows: CellValue[][]; header: number | undefined }> = [
    { name: 'a plain table', rows: [['país', 'monto'], ['Perú', 1.5], ['Chile', 2]], header: 0 },
    {
      name: 'a title merged across the top, a blank row and a source note',
      rows: [['Homicidios 2010–2012', null, null], [null, null, null], ['Fuente: ministerios', null, null], ['país', 'año', 'tasa'], ['Perú', 2010, 7.2], ['Chile', 2011, 3.1]],
      header: 3,
    },
    {
      name: 'a note of two cells above the header: the row below must be of the body’s types',
      rows: [['Fuente', 'INE'], ['año', 'tasa'], [2010, 7.2], [2011, 3.1], [2012, 2.9]],
      header: 1,
    },
    {
      name: 'grouped headers above the column names (too few cells to be the header)',
      rows: [[null, 'Homicidios', null, 'Robos', null], ['país', '2010', '2011', '2010', '2011'], ['Perú', 1, 2, 3, 4]],
      header: 1,
    },
    { name: 'years as numbers in the header: the first full row', rows: [['Tasa por año'], ['país', 2010, 2011, 2012], ['Perú', 7.2, 7.4, 7.1]], header: 1 },
    { name: 'no header at all: the first row', rows: [[null, null], [null, null], ['a', 0], ['b', 1]], header: 2 },
    { name: 'a one-column list', rows: [['Lista'], ['uno'], ['dos']], header: 0 },
    { name: 'an empty sheet', rows: [[null], [null]], header: undefined },
  ];
  it.each(cases)('$name', ({ rows: sheet, header }) => {
    expect(detectHeaderRow(sheet)).toBe(header);
  });

  it('finds the header of a workbook from another project’s tests (calamine: a note at C3, the header at row 9)', async () => {
    const [sheet] = await parseWorkbook(new Uint8Array(readFileSync(join(__dirname, '../../../shared/corpus/files/calamine-header-row.xlsx'))));
    expect(detectHeaderRow(sheet!.rows)).toBe(8);
  });

  it('keeps the first row of a table whose body mixes types (the fallback)', () => {
    expect(detectHeaderRow([['country', 'note'], ['Perú', 'n/a'], ['Chile', 7], ['México', true]])).toBe(0);
  });

  it('dates in the body are a type of their own', () => {
    expect(detectHeaderRow([['Informe'], ['fecha', 'monto'], [d('2012-01-02'), 1], [d('2012-01-03'), 2]])).toBe(1);
  });
});

/** A report as ministries publish it: a merged title, a blank first column, a source line, dates, formulas, a merged header cell. */
function report(): Uint8Array {
  const row = (cells: FixtureCell[]): FixtureCell[] => [null, ...cells];
  return makeXlsx([
    {
      name: 'Informe',
      rows: [
        row(['Homicidios por país, 2010–2012', null, null, null, null]),
        row([null, null, null, null, null]),
        row(['Fuente: ministerios de seguridad', null, null, null, null]),
        row(['país', 'fecha', 'tasa', 'doble', null]),
        row(['Perú', { date: '2010-03-01' }, 7.5, { formula: 'D5*2', value: 15 }, 'a']),
        row(['Chile', { date: '2011-07-15' }, 3.25, { formula: 'D6*2', value: 6.5 }, 'b']),
        row(['México', { date: '2012-12-31' }, 22, { formula: 'D7*2', value: 44 }, 'c']),
      ],
      merges: ['B1:F1', 'E4:F4'],
    },
  ]);
}

async function columnTypes(table: string): Promise<Record<string, string>> {
  const described = await rows(engine, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
  return Object.fromEntries(described.map((r) => [String(r.column_name), String(r.data_type)]));
}

describe('loading a sheet with a title above its header', () => {
  it('shows what was detected, reads the header row chosen, and gives one notice for the sheet', async () => {
    const asked: SheetChoice[][] = [];
    const outcome = await ingestFile(engine, deps, {
      fileName: 'informe.xlsx',
      file: blobOf(report()),
      existingTables: [],
      chooseSheets: async (sheets): Promise<SheetPick[]> => {
        asked.push(sheets);
        return sheets.map((sheet) => ({ name: sheet.name, headerRow: sheet.headerRow }));
      },
    });
    // Asked once, for the only sheet, because rows above its header were left out.
    expect(asked).toHaveLength(1);
    const [choice] = asked[0]!;
    expect(choice).toMatchObject({ name: 'Informe', headerRow: 4, skippedRows: 2, rowCount: 3 });
    expect(choice!.preview[0]).toEqual({ row: 1, cells: ['', 'Homicidios por país, 2010–2012', '', '', '', ''] });
    expect(choice!.preview[4]).toEqual({ row: 5, cells: ['', 'Perú', '2010-03-01', '7.5', '15', 'a'] });
    expect(choice!.columnsWith(4)).toEqual([
      { name: 'país', type: 'VARCHAR' },
      { name: 'fecha', type: 'DATE' },
      { name: 'tasa', type: 'DOUBLE' },
      { name: 'doble', type: 'DOUBLE' },
      { name: 'column_F', type: 'VARCHAR' },
    ]);
    // Read with the title as its header, the sheet would be one named column and four unnamed ones.
    expect(choice!.columnsWith(1).map((column) => column.name)).toEqual(['Homicidios por país, 2010–2012', 'column_C', 'column_D', 'column_E', 'column_F']);

    expect(outcome.tables).toEqual([{ table: 'informe', sheet: 'Informe', headerRow: 4, rowCount: 3 }]);
    // The blank first column is no column; the merged header cell over F is named from its letter.
    expect(await columnTypes('informe')).toEqual({ país: 'VARCHAR', fecha: 'DATE', tasa: 'DOUBLE', doble: 'DOUBLE', column_F: 'VARCHAR' });
    expect(await rows(engine, 'SELECT "país" AS p, fecha::VARCHAR AS f, tasa, doble FROM informe ORDER BY fecha')).toEqual([
      { p: 'Perú', f: '2010-03-01', tasa: 7.5, doble: 15 },
      { p: 'Chile', f: '2011-07-15', tasa: 3.25, doble: 6.5 },
      { p: 'México', f: '2012-12-31', tasa: 22, doble: 44 },
    ]);
    expect(outcome.notices).toEqual([
      { code: 'sheetHeader', params: { file: 'informe.xlsx', sheet: 'Informe', headerRow: 4, skippedRows: 2, renamed: [{ column: 'F', name: 'column_F' }] } },
    ]);
  });

  it('reads the row the person chose instead, and replays it', async () => {
    const outcome = await ingestFile(engine, deps, {
      fileName: 'informe.xlsx',
      file: blobOf(report()),
      existingTables: ['informe'],
      chooseSheets: async (sheets) => sheets.map((sheet) => ({ name: sheet.name, headerRow: 5 })),
    });
    expect(outcome.tables).toEqual([{ table: 'informe_2', sheet: 'Informe', headerRow: 5, rowCount: 2 }]);
    // In the sheet's order, names that look like numbers included.
    const names = await rows(engine, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'informe_2' ORDER BY column_index");
    expect(names.map((r) => r.column_name)).toEqual(['Perú', '2010-03-01', '7.5', '15', 'a']);

    // A restore (engine restart, Undo, a reopened workspace) reads the sheet with the row kept, asking nothing.
    const replayed = await ingestFile(engine, deps, {
      fileName: 'informe.xlsx',
      file: blobOf(report()),
      existingTables: [],
      chooseSheets: async () => {
        throw new Error('a replay must not ask');
      },
      replay: [{ table: 'informe_replayed', sheet: 'Informe', headerRow: 5 }],
    });
    expect(replayed.tables).toEqual([{ table: 'informe_replayed', sheet: 'Informe', headerRow: 5, rowCount: 2 }]);
    expect(await columnTypes('informe_replayed')).toEqual(await columnTypes('informe_2'));

    // After loading, the picker can be shown again from the stored file: the same detection.
    const [again] = await readSheetChoices(deps, blobOf(report()));
    expect(again).toMatchObject({ name: 'Informe', headerRow: 4, skippedRows: 2, rowCount: 3 });
    expect(again!.columnsWith(5).map((column) => column.name)).toEqual(['Perú', '2010-03-01', '7.5', '15', 'a']);

    // A dataset recorded without a header row is read with the detected one.
    const detected = await ingestFile(engine, deps, { fileName: 'informe.xlsx', file: blobOf(report()), existingTables: [], replay: [{ table: 'informe_legacy', sheet: 'Informe' }] });
    expect(detected.tables[0]?.headerRow).toBe(4);
    expect(await columnTypes('informe_legacy')).toEqual(await columnTypes('informe'));
  });

  it('asks nothing of a plain one-sheet workbook, and nothing through the old sheet picker', async () => {
    const plain = makeXlsx([{ name: 'Hoja', rows: [['a', 'b'], [1, 2]] }]);
    const never = async (): Promise<never> => {
      throw new Error('not asked');
    };
    const outcome = await ingestFile(engine, deps, { fileName: 'plano.xlsx', file: blobOf(plain), existingTables: [], chooseSheets: never });
    expect(outcome.tables).toEqual([{ table: 'plano', sheet: 'Hoja', headerRow: 1, rowCount: 1 }]);
    expect(outcome.notices).toEqual([]);
    // pickSheets (names only) is for many sheets: a titled sheet is read with its detected header.
    const titled = await ingestFile(engine, deps, { fileName: 'titulado.xlsx', file: blobOf(report()), existingTables: [], pickSheets: never });
    expect(titled.tables[0]?.headerRow).toBe(4);
  });

  it('gives one notice per sheet, however many header cells were blank', async () => {
    const bytes = makeXlsx([{ name: 'Vacíos', rows: [['id', null, 'valor', null, null, 'fin'], [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], merges: ['A1:B1', 'C1:E1'] }]);
    const outcome = await ingestFile(engine, deps, { fileName: 'vacios.xlsx', file: blobOf(bytes), existingTables: [] });
    expect(outcome.notices).toEqual([
      {
        code: 'sheetHeader',
        params: {
          file: 'vacios.xlsx',
          sheet: 'Vacíos',
          headerRow: 1,
          skippedRows: 0,
          renamed: [
            { column: 'B', name: 'column_B' },
            { column: 'D', name: 'column_D' },
            { column: 'E', name: 'column_E' },
          ],
        },
      },
    ]);
  });
});
