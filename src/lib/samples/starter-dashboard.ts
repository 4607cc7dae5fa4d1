/**
 * The starter dashboard of the Plan Colombia / Mérida / CARSI sample
 * (us_security_assistance_by_programme): amounts by year and by account,
 * their total, filters by programme, year and request, and its sources.
 * Plain data and pure functions: the UI passes every word a person reads
 * (item names and tile titles in the interface language); the sources'
 * titles and references come from the catalog's translated texts.
 */
import type { ChartDesign } from '../charts/model';
import type { DashboardItem, FilterTile, KpiTile, TextTile, Tile, TileBox } from '../dashboards/model';
import { addChart, addDashboard, newId, type ItemNames, type Workspace } from '../workspace';
import { ENGLISH_ITEM_NAMES } from '../workspace/commands';
import { documentTitle, findSample, localizeSample } from './catalog';

/** The sample the starter dashboard is built on. */
export const STARTER_DASHBOARD_SAMPLE_ID = 'us_security_assistance_by_programme';

/** The samples its rows are the union of, in the order its sources are cited. */
export const STARTER_DASHBOARD_SOURCES = ['plan_colombia_us_assistance', 'merida_initiative', 'carsi_budget'] as const;

/** Whether a sample has a starter dashboard. */
export function hasStarterDashboard(sampleId: string): boolean {
  return sampleId === STARTER_DASHBOARD_SAMPLE_ID;
}

/** The words of the starter dashboard, in the interface's language. */
export interface StarterDashboardNames {
  /** The interface's locale tag: the catalog's texts in the Markdown tile are taken in its language. */
  locale: string;
  /** Names of new items, should a title below be missing. */
  items: ItemNames;
  dashboard: string;
  amountsByYear: string;
  amountsByAccount: string;
  totalAmount: string;
  programme: string;
  year: string;
  requested: string;
  /** The heading of the text tile that cites the sources. */
  sources: string;
}

/** English words, for code without an interface (tests, tools). */
export const ENGLISH_STARTER_NAMES: StarterDashboardNames = {
  locale: 'en',
  items: ENGLISH_ITEM_NAMES,
  dashboard: 'US security assistance by programme',
  amountsByYear: 'Amounts by year (USD millions)',
  amountsByAccount: 'Amounts by account (USD millions)',
  totalAmount: 'Total (USD millions)',
  programme: 'Programme',
  year: 'Year',
  requested: 'Requested amount',
  sources: 'Sources',
};

const AMOUNT = 'amount_usd_millions';

/** Stacked bars: the sum of the amounts by year, one color per programme. */
export const AMOUNTS_BY_YEAR: ChartDesign = {
  mark: 'bar',
  encoding: {
    x: { field: 'year' },
    y: { field: AMOUNT, aggregate: 'sum' },
    color: { field: 'programme' },
  },
};

/** Horizontal bars: the 15 accounts with the largest sums, largest first, colored by programme. */
export const AMOUNTS_BY_ACCOUNT: ChartDesign = {
  mark: 'bar',
  encoding: {
    y: { field: 'account' },
    // Sorting the measure orders the rows (and so the bars) by it; the limit keeps the first 15.
    x: { field: AMOUNT, aggregate: 'sum', sort: 'descending' },
    color: { field: 'programme' },
  },
  limit: 15,
};

/**
 * Where each tile sits on the 12-column grid: the total and the filters in a
 * column on the left (a third of the width, so that the total's digits fit on
 * a laptop screen), the two charts beside them, the sources below.
 */
const BOXES = {
  total: { x: 0, y: 0, w: 4, h: 3 },
  programme: { x: 0, y: 3, w: 4, h: 5 },
  year: { x: 0, y: 8, w: 4, h: 4 },
  requested: { x: 0, y: 12, w: 4, h: 4 },
  byYear: { x: 4, y: 0, w: 8, h: 8 },
  byAccount: { x: 4, y: 8, w: 8, h: 8 },
  sources: { x: 0, y: 16, w: 12, h: 7 },
} satisfies Record<string, TileBox>;

/** The Markdown citing where the rows come from: each source table's title and figure, and the paper. */
export function starterSourcesMarkdown(names: Pick<StarterDashboardNames, 'locale' | 'sources'>): string {
  const lines = [`**${names.sources}**`, ''];
  for (const id of STARTER_DASHBOARD_SOURCES) {
    const sample = findSample(id);
    if (!sample) continue;
    const shown = localizeSample(sample, names.locale);
    lines.push(`- ${shown.title}: ${shown.source.reference}`);
  }
  const union = findSample(STARTER_DASHBOARD_SAMPLE_ID);
  if (union) lines.push('', documentTitle(union.source.document, names.locale));
  // The caveat about requests: the chart adds them in unless the filter leaves them out.
  const requests = union ? localizeSample(union, names.locale).caveats[1] : undefined;
  if (requests) lines.push('', requests);
  return lines.join('\n');
}

/** A name not yet taken among `existing`: `base`, else "base (2)", "base (3)"… */
function freeName(existing: readonly string[], base: string): string {
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
}

/** Adds a chart named `name` (or the next "Chart n" when it is empty); returns the workspace and the chart's id. */
function withChart(workspace: Workspace, table: string, design: ChartDesign, name: string, items: ItemNames): { workspace: Workspace; chartId: string } {
  const added = addChart(workspace, { kind: 'table', table }, design, items);
  const chart = added.charts[added.charts.length - 1];
  if (!chart) throw new Error('addChart added no chart');
  if (!name.trim()) return { workspace: added, chartId: chart.id };
  const named = freeName(workspace.charts.map((item) => item.name), name.trim());
  return { workspace: { ...added, charts: added.charts.map((item) => (item.id === chart.id ? { ...item, name: named } : item)) }, chartId: chart.id };
}

/** A tile of any kind before it gets its id. */
type UnnamedTile = Tile extends infer T ? (T extends Tile ? Omit<T, 'id'> : never) : never;

/** The tiles, without their ids: charts by id, everything else reading `table`. */
function starterTiles(table: string, charts: { byYear: string; byAccount: string }, names: StarterDashboardNames): UnnamedTile[] {
  const total: Omit<KpiTile, 'id'> = { kind: 'kpi', table, aggregate: 'sum', field: AMOUNT, title: names.totalAmount, ...BOXES.total };
  const filter = (field: string, control: FilterTile['control'], title: string, box: TileBox): Omit<FilterTile, 'id'> => ({ kind: 'filter', table, field, control, title, ...box });
  const sources: Omit<TextTile, 'id'> = { kind: 'text', markdown: starterSourcesMarkdown(names), ...BOXES.sources };
  return [
    total,
    { kind: 'chart', chartId: charts.byYear, ...BOXES.byYear },
    filter('programme', 'list', names.programme, BOXES.programme),
    { kind: 'chart', chartId: charts.byAccount, ...BOXES.byAccount },
    filter('year', 'range', names.year, BOXES.year),
    filter('is_request', 'list', names.requested, BOXES.requested),
    sources,
  ];
}

/**
 * Adds the two charts of `table` (the sample's table, whatever name it got)
 * and the dashboard showing them: one new document, so that the caller
 * records it as one undo step. The new dashboard is the last one.
 */
export function addStarterDashboard(workspace: Workspace, table: string, names: StarterDashboardNames = ENGLISH_STARTER_NAMES): Workspace {
  const byYear = withChart(workspace, table, AMOUNTS_BY_YEAR, names.amountsByYear, names.items);
  const byAccount = withChart(byYear.workspace, table, AMOUNTS_BY_ACCOUNT, names.amountsByAccount, names.items);
  const withDashboard = addDashboard(byAccount.workspace, names.items);
  const dashboards = withDashboard.dashboards ?? [];
  const dashboard = dashboards[dashboards.length - 1];
  if (!dashboard) throw new Error('addDashboard added no dashboard');
  const taken = dashboards.filter((item) => item.id !== dashboard.id).map((item) => item.name);
  const name = names.dashboard.trim() ? freeName(taken, names.dashboard.trim()) : dashboard.name;
  const tiles = starterTiles(table, { byYear: byYear.chartId, byAccount: byAccount.chartId }, names).map((tile): Tile => ({ ...tile, id: newId('t') }));
  // Requested amounts are not spent amounts: the dashboard opens with them left out, said in its filter bar, one click to include them.
  const requests = tiles.find((tile) => tile.kind === 'filter' && tile.field === 'is_request');
  const filters: DashboardItem['filters'] = requests ? { [requests.id]: { kind: 'points', table, field: 'is_request', values: [false] } } : {};
  const filled = { ...dashboard, name, tiles, filters };
  return { ...withDashboard, dashboards: dashboards.map((item) => (item.id === dashboard.id ? filled : item)) };
}

/** The id of the dashboard addStarterDashboard added: the last one. */
export function starterDashboardId(workspace: Workspace): string | undefined {
  return workspace.dashboards?.[workspace.dashboards.length - 1]?.id;
}
