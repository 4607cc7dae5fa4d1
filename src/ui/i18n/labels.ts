/**
 * Words for the app's fixed vocabularies (chart marks, channels, aggregates,
 * the engine's states…): tables from each code to its message function, so
 * that a code never becomes a message key built at run time, and a new code
 * without words is a compile error.
 */
import type { Aggregate, Channel, Mark, NumberFormat, TimeUnit } from '../../lib/charts';
import type { EngineStatus } from '../../lib/engine';
import type { FileFormat } from '../../lib/ingest';
import type { ItemNames } from '../../lib/workspace';
import { m } from './paraglide/messages.js';

type Words = () => string;

export const MARK_LABELS: Record<Mark, Words> = {
  bar: m.chart_mark_bar,
  line: m.chart_mark_line,
  area: m.chart_mark_area,
  point: m.chart_mark_point,
  tick: m.chart_mark_tick,
  rect: m.chart_mark_rect,
  arc: m.chart_mark_arc,
  boxplot: m.chart_mark_boxplot,
  geoshape: m.chart_mark_geoshape,
};

export const CHANNEL_LABELS: Record<Channel, Words> = {
  x: m.chart_channel_x,
  y: m.chart_channel_y,
  color: m.chart_channel_color,
  size: m.chart_channel_size,
  shape: m.chart_channel_shape,
  opacity: m.chart_channel_opacity,
  row: m.chart_channel_row,
  column: m.chart_channel_column,
  theta: m.chart_channel_theta,
  geo: m.chart_channel_geo,
  tooltip: m.chart_channel_tooltip,
  detail: m.chart_channel_detail,
};

export const AGGREGATE_LABELS: Record<Aggregate, Words> = {
  count: m.chart_aggregate_count,
  sum: m.chart_aggregate_sum,
  mean: m.chart_aggregate_mean,
  median: m.chart_aggregate_median,
  min: m.chart_aggregate_min,
  max: m.chart_aggregate_max,
  distinct: m.chart_aggregate_distinct,
};

export const TIME_UNIT_LABELS: Record<TimeUnit, Words> = {
  year: m.chart_grouping_year,
  quarter: m.chart_grouping_quarter,
  month: m.chart_grouping_month,
  week: m.chart_grouping_week,
  day: m.chart_grouping_day,
  hour: m.chart_grouping_hour,
};

export const NUMBER_FORMAT_LABELS: Record<NumberFormat, Words> = {
  grouped: m.shelf_format_grouped,
  decimal2: m.shelf_format_decimal2,
  compact: m.shelf_format_compact,
  percent: m.shelf_format_percent,
  plain: m.shelf_format_plain,
};

export const STACK_LABELS: Record<'zero' | 'normalize' | 'none', Words> = {
  zero: m.chart_stack_zero,
  normalize: m.chart_stack_normalize,
  none: m.chart_stack_none,
};

export const ENGINE_STATUS_LABELS: Record<EngineStatus, Words> = {
  off: m.engine_status_off,
  starting: m.engine_status_starting,
  ready: m.engine_status_ready,
  restarting: m.engine_status_restarting,
  failed: m.engine_status_failed,
};

/** A file format named inside a sentence ("named like CSV/TSV text but contains an Excel workbook"). */
export const FORMAT_LABELS: Record<FileFormat, Words> = {
  delimited: m.files_format_delimited,
  json: m.files_format_json,
  ndjson: m.files_format_ndjson,
  parquet: m.files_format_parquet,
  arrow: m.files_format_arrow,
  xlsx: m.files_format_xlsx,
};

/** New queries, notes and charts are named in the interface's language ("Consulta 2"). */
export const ITEM_NAMES: ItemNames = {
  query: (n) => m.items_query_name({ n }),
  note: (n) => m.items_note_name({ n }),
  chart: (n) => m.items_chart_name({ n }),
  dashboard: (n) => m.items_dashboard_name({ n }),
};
