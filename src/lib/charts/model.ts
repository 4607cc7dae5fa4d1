/**
 * The chart model: what the user chose, as plain data. It compiles to one
 * DuckDB query (compile-sql.ts) and to a Vega-Lite spec that draws that
 * query's rows (compile-spec.ts); both are pure functions of the model and
 * the source's columns.
 */
export const MARKS = ['bar', 'line', 'area', 'point', 'tick', 'rect', 'arc', 'boxplot', 'geoshape'] as const;
export type Mark = (typeof MARKS)[number];

/** `geo` is a map's key: a country's ISO 3166-1 alpha-3 code or its name. */
export const CHANNELS = ['x', 'y', 'color', 'size', 'shape', 'opacity', 'row', 'column', 'theta', 'geo', 'tooltip', 'detail'] as const;
export type Channel = (typeof CHANNELS)[number];

export const AGGREGATES = ['count', 'sum', 'mean', 'median', 'min', 'max', 'distinct'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const TIME_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour'] as const;

/** How a field's numbers are written on its axis, legend and tooltip (d3-format, in the chart's locale). */
export const NUMBER_FORMATS = ['grouped', 'decimal2', 'compact', 'percent', 'plain'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];
export const D3_NUMBER_FORMAT: Record<NumberFormat, string> = { grouped: ',', decimal2: ',.2f', compact: '.3~s', percent: '.0%', plain: 'd' };
export type TimeUnit = (typeof TIME_UNITS)[number];
export const STACKS = ['zero', 'normalize', 'none'] as const;

export interface FieldDef {
  /** The source column; absent only for count. */
  field?: string;
  aggregate?: Aggregate;
  /** Bin a number into at most this many "nice" bins. */
  bin?: { maxbins: number };
  timeUnit?: TimeUnit;
  sort?: 'ascending' | 'descending';
  scale?: 'linear' | 'log';
  /** false: a linear axis fits the data instead of starting at zero. */
  zero?: false;
  format?: NumberFormat;
  title?: string;
}

export interface ChartModel {
  /** The table or view (already quoted SQL) the chart draws from. */
  source: string;
  mark: Mark;
  encoding: Partial<Record<Channel, FieldDef>>;
  title?: string;
  /** Bars and areas: stacked (default), side by side, or normalized to 100 %. */
  stack?: (typeof STACKS)[number];
  /** Keep only the first N rows after sorting (top N); never more than MAX_CHART_ROWS. */
  limit?: number;
}

/** What a saved chart stores: the model without its source, which the workspace names. */
export type ChartDesign = Omit<ChartModel, 'source'>;

/** Vega never receives more rows than this. */
export const MAX_CHART_ROWS = 10_000;
