/**
 * Every CSV, JSON and Parquet file of the fixture corpus read by Atalaya and
 * by native DuckDB (@duckdb/node-api, the same DuckDB version, with the
 * default options of read_csv / read_json_auto / read_parquet): the same rows
 * with the same values, compared as DuckDB writes each value (CAST AS
 * VARCHAR), row order aside. Where Atalaya reads a file differently on
 * purpose, or cannot yet, the difference is listed below with its reason,
 * and the test fails if it goes away (so the list stays true). Where native
 * DuckDB refuses a file, Atalaya either reads it or refuses it with its own
 * worded message, never an internal one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ingestFile, IngestError, type IngestDeps } from '../../src/lib/ingest';
import { describeError } from '../../src/ui/i18n/describe';
import { loadNativeDuckDB } from '../../bench/native-duckdb.mjs';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

const CORPUS = join(__dirname, '../fixtures/corpus');

/** How a file differs from native DuckDB's reading, and why. */
type Known = { differs: 'values' | 'rows' | 'refused'; why: string };
const KNOWN: Record<string, Known> = {
  'semicolon.csv.zst': { differs: 'values', why: 'decimal-comma numbers are read as numbers; native keeps text' },
  'semicolon-decimal-comma.csv': { differs: 'values', why: 'decimal-comma numbers (1.234,5) are read as numbers; native keeps text' },
  'comma_decimal_null.csv': { differs: 'values', why: 'decimal-comma numbers are read as numbers; native keeps text' },
  'rejects_sniffer.csv': { differs: 'values', why: 'a decimal-comma column (123,45) is read as numbers; native keeps text' },
  'malformed-rows.csv': { differs: 'rows', why: 'a malformed row is skipped and reported by its line; native reads it padded' },
  'test-error_too_little.csv': { differs: 'rows', why: 'a row with too few fields is skipped and reported by its line' },
  'unescaped_quotes-unescaped_quote.csv': { differs: 'values', why: 'the columns are kept and the bad quote reported; native reads one text column' },
  'timestamp_with_tz.csv': { differs: 'values', why: 'time zones need ICU, absent offline: the offset stays text' },
  '15601-fragment2.json': { differs: 'values', why: 'day-first timestamps (30-04-2024 17:04:01) stay text in JSON' },
  'simple_timestamp.json': { differs: 'values', why: 'ISO timestamps in a list are read as TIMESTAMP; native keeps the text' },
  'geojson-nested.ndjson': { differs: 'values', why: 'whole numbers in a list are BIGINT (1); native widens them to DOUBLE (1.0)' },
  'internal_2732.json': { differs: 'values', why: 'nested values typed differently from native (same values, different text)' },
  'nested_structs.rust.parquet': { differs: 'values', why: 'nested statistics typed differently by parquet-wasm (same values, different text)' },
  'int96_from_spark.parquet': { differs: 'values', why: 'an INT96 in year 290000 keeps its instant; native wraps it to 226414 BC' },
  'shredded_variant-case-001.parquet': { differs: 'values', why: 'Parquet VARIANT shows as its raw struct: parquet-wasm does not decode it' },
  'shredded_variant-case-056.parquet': { differs: 'values', why: 'Parquet VARIANT shows as its raw struct' },
  'shredded_variant-case-110.parquet': { differs: 'values', why: 'Parquet VARIANT shows as its raw struct' },
  'blank.csv': { differs: 'refused', why: 'a file of blank lines is refused as empty, which says more than an empty table' },
  'empty.csv': { differs: 'refused', why: 'an empty file is refused as empty' },
  'bad_data-ARROW-RS-GH-6229-LEVELS.parquet': { differs: 'refused', why: 'parquet-wasm cannot decode it: refused as damaged, the next file still loads' },
  'large_string_map.brotli.parquet': { differs: 'refused', why: 'two strings of 1 GiB each: refused by size before decoding (native takes minutes and GiBs to read it)' },
  'nation.dict-malformed.parquet': { differs: 'refused', why: 'parquet-wasm cannot decode its malformed dictionary: refused as damaged' },
};

const READERS: Record<string, string> = {
  csv: 'read_csv', tsv: 'read_csv', txt: 'read_csv', gz: 'read_csv', zst: 'read_csv',
  json: 'read_json_auto', jsonl: 'read_json_auto', ndjson: 'read_json_auto',
  parquet: 'read_parquet',
};
const FILES = readdirSync(CORPUS).filter((file) => READERS[file.split('.').pop() ?? '']).sort();
/** Files native DuckDB reads only with minutes and gigabytes to spare: not read natively here (see KNOWN). */
const NOT_READ_NATIVELY = new Set(['large_string_map.brotli.parquet']);
const INTERNAL_TEXT = /undefined|is not a function|Cannot read|\[object Object\]|unreachable|RuntimeError/;

interface NativeConnection {
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][]; getRowObjectsJson(): Record<string, unknown>[] }>;
}

let native: NativeConnection;
let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  const { DuckDBInstance } = (await loadNativeDuckDB()) as { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<NativeConnection> }> } };
  native = await (await DuckDBInstance.create(':memory:')).connect();
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
}, 120_000);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** Rows as DuckDB writes their values, sorted so that row order does not matter. */
const asText = (table: unknown[][]) => table.map((row) => JSON.stringify(row.map((value) => (value === null ? null : String(value))))).sort();

async function nativeRows(file: string): Promise<string[] | undefined> {
  if (NOT_READ_NATIVELY.has(file)) return [];
  const source = `${READERS[file.split('.').pop() ?? '']}('${join(CORPUS, file).replaceAll("'", "''")}')`;
  try {
    const described = await native.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const names = described.getRowObjectsJson().map((row) => String(row.column_name));
    const read = await native.runAndReadAll(`SELECT ${names.map((name) => `CAST(${quote(name)} AS VARCHAR)`).join(', ')} FROM ${source}`);
    return asText(read.getRows());
  } catch {
    return undefined;
  }
}

async function atalayaRows(file: string): Promise<string[] | IngestError> {
  let outcome;
  try {
    outcome = await ingestFile(engine, deps, { fileName: file, file: blobOf(new Uint8Array(readFileSync(join(CORPUS, file)))), existingTables: [] });
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  const table = outcome.tables[0]?.table ?? '';
  const names = (await rows(engine, `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`)).map((row) => String(row.column_name));
  const read = await rows(engine, `SELECT ${names.map((name, index) => `CAST(${quote(name)} AS VARCHAR) AS c${index}`).join(', ')} FROM ${quote(table)}`);
  for (const loaded of outcome.tables) await engine.query(`DROP TABLE ${quote(loaded.table)}`);
  return asText(read.map((row) => names.map((_, index) => row[`c${index}`])));
}

describe('the fixture corpus, read by Atalaya and by native DuckDB', () => {
  it('covers the corpus', () => {
    expect(FILES.length).toBeGreaterThan(150);
    for (const file of Object.keys(KNOWN)) expect(FILES).toContain(file);
  });

  it.each(FILES)('%s', async (file) => {
    const expected = await nativeRows(file);
    const actual = await atalayaRows(file);
    const known = KNOWN[file];
    if (actual instanceof IngestError) {
      // Refused: with its own words, naming the file, never an internal message.
      const words = describeError(actual);
      expect(words).toContain(file);
      expect(words).not.toMatch(INTERNAL_TEXT);
      if (expected) expect(known?.differs, `native reads ${file}; Atalaya refused it: ${words}`).toBe('refused');
      return;
    }
    expect(known?.differs, `${file} now loads`).not.toBe('refused');
    if (!expected) return; // native refuses it; Atalaya reads it
    if (!known) {
      expect(actual).toEqual(expected);
    } else if (known.differs === 'rows') {
      expect(actual.length, known.why).not.toBe(expected.length);
    } else {
      expect(actual.length).toBe(expected.length);
      expect(actual, `${file} now reads as native does: take it off the list`).not.toEqual(expected);
    }
  });
});
