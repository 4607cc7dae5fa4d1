import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ingestFile, IngestError } from '../../src/lib/ingest';
import { describeError } from '../../src/ui/i18n/describe';
import { makeXlsx } from '../fixtures/make-xlsx';
import { blobOf, rows } from './helpers/node-engine';
import { deps, engine, load, loadError, tableNames, useIngestEngine } from './helpers/ingest-harness';

const corpus = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/corpus', name)));

useIngestEngine();

async function columnTypes(table: string): Promise<Record<string, string>> {
  const described = await rows(engine, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
  return Object.fromEntries(described.map((r) => [String(r.column_name), String(r.data_type)]));
}

describe('delimited text', () => {
  it('keeps the good rows of a CSV with malformed ones and reports the bad lines', async () => {
    const outcome = await load('malformed-rows.csv', corpus('malformed-rows.csv'));
    const [table] = outcome.tables;
    expect(table?.table).toBe('malformed_rows');
    const data = await rows(engine, 'SELECT year, country FROM malformed_rows ORDER BY year');
    expect(data.map((r) => r.country)).toEqual(expect.arrayContaining(['Colombia', 'Peru', 'Ecuador']));
    expect(table?.rejected?.count).toBeGreaterThanOrEqual(1);
    expect(table?.rejected?.firstLines).toContain(3); // the row with an extra field
    expect(outcome.notices).toEqual([
      { code: 'rejected', params: { file: 'malformed-rows.csv', rows: table?.rejected?.count, lines: table?.rejected?.firstLines } },
    ]);
    expect(table?.rejected?.firstLines[0]).toBe(3);
  });

  it('sniffs tab and pipe delimiters', async () => {
    await load('tabs.tsv', corpus('tabs.tsv'));
    expect(await rows(engine, 'SELECT a, b FROM tabs ORDER BY a')).toEqual([
      { a: 1n, b: 'x' },
      { a: 2n, b: 'y' },
    ]);
    await load('pipes.txt', corpus('pipes.txt'));
    expect(await rows(engine, 'SELECT sum(c)::INTEGER AS s FROM pipes')).toEqual([{ s: 9 }]);
  });

  it('decodes Windows-1252 text and decimal commas instead of producing mojibake', async () => {
    const outcome = await load('windows-1252.csv', corpus('windows-1252.csv'));
    expect(outcome.notices).toContainEqual({ code: 'decoded', params: { file: 'windows-1252.csv', encoding: 'windows-1252' } });
    const data = await rows(engine, 'SELECT "país" AS pais, monto, nota FROM windows_1252 ORDER BY monto');
    expect(data).toEqual([
      { pais: 'México', monto: 1.5, nota: '“alto” €' },
      { pais: 'Perú', monto: 2.25, nota: 'niño' },
    ]);
  });

  it('reads UTF-8 with a BOM and UTF-16 text', async () => {
    await load('utf8-bom.csv', corpus('utf8-bom.csv'));
    expect(Object.keys(await columnTypes('utf8_bom'))).toEqual(['ciudad', 'población']);
    expect(await rows(engine, 'SELECT ciudad FROM utf8_bom ORDER BY 1')).toEqual([{ ciudad: 'Bogotá' }, { ciudad: 'São Paulo' }]);
    await load('utf16.tsv', corpus('utf16.tsv'));
    expect(await rows(engine, 'SELECT ciudad, valor::INTEGER AS valor FROM utf16 ORDER BY valor')).toEqual([
      { ciudad: 'Medellín', valor: 3 },
      { ciudad: 'Córdoba', valor: 4 },
    ]);
  });

  it('falls back to Windows-1252 when the non-UTF-8 bytes come after the sniffed head', async () => {
    const head = 'id,label\n' + Array.from({ length: 9000 }, (_, i) => `${i},plain ascii row`).join('\n');
    const tail = new Uint8Array([0x0a, 0x39, 0x30, 0x30, 0x30, 0x2c, 0x63, 0x61, 0x66, 0xe9]); // "\n9000,café" in Windows-1252
    const bytes = new Uint8Array([...new TextEncoder().encode(head), ...tail]);
    expect(bytes.length).toBeGreaterThan(65536);
    const outcome = await load('late-latin1.csv', bytes);
    expect(outcome.notices).toContainEqual({ code: 'decoded', params: { file: 'late-latin1.csv', encoding: 'windows-1252' } });
    expect(await rows(engine, 'SELECT label FROM late_latin1 WHERE id = 9000')).toEqual([{ label: 'café' }]);
  });

  it('reads semicolon files with a decimal comma and thousands points as numbers', async () => {
    await load('semicolon-decimal-comma.csv', corpus('semicolon-decimal-comma.csv'));
    const types = await columnTypes('semicolon_decimal_comma');
    expect(types.monto_usd_millones).toMatch(/DOUBLE|DECIMAL/);
    const data = await rows(engine, 'SELECT monto_usd_millones::DOUBLE AS m FROM semicolon_decimal_comma ORDER BY "año"');
    expect(data.map((r) => r.m)).toEqual([1234.5, 987.25]);
  });

  it('names duplicate and blank headers so every column is addressable', async () => {
    await load('duplicate-headers.csv', corpus('duplicate-headers.csv'));
    const names = Object.keys(await columnTypes('duplicate_headers'));
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    expect(names.every((name) => name.trim() !== '')).toBe(true);
  });

  it('loads a header-only file as an empty table', async () => {
    const outcome = await load('header-only.csv', corpus('header-only.csv'));
    expect(outcome.tables[0]?.rowCount).toBe(0);
  });

  it('refuses empty and blank files with a message that names the file', async () => {
    for (const name of ['empty.csv', 'blank.csv']) {
      const error = await loadError(name, corpus(name));
      expect(error.file).toBe(name);
      expect(error.problem).toEqual({ code: 'empty', params: {} });
    }
  });

  it('refuses binary junk named .csv, legacy .xls and gzip, saying what to do', async () => {
    expect((await loadError('junk.csv', corpus('junk.csv'))).code).toBe('binary');
    const xls = await loadError('legacy.xls', corpus('legacy.xls'));
    expect(xls.code).toBe('xls');
    expect(describeError(xls)).toMatch(/save it as \.xlsx/);
    expect((await loadError('compressed.csv.gz', corpus('compressed.csv.gz'))).code).toBe('gzipDamaged');
  });
});

describe('JSON', () => {
  it('loads an array of objects with types and NULLs', async () => {
    await load('rows.json', corpus('rows.json'));
    expect(await rows(engine, 'SELECT id, name, ok, score FROM "rows" ORDER BY id')).toEqual([
      { id: 1n, name: 'Bogotá', ok: true, score: 1.5 },
      { id: 2n, name: null, ok: false, score: null },
    ]);
  });

  it('loads NDJSON, skipping blank lines and widening to new keys', async () => {
    const outcome = await load('rows.ndjson', corpus('rows.ndjson'));
    expect(outcome.format).toBe('ndjson');
    expect(await rows(engine, 'SELECT id, name, extra FROM rows_2 ORDER BY id')).toEqual([
      { id: 1n, name: 'x', extra: null },
      { id: 2n, name: 'y', extra: 3n },
    ]);
  });

  it('names the line and column of a JSON syntax error', async () => {
    const error = await loadError('invalid.json', corpus('invalid.json'));
    expect(error.line).toBe(2);
    expect(error.column).toBeGreaterThan(1);
    expect(error.problem).toMatchObject({ code: 'json', params: { cause: expect.any(String) } });
    expect(describeError(error)).toMatch(/^invalid\.json, line 2, column \d+: The JSON is not valid/);
  });

  it('names the bad line of NDJSON', async () => {
    const error = await loadError('bad-line.ndjson', corpus('bad-line.ndjson'));
    expect(error.line).toBe(3);
    expect(error.code).toBe('json');
  });

  it('reads an array of plain values as one column named json, as native DuckDB does', async () => {
    const outcome = await load('not-rows.json', corpus('not-rows.json'));
    const table = outcome.tables[0]?.table ?? '';
    expect(await rows(engine, `SELECT json FROM "${table}" ORDER BY json`)).toEqual([{ json: 1n }, { json: 2n }, { json: 3n }]);
  });
});

describe('Parquet and Arrow', () => {
  const source = () =>
    tableFromArrays({
      id: Int32Array.from([1, 2, 3]),
      country: ['Colombia', 'México', 'Perú'],
      amount: Float64Array.from([1.5, 2.5, 3.5]),
    });

  it('reads Parquet through parquet-wasm', async () => {
    const codec = await deps.loadParquet();
    const parquet = codec.arrowIPCToParquet(tableToIPC(source(), 'stream'));
    await load('aid.parquet', parquet);
    expect(await rows(engine, 'SELECT id, country, amount FROM aid ORDER BY id')).toEqual([
      { id: 1, country: 'Colombia', amount: 1.5 },
      { id: 2, country: 'México', amount: 2.5 },
      { id: 3, country: 'Perú', amount: 3.5 },
    ]);
  });

  it('reads every row group of a multi-row-group Parquet file', async () => {
    const parquetWasm = await import('parquet-wasm');
    const ids = tableFromArrays({ id: Int32Array.from([0, 1, 2, 3, 4, 5]) });
    const properties = new parquetWasm.WriterPropertiesBuilder().setMaxRowGroupSize(2).build();
    const parquet = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(ids, 'stream')), properties);
    expect((await parquetWasm.ParquetFile.fromFile(blobOf(parquet))).metadata().numRowGroups()).toBe(3);
    await load('groups.parquet', parquet);
    expect(await rows(engine, 'SELECT count(*)::INTEGER AS n, sum(id)::INTEGER AS s FROM groups')).toEqual([{ n: 6, s: 15 }]);
  });

  it('reads a Parquet file named .csv as Parquet, and says so', async () => {
    const codec = await deps.loadParquet();
    const outcome = await load('mislabelled.csv', codec.arrowIPCToParquet(tableToIPC(source(), 'stream')));
    expect(outcome.format).toBe('parquet');
    expect(outcome.notices).toEqual([{ code: 'formatMismatch', params: { file: 'mislabelled.csv', named: 'delimited', actual: 'parquet' } }]);
    expect(outcome.tables[0]?.rowCount).toBe(3);
  });

  it('reports a truncated Parquet file without leaving a table', async () => {
    const error = await loadError('truncated.parquet', corpus('truncated.parquet'));
    expect(error.problem).toMatchObject({ code: 'parquet', params: { cause: expect.any(String) } });
  });

  it('reads Arrow IPC files (Feather v2) and streams', async () => {
    await load('aid.arrow', tableToIPC(source(), 'file'));
    await load('aid.arrows', tableToIPC(source(), 'stream'));
    expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM aid_2')).toEqual([{ n: 3 }]);
    expect(await rows(engine, 'SELECT country FROM aid_3 WHERE id = 2')).toEqual([{ country: 'México' }]);
  });
});

describe('XLSX', () => {
  it('reads dates, formulas (cached values), booleans and merged header cells', async () => {
    const bytes = makeXlsx([
      {
        name: 'Aid',
        rows: [
          ['year', 'Amount', null, 'signed', 'approved'],
          [2010, 1.5, { formula: 'B2*2', value: 3 }, { date: '2010-03-01' }, true],
          [2011, 2.5, { formula: 'B3*2', value: 5 }, { date: '2011-07-15' }, false],
        ],
        merges: ['B1:C1'],
      },
    ]);
    const outcome = await load('Ayuda 2012.xlsx', bytes);
    expect(outcome.tables.map((t) => t.table)).toEqual(['ayuda_2012']);
    expect(outcome.notices).toEqual([
      { code: 'sheetHeader', params: { file: 'Ayuda 2012.xlsx', sheet: 'Aid', headerRow: 1, skippedRows: 0, renamed: [{ column: 'C', name: 'column_C' }] } },
    ]);
    expect(outcome.tables[0]?.headerRow).toBe(1);
    const types = await columnTypes('ayuda_2012');
    expect(types).toEqual({ year: 'BIGINT', Amount: 'DOUBLE', column_C: 'BIGINT', signed: 'DATE', approved: 'BOOLEAN' });
    const data = await rows(engine, 'SELECT year, column_C, signed::VARCHAR AS signed, approved FROM ayuda_2012 ORDER BY year');
    expect(data).toEqual([
      { year: 2010n, column_C: 3n, signed: '2010-03-01', approved: true },
      { year: 2011n, column_C: 5n, signed: '2011-07-15', approved: false },
    ]);
  });

  it('keeps empty cells as NULL and reads a column of mixed values as text', async () => {
    const bytes = makeXlsx([
      {
        name: 'Datos',
        rows: [
          ['country', 'amount', 'note', 'when'],
          ['Perú', 1.25, 'n/a', { date: '2012-05-01' }],
          ['Chile', null, 7, null],
          ['México', 3, true, { date: '2013-01-02' }],
        ],
      },
    ]);
    await load('mixed.xlsx', bytes);
    expect(await columnTypes('mixed')).toEqual({ country: 'VARCHAR', amount: 'DOUBLE', note: 'VARCHAR', when: 'DATE' });
    expect(await rows(engine, 'SELECT country, amount, note, "when"::VARCHAR AS w FROM mixed')).toEqual([
      { country: 'Perú', amount: 1.25, note: 'n/a', w: '2012-05-01' },
      { country: 'Chile', amount: null, note: '7', w: null },
      { country: 'México', amount: 3, note: 'true', w: '2013-01-02' },
    ]);
  });

  it('makes one table per sheet, named <file>_<sheet>, and lets the caller pick sheets', async () => {
    const sheet = (name: string, n: number) => ({ name, rows: [['k', 'v'], [name, n]] as (string | number)[][] });
    const bytes = makeXlsx([sheet('Norte', 1), sheet('Sur', 2), sheet('Este', 3), sheet('Oeste', 4)]);
    const offered: string[][] = [];
    const outcome = await ingestFile(engine, deps, {
      fileName: 'regiones.xlsx',
      file: blobOf(bytes),
      existingTables: await tableNames(),
      pickSheets: async (names) => (offered.push(names), ['Sur', 'Oeste']),
    });
    expect(offered).toEqual([['Norte', 'Sur', 'Este', 'Oeste']]);
    expect(outcome.tables.map((t) => t.table)).toEqual(['regiones_sur', 'regiones_oeste']);
    expect(await rows(engine, 'SELECT v::INTEGER AS v FROM regiones_oeste')).toEqual([{ v: 4 }]);
  });

  it('refuses a zip that is not a workbook', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const error = await loadError('notes.xlsx', zipSync({ 'readme.txt': strToU8('hello') }));
    expect(error.problem).toEqual({ code: 'xlsxUnreadable', params: {} });
    expect(describeError(error)).toMatch(/^notes\.xlsx: /);
  });
});

describe('a drop of several files', () => {
  it('names clashing tables _2, _3 and keeps loading after a bad file', async () => {
    const good = new TextEncoder().encode('a\n1\n');
    const names: string[] = [];
    const failures: string[] = [];
    for (const [fileName, bytes] of [
      ['Países (2012).csv', good],
      ['empty.csv', new Uint8Array()],
      ['paises 2012.csv', good],
    ] as const) {
      try {
        const outcome = await load(fileName, bytes);
        names.push(...outcome.tables.map((t) => t.table));
      } catch (error) {
        failures.push((error as IngestError).file);
      }
    }
    expect(names).toEqual(['paises_2012', 'paises_2012_2']);
    expect(failures).toEqual(['empty.csv']);
  });
});
