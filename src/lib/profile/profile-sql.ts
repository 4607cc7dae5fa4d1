import { quoteIdentifier } from '../engine/sql';
import { columnKind, isNumeric, isOrdered, type ColumnKind } from './column-kind';

export interface ProfileColumnInput {
  name: string;
  type: string;
}

/** Above this many rows, distinct counts are approximate (HyperLogLog), as in DuckDB's SUMMARIZE. */
export const EXACT_DISTINCT_MAX_ROWS = 100_000;
/**
 * Below this estimate, a distinct count is recounted exactly: DuckDB 1.4's
 * approx_count_distinct can be far off at low cardinality (1,249 for 1,000
 * values; duckdb/duckdb#20916, fixed after the 1.4.3 that duckdb-wasm 1.32
 * ships), and an exact count of few values is cheap.
 */
export const EXACT_DISTINCT_BELOW_ESTIMATE = 50_000;
/**
 * Above this many rows a complete profile takes its medians from a uniform
 * sample: DuckDB's t-digest (approx_quantile) over 10M rows × 8 columns took
 * 5.7 s of a 7.9 s statistics scan in the browser's engine; the same medians
 * from a 200,000-row Bernoulli sample take 0.6–0.8 s.
 */
export const MEDIANS_FROM_SAMPLE_ABOVE_ROWS = 1_000_000;
/**
 * About this many rows are sampled for those medians. The rank of a sample
 * median is off by about 0.5/√n of the rows (0.11% here), no worse than the
 * t-digest's error.
 */
export const MEDIAN_SAMPLE_ROWS = 200_000;
/** A sample holding fewer values of a column than this says too little of its median: it is taken over every row. */
export const MEDIAN_SAMPLE_MIN_VALUES = 1_000;
/** A fixed seed: the same table gives the same medians every time it is profiled. */
const MEDIAN_SAMPLE_SEED = 42;
export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 5;

/** A column's values as numbers, for bins: epoch seconds for dates and timestamps. */
function asNumber(column: string, kind: ColumnKind): string {
  return kind === 'temporal' ? `epoch(${column})` : `${column}::DOUBLE`;
}

/** An aggregate over the column's values; for floats, NaN is set aside (it is reported separately). */
function aggregate(call: string, column: string, kind: ColumnKind): string {
  return kind === 'float' ? `${call} FILTER (WHERE NOT isnan(${column}))` : call;
}

/**
 * One scan for every column's statistics. Aliases are s<i>_<stat>, so
 * column names never collide with them. Values come back as VARCHAR (exact,
 * and readable for dates) except the counts and the mean.
 */
export function statsSql(table: string, columns: ProfileColumnInput[], rowCount: number, options: { medians?: boolean } = {}): string {
  const withMedians = options.medians ?? true;
  const parts = ['count(*)::BIGINT AS row_count'];
  columns.forEach((column, i) => {
    const c = quoteIdentifier(column.name);
    const kind = columnKind(column.type);
    parts.push(`count(${c})::BIGINT AS s${i}_present`);
    if (kind !== 'other') {
      parts.push(
        rowCount > EXACT_DISTINCT_MAX_ROWS
          ? `approx_count_distinct(${c})::BIGINT AS s${i}_distinct`
          : `count(DISTINCT ${c})::BIGINT AS s${i}_distinct`,
      );
    }
    if (kind === 'float') parts.push(`count(*) FILTER (WHERE isnan(${c}))::BIGINT AS s${i}_nan`);
    if (kind === 'text') parts.push(`count(*) FILTER (WHERE ${c} = '')::BIGINT AS s${i}_empty`);
    if (isOrdered(kind)) {
      const agg = (call: string) => aggregate(call, c, kind);
      parts.push(`${agg(`min(${c})`)}::VARCHAR AS s${i}_min`, `${agg(`max(${c})`)}::VARCHAR AS s${i}_max`);
      // An exact median sorts the column; above EXACT_DISTINCT_MAX_ROWS a t-digest
      // estimate (what SUMMARIZE uses) keeps a 10M-row profile in seconds and in bounded memory.
      const median = rowCount > EXACT_DISTINCT_MAX_ROWS ? `approx_quantile(${c}, 0.5)` : `quantile_disc(${c}, 0.5)`;
      if (withMedians) parts.push(`${agg(median)}::VARCHAR AS s${i}_median`);
      if (isNumeric(kind)) parts.push(`${agg(`avg(${c}::DOUBLE)`)}::DOUBLE AS s${i}_mean`);
      const number = asNumber(c, kind);
      parts.push(`${agg(`min(${number})`)}::DOUBLE AS s${i}_lo`, `${agg(`max(${number})`)}::DOUBLE AS s${i}_hi`);
    }
  });
  return `SELECT ${parts.join(',\n       ')}\nFROM ${table}`;
}

/**
 * The medians of the given columns (by their index among the profile's
 * columns) from a seeded Bernoulli sample of about MEDIAN_SAMPLE_ROWS rows:
 * every row has the same chance, so a sorted or clustered table is sampled
 * as evenly as a shuffled one. Aliases are s<i>_median, as in statsSql, and
 * s<i>_sampled, how many values of the column the sample held.
 */
export function sampledMediansSql(table: string, columns: Array<{ index: number } & ProfileColumnInput>, rowCount: number): string {
  const percent = Math.min(100, (MEDIAN_SAMPLE_ROWS / Math.max(1, rowCount)) * 100);
  const parts = columns.map(({ index, name, type }) => {
    const c = quoteIdentifier(name);
    const kind = columnKind(type);
    return `${aggregate(`quantile_disc(${c}, 0.5)`, c, kind)}::VARCHAR AS s${index}_median, ${aggregate(`count(${c})`, c, kind)}::BIGINT AS s${index}_sampled`;
  });
  return `SELECT ${parts.join(', ')}\nFROM (SELECT * FROM ${table} USING SAMPLE ${percent.toFixed(6)} PERCENT (bernoulli, ${MEDIAN_SAMPLE_SEED}))`;
}

/** The t-digest medians of the given columns over every row (for columns too sparse for the sample). */
export function fullMediansSql(table: string, columns: Array<{ index: number } & ProfileColumnInput>): string {
  const parts = columns.map(({ index, name, type }) => {
    const c = quoteIdentifier(name);
    return `${aggregate(`approx_quantile(${c}, 0.5)`, c, columnKind(type))}::VARCHAR AS s${index}_median`;
  });
  return `SELECT ${parts.join(', ')} FROM ${table}`;
}

export interface BinRange {
  index: number;
  name: string;
  kind: ColumnKind;
  lo: number;
  hi: number;
}

/** One scan for the exact distinct counts of the given columns. */
export function exactDistinctSql(table: string, columns: Array<{ index: number; name: string }>): string {
  const parts = columns.map(({ index, name }) => `count(DISTINCT ${quoteIdentifier(name)})::BIGINT AS d${index}`);
  return `SELECT ${parts.join(', ')} FROM ${table}`;
}

/**
 * Every histogram in one pass: each ordered column's values binned into
 * HISTOGRAM_BINS equal-width bins, counted with one GROUPING SET per column
 * (several times faster on 10M rows than DuckDB's histogram() aggregate).
 * Rows come back as (column index, bin, count).
 *
 * A bin is floor((value − lo) / width), with the maximum (bin HISTOGRAM_BINS)
 * put in the last bin by a CASE: least() did the same but cost 0.45–0.6 s per
 * column on 10M rows in the browser's engine, against 0.16 s for the CASE,
 * and was most of the profile's time. NULL stays NULL through floor() and
 * the CASE, so it gets no bin; NaN (which sorts above every number) is set
 * aside before.
 */
export function histogramSql(table: string, ranges: BinRange[]): string {
  const floors = ranges.map((range) => {
    const value = asNumber(quoteIdentifier(range.name), range.kind);
    const width = range.hi > range.lo ? (range.hi - range.lo) / HISTOGRAM_BINS : 1;
    const floored = `floor((${value} - ${range.lo}) / ${width})`;
    return `${range.kind === 'float' ? `CASE WHEN NOT isnan(${value}) THEN ${floored} END` : floored} AS f${range.index}`;
  });
  const last = HISTOGRAM_BINS - 1;
  const bins = ranges.map((range) => `CASE WHEN f${range.index} >= ${last} THEN ${last} ELSE f${range.index}::INTEGER END AS b${range.index}`);
  const sets = ranges.map((range) => `(b${range.index})`).join(', ');
  const which = ranges.map((range) => `WHEN b${range.index} IS NOT NULL THEN ${range.index}`).join(' ');
  const bin = `coalesce(${ranges.map((range) => `b${range.index}`).join(', ')})`;
  return `SELECT CASE ${which} END AS col, ${bin} AS bin, count(*)::BIGINT AS n
FROM (SELECT ${bins.join(', ')} FROM (SELECT ${floors.join(', ')} FROM ${table}))
GROUP BY GROUPING SETS (${sets})
HAVING bin IS NOT NULL`;
}

/** The most frequent values of one column, with their counts. */
export function topValuesSql(table: string, name: string): string {
  const c = quoteIdentifier(name);
  return `SELECT ${c}::VARCHAR AS value, count(*)::BIGINT AS n FROM ${table} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY n DESC, value LIMIT ${TOP_VALUES}`;
}

/** The bounds of bin i of a column, in its own units (epoch seconds for dates). */
export function binBounds(range: Pick<BinRange, 'lo' | 'hi'>, bin: number): [number, number] {
  const width = range.hi > range.lo ? (range.hi - range.lo) / HISTOGRAM_BINS : 1;
  return [range.lo + bin * width, range.lo + (bin + 1) * width];
}
