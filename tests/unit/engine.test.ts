import { describe, expect, it } from 'vitest';
import { Engine, EngineError } from '../../src/lib/engine';
import type { DuckBackend } from '../../src/lib/engine';
import { ingestFile } from '../../src/lib/ingest';
import { blobOf, createNodeBackend, nodeIngestDeps, rows } from './helpers/node-engine';

describe('the engine', () => {
  it('switches extension auto-install and auto-load off before anything runs', async () => {
    const engine = new Engine(createNodeBackend);
    expect(
      await rows(engine, "SELECT current_setting('autoinstall_known_extensions') AS i, current_setting('autoload_known_extensions') AS l"),
    ).toEqual([{ i: false, l: false }]);
    const error = (await engine.query("SELECT * FROM read_parquet('x.parquet')").catch((e: unknown) => e)) as EngineError;
    expect(error.kind).toBe('sql');
    expect(error.hint).toEqual({ code: 'parquet', params: {} });
    await engine.terminate();
  });

  it('reports status while starting, and keeps the SQL of a failure', async () => {
    const engine = new Engine(createNodeBackend);
    const seen: string[] = [];
    engine.onStatusChange((status) => seen.push(status));
    await engine.start();
    expect(seen).toEqual(['starting', 'ready']);
    const error = (await engine.query('SELEC 1').catch((e: unknown) => e)) as EngineError;
    expect(error).toBeInstanceOf(EngineError);
    expect(error.sql).toBe('SELEC 1');
    expect(error.position).toEqual({ line: 1, column: 1 });
    await engine.terminate();
  });

  it('re-creates tables through the restore hooks after a restart', async () => {
    const engine = new Engine(createNodeBackend);
    const deps = await nodeIngestDeps();
    const file = new TextEncoder().encode('id,name\n1,Ana\n2,Luis\n');
    await ingestFile(engine, deps, { fileName: 'people.csv', file: blobOf(file), existingTables: [] });
    await engine.query('ALTER TABLE people RENAME TO staff');
    engine.onRestore(async (fresh) => {
      await ingestFile(fresh, deps, { fileName: 'people.csv', file: blobOf(file), existingTables: [], replay: [{ table: 'staff' }] });
    });
    const reasons: string[] = [];
    engine.onRestart((reason) => reasons.push(reason));
    await engine.restart('test');
    expect(reasons).toEqual(['test']);
    expect(await rows(engine, 'SELECT name FROM staff ORDER BY id')).toEqual([{ name: 'Ana' }, { name: 'Luis' }]);
    await engine.terminate();
  });

  it('treats a wasm trap as a crash: fails the query, then restarts the instance', async () => {
    let trapOnce = true;
    const flaky = (): DuckBackend => {
      const real = createNodeBackend();
      return {
        ...real,
        async query(sql, lane) {
          if (sql === 'SELECT trap' && trapOnce) {
            trapOnce = false;
            throw new Error('RuntimeError: unreachable');
          }
          return real.query(sql, lane);
        },
      };
    };
    const engine = new Engine(flaky);
    await engine.start();
    const restarted = new Promise<string>((resolve) => engine.onRestart(resolve));
    const error = (await engine.query('SELECT trap').catch((e: unknown) => e)) as EngineError;
    expect(error.kind).toBe('crashed');
    expect(await restarted).toMatch(/RuntimeError/);
    expect(engine.status).toBe('ready');
    expect(await rows(engine, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await engine.terminate();
  });
});
