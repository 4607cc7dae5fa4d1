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
export function statsSql(table: string, columns: ProfileColumnInput[], rowCount: number): string {
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
      parts.push(`${agg(`quantile_disc(${c}, 0.5)`)}::VARCHAR AS s${i}_median`);
      if (isNumeric(kind)) parts.push(`${agg(`avg(${c}::DOUBLE)`)}::DOUBLE AS s${i}_mean`);
      const number = asNumber(c, kind);
      parts.push(`${agg(`min(${number})`)}::DOUBLE AS s${i}_lo`, `${agg(`max(${number})`)}::DOUBLE AS s${i}_hi`);
    }
  });
  return `SELECT ${parts.join(',\n       ')}\nFROM ${table}`;
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

/** One scan for every histogram: each column's values into HISTOGRAM_BINS equal-width bins. */
export function histogramSql(table: string, ranges: BinRange[]): string {
  const inner = ranges.map(({ index, name, kind, lo, hi }) => {
    const value = asNumber(quoteIdentifier(name), kind);
    const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1;
    const bin = `least(floor((${value} - ${lo}) / ${width})::INTEGER, ${HISTOGRAM_BINS - 1})`;
    // NULL and NaN have no bin: the CASE leaves them NULL, which histogram() skips.
    // (Without it least() would put NULL in the last bin: it ignores NULL arguments.)
    const guarded = `CASE WHEN ${value} IS NOT NULL${kind === 'float' ? ` AND NOT isnan(${value})` : ''} THEN ${bin} END`;
    return `histogram(${guarded}) AS h${index}`;
  });
  const outer = ranges.map(({ index }) => `map_keys(h${index}) AS k${index}, map_values(h${index}) AS v${index}`);
  return `SELECT ${outer.join(', ')}\nFROM (SELECT ${inner.join(', ')} FROM ${table})`;
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
