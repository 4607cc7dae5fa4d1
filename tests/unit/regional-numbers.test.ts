/**
 * Numbers written the region's way, read at load and by the type fix with
 * one set of patterns: table-driven cases on the real engine, then whole
 * files through ingestFile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectNumberFormat, quoteLiteral, type Engine, type NumberTextFormat } from '../../src/lib/engine';
import { ingestFile, type IngestDeps, type IngestOutcome } from '../../src/lib/ingest';
import { guessNumberFormat, typeFixPreviewSql, typeFixSelectSql } from '../../src/lib/profile';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
let deps: IngestDeps;
let tableNumber = 0;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
});

afterAll(async () => {
  await engine.terminate();
});

/** A one-column text table holding `values` in order (null for NULL). */
async function textTable(values: Array<string | null>): Promise<string> {
  tableNumber += 1;
  const name = `v${tableNumber}`;
  const literals = values.map((value, i) => `(${i}, ${value === null ? 'NULL' : quoteLiteral(value)}::VARCHAR)`);
  await engine.query(`CREATE TABLE ${name} AS SELECT * FROM (VALUES ${literals.join(', ')}) t(i, x)`);
  return name;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('reading a column of numbers written as text', () => {
  const cases: Array<{ name: string; values: Array<string | null>; format: NumberTextFormat; numbers?: Array<number | null> }> = [
    { name: 'thousands point, decimal comma', values: ['1.234,56', '-1.234.567,8', '12,5', '', null], format: { kind: 'number', decimal: ',' }, numbers: [1234.56, -1234567.8, 12.5, null, null] },
    { name: 'thousands space, decimal comma', values: ['1 234,56', '12 345 678,9', '7'], format: { kind: 'number', decimal: ',' }, numbers: [1234.56, 12345678.9, 7] },
    { name: 'thousands no-break space (U+00A0)', values: [`1${NBSP}234,56`, `2${NBSP}000`], format: { kind: 'number', decimal: ',' }, numbers: [1234.56, 2000] },
    { name: 'thousands narrow no-break space (U+202F)', values: [`1${NNBSP}234,56`, `-3${NNBSP}000,5`], format: { kind: 'number', decimal: ',' }, numbers: [1234.56, -3000.5] },
    { name: 'decimal comma, no thousands', values: ['1234,5', '0,25', '-3'], format: { kind: 'number', decimal: ',' }, numbers: [1234.5, 0.25, -3] },
    { name: 'US: thousands comma, decimal point', values: ['1,234.56', '987.5', '-2,000'], format: { kind: 'number', decimal: '.' }, numbers: [1234.56, 987.5, -2000] },
    { name: 'space-grouped whole numbers beside a decimal', values: ['1 234', '5 000', '7,5'], format: { kind: 'number', decimal: ',' }, numbers: [1234, 5000, 7.5] },
    { name: 'space-grouped digits alone: phone numbers as often as figures', values: ['612 345 678', '699 000 111'], format: { kind: 'text' } },
    { name: 'a thousands point settled by another value', values: ['1.234,5', '5.555'], format: { kind: 'number', decimal: ',' }, numbers: [1234.5, 5555] },
    { name: 'a thousands comma settled by another value', values: ['1,234.5', '5,555'], format: { kind: 'number', decimal: '.' }, numbers: [1234.5, 5555] },
    { name: 'ambiguous 5.555 alone (5.555 or 5555?)', values: ['5.555', '12.345', ''], format: { kind: 'ambiguous' } },
    { name: 'ambiguous 5.555 beside 5,5 (mixed_decimal.csv)', values: ['5,5', '5,5', '5', '5.555'], format: { kind: 'ambiguous', decimal: ',' } },
    { name: 'ambiguous 5,555 beside 5.5', values: ['5.5', '5,555'], format: { kind: 'ambiguous', decimal: '.' } },
    { name: 'both marks as decimals: mixed habits', values: ['1,5', '1.5'], format: { kind: 'text' } },
    { name: 'a word among numbers', values: ['1,5', 'n/d'], format: { kind: 'text' } },
    { name: 'codes with leading zeros', values: ['007', '1,5'], format: { kind: 'text' } },
    { name: 'grouping in threes only', values: ['1.23,4'], format: { kind: 'text' } },
    { name: 'only empty cells', values: ['', '  ', null], format: { kind: 'text' } },
    { name: 'names', values: ['Perú', 'Chile'], format: { kind: 'text' } },
  ];

  it.each(cases)('$name', async ({ values, format, numbers }) => {
    const table = await textTable(values);
    expect(await detectNumberFormat(engine, table, 'x')).toEqual(format);
    // The dialog asks the same question the loader does.
    expect(await guessNumberFormat(engine, table, 'x')).toEqual(format);
    if (numbers && format.kind === 'number') {
      const options = { target: 'number', decimal: format.decimal, dateOrder: 'dmy' } as const;
      const converted = await rows(engine, `SELECT x FROM (${typeFixSelectSql(table, 'x', options)}) ORDER BY i`);
      expect(converted.map((row) => row.x)).toEqual(numbers);
      const [preview] = await rows(engine, typeFixPreviewSql(table, 'x', options));
      expect(preview?.failing).toBe(0n);
    }
  });

  it('reads 1.234,56 with a decimal point as unreadable, not as 1.23456', async () => {
    const table = await textTable(['1.234,56', '987,25', '12']);
    const [preview] = await rows(engine, typeFixPreviewSql(table, 'x', { target: 'number', decimal: '.', dateOrder: 'dmy' }));
    expect(preview?.failing).toBe(2n);
    expect(preview?.converted).toBe(1n);
    expect(Array.from(preview?.examples as Iterable<string>).sort()).toEqual(['1.234,56', '987,25']);
  });

  it('leaves a column that is numeric already as it is (a fix recorded before the loader read it)', async () => {
    await engine.query('CREATE TABLE already AS SELECT 1234.5::DOUBLE AS x, 0 AS i');
    const [row] = await rows(engine, `SELECT x FROM (${typeFixSelectSql('already', 'x', { target: 'number', decimal: ',', dateOrder: 'dmy' })})`);
    expect(row?.x).toBe(1234.5);
  });
});

describe('loading files with regional numbers', () => {
  async function tableNames(): Promise<string[]> {
    return (await rows(engine, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")).map((r) => String(r.table_name));
  }
  async function load(fileName: string, bytes: Uint8Array): Promise<IngestOutcome> {
    return ingestFile(engine, deps, { fileName, file: blobOf(bytes), existingTables: await tableNames() });
  }
  async function columnTypes(table: string): Promise<Record<string, string>> {
    const described = await rows(engine, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
    return Object.fromEntries(described.map((r) => [String(r.column_name), String(r.data_type)]));
  }
  /** Text as Windows-1252 bytes (the characters used here are all in Latin-1's range). */
  const windows1252 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

  it("keeps mixed_decimal.csv's 5,5 / 5.555 column as text, as native DuckDB does, and says so", async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../fixtures/corpus/mixed_decimal.csv')));
    const outcome = await load('mixed_decimal.csv', bytes);
    expect(await columnTypes('mixed_decimal')).toEqual({ A: 'BIGINT', B: 'VARCHAR' });
    expect((await rows(engine, 'SELECT B FROM mixed_decimal ORDER BY A')).map((r) => r.B)).toEqual(['5,5', '5,5', '5', '5.555', '5,5']);
    expect(outcome.notices).toEqual([{ code: 'ambiguousNumbers', params: { file: 'mixed_decimal.csv', columns: ['B'] } }]);
  });

  it('reads a Windows-1252 semicolon file of 1.234,56 amounts as DOUBLE with the right sum', async () => {
    const text = 'país;monto;código\r\nMéxico;1.234,56;007\r\nPerú;-2.345.678,9;010\r\nBogotá;0,44;123\r\n';
    const outcome = await load('montos región.csv', windows1252(text));
    expect(outcome.notices).toEqual([{ code: 'decoded', params: { file: 'montos región.csv', encoding: 'windows-1252' } }]);
    expect(await columnTypes('montos_region')).toEqual({ país: 'VARCHAR', monto: 'DOUBLE', código: 'VARCHAR' });
    expect(await rows(engine, 'SELECT round(sum(monto), 2) AS total, count(monto)::INTEGER AS n FROM montos_region')).toEqual([{ total: -2344443.9, n: 3 }]);
    expect((await rows(engine, 'SELECT "código" AS c FROM montos_region ORDER BY 1')).map((r) => r.c)).toEqual(['007', '010', '123']);
  });

  it('reads thousands spaces of every kind and quoted US numbers, column by column', async () => {
    const text = [
      'region;poblacion;superficie;gasto',
      `Norte;1 234 567;12${NNBSP}345,5;"1,234.50"`,
      `Sur;987 654;9${NBSP}876,25;"12.75"`,
    ].join('\n');
    await load('espacios.csv', new TextEncoder().encode(text));
    // Whole numbers grouped by spaces alone could as well be phone numbers: text, for the type fix to convert.
    expect(await columnTypes('espacios')).toEqual({ region: 'VARCHAR', poblacion: 'VARCHAR', superficie: 'DOUBLE', gasto: 'DOUBLE' });
    expect(await rows(engine, 'SELECT poblacion, superficie, gasto FROM espacios ORDER BY region')).toEqual([
      { poblacion: '1 234 567', superficie: 12345.5, gasto: 1234.5 },
      { poblacion: '987 654', superficie: 9876.25, gasto: 12.75 },
    ]);
  });

  it('reads text cells of a workbook the same way', async () => {
    const { makeXlsx } = await import('../fixtures/make-xlsx');
    const bytes = makeXlsx([{ name: 'Datos', rows: [['pais', 'monto', 'dudoso'], ['Perú', '1.234,5', '5.555'], ['Chile', '2,25', '1.000']] }]);
    const outcome = await load('texto.xlsx', bytes);
    expect(await columnTypes('texto')).toEqual({ pais: 'VARCHAR', monto: 'DOUBLE', dudoso: 'VARCHAR' });
    expect(await rows(engine, 'SELECT sum(monto) AS s FROM texto')).toEqual([{ s: 1236.75 }]);
    expect(outcome.notices).toEqual([{ code: 'ambiguousNumbers', params: { file: 'texto.xlsx', sheet: 'Datos', columns: ['dudoso'] } }]);
  });
});
