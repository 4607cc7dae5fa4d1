/**
 * Loading part of a file (some columns, a sample of rows) when the whole
 * file would not fit: cut while reading for CSV and Parquet, the same rows
 * again on every replay, every kept value as the whole file has it, and
 * hostile column names refused with a code, on the real engine.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { recipeFingerprint } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { IngestError } from '../../src/lib/ingest/ingest-error';
import { checkSubsetColumns, projectionSql, sampleSql, subsetFits, subsetShare, type LoadSubset } from '../../src/lib/ingest/load-subset';
import { subsetColumnChoices } from '../../src/lib/ingest/subset-columns';
import { engineMemoryBytes } from '../../src/lib/ingest/memory-budget';
import { snapshotKey } from '../../src/lib/store/snapshot-key';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

const ROWS = 20_000;

/** A regional CSV: a title line above the header, `;` between fields, a quote in one column's name. */
function regionalCsv(): Uint8Array {
  const lines = ['Informe de ventas 2025', 'id;región;monto;nota;"we""ird"'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i};${['Norte', 'Sur', 'Este'][i % 3]};${(i * 7) % 1000}.5;fila ${i};${i % 11}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
});

async function load(fileName: string, bytes: Uint8Array, table: string, subset?: LoadSubset, memoryBudget?: number) {
  return ingestFile(engine, deps, { fileName, file: blobOf(bytes), existingTables: [], replay: [{ table }], ...(subset ? { subset } : {}), ...(memoryBudget ? { memoryBudget } : {}) });
}

async function count(sql: string): Promise<number> {
  return Number((await rows(engine, `SELECT count(*)::INTEGER AS n FROM (${sql})`))[0]?.n);
}

async function columnsOf(table: string): Promise<string[]> {
  return (await rows(engine, `SELECT column_name FROM (DESCRIBE "${table}")`)).map((row) => String(row.column_name));
}

describe('the SQL of a part, and its share of memory', () => {
  it.each<[string, LoadSubset | undefined, string, string, number]>([
    ['all of it', undefined, '*', '', 1],
    ['no columns named', { columns: [] }, '*', '', 1],
    ['two of four columns', { columns: ['b', 'a'] }, '"b", "a"', '', 0.5],
    ['a column named twice', { columns: ['a', 'a'] }, '"a"', '', 0.25],
    ['a quote in a name', { columns: ['x"); DROP TABLE t; --'] }, '"x""); DROP TABLE t; --"', '', 0.25],
    ['a 10 % sample', { samplePercent: 10 }, '*', ' USING SAMPLE bernoulli(10 PERCENT) REPEATABLE (1729)', 0.1],
    ['both', { columns: ['a'], samplePercent: 50 }, '"a"', ' USING SAMPLE bernoulli(50 PERCENT) REPEATABLE (1729)', 0.125],
    ['a sample of 0 (no sample)', { samplePercent: 0 }, '*', '', 1],
    ['a sample of 100 (no sample)', { samplePercent: 100 }, '*', '', 1],
    ['a sample that is not a number', { samplePercent: Number.NaN }, '*', '', 1],
    ['a sample too small to write plainly', { samplePercent: 1e-7 }, '*', '', 1],
  ])('%s', (_, subset, projection, sample, share) => {
    expect(projectionSql(subset)).toBe(projection);
    expect(sampleSql(subset)).toBe(sample);
    expect(subsetShare(subset, 4)).toBeCloseTo(share, 10);
  });

  it('lets a part fit where the whole file does not', () => {
    const MB = 1024 ** 2;
    expect(subsetFits('delimited', 1000 * MB, 10, 2000 * MB, undefined, 3000 * MB).fits).toBe(false);
    expect(subsetFits('delimited', 1000 * MB, 10, 2000 * MB, { samplePercent: 50 }, 3000 * MB).fits).toBe(true);
    expect(subsetFits('delimited', 1000 * MB, 10, 2000 * MB, { columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 3000 * MB).fits).toBe(false);
  });

  it('refuses a column the file lacks, matching names without regard to case as DuckDB does', () => {
    expect(() => checkSubsetColumns('f.csv', ['Región', 'monto'], { columns: ['región', 'MONTO'] })).not.toThrow();
    const refused = (() => {
      try {
        checkSubsetColumns('f.csv', ['a'], { columns: ['a', 'b'] });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(IngestError);
    expect((refused as IngestError).problem).toEqual({ code: 'subsetColumnMissing', params: { column: 'b' } });
  });
});

describe('a CSV loaded in part', () => {
  it('keeps the chosen columns in the chosen order and a sample whose every value is as the whole file has it; a replay draws the same rows', async () => {
    const csv = regionalCsv();
    await load('ventas.csv', csv, 'whole');
    const subset: LoadSubset = { columns: ['monto', 'we"ird', 'id'], samplePercent: 10 };
    const outcome = await load('ventas.csv', csv, 'part', subset);
    expect(await columnsOf('part')).toEqual(['monto', 'we"ird', 'id']);
    const sampled = outcome.tables[0]?.rowCount ?? 0;
    // Bernoulli at 10 % of 20,000 rows: 2,000 ± 42 (one standard deviation); ±300 is beyond 7 of them.
    expect(sampled).toBeGreaterThan(1700);
    expect(sampled).toBeLessThan(2300);
    // Every kept row is a row of the whole file, value for value.
    expect(await count('SELECT monto, "we""ird", id FROM part EXCEPT ALL SELECT monto, "we""ird", id FROM whole')).toBe(0);
    // Spread over the whole file, not its first rows.
    expect(Number((await rows(engine, 'SELECT max(id)::INTEGER AS top FROM part'))[0]?.top)).toBeGreaterThan(ROWS * 0.9);
    await load('ventas.csv', csv, 'again', subset);
    expect(await count('SELECT * FROM part EXCEPT ALL SELECT * FROM again')).toBe(0);
    expect(await count('SELECT * FROM again')).toBe(sampled);
  });

  it('is what a refused load offers: the whole file is refused with the offer, the part fits and loads', async () => {
    const csv = regionalCsv();
    const held = await engineMemoryBytes(engine);
    // Room for a fifth of the file's table: the whole is refused, a 10 % sample of two of five columns is not.
    const budget = held + Math.ceil(csv.length * 1.5 * 0.2);
    const refused = await ingestFile(engine, deps, { fileName: 'grande.csv', file: blobOf(csv), existingTables: [], memoryBudget: budget }).catch((error: unknown) => error);
    expect((refused as IngestError).problem).toMatchObject({ code: 'memoryShort', params: { format: 'delimited', partial: true } });
    const columns = await subsetColumnChoices(engine, 'delimited', blobOf(csv));
    expect(columns).toEqual(['id', 'región', 'monto', 'nota', 'we"ird']);
    const part = await ingestFile(engine, deps, { fileName: 'grande.csv', file: blobOf(csv), existingTables: [], memoryBudget: budget, subset: { columns: ['región', 'monto'], samplePercent: 10 } });
    expect(part.tables[0]?.table).toBe('grande');
    // No scratch file or table is left behind by the column sniff or the load.
    expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '__atalaya%'")).toEqual([{ n: 0 }]);
  });

  it('offers no part of a compressed CSV (it is inflated whole before it is read)', async () => {
    const { gzipSync } = await import('fflate');
    const refused = await ingestFile(engine, deps, { fileName: 'grande.csv.gz', file: blobOf(gzipSync(regionalCsv())), existingTables: [], memoryBudget: 1 }).catch((error: unknown) => error);
    expect((refused as IngestError).problem).toMatchObject({ code: 'memoryShort', params: { format: 'delimited', partial: false } });
  });

  it('lists a header with a NUL byte as the table names it, and loads that column', async () => {
    const csv = new TextEncoder().encode('a\0b,c\n1,2\n3,4\n');
    const columns = await subsetColumnChoices(engine, 'delimited', blobOf(csv));
    expect(columns).toEqual(['a\uFFFDb', 'c']);
    await load('nul.csv', csv, 'nul_part', { columns: ['a\uFFFDb'] });
    expect(await columnsOf('nul_part')).toEqual(['a\uFFFDb']);
  });

  it.each([['nope'], ['x"); DROP TABLE whole; --'], ["'; SELECT 1; --"], ['']])('refuses the missing column %j with a code, leaving the other tables as they were', async (name) => {
    const csv = regionalCsv();
    const before = await count('SELECT * FROM whole');
    const refused = await load('ventas.csv', csv, 'hostile', { columns: ['id', name] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestError);
    expect((refused as IngestError).problem).toEqual({ code: 'subsetColumnMissing', params: { column: name } });
    expect(await count('SELECT * FROM whole')).toBe(before);
    expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name IN ('hostile') OR table_name LIKE '__atalaya%'")).toEqual([{ n: 0 }]);
  });
});

describe('a Parquet file loaded in part', () => {
  it('cuts each row group on its way in, with another seed per group, and lists its columns from the footer', async () => {
    const parquetWasm = await import('parquet-wasm');
    const n = 12_000;
    const source = tableFromArrays({
      id: Int32Array.from({ length: n }, (_, i) => i),
      amount: Float64Array.from({ length: n }, (_, i) => i * 0.25),
      label: Array.from({ length: n }, (_, i) => `fila ${i}`),
    });
    const properties = new parquetWasm.WriterPropertiesBuilder().setMaxRowGroupSize(3000).build();
    const parquet = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(source, 'stream')), properties);
    expect(await subsetColumnChoices(engine, 'parquet', blobOf(parquet))).toEqual(['id', 'amount', 'label']);
    await load('datos.parquet', parquet, 'pq_whole');
    await load('datos.parquet', parquet, 'pq_part', { columns: ['label', 'id'], samplePercent: 25 });
    expect(await columnsOf('pq_part')).toEqual(['label', 'id']);
    const kept = await count('SELECT * FROM pq_part');
    expect(kept).toBeGreaterThan(2500);
    expect(kept).toBeLessThan(3500);
    expect(await count('SELECT label, id FROM pq_part EXCEPT ALL SELECT label, id FROM pq_whole')).toBe(0);
    // Each of the four row groups is sampled, and not with one pattern repeated: ids modulo the group size differ between groups.
    const groups = await rows(engine, 'SELECT (id // 3000)::INTEGER AS g, list(id % 3000 ORDER BY id) AS offsets FROM pq_part GROUP BY g ORDER BY g');
    expect(groups.map((group) => group.g)).toEqual([0, 1, 2, 3]);
    expect(JSON.stringify(groups[0]?.offsets)).not.toBe(JSON.stringify(groups[1]?.offsets));
    await load('datos.parquet', parquet, 'pq_again', { columns: ['label', 'id'], samplePercent: 25 });
    expect(await count('SELECT * FROM pq_part EXCEPT ALL SELECT * FROM pq_again')).toBe(0);
    const missing = await load('datos.parquet', parquet, 'pq_bad', { columns: ['nope'] }).catch((error: unknown) => error);
    expect((missing as IngestError).problem).toEqual({ code: 'subsetColumnMissing', params: { column: 'nope' } });
    expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'pq_bad' OR table_name LIKE '__atalaya%'")).toEqual([{ n: 0 }]);
  });
});

describe('a format decoded whole (JSON) with a part recorded', () => {
  it('is cut once loaded, so a replay from a link gives the same part; no part is offered for it', async () => {
    const json = new TextEncoder().encode(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `n${i}`, score: i % 7 }))));
    expect(await subsetColumnChoices(engine, 'json', blobOf(json))).toBeUndefined();
    await load('gente.json', json, 'js_whole');
    await load('gente.json', json, 'js_part', { columns: ['score', 'id'], samplePercent: 20 });
    expect(await columnsOf('js_part')).toEqual(['score', 'id']);
    const kept = await count('SELECT * FROM js_part');
    expect(kept).toBeGreaterThan(300);
    expect(kept).toBeLessThan(500);
    expect(await count('SELECT score, id FROM js_part EXCEPT ALL SELECT score, id FROM js_whole')).toBe(0);
    const refused = await ingestFile(engine, deps, { fileName: 'gente.json', file: blobOf(json), existingTables: [], memoryBudget: 1 }).catch((error: unknown) => error);
    expect((refused as IngestError).problem).toMatchObject({ code: 'memoryShort', params: { format: 'json', partial: false } });
  });
});

describe('where a part is kept', () => {
  it('makes another recipe and another snapshot than the whole file, and leaves those of whole loads as they were', () => {
    const hash = `sha256:${'cd'.repeat(32)}`;
    const whole = { id: 'd1', hash, fixes: [] };
    const part = { ...whole, subset: { samplePercent: 10 } };
    expect(recipeFingerprint(part)).not.toBe(recipeFingerprint(whole));
    expect(recipeFingerprint({ ...whole, subset: { samplePercent: 20 } })).not.toBe(recipeFingerprint(part));
    expect(snapshotKey({ hash, subset: part.subset })).not.toBe(snapshotKey({ hash }));
    // The key of a whole load, as stored before parts existed.
    expect(snapshotKey({ hash }, 'arrow1-duckdb-wasm-1.32.0')).toBe(`snapshot:["arrow1-duckdb-wasm-1.32.0","${hash}",null,null]`);
  });
});
