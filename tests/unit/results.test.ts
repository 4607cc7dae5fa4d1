import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError, listTables, type Engine } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { exportCsv, exportParquet, fetchRows, runStatement } from '../../src/lib/results';
import { blobOf, nodeIngestDeps, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
});

describe('running a statement', () => {
  it('materializes a query and pages its rows as exact text', async () => {
    const result = await runStatement(
      engine,
      `SELECT 170141183460469231731687303715884105727::HUGEINT AS huge, 9007199254740993::BIGINT AS big,
              123456789012.345::DECIMAL(18,3) AS dec, DATE '2012-03-04' AS day, NULL AS nothing, '' AS blank,
              TIMESTAMP '2012-03-04 05:06:07' AS ts;`,
    );
    expect(result.rowCount).toBe(1);
    expect(result.columns.map((c) => c.type)).toEqual(['HUGEINT', 'BIGINT', 'DECIMAL(18,3)', 'DATE', 'INTEGER', 'VARCHAR', 'TIMESTAMP']);
    expect(await fetchRows(engine, result, 0, 10)).toEqual([
      ['170141183460469231731687303715884105727', '9007199254740993', '123456789012.345', '2012-03-04', null, '', '2012-03-04 05:06:07'],
    ]);
  });

  it('fetches any window of a large result in order', async () => {
    const result = await runStatement(engine, 'SELECT range AS i, range * 2 AS j FROM range(1000000)');
    expect(result.rowCount).toBe(1_000_000);
    expect(await fetchRows(engine, result, 999_998, 100)).toEqual([
      ['999998', '1999996'],
      ['999999', '1999998'],
    ]);
    expect((await fetchRows(engine, result, 500_000, 3)).map((row) => row[0])).toEqual(['500000', '500001', '500002']);
  });

  it('runs DDL and shows what statements like DESCRIBE return', async () => {
    const created = await runStatement(engine, 'CREATE TABLE people AS SELECT * FROM (VALUES (1, \'Ana\'), (2, \'Luis\')) t(id, name)');
    expect(created.rowCount).toBeGreaterThanOrEqual(0);
    const described = await runStatement(engine, 'DESCRIBE people');
    expect(described.rowCount).toBe(2);
    expect((await fetchRows(engine, described, 0, 10)).map((row) => row[0])).toEqual(['id', 'name']);
    const tables = await listTables(engine);
    expect(tables.find((t) => t.name === 'people')).toMatchObject({ rowCount: 2, columns: [{ name: 'id' }, { name: 'name' }] });
    expect(tables.some((t) => t.name.startsWith('result_'))).toBe(false);
  });

  it("keeps DuckDB's message and points at the user's own line and column", async () => {
    const error = await runStatement(engine, 'SELECT 1,\n  nope\nFROM people').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    const engineError = error as EngineError;
    expect(engineError.message).toMatch(/Referenced column "nope" not found/);
    expect(engineError.position).toEqual({ line: 2, column: 3 });
    expect(engineError.sql).toBe('SELECT 1,\n  nope\nFROM people');
  });
});

describe('exporting a result', () => {
  it('writes CSV with a header, NULL as empty', async () => {
    const result = await runStatement(engine, "SELECT * FROM (VALUES (1, 'a,b'), (2, NULL)) t(id, label) ORDER BY id");
    const csv = new TextDecoder().decode(await exportCsv(engine, result));
    expect(csv.trim().split('\n')).toEqual(['id,label', '1,"a,b"', '2,']);
  });

  it('writes Parquet that reads back to the same rows and types', async () => {
    const sql = "SELECT * FROM (VALUES (1, 'Perú', 2.5, DATE '2012-01-31'), (2, 'México', NULL, NULL)) t(id, country, amount, day) ORDER BY id";
    const result = await runStatement(engine, sql);
    const parquet = await exportParquet(engine, await deps.loadParquet(), result);
    expect(new TextDecoder().decode(parquet.subarray(0, 4))).toBe('PAR1');
    const loaded = await ingestFile(engine, deps, { fileName: 'exported.parquet', file: blobOf(parquet), existingTables: [] });
    const back = await runStatement(engine, `SELECT * FROM ${loaded.tables[0]?.table}`);
    expect(back.columns).toEqual(result.columns);
    expect(await fetchRows(engine, back, 0, 10)).toEqual(await fetchRows(engine, result, 0, 10));
  });
});
