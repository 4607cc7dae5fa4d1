import type { Engine } from '../engine';
import { fetchRows } from './fetch-rows';
import { dropResult, runStatement } from './run-statement';

export interface QueryTiming {
  /** The engine alone: the statement run, its Arrow result received. */
  engineMs: number;
  /** What the app does for the same SQL: run, materialize, describe, count, fetch the first page. */
  appMs: number;
  rows: number;
}

/** Times one query both ways, for the benchmark's "overhead per query" figure. */
export async function timeQuery(engine: Engine, sql: string): Promise<QueryTiming> {
  const engineStart = performance.now();
  await engine.query(sql, { lane: 'user' });
  const engineMs = performance.now() - engineStart;
  const appStart = performance.now();
  const result = await runStatement(engine, sql);
  await fetchRows(engine, result, 0, 100);
  const appMs = performance.now() - appStart;
  await dropResult(engine, result);
  return { engineMs, appMs, rows: result.rowCount };
}
