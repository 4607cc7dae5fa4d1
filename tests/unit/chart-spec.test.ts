import { compile } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { compileQuery, type SourceColumn } from '../../src/lib/charts/compile-sql';
import { compileSpec, describeChart } from '../../src/lib/charts/compile-spec';
import type { ChartModel } from '../../src/lib/charts/model';
import { rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
const columns: SourceColumn[] = [
  { name: 'year', type: 'BIGINT' },
  { name: 'account', type: 'VARCHAR' },
  { name: 'amount_usd_millions', type: 'DECIMAL(8,1)' },
  { name: 'day', type: 'DATE' },
];

beforeAll(async () => {
  engine = await startNodeEngine();
  // Figure 8's CARSI rows for two years, with a date for the time-unit chart.
  await engine.query(`CREATE TABLE carsi AS SELECT * FROM (VALUES
    (2008, 'ESF', 25.0, DATE '2008-03-01'), (2008, 'INCLE', 24.8, DATE '2008-06-01'), (2008, 'NADR', 6.2, DATE '2008-09-01'), (2008, 'FMF', 4.0, DATE '2008-12-01'),
    (2009, 'ESF', 18.0, DATE '2009-03-01'), (2009, 'INCLE', 70.0, DATE '2009-06-01'), (2009, 'FMF', 17.0, DATE '2009-09-01')
  ) AS t(year, account, amount_usd_millions, day)`);
});

/** Compiles, runs on the real engine, builds the spec, and has Vega-Lite compile it (no warnings allowed). */
async function build(model: ChartModel) {
  const compiled = compileQuery(model, columns);
  const values = await rows(engine, compiled.sql);
  const spec = compileSpec(model, compiled, columns, values);
  const warnings: string[] = [];
  const logger = { level: () => logger, warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger), info: () => logger, debug: () => logger, error: (...args: unknown[]) => { throw new Error(args.join(' ')); } };
  const vega = compile(spec as never, { logger: logger as never }).spec;
  return { compiled, spec, warnings, vega };
}

describe('chart specs: Vega-Lite that only draws rows DuckDB computed', () => {
  it.each<[string, ChartModel, string]>([
    ['stacked bars', { source: 'carsi', mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount_usd_millions', aggregate: 'sum' }, color: { field: 'account' } } }, 'Bar chart: sum of amount_usd_millions by year and account'],
    ['grouped bars', { source: 'carsi', mark: 'bar', stack: 'none', encoding: { x: { field: 'account' }, y: { field: 'amount_usd_millions', aggregate: 'sum' }, color: { field: 'year' } } }, 'Bar chart: sum of amount_usd_millions by account and year'],
    ['a line by month', { source: 'carsi', mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { aggregate: 'count' } } }, 'Line chart: count of rows by day by month'],
    ['a binned heatmap', { source: 'carsi', mark: 'rect', encoding: { x: { field: 'amount_usd_millions', bin: { maxbins: 5 } }, y: { field: 'account' }, color: { aggregate: 'count' } } }, 'Heatmap: count of rows by amount_usd_millions (binned) and account'],
    ['a pie', { source: 'carsi', mark: 'arc', encoding: { theta: { field: 'amount_usd_millions', aggregate: 'sum' }, color: { field: 'account' } } }, 'Pie chart: sum of amount_usd_millions by account'],
  ])('%s', async (name, model, description) => {
    const { spec, warnings, vega } = await build(model);
    expect(warnings).toEqual([]);
    expect(vega).toBeTruthy();
    expect(spec.description).toBe(description);
    // Vega gets values only: no URLs, no transforms over raw data.
    expect(JSON.stringify(spec)).not.toMatch(/"url"|"transform"/);
    await expect(JSON.stringify(spec, null, 1)).toMatchFileSnapshot(`../fixtures/charts/${name.replace(/ /g, '-')}.vl.json`);
  });

  it('gives plottable numbers for DECIMAL and BIGINT, and dates for dates', async () => {
    const { spec } = await build({ source: 'carsi', mark: 'bar', encoding: { x: { field: 'day', timeUnit: 'year' }, y: { field: 'amount_usd_millions', aggregate: 'sum' } } });
    const values = (spec.data as { values: Record<string, unknown>[] }).values;
    expect(values.map((row) => [new Date(Number(row.x_0)).getUTCFullYear(), row.y_1])).toEqual([[2008, 60], [2009, 105]]);
    expect(values.every((row) => typeof row.y_1 === 'number')).toBe(true);
  });

  it('writes years on a continuous axis and in tooltips as 2008, never 2,008 or 2.008 (drawn by Vega in the pt-BR locale)', async () => {
    const { spec } = await build({ source: 'carsi', mark: 'line', encoding: { x: { field: 'year' }, y: { field: 'amount_usd_millions', aggregate: 'sum' } } });
    const vega = await import('vega');
    const ptBR = { decimal: ',', thousands: '.', grouping: [3], currency: ['R$', ''] };
    const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none', locale: { number: ptBR } as never }); // Vega takes locale definitions here; its typings only list formatters
    const svg = await view.toSVG();
    view.finalize();
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(labels).toContain('2008');
    expect(labels.some((label) => /^2[.,]00\d$/.test(label ?? ''))).toBe(false);
    const tooltip = (spec.encoding as { tooltip: Array<{ field: string; format?: string }> }).tooltip.find((entry) => entry.field === 'x_0');
    expect(tooltip?.format).toBe('d');
  });

  it('describes a chart for screen readers', () => {
    const model: ChartModel = { source: 'carsi', mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount_usd_millions', aggregate: 'sum' } } };
    expect(describeChart(model, compileQuery(model, columns))).toBe('Bar chart: sum of amount_usd_millions by year');
  });
});
