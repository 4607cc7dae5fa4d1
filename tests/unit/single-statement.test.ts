/**
 * Where the app wraps SQL it did not write (a saved query as a chart source,
 * DESCRIBE, a result's CREATE TABLE … AS), DuckDB itself refuses a second
 * statement smuggled past the wrapper: those run as prepared statements.
 * And work in flight on an instance that goes away settles with an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSource, runChart } from '../../src/lib/charts';
import { Engine, EngineError, type DuckBackend } from '../../src/lib/engine';
import { runStatement } from '../../src/lib/results';
import { createNodeBackend, rows, startNodeEngine } from './helpers/node-engine';

/** Each closes the wrapper early, runs its own statement, and reopens so the wrapper's tail parses. */
const smuggled = [
  '(SELECT 1 AS a) AS x; CREATE TABLE pwned AS SELECT 1; SELECT * FROM (SELECT 1 AS a) AS y',
  "(SELECT 1 AS a) AS x; SET VARIABLE leak = 'x'; SELECT * FROM (SELECT 1 AS a) AS y",
  '(SELECT 1 AS a) AS x; DROP TABLE IF EXISTS keep_me; SELECT * FROM (SELECT 1 AS a) AS y',
];

describe('single statements where the app wraps SQL (real DuckDB-WASM)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startNodeEngine();
    await engine.query('CREATE TABLE keep_me AS SELECT 1 AS a');
  });
  afterAll(() => engine.terminate());

  const untouched = async () => {
    expect(await rows(engine, "SELECT table_name FROM duckdb_tables() WHERE table_name IN ('pwned', 'keep_me')")).toEqual([{ table_name: 'keep_me' }]);
    expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_variables() WHERE name = 'leak'")).toEqual([{ n: 0 }]);
  };

  it.each(smuggled)('a chart source description refuses %s', async (source) => {
    const error = await describeSource(engine, source).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(/multiple statements/);
    await untouched();
  });

  it.each(smuggled)('a chart query refuses %s', async (source) => {
    const design = { mark: 'bar' as const, encoding: { x: { field: 'a' } } };
    const error = await runChart(engine, { sql: source, columns: [{ name: 'a', type: 'INTEGER' }] }, design).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    await untouched();
  });

  it('a query result refuses a second statement after its query', async () => {
    const error = await runStatement(engine, 'SELECT 1 AS a; CREATE TABLE pwned AS SELECT 1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(/multiple statements/);
    await untouched();
    const ok = await runStatement(engine, 'SELECT 42 AS answer');
    expect(ok.rowCount).toBe(1);
  });
});

describe('an instance that goes away', () => {
  it('fails what was in flight on it with a clear error instead of hanging', async () => {
    // A worker that was terminated never answers: this backend never answers one query.
    let received: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (received = resolve));
    const hanging = (): DuckBackend => {
      const real = createNodeBackend();
      const query: DuckBackend['query'] = (sql, lane, options) => {
        if (!sql.includes('hang here')) return real.query(sql, lane, options);
        received();
        return new Promise(() => undefined);
      };
      return { ...real, query };
    };
    const engine = new Engine(hanging);
    await engine.start();
    const inFlight = engine.query("SELECT 'hang here'", { lane: 'user' }).catch((caught: unknown) => caught);
    await sent;
    await engine.restart('the engine worker was terminated');
    const error = (await inFlight) as EngineError;
    expect(error).toBeInstanceOf(EngineError);
    expect(error.kind).toBe('crashed');
    expect(error.stop).toEqual({ code: 'stoppedMidway', params: { reason: 'the engine worker was terminated' } });
    // The fresh instance answers.
    expect(await rows(engine, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await engine.terminate();
  });
});
