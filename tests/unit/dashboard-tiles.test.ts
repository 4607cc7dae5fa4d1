/**
 * A dashboard's tiles on the real engine, as the UI loads them: every view
 * is filtered by the other tiles' selections and not by its own, and once
 * the pre-aggregated indexes of the brushed tile's neighbours are built, the
 * views answered from them draw exactly the rows the exact queries draw —
 * over many random brushes (seeded; DASH_SEED=n replays).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, TableInfo } from '../../src/lib/engine';
import { listTables } from '../../src/lib/engine/catalog';
import { ENGLISH_CHART_WORDS } from '../../src/lib/charts';
import { addChart, addDashboard, addTile, createWorkspace, type Workspace } from '../../src/lib/workspace';
import type { ChartTile, DashboardItem, FilterClause, KpiTile } from '../../src/lib/dashboards';
import { CrossfilterIndexes } from '../../src/ui/dashboards/crossfilter-indexes';
import { loadChartTile, loadFilterTile, loadKpiTile, loadTableTile, type TileContext } from '../../src/ui/dashboards/tile-data';
import type { ChartData } from '../../src/ui/charts/chart-actions';
import { rows, startNodeEngine } from './helpers/node-engine';
import { mulberry32 } from './helpers/random';

const SEED = Number(process.env.DASH_SEED ?? 11);
let engine: Engine;
let tables: TableInfo[];

beforeAll(async () => {
  engine = await startNodeEngine();
  await engine.query(`CREATE TABLE orders AS SELECT range AS id,
      DATE '2015-01-01' + (hash(range) % 1000)::INTEGER AS day,
      ['ARG','BRA','COL','MEX','PER', NULL][1 + (hash(range * 7) % 6)::INTEGER] AS country,
      round((hash(range * 31) % 100000) / 100.0, 2) AS amount
    FROM range(20000)`);
  await engine.query(`CREATE TABLE countries AS SELECT * FROM (VALUES ('ARG', 'South'), ('BRA', 'South'), ('COL', 'Andean'), ('MEX', 'North'), ('PER', 'Andean')) t(code, region)`);
  tables = await listTables(engine);
}, 60_000);

afterAll(async () => {
  await engine?.terminate();
});

const generator = mulberry32;

/** Four views of one table: a monthly line, a histogram of amounts, a bar chart by country, a KPI. */
function buildWorkspace(): { doc: Workspace; dashboard: DashboardItem } {
  let doc = createWorkspace('Panel');
  doc = addChart(doc, { kind: 'table', table: 'orders' }, { mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { aggregate: 'count' } } });
  doc = addChart(doc, { kind: 'table', table: 'orders' }, { mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 20 } }, y: { aggregate: 'count' } } });
  doc = addChart(doc, { kind: 'table', table: 'orders' }, { mark: 'bar', encoding: { x: { field: 'country' }, y: { field: 'amount', aggregate: 'sum' }, color: { field: 'amount', aggregate: 'mean' } } });
  doc = addDashboard(doc);
  const id = doc.dashboards![0]!.id;
  for (const chart of doc.charts) doc = addTile(doc, id, { kind: 'chart', chartId: chart.id });
  doc = addTile(doc, id, { kind: 'kpi', table: 'orders', aggregate: 'sum', field: 'amount' });
  return { doc, dashboard: doc.dashboards![0]! };
}

function context(doc: Workspace, dashboard: DashboardItem, filters: Record<string, FilterClause>, extra: Partial<TileContext> = {}): TileContext {
  return { engine, data: {} as ChartData, tables, doc, dashboard, filters, words: ENGLISH_CHART_WORDS, ...extra };
}

const rounded = (list: Record<string, unknown>[]) =>
  list.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' ? Number(value.toPrecision(10)) : value])));

describe('dashboard tiles', () => {
  it('filters every view by the other tiles, never by its own', async () => {
    const { doc, dashboard } = buildWorkspace();
    const [line, , bars] = dashboard.tiles as ChartTile[];
    const filters: Record<string, FilterClause> = { [bars!.id]: { kind: 'points', table: 'orders', field: 'country', values: ['COL'] } };
    const own = await loadChartTile(context(doc, dashboard, filters), bars!);
    expect(own.filter.applied).toEqual([]);
    expect(own.drawing.rows.length).toBe(6);
    const other = await loadChartTile(context(doc, dashboard, filters), line!);
    expect(other.filter.applied).toEqual([bars!.id]);
    const expected = await rows(engine, `SELECT date_trunc('month', day) AS m, count(*)::DOUBLE AS n FROM orders WHERE country = 'COL' GROUP BY ALL ORDER BY m`);
    expect(other.drawing.rows.map((row) => row.y_1)).toEqual(expected.map((row) => row.n));
    const kpi = await loadKpiTile(context(doc, dashboard, filters), dashboard.tiles[3] as KpiTile);
    const [sum] = await rows(engine, `SELECT sum(amount)::DOUBLE AS s FROM orders WHERE country = 'COL'`);
    expect(kpi.value).toBeCloseTo(Number(sum!.s), 6);
  });

  it('filters a linked table through the link, and says when a table is not linked', async () => {
    let { doc, dashboard } = buildWorkspace();
    doc = addTile(doc, dashboard.id, { kind: 'table', table: 'countries' });
    dashboard = doc.dashboards![0]!;
    const tableTile = dashboard.tiles.at(-1)!;
    const bars = dashboard.tiles[2]!;
    const filters: Record<string, FilterClause> = { [bars.id]: { kind: 'points', table: 'orders', field: 'country', values: ['COL', 'MEX'] } };
    const unlinked = await loadTableTile(context(doc, dashboard, filters), tableTile as never);
    expect(unlinked.total).toBe(5);
    expect(unlinked.filter.unlinked).toEqual([bars.id]);
    const linked = { ...dashboard, links: [{ a: { table: 'orders', column: 'country' }, b: { table: 'countries', column: 'code' } }] };
    const joined = await loadTableTile(context(doc, linked, filters), tableTile as never);
    expect(joined.rows.map((row) => row.code).sort()).toEqual(['COL', 'MEX']);
  });

  it('lists a filter tile’s values by count under the other filters, and a range’s ends over the whole table', async () => {
    let { doc, dashboard } = buildWorkspace();
    doc = addTile(doc, dashboard.id, { kind: 'filter', table: 'orders', field: 'country', control: 'list' });
    doc = addTile(doc, dashboard.id, { kind: 'filter', table: 'orders', field: 'day', control: 'dateRange' });
    dashboard = doc.dashboards![0]!;
    const [list, range] = dashboard.tiles.slice(-2);
    const filters: Record<string, FilterClause> = { [range!.id]: { kind: 'interval', table: 'orders', field: 'day', lo: '2015-03-01', hi: '2015-03-31', includeHi: true } };
    const values = await loadFilterTile(context(doc, dashboard, filters), list as never);
    const expected = await rows(engine, `SELECT country, count(*)::DOUBLE AS n FROM orders WHERE day BETWEEN DATE '2015-03-01' AND DATE '2015-03-31' GROUP BY ALL`);
    expect(values.values!.reduce((total, entry) => total + entry.count, 0)).toBe(expected.reduce((total, row) => total + Number(row.n), 0));
    expect(values.distinct).toBe(6);
    // A value the other tiles leave out stays listed, with no rows.
    const bars = dashboard.tiles[2]!;
    const narrowed = await loadFilterTile(context(doc, dashboard, { [bars.id]: { kind: 'points', table: 'orders', field: 'country', values: ['COL'] } }), list as never);
    expect(narrowed.values!.map((entry) => [entry.value, entry.count > 0])).toEqual([['COL', true], ['ARG', false], ['BRA', false], ['MEX', false], ['PER', false], [null, false]]);
    const extent = await loadFilterTile(context(doc, dashboard, filters), range as never);
    expect(extent.extent).toEqual({ lo: '2015-01-01', hi: '2017-09-26' });
  });

  it(`answers brushed neighbours from indexes exactly as from scans, over random brushes (seed ${SEED})`, async () => {
    const { doc, dashboard } = buildWorkspace();
    const [line, histogram, bars, kpi] = dashboard.tiles as [ChartTile, ChartTile, ChartTile, KpiTile];
    const random = generator(SEED);
    const indexes = new CrossfilterIndexes(engine);
    const months = (await rows(engine, `SELECT DISTINCT date_trunc('month', day)::VARCHAR AS m FROM orders ORDER BY m`)).map((row) => String(row.m));
    const [step] = await rows(engine, `SELECT 5000::DOUBLE AS step`);
    void step;
    let indexedAnswers = 0;
    for (let run = 0; run < 30; run++) {
      // A brush on the monthly line (whole months), the histogram (whole bins of 50) or the bars (a few countries).
      const kind = Math.floor(random() * 3);
      let active: string;
      let clause: FilterClause;
      if (kind === 0) {
        const a = Math.floor(random() * months.length);
        const b = Math.min(months.length - 1, a + Math.floor(random() * 6));
        const next = new Date(`${months[b]}T00:00:00Z`);
        next.setUTCMonth(next.getUTCMonth() + 1);
        active = line.id;
        clause = { kind: 'interval', table: 'orders', field: 'day', lo: months[a]!, hi: next.toISOString().slice(0, 10), timeUnit: 'month' };
      } else if (kind === 1) {
        const k = Math.floor(random() * 18);
        active = histogram.id;
        clause = { kind: 'interval', table: 'orders', field: 'amount', lo: k * 50, hi: (k + 1 + Math.floor(random() * 4)) * 50, bin: { step: 50 } };
      } else {
        active = bars.id;
        clause = { kind: 'points', table: 'orders', field: 'country', values: ['ARG', 'BRA', 'COL', null].filter(() => random() < 0.6) };
      }
      // Sometimes another tile holds a selection too: the index is built over the rows it lets through.
      const filters: Record<string, FilterClause> = { [active]: clause };
      if (random() < 0.4 && active !== bars.id) filters[bars.id] = { kind: 'points', table: 'orders', field: 'country', values: ['MEX', 'PER'] };
      const exactContext = context(doc, dashboard, filters);
      const indexedContext = context(doc, dashboard, filters, { indexes, activeTile: active });
      // First ask: the index starts building; the exact query answers.
      for (const tile of [line, histogram, bars]) if (tile.id !== active) await loadChartTile(indexedContext, tile);
      await loadKpiTile(indexedContext, kpi);
      await indexes.whenBuilt();
      for (const tile of [line, histogram, bars]) {
        if (tile.id === active) continue;
        const exact = await loadChartTile(exactContext, tile);
        const fast = await loadChartTile(indexedContext, tile);
        if (fast.indexed) indexedAnswers++;
        expect(rounded(fast.drawing.rows), `run ${run}: tile ${tile.id} with ${JSON.stringify(filters)}`).toEqual(rounded(exact.drawing.rows));
        expect(fast.drawing.description).toBe(exact.drawing.description);
      }
      const exactKpi = await loadKpiTile(exactContext, kpi);
      const fastKpi = await loadKpiTile(indexedContext, kpi);
      expect(fastKpi.value ?? 0).toBeCloseTo(exactKpi.value ?? 0, 6);
    }
    // Most answers must really have come from indexes, or this test proves nothing about them.
    expect(indexedAnswers).toBeGreaterThan(40);
    indexes.dispose();
    await engine.query('SELECT 1', { lane: 'index' });
    const left = await rows(engine, `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE starts_with(table_name, '__atalaya_idx_')`);
    expect(left[0]!.n).toBe(0);
  }, 120_000);
});
