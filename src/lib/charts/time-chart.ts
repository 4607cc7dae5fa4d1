/**
 * Benchmark hooks for charts (npm run bench): the SQL a design compiles to
 * over a table, and the time Vega-Lite takes when it is handed raw rows to
 * aggregate itself — the approach Atalaya avoids — for the same chart.
 */
import type { Engine } from '../engine';
import { compileQuery } from './compile-sql';
import type { ChartDesign } from './model';
import { describeSource, tableSourceSql } from './run-chart';
import { drawChart } from './render';

export async function chartSql(engine: Engine, table: string, design: ChartDesign): Promise<string> {
  const source = await describeSource(engine, tableSourceSql(table));
  return compileQuery({ ...design, source: source.sql }, source.columns).sql;
}

/** Draws `spec` with `rawSql`'s rows as its data (Vega aggregates); times only Vega's part. */
export async function timeVegaRaw(engine: Engine, rawSql: string, spec: Record<string, unknown>): Promise<{ ms: number; rows: number }> {
  const result = await engine.query(rawSql, { lane: 'internal' });
  const values = result.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
  const host = document.createElement('div');
  document.body.append(host);
  try {
    const start = performance.now();
    const drawn = await drawChart(host, { ...spec, data: { values } });
    const ms = performance.now() - start;
    drawn.finalize();
    return { ms, rows: values.length };
  } finally {
    host.remove();
  }
}
