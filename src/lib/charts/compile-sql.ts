/**
 * Compiles a chart model to one DuckDB query that does all the work Vega
 * would otherwise do on raw rows: grouping, binning, time-unit truncation,
 * aggregation, sorting and the row cap. Raw marks (points or ticks without
 * aggregation) sample instead, and report how many rows there were.
 */
import { quoteIdentifier } from '../engine/sql';
import { isNumericType, isTemporalType } from '../engine/column-types';
import { MAX_CHART_ROWS, type Aggregate, type Channel, type ChartModel, type FieldDef, type TimeUnit } from './model';

export interface SourceColumn {
  name: string;
  type: string;
}

/** One output column of the compiled query, and where it goes in the chart. */
export interface OutputField {
  channel: Channel;
  /** The column name in the query's result. */
  column: string;
  /** For a binned field: the column holding the bin's end. */
  binEnd?: string;
  def: FieldDef;
  role: 'dimension' | 'measure' | 'raw';
  /** A box plot's measure: the columns of its quartiles and whisker ends (`column` holds the median). */
  box?: { q1: string; q3: string; lower: string; upper: string; outliers: string };
}

export interface CompiledQuery {
  sql: string;
  fields: OutputField[];
  /** True when rows are a sample of the source (raw marks over more than the cap). */
  sampled: boolean;
  /** A query for the source's row count, run when `sampled` (to say "showing N of M"). */
  countSql?: string;
}

type NoParams = Record<string, never>;

/**
 * What keeps a chart from being drawn, as a code and its parameters (column
 * names and DuckDB types as they are); the UI words it beside the control
 * of `ChartCompileError.channel`.
 */
export type ChartProblem =
  /** The channel has no column. */
  | { code: 'noColumn'; params: NoParams }
  /** The channel's column is not in the source any more. */
  | { code: 'columnGone'; params: { field: string } }
  /** No channel has anything on it. */
  | { code: 'noChannels'; params: NoParams }
  | { code: 'aggregateNeedsNumber'; params: { aggregate: Aggregate; field: string; type: string } }
  | { code: 'binNeedsNumber'; params: { field: string; type: string } }
  | { code: 'timeUnitNeedsDate'; params: { field: string; type: string } }
  /** A box plot without a number column (no aggregate) on Y or X. */
  | { code: 'boxplotNeedsNumber'; params: NoParams }
  | { code: 'boxplotPanels'; params: NoParams }
  /** In a box plot, a grouping channel has an aggregate or bins. */
  | { code: 'boxplotGrouping'; params: NoParams }
  /** A map without a column on the Country channel. */
  | { code: 'geoNoColumn'; params: NoParams }
  | { code: 'geoShapesMissing'; params: NoParams }
  /** No value of `field` names a country; `examples` are the first values, `more` says there are others. */
  | { code: 'geoNoMatch'; params: { field: string | undefined; examples: string[]; more: boolean } };

export class ChartCompileError extends Error {
  constructor(
    readonly channel: Channel | 'mark',
    readonly problem: ChartProblem,
  ) {
    const params = Object.keys(problem.params).length > 0 ? ` ${JSON.stringify(problem.params)}` : '';
    super(`${channel}: ${problem.code}${params}`);
    this.name = 'ChartCompileError';
  }
}

const AGGREGATE_SQL: Record<Aggregate, (column: string) => string> = {
  count: () => 'count(*)',
  sum: (c) => `sum(${c})`,
  mean: (c) => `avg(${c})`,
  median: (c) => `median(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  distinct: (c) => `count(DISTINCT ${c})`,
};


/**
 * `options.extentSource`: where bin widths are measured (SQL usable after
 * FROM), when it is not `model.source` — a dashboard draws from a filtered
 * subquery but keeps the unfiltered table's bins, so bars stay put as filters change.
 */
export function compileQuery(model: ChartModel, columns: SourceColumn[], options?: { extentSource?: string }): CompiledQuery {
  const typeOf = (channel: Channel, def: FieldDef): string => {
    if (!def.field) throw new ChartCompileError(channel, { code: 'noColumn', params: {} });
    const column = columns.find((candidate) => candidate.name === def.field);
    if (!column) throw new ChartCompileError(channel, { code: 'columnGone', params: { field: def.field } });
    return column.type;
  };
  const entries = Object.entries(model.encoding).filter((entry): entry is [Channel, FieldDef] => entry[1] !== undefined);
  if (entries.length === 0) throw new ChartCompileError('mark', { code: 'noChannels', params: {} });
  if (model.mark === 'boxplot') return compileBoxplot(model, entries, typeOf);
  const aggregated = entries.some(([, def]) => def.aggregate);

  const fields: OutputField[] = [];
  const selects: string[] = [];
  const groups: string[] = [];
  const binExtents: string[] = [];
  entries.forEach(([channel, def], index) => {
    const alias = `${channel}_${index}`;
    if (def.aggregate) {
      if (def.aggregate !== 'count') {
        const type = typeOf(channel, def);
        if (def.aggregate !== 'distinct' && def.aggregate !== 'min' && def.aggregate !== 'max' && !isNumericType(type)) {
          throw new ChartCompileError(channel, { code: 'aggregateNeedsNumber', params: { aggregate: def.aggregate, field: def.field ?? '', type } });
        }
      }
      // DOUBLE: BIGINT, HUGEINT and DECIMAL results arrive from Arrow as BigInts or
      // scaled integers, which Vega cannot plot.
      selects.push(`(${AGGREGATE_SQL[def.aggregate](def.field ? quoteIdentifier(def.field) : '')})::DOUBLE AS ${quoteIdentifier(alias)}`);
      fields.push({ channel, column: alias, def, role: 'measure' });
      return;
    }
    const type = typeOf(channel, def);
    const column = quoteIdentifier(def.field ?? '');
    if (def.bin) {
      if (!isNumericType(type)) throw new ChartCompileError(channel, { code: 'binNeedsNumber', params: { field: def.field ?? '', type } });
      const step = `__step_${index}`;
      binExtents.push(binStepSql(options?.extentSource ?? model.source, column, def.bin.maxbins, step));
      const start = `floor(${column}::DOUBLE / ${step}) * ${step}`;
      selects.push(`${start} AS ${quoteIdentifier(alias)}`, `${start} + ${step} AS ${quoteIdentifier(`${alias}_end`)}`);
      groups.push(quoteIdentifier(alias), quoteIdentifier(`${alias}_end`));
      fields.push({ channel, column: alias, binEnd: `${alias}_end`, def, role: aggregated ? 'dimension' : 'raw' });
      return;
    }
    if (def.timeUnit) {
      if (!isTemporalType(type)) throw new ChartCompileError(channel, { code: 'timeUnitNeedsDate', params: { field: def.field ?? '', type } });
      selects.push(`${truncatedSql(def.timeUnit, column)} AS ${quoteIdentifier(alias)}`);
    } else {
      selects.push(`${isNumericType(type) ? `${column}::DOUBLE` : column} AS ${quoteIdentifier(alias)}`);
    }
    groups.push(quoteIdentifier(alias));
    fields.push({ channel, column: alias, def, role: aggregated ? 'dimension' : 'raw' });
  });

  const from = [model.source, ...binExtents].join(',\n  ');
  const order = orderBy(fields);
  if (aggregated) {
    const sql = [
      `SELECT ${selects.join(', ')}`,
      `FROM ${from}`,
      groups.length > 0 ? `GROUP BY ${groups.join(', ')}` : '',
      order ? `ORDER BY ${order}` : '',
      `LIMIT ${rowCap(model)}`,
    ]
      .filter(Boolean)
      .join('\n');
    return { sql, fields, sampled: false };
  }
  // Raw marks: every row is a mark, so sample beyond the cap (reservoir: exactly the cap, uniformly).
  const sql = [`SELECT ${selects.join(', ')}`, `FROM ${from}`, `USING SAMPLE reservoir(${MAX_CHART_ROWS} ROWS) REPEATABLE (42)`, order ? `ORDER BY ${order}` : '']
    .filter(Boolean)
    .join('\n');
  return { sql, fields, sampled: true, countSql: `SELECT count(*) AS n FROM ${model.source}` };
}

/**
 * A date truncated to a time unit, NULL kept NULL: DuckDB 1.4.3 turns a NULL
 * date_trunc of a DATE into the date 5877642-06-23 BC when it is grouped with
 * another key (and fails for 'hour'), so the guard is not optional.
 */
function truncatedSql(unit: TimeUnit, column: string): string {
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE date_trunc('${unit}', ${column}) END`;
}

function rowCap(model: ChartModel): number {
  return model.limit !== undefined && model.limit > 0 ? Math.min(Math.floor(model.limit), MAX_CHART_ROWS) : MAX_CHART_ROWS;
}

/**
 * A box plot summarizes a number per group: DuckDB computes each group's
 * quartiles, then the whisker ends (the furthest values within 1.5 × IQR of
 * the box, as Vega-Lite's own box plots) and how many values lie beyond them.
 */
function compileBoxplot(model: ChartModel, entries: [Channel, FieldDef][], typeOf: (channel: Channel, def: FieldDef) => string): CompiledQuery {
  const numeric = (channel: Channel) => {
    const def = model.encoding[channel];
    return def?.field !== undefined && !def.aggregate && !def.bin && isNumericType(typeOf(channel, def));
  };
  const valueChannel: Channel | undefined = numeric('y') ? 'y' : numeric('x') ? 'x' : undefined;
  if (!valueChannel) throw new ChartCompileError('y', { code: 'boxplotNeedsNumber', params: {} });
  const valueDef = model.encoding[valueChannel] as FieldDef;
  const fields: OutputField[] = [];
  const dims: string[] = [];
  const selects: string[] = [];
  entries.forEach(([channel, def], index) => {
    if (channel === valueChannel) return;
    if (channel === 'row' || channel === 'column') throw new ChartCompileError(channel, { code: 'boxplotPanels', params: {} });
    if (def.aggregate || def.bin) throw new ChartCompileError(channel, { code: 'boxplotGrouping', params: {} });
    typeOf(channel, def); // the column must exist
    const alias = `${channel}_${index}`;
    const column = quoteIdentifier(def.field ?? '');
    selects.push(`${def.timeUnit ? truncatedSql(def.timeUnit, column) : column} AS ${quoteIdentifier(alias)}`);
    dims.push(quoteIdentifier(alias));
    fields.push({ channel, column: alias, def, role: 'dimension' });
  });
  const base = `${valueChannel}_box`;
  const name = (part: string) => quoteIdentifier(`${base}_${part}`);
  const box = { q1: `${base}_q1`, q3: `${base}_q3`, lower: `${base}_lower`, upper: `${base}_upper`, outliers: `${base}_outliers` };
  fields.push({ channel: valueChannel, column: `${base}_median`, def: valueDef, role: 'measure', box });
  const v = '"__v"';
  const fence = `1.5 * (q."__q3" - q."__q1")`;
  const joined = dims.length > 0 ? `box_quartiles q ON ${dims.map((dim) => `v.${dim} IS NOT DISTINCT FROM q.${dim}`).join(' AND ')}` : 'box_quartiles q ON true';
  const sql = [
    `WITH box_values AS (SELECT ${[...selects, `${quoteIdentifier(valueDef.field ?? '')}::DOUBLE AS ${v}`].join(', ')} FROM ${model.source} WHERE ${quoteIdentifier(valueDef.field ?? '')} IS NOT NULL),`,
    `box_quartiles AS (SELECT ${[...dims, `quantile_cont(${v}, 0.25) AS "__q1"`, `median(${v}) AS "__q2"`, `quantile_cont(${v}, 0.75) AS "__q3"`].join(', ')} FROM box_values${dims.length > 0 ? ` GROUP BY ${dims.join(', ')}` : ''})`,
    `SELECT ${[
      ...dims.map((dim) => `q.${dim}`),
      `q."__q1" AS ${name('q1')}`,
      `q."__q2" AS ${name('median')}`,
      `q."__q3" AS ${name('q3')}`,
      `min(v.${v}) FILTER (WHERE v.${v} >= q."__q1" - ${fence}) AS ${name('lower')}`,
      `max(v.${v}) FILTER (WHERE v.${v} <= q."__q3" + ${fence}) AS ${name('upper')}`,
      `(count(*) FILTER (WHERE v.${v} < q."__q1" - ${fence} OR v.${v} > q."__q3" + ${fence}))::DOUBLE AS ${name('outliers')}`,
    ].join(', ')}`,
    `FROM box_values v JOIN ${joined}`,
    `GROUP BY ${[...dims.map((dim) => `q.${dim}`), 'q."__q1"', 'q."__q2"', 'q."__q3"'].join(', ')}`,
    dims.length > 0 ? `ORDER BY ${dims.map((dim) => `q.${dim} ASC NULLS LAST`).join(', ')}` : '',
    `LIMIT ${rowCap(model)}`,
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, fields, sampled: false };
}

/**
 * A one-row subquery holding a "nice" bin width (1, 2 or 5 × a power of ten,
 * the steps Vega's own binning uses) that gives at most `maxbins` bins over
 * the column's extent, computed by DuckDB in the same query.
 */
export function binStepSql(source: string, column: string, maxbins: number, alias: string): string {
  const bins = Math.max(1, Math.min(1000, Math.floor(maxbins)));
  return [
    `(SELECT CASE WHEN raw <= unit THEN unit WHEN raw <= 2 * unit THEN 2 * unit WHEN raw <= 5 * unit THEN 5 * unit ELSE 10 * unit END AS ${alias}`,
    ` FROM (SELECT raw, pow(10, floor(log10(raw))) AS unit`,
    ` FROM (SELECT greatest((max(${column}) - min(${column}))::DOUBLE / ${bins}, 1e-12) AS raw FROM ${source})))`,
  ].join('');
}

function orderBy(fields: OutputField[]): string {
  const explicit = fields.filter((field) => field.def.sort).map((field) => `${quoteIdentifier(field.column)} ${field.def.sort === 'descending' ? 'DESC' : 'ASC'}`);
  if (explicit.length > 0) return explicit.join(', ');
  // Stable output (golden files, redraws): dimensions in channel order.
  return fields
    .filter((field) => field.role !== 'measure')
    .map((field) => `${quoteIdentifier(field.column)} ASC NULLS LAST`)
    .join(', ');
}
