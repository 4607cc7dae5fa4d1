/**
 * The Vega-Lite spec that draws a compiled chart query's rows: the rows go in
 * as inline values, already grouped, binned and aggregated by DuckDB, so Vega
 * only draws. A pure function of the model, the compiled query and the rows.
 */
import type { CompiledQuery, OutputField, SourceColumn } from './compile-sql';
import { isNumericType, isTemporalType } from '../engine/column-types';
import type { Aggregate, ChartModel, Mark, TimeUnit } from './model';

export type VegaLiteSpec = Record<string, unknown>;


/** Vega-Lite time units that label already-truncated dates at the right grain. */
const TIME_UNIT_LABEL: Record<TimeUnit, string> = {
  year: 'year',
  quarter: 'yearquarter',
  month: 'yearmonth',
  week: 'yearweek',
  day: 'yearmonthdate',
  hour: 'yearmonthdatehours',
};

const AGGREGATE_WORDS: Record<Aggregate, string> = {
  count: 'count of rows',
  sum: 'sum of',
  mean: 'mean of',
  median: 'median of',
  min: 'minimum of',
  max: 'maximum of',
  distinct: 'distinct count of',
};

const MARK_WORDS: Record<Mark, string> = {
  bar: 'Bar chart',
  line: 'Line chart',
  area: 'Area chart',
  point: 'Scatter plot',
  tick: 'Strip plot',
  rect: 'Heatmap',
  arc: 'Pie chart',
  boxplot: 'Box plot',
  geoshape: 'Map',
};

export function titleOf(field: OutputField): string {
  const def = field.def;
  if (def.title) return def.title;
  if (def.aggregate === 'count') return 'count of rows';
  if (def.aggregate) return `${AGGREGATE_WORDS[def.aggregate]} ${def.field}`;
  if (def.bin) return `${def.field} (binned)`;
  if (def.timeUnit) return `${def.field} by ${def.timeUnit}`;
  return def.field ?? '';
}

/** An accessible one-line description, e.g. "Bar chart: sum of amount_usd_millions by year". */
export function describeChart(model: ChartModel, compiled: CompiledQuery): string {
  const measures = compiled.fields.filter((field) => field.role === 'measure' && field.channel !== 'tooltip').map(titleOf);
  const dimensions = compiled.fields.filter((field) => field.role !== 'measure' && field.channel !== 'tooltip').map(titleOf);
  const what = measures.length > 0 ? `${measures.join(' and ')} by ${dimensions.join(' and ')}` : dimensions.join(' against ');
  return `${MARK_WORDS[model.mark]}: ${what}`.replace(/ by $/, '');
}

export function compileSpec(model: ChartModel, compiled: CompiledQuery, columns: SourceColumn[], values: Record<string, unknown>[]): VegaLiteSpec {
  const encoding: Record<string, unknown> = {};
  const tooltips: unknown[] = [];
  const discretePositions = model.mark === 'bar' || model.mark === 'rect' || model.mark === 'boxplot';
  const typeOf = (field: OutputField): string => {
    if (field.role === 'measure' || field.def.bin) return 'quantitative';
    const type = columns.find((column) => column.name === field.def.field)?.type ?? '';
    const position = field.channel === 'x' || field.channel === 'y';
    // Groups (colors, facets) and the bars of a bar chart are discrete, even for years.
    if (field.role === 'dimension' && (!position || discretePositions) && (isNumericType(type) || isTemporalType(type)) && !field.def.timeUnit) return 'ordinal';
    if (isTemporalType(type)) return 'temporal';
    return isNumericType(type) ? 'quantitative' : 'nominal';
  };
  const stackable = model.mark === 'bar' || model.mark === 'area';
  for (const field of compiled.fields) {
    const channel: Record<string, unknown> = { field: field.column, type: typeOf(field), title: titleOf(field) };
    if (field.def.timeUnit) channel.timeUnit = TIME_UNIT_LABEL[field.def.timeUnit];
    if (field.def.scale === 'log') channel.scale = { type: 'log' };
    // Rows come sorted from DuckDB; keep their order for categories.
    if ((channel.type === 'nominal' || channel.type === 'ordinal') && (field.channel === 'x' || field.channel === 'y')) channel.sort = null;
    if (field.def.bin && field.binEnd) {
      channel.bin = { binned: true };
      const end = `${field.channel}2`;
      if (field.channel === 'x' || field.channel === 'y') encoding[end] = { field: field.binEnd };
    }
    if (field.role === 'measure' && stackable && (field.channel === 'x' || field.channel === 'y')) {
      channel.stack = model.stack === 'normalize' ? 'normalize' : model.stack === 'none' ? null : 'zero';
    }
    if (field.channel === 'tooltip') tooltips.push(channel);
    else encoding[field.channel] = channel;
  }
  // Side-by-side bars: offset each group by its color.
  const color = encoding.color as { field?: string } | undefined;
  if (model.mark === 'bar' && model.stack === 'none' && color?.field) encoding.xOffset = { field: color.field };
  encoding.tooltip = [...compiled.fields.filter((field) => field.channel !== 'tooltip').map((field) => ({ field: field.column, type: typeOf(field), title: titleOf(field), ...(field.def.timeUnit ? { timeUnit: TIME_UNIT_LABEL[field.def.timeUnit] } : {}) })), ...tooltips];

  return {
    description: describeChart(model, compiled),
    ...(model.title ? { title: model.title } : {}),
    data: { values },
    mark: { type: model.mark, tooltip: true },
    encoding,
  };
}
