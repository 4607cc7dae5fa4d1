/**
 * The starter dashboard of the Plan Colombia / Mérida / CARSI sample, on the
 * real engine: the sample's CSV loaded as the app loads it, the dashboard
 * built, every chart's compiled SQL run, and the amounts compared with sums
 * computed here, in JavaScript, from the three hand-transcribed CSVs the
 * sample is generated from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { quoteIdentifier } from '../../src/lib/engine/sql';
import { ingestFile } from '../../src/lib/ingest';
import { describeSource, runChart, tableSourceSql, type ChartDrawing, type SourceColumn } from '../../src/lib/charts';
import { filteredSource, kpiSql, viewFilter, GRID_COLUMNS, type DashboardItem, type FilterClause, type KpiTile, type Tile } from '../../src/lib/dashboards';
import { overlaps } from '../../src/lib/dashboards/layout';
import { createWorkspace, readWorkspace, setTileFilter, type Workspace } from '../../src/lib/workspace';
import {
  addStarterDashboard,
  ENGLISH_STARTER_NAMES,
  findSample,
  starterDashboardId,
  starterSourcesMarkdown,
  STARTER_DASHBOARD_SAMPLE_ID,
  type StarterDashboardNames,
} from '../../src/lib/samples';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

const datasetsDir = join(__dirname, '../../datasets');

/** A transcribed CSV's records as text (these files have no quoted fields). */
function csvRecords(file: string): Record<string, string>[] {
  const [header = '', ...lines] = readFileSync(join(datasetsDir, file), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

/** The three programmes' rows, read here independently of datasets/build.mjs. */
const sourceRows = [
  ...csvRecords('plan_colombia_us_assistance.csv').map((row) => ({ programme: 'Plan Colombia', year: Number(row.year), account: row.account!, amount: row.amount_usd_millions! })),
  ...csvRecords('merida_initiative.csv').map((row) => ({ programme: 'Mérida Initiative', year: Number(row.year), account: row.line!, amount: row.amount_usd_millions! })),
  ...csvRecords('carsi_budget.csv').map((row) => ({ programme: 'CARSI', year: Number(row.year), account: row.account!, amount: row.amount_usd_millions! })),
];

/** Sums of the source rows by a key (an empty cell, the source's "---", adds nothing). */
function sumsBy(key: (row: (typeof sourceRows)[number]) => string | number, keep: (row: (typeof sourceRows)[number]) => boolean = () => true): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of sourceRows.filter(keep)) sums.set(String(key(row)), (sums.get(String(key(row))) ?? 0) + (row.amount === '' ? 0 : Number(row.amount)));
  return sums;
}

/** A chart's rows summed by the column of one channel over its measure (the color's groups added together). */
function drawnSums(drawing: ChartDrawing, by: 'x' | 'y', measure: 'x' | 'y'): Map<string, number> {
  const key = drawing.compiled.fields.find((field) => field.channel === by)!.column;
  const value = drawing.compiled.fields.find((field) => field.channel === measure)!.column;
  const sums = new Map<string, number>();
  for (const row of drawing.rows) sums.set(String(row[key]), (sums.get(String(row[key])) ?? 0) + Number(row[value] ?? 0));
  return sums;
}

/** Maps compared to a tenth of a million (the sums of decimals are floats). */
function expectSameSums(actual: Map<string, number>, expected: Map<string, number>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) expect(actual.get(key), key).toBeCloseTo(value, 6);
}

let engine: Engine;
let table: string;
let columns: SourceColumn[];
let doc: Workspace;
let dashboard: DashboardItem;

beforeAll(async () => {
  engine = await startNodeEngine();
  const sample = findSample(STARTER_DASHBOARD_SAMPLE_ID)!;
  const loaded = await ingestFile(engine, await nodeIngestDeps(), {
    fileName: sample.file,
    file: blobOf(new Uint8Array(readFileSync(join(datasetsDir, sample.file)))),
    existingTables: [],
  });
  table = loaded.tables[0]!.table;
  columns = (await describeSource(engine, tableSourceSql(table))).columns;
  doc = addStarterDashboard(createWorkspace('Starter'), table, ENGLISH_STARTER_NAMES);
  dashboard = doc.dashboards!.find((item) => item.id === starterDashboardId(doc))!;
});

const chartOf = (tile: Tile) => doc.charts.find((chart) => tile.kind === 'chart' && chart.id === tile.chartId)!;
const tileWhere = (test: (tile: Tile) => boolean) => dashboard.tiles.find(test)!;
const byYearTile = () => tileWhere((tile) => tile.kind === 'chart' && chartOf(tile).name === ENGLISH_STARTER_NAMES.amountsByYear);
const byAccountTile = () => tileWhere((tile) => tile.kind === 'chart' && chartOf(tile).name === ENGLISH_STARTER_NAMES.amountsByAccount);
const filterOn = (field: string) => tileWhere((tile) => tile.kind === 'filter' && tile.field === field);

/** A chart tile drawn as the dashboard draws it: over its table filtered by the other tiles' selections. */
async function drawTile(tile: Tile, filters: Record<string, FilterClause>): Promise<ChartDrawing> {
  const filter = viewFilter({ tileId: tile.id, table }, filters, [], [{ name: table, columns }]);
  return runChart(engine, { sql: filteredSource(table, filter.predicate), columns }, chartOf(tile).design, undefined, undefined, { extentSource: tableSourceSql(table) });
}

describe('the starter dashboard', () => {
  it('is the sample’s CSV loaded as its catalog says', async () => {
    expect(table).toBe(STARTER_DASHBOARD_SAMPLE_ID);
    expect(columns).toEqual(findSample(STARTER_DASHBOARD_SAMPLE_ID)!.columns.map(({ name, type }) => ({ name, type })));
    expect(Number((await rows(engine, `SELECT count(*) AS n FROM ${quoteIdentifier(table)}`))[0]!.n)).toBe(sourceRows.length);
  });

  it('adds two charts and one dashboard of seven tiles that fit the grid without overlapping, and reads back as a valid document', () => {
    expect(doc.charts.map((chart) => [chart.name, chart.source])).toEqual([
      [ENGLISH_STARTER_NAMES.amountsByYear, { kind: 'table', table }],
      [ENGLISH_STARTER_NAMES.amountsByAccount, { kind: 'table', table }],
    ]);
    expect(dashboard.name).toBe(ENGLISH_STARTER_NAMES.dashboard);
    expect(doc.order.slice(-3).map((ref) => ref.kind)).toEqual(['chart', 'chart', 'dashboard']);
    expect(dashboard.tiles.map((tile) => tile.kind).sort()).toEqual(['chart', 'chart', 'filter', 'filter', 'filter', 'kpi', 'text']);
    expect(new Set(dashboard.tiles.map((tile) => tile.id)).size).toBe(7);
    for (const tile of dashboard.tiles) {
      expect(tile.x + tile.w, tile.kind).toBeLessThanOrEqual(GRID_COLUMNS);
      for (const other of dashboard.tiles) if (other !== tile) expect(overlaps(tile, other), `${tile.id} ${other.id}`).toBe(false);
    }
    expect([filterOn('programme'), filterOn('year'), filterOn('is_request')].map((tile) => tile.kind === 'filter' && tile.control)).toEqual(['list', 'range', 'list']);
    expect(readWorkspace(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('names a second starter dashboard and its charts apart from the first', () => {
    const twice = addStarterDashboard(doc, table, ENGLISH_STARTER_NAMES);
    expect(twice.charts.map((chart) => chart.name).slice(2)).toEqual([`${ENGLISH_STARTER_NAMES.amountsByYear} (2)`, `${ENGLISH_STARTER_NAMES.amountsByAccount} (2)`]);
    expect(twice.dashboards!.map((item) => item.name)).toEqual([ENGLISH_STARTER_NAMES.dashboard, `${ENGLISH_STARTER_NAMES.dashboard} (2)`]);
    expect(starterDashboardId(twice)).toBe(twice.dashboards![1]!.id);
  });

  it('draws the amounts by year as the sum of the three source tables’ rows for that year', async () => {
    const drawing = await drawTile(byYearTile(), {});
    expect(drawing.rows.length).toBeGreaterThan(0);
    const expected = sumsBy((row) => row.year);
    expect(expected.size).toBe(14); // 2000–2013
    expectSameSums(drawnSums(drawing, 'x', 'y'), expected);
    expect(drawnSums(drawing, 'x', 'y').get('2000')).toBe(1159); // Plan Colombia's accounts alone, not its published 1,148
    expect(drawnSums(drawing, 'x', 'y').get('2013')).toBeCloseTo(107.5, 6); // CARSI's request, the only 2013 rows
  });

  it('holds parts only: Mérida’s and CARSI’s yearly sums are their published totals, which are not rows of it', async () => {
    const published = (file: string) => new Map(csvRecords(file).map((row) => [row.year!, Number(row.published_total_usd_millions)]));
    for (const [programme, file] of [['Mérida Initiative', 'merida_initiative_totals.csv'], ['CARSI', 'carsi_budget_year_totals.csv']] as const) {
      expectSameSums(sumsBy((row) => row.year, (row) => row.programme === programme), published(file));
    }
    expect(await rows(engine, `SELECT DISTINCT account FROM ${quoteIdentifier(table)} WHERE lower(account) LIKE '%total%'`)).toEqual([]);
    // Requests are flagged, never left unmarked: Mérida's "Requested" line and CARSI's 2013 column.
    expect(await rows(engine, `SELECT programme, count(*)::INTEGER AS n, sum(amount_usd_millions) AS usd FROM ${quoteIdentifier(table)} WHERE is_request GROUP BY ALL ORDER BY programme`)).toEqual([
      { programme: 'CARSI', n: 4, usd: 107.5 },
      { programme: 'Mérida Initiative', n: 5, usd: 281.8 },
    ]);
  });

  it('draws the 15 largest accounts, largest first', async () => {
    const drawing = await drawTile(byAccountTile(), {});
    const sums = drawnSums(drawing, 'y', 'x');
    expectSameSums(sums, sumsBy((row) => row.account));
    const order = [...sums.values()];
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(sums.size).toBeLessThanOrEqual(15);
    expect([...sums.keys()][0]).toBe('ACI/ACP/INCLE');
  });

  it('filters the charts and the total by programme, year and request, each tile never by its own selection', async () => {
    let filtered = setTileFilter(doc, dashboard.id, filterOn('programme').id, { kind: 'points', table, field: 'programme', values: ['CARSI', 'Mérida Initiative'] });
    filtered = setTileFilter(filtered, dashboard.id, filterOn('year').id, { kind: 'interval', table, field: 'year', lo: 2009, hi: 2012, includeHi: true });
    filtered = setTileFilter(filtered, dashboard.id, filterOn('is_request').id, { kind: 'points', table, field: 'is_request', values: [false] });
    const filters = filtered.dashboards!.find((item) => item.id === dashboard.id)!.filters;
    const keep = (row: (typeof sourceRows)[number]) =>
      row.programme !== 'Plan Colombia' && row.year >= 2009 && row.year <= 2012 && !(row.programme === 'Mérida Initiative' && row.account === 'Requested') && row.year !== 2013;
    expectSameSums(drawnSums(await drawTile(byYearTile(), filters), 'x', 'y'), sumsBy((row) => row.year, keep));
    expectSameSums(drawnSums(await drawTile(byAccountTile(), filters), 'y', 'x'), sumsBy((row) => row.account, keep));

    const total = tileWhere((tile) => tile.kind === 'kpi') as KpiTile;
    const filter = viewFilter({ tileId: total.id, table }, filters, [], [{ name: table, columns }]);
    const [answer] = await rows(engine, kpiSql(total, filteredSource(table, filter.predicate), columns));
    expect(Number(answer!.value)).toBeCloseTo([...sumsBy(() => 'all', keep).values()][0]!, 6);
    // The year filter's own view ignores its selection: it still sees every year of the two programmes.
    expect(viewFilter({ tileId: filterOn('year').id, table }, filters, [], [{ name: table, columns }]).applied.sort()).toEqual([filterOn('programme').id, filterOn('is_request').id].sort());
  });

  it('cites the three source tables and the paper in the interface language', () => {
    const english = starterSourcesMarkdown({ locale: 'en', sources: 'Sources' });
    expect(english).toContain('**Sources**');
    expect(english).toContain('Figure 6.');
    expect(english).toContain('Figure 7.');
    expect(english).toContain('Figure 8.');
    expect(english).toContain('Changes in the Neighborhood');
    expect(english).toContain('is_request');
    const spanish: StarterDashboardNames = { ...ENGLISH_STARTER_NAMES, locale: 'es-419', sources: 'Fuentes' };
    const markdown = addStarterDashboard(createWorkspace('Inicio'), table, spanish).dashboards![0]!.tiles.find((tile) => tile.kind === 'text');
    expect(markdown?.kind === 'text' && markdown.markdown).toContain('Figura 7.');
  });
});
