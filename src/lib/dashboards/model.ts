/**
 * The dashboard model: plain data, saved in the workspace document (so it is
 * undoable, kept across reloads and carried by links and files). A dashboard
 * is a grid of tiles; its filters are the selections people made in its
 * tiles, one per tile, and every tile is filtered by the selections of the
 * others but not by its own (crossfilter).
 */
import type { Aggregate, NumberFormat, TimeUnit } from '../charts/model';

/** The grid has this many columns; tile widths and x positions count in them. */
export const GRID_COLUMNS = 12;
/** Tiles are at most this many grid rows tall (a row is a fixed height in the UI). */
export const MAX_TILE_ROWS = 24;
/** A dashboard holds at most this many tiles (the link and the engine stay small). */
export const MAX_TILES = 24;

/** Where a tile sits on the grid, in grid columns and rows (x + w ≤ GRID_COLUMNS). */
export interface TileBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A chart of the workspace, drawn from its own table filtered by the other tiles. */
export interface ChartTile extends TileBox {
  id: string;
  kind: 'chart';
  chartId: string;
}

/** The first rows of a table, filtered. */
export interface TableTile extends TileBox {
  id: string;
  kind: 'table';
  table: string;
}

/** One big number: an aggregate of a column (or the row count) over the filtered rows. */
export interface KpiTile extends TileBox {
  id: string;
  kind: 'kpi';
  table: string;
  aggregate: Aggregate;
  /** Absent only for count. */
  field?: string;
  title?: string;
  format?: NumberFormat;
}

/** Markdown text. */
export interface TextTile extends TileBox {
  id: string;
  kind: 'text';
  markdown: string;
}

/**
 * A filter control: a list of a column's values (`list`), a range of a
 * number column (`range`) or of a date column (`dateRange`).
 */
export interface FilterTile extends TileBox {
  id: string;
  kind: 'filter';
  table: string;
  field: string;
  control: 'list' | 'range' | 'dateRange';
  title?: string;
}

export type Tile = ChartTile | TableTile | KpiTile | TextTile | FilterTile;
export type TileKind = Tile['kind'];

/** A value a point selection can hold: what DuckDB gives for a category. */
export type PointValue = string | number | boolean | null;

/**
 * One tile's selection, on a column of a table.
 *
 * - `points`: rows whose column equals one of `values` (clicked bars, slices,
 *   countries; a list filter's ticked values).
 * - `interval`: rows whose column lies in [lo, hi) — or [lo, hi] with
 *   `includeHi` (a range slider's ends). Numbers, or ISO 8601 dates and
 *   timestamps ("2015-03-01", "2015-03-01T10:00:00") for date columns.
 *   A brush over a binned axis is snapped to whole bins and says so with
 *   `bin` (the bin width) or `timeUnit`, so that the rows it selects are
 *   exactly the rows of the bins it covers, and a pre-aggregated index over
 *   those bins gives the same answer as a scan.
 */
export type FilterClause =
  | { kind: 'points'; table: string; field: string; values: PointValue[] }
  | {
      kind: 'interval';
      table: string;
      field: string;
      lo: number | string;
      hi: number | string;
      includeHi?: boolean;
      bin?: { step: number };
      timeUnit?: TimeUnit;
    };

/**
 * Two tables' columns that mean the same thing (a country code in a table of
 * amounts and in a table of countries): a selection on one table filters the
 * other's rows whose column holds one of the selected rows' values.
 */
export interface ColumnLink {
  a: { table: string; column: string };
  b: { table: string; column: string };
}

export interface DashboardItem {
  id: string;
  name: string;
  tiles: Tile[];
  links: ColumnLink[];
  /** The selection each tile holds, by tile id; a tile without one filters nothing. */
  filters: Record<string, FilterClause>;
}

/** The aggregates a pre-aggregated index can combine from partial results (sum of sums, min of mins…). */
export const DECOMPOSABLE: ReadonlySet<Aggregate> = new Set<Aggregate>(['count', 'sum', 'mean', 'min', 'max']);
