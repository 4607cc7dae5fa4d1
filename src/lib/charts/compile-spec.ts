/**
 * The Vega-Lite spec that draws a compiled chart query's rows: the rows go in
 * as inline values, already grouped, binned and aggregated by DuckDB, so Vega
 * only draws. A pure function of the model, the compiled query and the rows.
 */
import { ChartCompileError, type CompiledQuery, type OutputField, type SourceColumn } from './compile-sql';
import { isIdentifierColumn, isNumericType, isTemporalType } from '../engine/column-types';
import { D3_NUMBER_FORMAT, type Aggregate, type ChartModel, type Mark, type TimeUnit } from './model';

export type VegaLiteSpec = Record<string, unknown>;

/** A country's outline, as GeoJSON. */
export interface CountryFeature {
  type: 'Feature';
  id: string;
  properties: { name: string };
  geometry: unknown;
}

/** Finds countries' outlines by ISO alpha-3 code or name (maps/country-shapes.ts). */
export interface CountryShapes {
  featureFor(key: unknown): CountryFeature | undefined;
}


/** Vega-Lite time units that label already-truncated dates at the right grain. */
const TIME_UNIT_LABEL: Record<TimeUnit, string> = {
  year: 'year',
  quarter: 'yearquarter',
  month: 'yearmonth',
  week: 'yearweek',
  day: 'yearmonthdate',
  hour: 'yearmonthdatehours',
};

/**
 * The words a chart shows: axis, legend and tooltip titles of fields the
 * person gave no title, and the chart's one-line description. lib has no
 * words of its own for the person: the UI passes these in the interface's
 * language (src/ui/i18n/chart-words.ts); the English ones are for code
 * without an interface (tests, tools).
 */
export interface ChartWords {
  /** A field's title from its column and how it is summarized ("sum of amount", "year (binned)"). */
  fieldTitle(field: { column: string; aggregate?: Aggregate; bin?: boolean; timeUnit?: TimeUnit }): string;
  /** The upper end of a binned field's bins ("amount (binned), up to"). */
  binEnd(title: string): string;
  /** A box plot's parts, for its tooltips and table. */
  boxPart(part: 'upper' | 'q3' | 'median' | 'q1' | 'lower', column: string): string;
  boxOutliers(): string;
  /** The tooltip title of a map's country names. */
  country(): string;
  /** "Bar chart: sum of amount by year": the mark, what is measured, what it is broken down by. */
  describe(mark: Mark, measures: string[], dimensions: string[]): string;
}

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

const BOX_WORDS = { upper: 'upper whisker', q3: 'third quartile', median: 'median', q1: 'first quartile', lower: 'lower whisker' } as const;

export const ENGLISH_CHART_WORDS: ChartWords = {
  fieldTitle({ column, aggregate, bin, timeUnit }) {
    if (aggregate === 'count') return AGGREGATE_WORDS.count;
    if (aggregate) return `${AGGREGATE_WORDS[aggregate]} ${column}`;
    if (bin) return `${column} (binned)`;
    if (timeUnit) return `${column} by ${timeUnit}`;
    return column;
  },
  binEnd: (title) => `${title}, up to`,
  boxPart: (part, column) => `${BOX_WORDS[part]} of ${column}`,
  boxOutliers: () => 'values beyond the whiskers',
  country: () => 'country',
  describe(mark, measures, dimensions) {
    const what = measures.length > 0 ? `${measures.join(' and ')} by ${dimensions.join(' and ')}` : dimensions.join(' against ');
    return `${MARK_WORDS[mark]}: ${what}`.replace(/ by $/, '');
  },
};

export function titleOf(field: OutputField, words: ChartWords = ENGLISH_CHART_WORDS): string {
  const def = field.def;
  if (def.title) return def.title;
  return words.fieldTitle({ column: def.field ?? '', aggregate: def.aggregate, bin: !!def.bin, timeUnit: def.timeUnit });
}

/** An accessible one-line description, e.g. "Bar chart: sum of amount_usd_millions by year". */
export function describeChart(model: ChartModel, compiled: CompiledQuery, words: ChartWords = ENGLISH_CHART_WORDS): string {
  const shown = compiled.fields.filter((field) => field.channel !== 'tooltip');
  const measures = shown.filter((field) => field.role === 'measure').map((field) => titleOf(field, words));
  const dimensions = shown.filter((field) => field.role !== 'measure').map((field) => titleOf(field, words));
  return words.describe(model.mark, measures, dimensions);
}

export function compileSpec(
  model: ChartModel,
  compiled: CompiledQuery,
  columns: SourceColumn[],
  values: Record<string, unknown>[],
  shapes?: CountryShapes,
  words: ChartWords = ENGLISH_CHART_WORDS,
): VegaLiteSpec {
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
  /** A year or code on a continuous scale: written 2000, never 2,000 or 2.000, and ticked in whole steps. */
  const isLabelNumber = (field: OutputField): boolean => {
    const column = columns.find((candidate) => candidate.name === field.def.field);
    return field.role === 'dimension' && !field.def.bin && !field.def.timeUnit && column !== undefined && isIdentifierColumn(column) && typeOf(field) === 'quantitative';
  };
  /** The person's choice from the pill menu, else years and codes written whole. */
  const numberFormatOf = (field: OutputField): string | undefined => (field.def.format ? D3_NUMBER_FORMAT[field.def.format] : isLabelNumber(field) ? 'd' : undefined);
  const stackable = model.mark === 'bar' || model.mark === 'area';
  // A map's rows become the countries' outlines, each carrying its row.
  const geo = compiled.fields.find((field) => field.channel === 'geo');
  const fieldName = (column: string) => (geo ? `properties.${column}` : column);
  if (model.mark === 'geoshape' && !geo) throw new ChartCompileError('geo', { code: 'geoNoColumn', params: {} });
  const box = compiled.fields.find((field) => field.box);
  for (const field of compiled.fields) {
    if (field === geo || field === box) continue;
    const channel: Record<string, unknown> = { field: fieldName(field.column), type: typeOf(field), title: titleOf(field, words) };
    if (field.def.timeUnit) channel.timeUnit = TIME_UNIT_LABEL[field.def.timeUnit];
    const scale = { ...(field.def.scale === 'log' ? { type: 'log' } : {}), ...(field.def.zero === false ? { zero: false } : {}) };
    if (Object.keys(scale).length > 0) channel.scale = scale;
    const format = numberFormatOf(field);
    if (format) {
      if (field.channel === 'x' || field.channel === 'y') channel.axis = { format, ...(isLabelNumber(field) ? { tickMinStep: 1 } : {}) };
      else if (field.channel === 'tooltip') channel.format = format;
      else channel.legend = { format };
    }
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
  const tooltipOf = (field: OutputField) => ({
    field: fieldName(field.column),
    type: typeOf(field),
    title: titleOf(field, words),
    ...(field.def.timeUnit ? { timeUnit: TIME_UNIT_LABEL[field.def.timeUnit] } : {}),
    ...(numberFormatOf(field) ? { format: numberFormatOf(field) } : {}),
  });
  encoding.tooltip = [
    ...(geo ? [{ field: 'properties.name', type: 'nominal', title: words.country() }] : []),
    ...compiled.fields.filter((field) => field.channel !== 'tooltip' && field !== box).map(tooltipOf),
    ...(box?.box ? boxTooltips(box, words) : []),
    ...tooltips,
  ];
  const head = { description: describeChart(model, compiled, words), ...(model.title ? { title: model.title } : {}) };
  if (box?.box) return { ...head, data: { values }, encoding, layer: boxLayers(box, box.box, words) };
  if (geo) {
    if (!shapes) throw new ChartCompileError('geo', { code: 'geoShapesMissing', params: {} });
    // Below the map, the legend leaves the map the builder's whole width and keeps its title whole.
    if (encoding.color) encoding.color = { ...(encoding.color as object), legend: { orient: 'bottom', titleLimit: 480 } };
    const features = countryFeatures(values, geo, shapes);
    // An empty map would draw nothing and a meaningless legend: say why beside the Country control.
    if (values.length > 0 && features.length === 0) {
      const examples = values.slice(0, 3).map((row) => String(row[geo.column] ?? 'null'));
      throw new ChartCompileError('geo', { code: 'geoNoMatch', params: { field: geo.def.field, examples, more: values.length > 3 } });
    }
    return { ...head, width: 520, height: 440, data: { values: features }, projection: { type: 'mercator' }, mark: { type: 'geoshape', tooltip: true, stroke: 'white', strokeWidth: 0.5 }, encoding };
  }
  return { ...head, data: { values }, mark: { type: model.mark, tooltip: true }, encoding };
}

/** The rows of a map whose key names no country (shown to the user, who can fix them). */
export function unmatchedKeys(compiled: CompiledQuery, values: Record<string, unknown>[], shapes: CountryShapes): string[] {
  const geo = compiled.fields.find((field) => field.channel === 'geo');
  if (!geo) return [];
  return values.filter((row) => !shapes.featureFor(row[geo.column])).map((row) => String(row[geo.column] ?? 'null'));
}

function countryFeatures(values: Record<string, unknown>[], geo: OutputField, shapes: CountryShapes): CountryFeature[] {
  const features: CountryFeature[] = [];
  for (const row of values) {
    const feature = shapes.featureFor(row[geo.column]);
    if (feature) features.push({ type: 'Feature', id: feature.id, geometry: feature.geometry, properties: { ...row, name: feature.properties.name } });
  }
  return features;
}

/** Vega-Lite's box plot, drawn from quartiles DuckDB computed: whiskers, box, median. */
function boxLayers(field: OutputField, box: NonNullable<OutputField['box']>, words: ChartWords): unknown[] {
  const at = field.channel;
  const to = `${at}2`;
  const value = (column: string) => ({ field: column, type: 'quantitative', title: titleOf(field, words), ...(field.def.scale === 'log' ? { scale: { type: 'log' } } : {}) });
  return [
    { mark: { type: 'rule' }, encoding: { [at]: value(box.lower), [to]: { field: box.upper } } },
    { mark: { type: 'bar', size: 14, tooltip: true }, encoding: { [at]: value(box.q1), [to]: { field: box.q3 } } },
    { mark: { type: 'tick', size: 14, thickness: 2, color: 'white' }, encoding: { [at]: value(field.column) } },
  ];
}

function boxTooltips(field: OutputField, words: ChartWords): unknown[] {
  const box = field.box;
  if (!box) return [];
  const name = field.def.field ?? '';
  return [
    [box.upper, words.boxPart('upper', name)],
    [box.q3, words.boxPart('q3', name)],
    [field.column, words.boxPart('median', name)],
    [box.q1, words.boxPart('q1', name)],
    [box.lower, words.boxPart('lower', name)],
    [box.outliers, words.boxOutliers()],
  ].map(([column, title]) => ({ field: column, type: 'quantitative', title }));
}

/** The columns of the rows a chart draws, titled, for its Table alternative. */
export function drawnColumns(compiled: CompiledQuery, words: ChartWords = ENGLISH_CHART_WORDS): { column: string; title: string }[] {
  return compiled.fields.flatMap((field) => {
    if (field.box) return boxTooltips(field, words).map((tip) => ({ column: (tip as { field: string }).field, title: (tip as { title: string }).title }));
    const own = [{ column: field.column, title: titleOf(field, words) }];
    return field.binEnd ? [...own, { column: field.binEnd, title: words.binEnd(titleOf(field, words)) }] : own;
  });
}
