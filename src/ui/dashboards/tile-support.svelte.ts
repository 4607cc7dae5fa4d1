/**
 * What every tile component shares: the dashboard it sits in, how it asks
 * for its data (again only when something it shows depends on changes, so a
 * tile that is moved or a brush in the tile itself does not query), and how
 * selections and tiles are put in words.
 */
import { untrack } from 'svelte';
import { AGGREGATE_LABELS } from '../i18n/labels';
import { CHART_WORDS } from '../i18n/chart-words';
import { interfaceLocale } from '../i18n/locale.svelte';
import { m } from '../i18n/paraglide/messages.js';
import { getLocale } from '../i18n/paraglide/runtime.js';
import { describeError } from '../i18n/describe';
import { describeFilterProblem } from '../i18n/dashboard-words';
import { findDashboard } from '../../lib/workspace';
import type { FilterClause, Tile, ViewFilter } from '../../lib/dashboards';
import type { QueryScope } from '../../lib/engine';
import { useQuery, type Query } from '../core/query.svelte';
import type { ChartData } from '../charts/chart-actions';
import type { DashboardFilters } from './dashboard-filters.svelte';
import type { TileContext } from './tile-data';
import type { CrossfilterIndexes } from './crossfilter-indexes';
import type { BusyTiles } from './busy-tiles';

/** What a tile needs of its dashboard. */
export interface DashboardEnv {
  data: ChartData;
  filters: DashboardFilters;
  presenting: boolean;
  dashboardId: string;
  /** Says a sentence to screen readers (the dashboard's live region). */
  announce: (text: string) => void;
  /** Pre-aggregated answers for the neighbours of the tile being brushed (absent: exact queries only). */
  indexes?: CrossfilterIndexes;
  /** Tiles whose data is being asked for or drawn (for `settled`: the benchmark and tests wait on it). */
  busy?: BusyTiles;
}

/** The other tiles' selections, as a stable key: a tile's data depends on these, never on its own. */
function othersKey(filters: Record<string, FilterClause>, tileId: string): string {
  return JSON.stringify(Object.entries(filters).filter(([id]) => id !== tileId).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A tile's content without its place on the grid: moving a tile does not ask for its data again. */
function contentKey(tile: Tile): string {
  const content: Record<string, unknown> = { ...tile };
  delete content.x;
  delete content.y;
  delete content.w;
  delete content.h;
  return JSON.stringify(content);
}

/**
 * A tile's data, asked for again when its content, the other tiles'
 * selections, the links, the loaded tables, the language or (`extra`) what
 * else it reads changes. Call while the component initialises.
 */
export function useTileData<T>(env: () => DashboardEnv, tile: () => Tile, load: (context: TileContext, scope: QueryScope) => Promise<T>, extra: () => unknown = () => undefined): Query<T> {
  const content = $derived(contentKey(tile()));
  const others = $derived(othersKey(env().filters.filters, tile().id));
  const links = $derived(JSON.stringify(env().filters.dashboard?.links ?? []));
  const more = $derived(JSON.stringify(extra() ?? null));
  // The catalog is read again after edits; only a change in the tables' names, columns or rows asks again.
  const catalog = $derived(JSON.stringify(env().data.sync.tables.map((table) => [table.name, table.rowCount, table.columns])));
  const query = useQuery<T>(() => {
    void content;
    void others;
    void links;
    void more;
    void catalog;
    void interfaceLocale();
    const current = env();
    const snapshot = untrack(() => ({ doc: current.data.session.doc, filters: current.filters.filters, tables: current.data.sync.tables, activeTile: current.filters.active }));
    const tables = snapshot.tables;
    const dashboard = findDashboard(snapshot.doc, current.dashboardId);
    if (!dashboard) return undefined;
    return {
      engine: current.data.engine,
      kind: 'chart',
      after: () => current.data.sync.whenSynced(),
      run: (scope) =>
        timed(
          load(
          { engine: scope.engine, data: current.data, tables, doc: snapshot.doc, dashboard, filters: snapshot.filters, words: CHART_WORDS, indexes: current.indexes, activeTile: snapshot.activeTile },
          scope,
          ),
        ),
    };
  });
  // The dashboard is settled only when this tile has its data (the benchmark and tests wait on it).
  $effect(() => env().busy?.watch(query));
  return query;
}

/** For the benchmark: how long a tile's data took to compute, from the start of its request's run. */
async function timed<T>(work: Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work;
  performance.measure('atalaya:tile-data', { start: started });
  return value;
}

const numberFormats: Record<string, Intl.NumberFormat> = {};
/**
 * A number as the interface writes it, up to two decimals; below 10,000
 * without grouping, so that years and codes read 2005, not 2,005.
 */
export function formatNumber(value: number): string {
  const locale = getLocale();
  const grouped = Math.abs(value) >= 10_000;
  const key = `${locale}|${grouped}`;
  numberFormats[key] ??= new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: grouped });
  return numberFormats[key].format(value);
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return m.dash_value_empty();
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** A selection in a few words: "year: 2005–2010", "country: COL, MEX". */
export function clauseText(clause: FilterClause): string {
  if (clause.kind === 'points') {
    const shown = clause.values.slice(0, 3).map(valueText);
    const more = clause.values.length - shown.length;
    const values = more > 0 ? m.dash_values_more({ values: shown.join(', '), count: more }) : shown.join(', ');
    return `${clause.field}: ${values}`;
  }
  return `${clause.field}: ${valueText(clause.lo)}–${valueText(clause.hi)}`;
}

/** The tile's title as shown in its frame and in "Move …". */
export function tileTitle(tile: Tile, data: ChartData): string {
  switch (tile.kind) {
    case 'chart':
      return data.session.doc.charts.find((chart) => chart.id === tile.chartId)?.name ?? m.dash_chart_gone();
    case 'table':
      return tile.table;
    case 'kpi':
      return tile.title || (tile.field ? m.dash_kpi_title({ aggregate: AGGREGATE_LABELS[tile.aggregate](), field: tile.field }) : m.dash_kpi_rows());
    case 'text':
      return m.dash_text_title();
    case 'filter':
      return tile.title || tile.field;
  }
}

/** The sentences under a tile about selections that do not reach it. */
export function filterNotes(filter: ViewFilter | undefined, filters: Record<string, FilterClause>): string[] {
  if (!filter) return [];
  const notes: string[] = [];
  for (const tileId of filter.unlinked) {
    const clause = filters[tileId];
    if (clause) notes.push(m.dash_unlinked({ selection: clauseText(clause), table: clause.table }));
  }
  for (const broken of filter.broken) notes.push(describeFilterProblem(broken.problem));
  return notes;
}

/** "Filtered by year: 2005–2010; country: COL" or ''. */
export function appliedText(filter: ViewFilter | undefined, filters: Record<string, FilterClause>): string {
  const applied = (filter?.applied ?? []).map((id) => filters[id]).filter((clause): clause is FilterClause => clause !== undefined);
  return applied.length > 0 ? m.dash_filtered_by({ filters: applied.map(clauseText).join('; ') }) : '';
}

/** A tile's loading problem in words. */
export function tileErrorText(error: unknown): string {
  return describeError(error);
}
