/**
 * What each dashboard tile shows, computed by DuckDB over its table filtered
 * by the other tiles' selections (never its own). Tiles call these inside a
 * query-coordinator request (`engine` is the request's scope.engine), so a
 * newer selection supersedes an answer still being computed.
 */
import { chartFromRows, runChart, tableSourceSql, type ChartDrawing, type ChartWords } from '../../lib/charts';
import { binStepQuery, filteredSource, kpiSql, viewFilter, type ChartTile, type DashboardItem, type FilterClause, type FilterTile, type KpiTile, type TableTile, type ViewFilter } from '../../lib/dashboards';
import { isSuperseded, quoteIdentifier, type QueryRunner, type TableInfo } from '../../lib/engine';
import type { Workspace } from '../../lib/workspace';
import type { CrossfilterIndexes } from './crossfilter-indexes';
import { chartSource, type ChartData } from '../charts/chart-actions';

/** What every tile loader reads: the engine on the request's lane, the catalog, the document and the selections now. */
export interface TileContext {
  engine: QueryRunner;
  /** For charts drawn from a saved query: its SQL is checked as the chart builder checks it. */
  data: ChartData;
  tables: readonly TableInfo[];
  doc: Workspace;
  dashboard: DashboardItem;
  filters: Record<string, FilterClause>;
  words: ChartWords;
  /** Pre-aggregated answers for the tile being brushed's neighbours, when ready. */
  indexes?: CrossfilterIndexes;
  /** The tile the person is selecting in now (its neighbours' indexes group by its column). */
  activeTile?: string;
}

/** Why a tile has nothing to show; the UI words it. */
export type TileProblem = { code: 'chartGone' } | { code: 'tableGone'; table: string } | { code: 'columnGone'; table: string; field: string };

export class TileError extends Error {
  override name = 'TileError';
  constructor(readonly problem: TileProblem) {
    super(problem.code);
  }
}

export interface ChartTileData {
  drawing: ChartDrawing;
  filter: ViewFilter;
  /** True when the rows came from a pre-aggregated index instead of a scan. */
  indexed: boolean;
}

/**
 * An index's answer, or undefined when it failed (its table was dropped by
 * a newer brush, the engine restarted): the exact query answers instead.
 */
async function orExact<T>(answer: Promise<T> | undefined): Promise<T | undefined> {
  if (!answer) return undefined;
  try {
    return await answer;
  } catch (error) {
    if (isSuperseded(error)) throw error;
    return undefined;
  }
}

function tableOf(context: TileContext, name: string): TableInfo {
  const table = context.tables.find((candidate) => candidate.name === name);
  if (!table) throw new TileError({ code: 'tableGone', table: name });
  return table;
}

function filterFor(context: TileContext, tileId: string, table: string): ViewFilter {
  return viewFilter({ tileId, table }, context.filters, context.dashboard.links, context.tables.map((info) => ({ name: info.name, columns: info.columns })));
}

/** A chart tile: its chart's rows over the filtered table. Charts of a saved query are drawn unfiltered (their rows are not a table's). */
export async function loadChartTile(context: TileContext, tile: ChartTile): Promise<ChartTileData> {
  const chart = context.doc.charts.find((candidate) => candidate.id === tile.chartId);
  if (!chart) throw new TileError({ code: 'chartGone' });
  if (chart.source.kind !== 'table') {
    const filter = filterFor(context, tile.id, `\u0000query:${chart.source.queryId}`);
    const source = await chartSource(context.data, chart.source, context.engine);
    return { drawing: await runChart(context.engine, source, chart.design, chart.vegaLite, context.words), filter, indexed: false };
  }
  const table = tableOf(context, chart.source.table);
  const filter = filterFor(context, tile.id, table.name);
  const indexed = await orExact(context.indexes?.chartRows(context, tile, chart, table, filter));
  if (indexed) {
    const { model, compiled, rows } = indexed;
    return { drawing: chartFromRows(model, compiled, table.columns, rows, { vegaLite: chart.vegaLite, words: context.words }), filter, indexed: true };
  }
  const source = { sql: filteredSource(table.name, filter.predicate), columns: table.columns };
  const drawing = await runChart(context.engine, source, chart.design, chart.vegaLite, context.words, { extentSource: tableSourceSql(table.name) });
  return { drawing, filter, indexed: false };
}

export interface KpiTileData {
  value: number | null;
  filter: ViewFilter;
}

export async function loadKpiTile(context: TileContext, tile: KpiTile): Promise<KpiTileData> {
  const table = tableOf(context, tile.table);
  if (tile.field !== undefined && !table.columns.some((column) => column.name === tile.field)) throw new TileError({ code: 'columnGone', table: tile.table, field: tile.field });
  const filter = filterFor(context, tile.id, table.name);
  const indexed = context.indexes?.kpiValue(context, tile, filter);
  const fromIndex = await orExact(indexed?.then((value) => ({ value })));
  if (fromIndex) return { value: fromIndex.value, filter };
  const result = await context.engine.query(kpiSql(tile, filteredSource(table.name, filter.predicate), table.columns), { single: true });
  const value = result.getChild('value')?.get(0) as number | null | undefined;
  return { value: value === undefined || value === null ? null : Number(value), filter };
}

/**
 * The bin width of a brushed histogram over its whole table, measured once
 * per catalog (a scan of the column): every brush move needs it to snap, and
 * scanning 10M rows on each move would cost more than the move's own queries.
 */
const binSteps = new WeakMap<readonly TableInfo[], Map<string, Promise<number>>>();

export function binStep(engine: QueryRunner, table: string, field: string, maxbins: number, tables: readonly TableInfo[]): Promise<number> {
  const steps = rememberedPer(binSteps, tables);
  const key = JSON.stringify([table, field, maxbins]);
  let step = steps.get(key);
  if (!step) {
    step = engine.query(binStepQuery(table, field, maxbins), { single: true }).then((answer) => Number(answer.getChild('step')?.get(0)));
    // A failed or superseded scan is not remembered: the next move measures again.
    step.catch(() => steps.delete(key));
    steps.set(key, step);
  }
  return step;
}

/** A table tile shows its first rows and how many rows pass the filters. */
export const TABLE_TILE_ROWS = 100;

export interface TableTileData {
  columns: string[];
  rows: Record<string, unknown>[];
  total: number;
  filter: ViewFilter;
}

export async function loadTableTile(context: TileContext, tile: TableTile): Promise<TableTileData> {
  const table = tableOf(context, tile.table);
  const filter = filterFor(context, tile.id, table.name);
  const source = filteredSource(table.name, filter.predicate);
  const rows = await context.engine.query(`SELECT * FROM ${source} LIMIT ${TABLE_TILE_ROWS}`, { single: true });
  const count = await context.engine.query(`SELECT count(*)::DOUBLE AS n FROM ${source}`, { single: true });
  return {
    columns: table.columns.map((column) => column.name),
    rows: rows.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON()),
    total: Number(count.getChild('n')?.get(0) ?? 0),
    filter,
  };
}

/** A list filter's choices: the column's values with how many rows each has under the other filters. */
export const LIST_FILTER_VALUES = 500;

export interface FilterTileData {
  /** `list`: values by count, most rows first. */
  values?: { value: string | number | boolean | null; count: number }[];
  /** `range`/`dateRange`: the column's extent over the whole table (the slider's ends). */
  extent?: { lo: number | string; hi: number | string };
  /** How many distinct values there are (the list shows at most LIST_FILTER_VALUES). */
  distinct?: number;
  filter: ViewFilter;
}

export async function loadFilterTile(context: TileContext, tile: FilterTile): Promise<FilterTileData> {
  const table = tableOf(context, tile.table);
  const column = table.columns.find((candidate) => candidate.name === tile.field);
  if (!column) throw new TileError({ code: 'columnGone', table: tile.table, field: tile.field });
  const filter = filterFor(context, tile.id, table.name);
  const field = quoteIdentifier(tile.field);
  if (tile.control === 'list') {
    // Every value of the column stays in the list (a value the other tiles leave out shows 0 rows) so that
    // choices do not vanish while selecting elsewhere; the most rows first.
    const source = filteredSource(table.name, filter.predicate);
    const result = await context.engine.query(
      `SELECT v.value, coalesce(c.n, 0)::DOUBLE AS n, count(*) OVER ()::DOUBLE AS distinct_values
       FROM (SELECT DISTINCT ${field} AS value FROM ${tableSourceSql(table.name)}) v
       LEFT JOIN (SELECT ${field} AS value, count(*) AS n FROM ${source} GROUP BY ALL) c ON v.value IS NOT DISTINCT FROM c.value
       ORDER BY n DESC, v.value ASC NULLS LAST LIMIT ${LIST_FILTER_VALUES}`,
      { single: true },
    );
    const values = result.toArray().map((row) => {
      const json = (row as { toJSON(): Record<string, unknown> }).toJSON();
      const value = json.value;
      return { value: typeof value === 'bigint' ? Number(value) : (value as string | number | boolean | null), count: Number(json.n) };
    });
    const distinct = Number(result.getChild('distinct_values')?.get(0) ?? values.length);
    return { values, distinct, filter };
  }
  return { extent: await columnExtent(context, table.name, tile.field, tile.control === 'dateRange'), filter };
}

const extents = new WeakMap<readonly TableInfo[], Map<string, Promise<FilterTileData['extent']>>>();

/**
 * A slider's ends: the whole column's, not the filtered rows' (they must not
 * jump while other tiles filter), so scanned once per catalog, not on every
 * brush move of another tile.
 */
function columnExtent(context: TileContext, table: string, field: string, dates: boolean): Promise<FilterTileData['extent']> {
  const remembered = rememberedPer(extents, context.tables);
  const key = JSON.stringify([table, field, dates]);
  let extent = remembered.get(key);
  if (!extent) {
    const column = quoteIdentifier(field);
    const cast = dates ? `CAST(min(${column}) AS VARCHAR) AS lo, CAST(max(${column}) AS VARCHAR) AS hi` : `min(${column})::DOUBLE AS lo, max(${column})::DOUBLE AS hi`;
    extent = context.engine.query(`SELECT ${cast} FROM ${tableSourceSql(table)}`, { single: true }).then((result) => {
      const lo = result.getChild('lo')?.get(0) as number | string | null;
      const hi = result.getChild('hi')?.get(0) as number | string | null;
      return lo === null || hi === null ? undefined : { lo, hi };
    });
    extent.catch(() => remembered.delete(key));
    remembered.set(key, extent);
  }
  return extent;
}

/** The map of answers kept for this catalog (a new catalog, after any change to the tables, starts empty). */
function rememberedPer<T>(store: WeakMap<readonly TableInfo[], Map<string, T>>, tables: readonly TableInfo[]): Map<string, T> {
  let remembered = store.get(tables);
  if (!remembered) store.set(tables, (remembered = new Map()));
  return remembered;
}
