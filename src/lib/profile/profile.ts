import type { Table } from 'apache-arrow';
import type { QueryRunner } from '../engine';
import { quoteIdentifier, quoteLiteral } from '../engine/sql';
import { columnKind, hasTopValues, isOrdered, type ColumnKind } from './column-kind';
import {
  binBounds,
  EXACT_DISTINCT_BELOW_ESTIMATE,
  EXACT_DISTINCT_MAX_ROWS,
  exactDistinctSql,
  fullMediansSql,
  histogramSql,
  MEDIAN_SAMPLE_MIN_VALUES,
  MEDIANS_FROM_SAMPLE_ABOVE_ROWS,
  sampledMediansSql,
  statsSql,
  topValuesSql,
  type BinRange,
  type ProfileColumnInput,
} from './profile-sql';

export interface HistogramBin {
  bin: number;
  /** Lower and upper bound, in the column's units (epoch seconds for dates and timestamps). */
  from: number;
  to: number;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  rows: number;
  nulls: number;
  /** Share of rows that are NULL, 0..1. */
  nullShare: number;
  distinct: number | undefined;
  distinctApproximate: boolean;
  /** Above 100,000 rows the median is an estimate: a t-digest, and above 1M rows the median of a 200,000-row uniform sample. */
  medianApproximate: boolean;
  nan?: number;
  empty?: number;
  min?: string;
  max?: string;
  median?: string;
  mean?: number;
  histogram?: HistogramBin[];
  topValues?: Array<{ value: string; count: number }>;
  samples: string[];
  /**
   * Set on the first, fast figures of a large table: they come from a sample
   * of about this many rows (NULL shares, min, max, median, mean), counts
   * scaled to the whole table; exact figures replace them.
   */
  estimatedFrom?: number;
}

export interface ProfileOptions {
  signal?: AbortSignal;
  /** Called as each stage completes, with what is known so far. */
  onUpdate?: (columns: ColumnProfile[]) => void;
}

const SAMPLE_ROWS = 50;
const SAMPLES_PER_COLUMN = 3;
/**
 * Above this many rows the first figures come from a sample: DuckDB's system
 * sampling reads whole vectors of about 2,048 rows at random, so 1% of 10M
 * rows is read in tens of milliseconds where the full statistics take seconds.
 */
export const ESTIMATE_ABOVE_ROWS = 1_000_000;
const ESTIMATE_SAMPLE_ROWS = 100_000;

/**
 * Profiles a table (or a query result held as a table) in DuckDB, on its own
 * cancellable lane so the editor and the grid never wait for it. Scans: one
 * for the statistics of every column, one for every histogram, one per text
 * or boolean column with few distinct values for its most frequent values,
 * a 50-row peek for samples, above 1M rows one over a uniform sample for the medians,
 * and above 100,000 rows one more for exact distinct counts of the columns
 * with few distinct values.
 */
export async function profileTable(
  engine: QueryRunner,
  table: string,
  columns: ProfileColumnInput[],
  options: ProfileOptions = {},
): Promise<ColumnProfile[]> {
  const run = (sql: string) => engine.query(sql, { lane: 'profile', signal: options.signal });
  const counted = await run(`SELECT count(*)::BIGINT AS n FROM ${table}`);
  const rowCount = Number(counted.getChild('n')?.get(0) ?? 0);
  const casts = columns.map((column, i) => `CAST(${quoteIdentifier(column.name)} AS VARCHAR) AS c${i}`);
  const peek = await run(`SELECT ${casts.join(', ')} FROM ${table} LIMIT ${SAMPLE_ROWS}`);
  if (rowCount > ESTIMATE_ABOVE_ROWS && options.onUpdate) {
    const estimates = await estimateFromSample(run, table, columns, rowCount, (i) => samplesOf(peek, `c${i}`));
    if (estimates) options.onUpdate(estimates);
  }
  const mediansFromSample = rowCount > MEDIANS_FROM_SAMPLE_ABOVE_ROWS;
  const stats = await run(statsSql(table, columns, rowCount, { medians: !mediansFromSample }));
  let profiles = columns.map((column, i) => readStats(stats, column, i, rowCount, samplesOf(peek, `c${i}`)));
  // Each stage makes new profile objects, so views holding the old ones see the change.
  const update = (index: number, change: Partial<ColumnProfile>) => {
    profiles = profiles.map((profile, i) => (i === index ? { ...profile, ...change } : profile));
  };
  if (mediansFromSample) {
    for (const [index, median] of await sampledMedians(run, table, columns, profiles, rowCount)) update(index, { median });
  }
  options.onUpdate?.(profiles);

  const recount = profiles
    .map((profile, index) => ({ index, name: profile.name, profile }))
    .filter(({ profile }) => profile.distinctApproximate && (profile.distinct ?? Infinity) < EXACT_DISTINCT_BELOW_ESTIMATE);
  if (recount.length > 0) {
    const exact = await run(exactDistinctSql(table, recount));
    for (const { index } of recount) update(index, { distinct: numberAt(exact, `d${index}`), distinctApproximate: false });
    options.onUpdate?.(profiles);
  }

  const ranges: BinRange[] = [];
  profiles.forEach((profile, index) => {
    const lo = numberAt(stats, `s${index}_lo`);
    const hi = numberAt(stats, `s${index}_hi`);
    if (isOrdered(profile.kind) && lo !== undefined && hi !== undefined) ranges.push({ index, name: profile.name, kind: profile.kind, lo, hi });
  });
  if (ranges.length > 0) {
    const counted = await run(histogramSql(table, ranges));
    for (const range of ranges) update(range.index, { histogram: readHistogram(counted, range) });
    options.onUpdate?.(profiles);
  }

  for (const [index, profile] of profiles.entries()) {
    if (!hasTopValues(profile.kind) || !worthTopValues(profile)) continue;
    const top = await run(topValuesSql(table, profile.name));
    const values = top.getChild('value')?.toArray() ?? [];
    const counts = top.getChild('n')?.toArray() ?? [];
    update(index, { topValues: Array.from(values, (value, i) => ({ value: String(value), count: Number(counts[i]) })) });
    options.onUpdate?.(profiles);
  }
  return profiles;
}

/**
 * Medians of a large table's ordered columns from a uniform sample; a column
 * with values too few for the sample to hold many of them (a handful in
 * millions of rows) gets its t-digest median over every row instead, which
 * is cheap for a column or two.
 */
async function sampledMedians(
  run: (sql: string) => Promise<Table>,
  table: string,
  columns: ProfileColumnInput[],
  profiles: ColumnProfile[],
  rowCount: number,
): Promise<Map<number, string>> {
  const ordered = columns.map((column, index) => ({ ...column, index })).filter(({ index }) => isOrdered(profiles[index]?.kind ?? 'other') && profiles[index]?.min !== undefined);
  const medians = new Map<number, string>();
  if (ordered.length === 0) return medians;
  const sampled = await run(sampledMediansSql(table, ordered, rowCount));
  for (const { index } of ordered) {
    const median = textAt(sampled, `s${index}_median`);
    if (median !== undefined && (numberAt(sampled, `s${index}_sampled`) ?? 0) >= MEDIAN_SAMPLE_MIN_VALUES) medians.set(index, median);
  }
  const missed = ordered.filter(({ index }) => !medians.has(index));
  if (missed.length > 0) {
    const full = await run(fullMediansSql(table, missed));
    for (const { index } of missed) {
      const median = textAt(full, `s${index}_median`);
      if (median !== undefined) medians.set(index, median);
    }
  }
  return medians;
}

/**
 * The statistics of a system sample of about ESTIMATE_SAMPLE_ROWS rows, as
 * profiles of the whole table: shares kept, counts scaled, distinct counts
 * left out (a sample says little about them). Undefined when the sample
 * came back empty.
 */
async function estimateFromSample(
  run: (sql: string) => Promise<Table>,
  table: string,
  columns: ProfileColumnInput[],
  rowCount: number,
  samples: (index: number) => string[],
): Promise<ColumnProfile[] | undefined> {
  const percent = Math.min(100, (ESTIMATE_SAMPLE_ROWS / rowCount) * 100);
  const sampled = `(SELECT * FROM ${table} USING SAMPLE ${percent.toFixed(6)} PERCENT (system))`;
  const stats = await run(statsSql(sampled, columns, rowCount));
  const sampleRows = numberAt(stats, 'row_count') ?? 0;
  if (sampleRows === 0) return undefined;
  const scale = (count: number | undefined) => (count === undefined ? undefined : Math.round((count / sampleRows) * rowCount));
  return columns.map((column, i) => {
    const profile = readStats(stats, column, i, sampleRows, samples(i));
    const estimate: ColumnProfile = { ...profile, rows: rowCount, nulls: scale(profile.nulls) ?? 0, distinct: undefined, medianApproximate: true, estimatedFrom: sampleRows };
    if (profile.nan !== undefined) estimate.nan = scale(profile.nan);
    if (profile.empty !== undefined) estimate.empty = scale(profile.empty);
    return estimate;
  });
}

/**
 * Most frequent values say nothing when every value is unique, and grouping a
 * column with very many distinct values is the costliest scan of a profile:
 * such columns show samples instead.
 */
const TOP_VALUES_MAX_DISTINCT = 10_000;
function worthTopValues(profile: ColumnProfile): boolean {
  const distinct = profile.distinct ?? 0;
  return distinct > 0 && distinct < profile.rows - profile.nulls && distinct <= TOP_VALUES_MAX_DISTINCT;
}

function numberAt(table: Table, name: string): number | undefined {
  const value: unknown = table.getChild(name)?.get(0);
  if (value === null || value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function textAt(table: Table, name: string): string | undefined {
  const value: unknown = table.getChild(name)?.get(0);
  return value === null || value === undefined ? undefined : String(value);
}

function readStats(stats: Table, column: ProfileColumnInput, i: number, rows: number, samples: string[]): ColumnProfile {
  const kind = columnKind(column.type);
  const present = numberAt(stats, `s${i}_present`) ?? 0;
  const profile: ColumnProfile = {
    name: column.name,
    type: column.type,
    kind,
    rows,
    nulls: rows - present,
    nullShare: rows === 0 ? 0 : (rows - present) / rows,
    distinct: numberAt(stats, `s${i}_distinct`),
    distinctApproximate: rows > EXACT_DISTINCT_MAX_ROWS,
    medianApproximate: rows > EXACT_DISTINCT_MAX_ROWS,
    samples,
  };
  const optional = { nan: numberAt(stats, `s${i}_nan`), empty: numberAt(stats, `s${i}_empty`), mean: numberAt(stats, `s${i}_mean`) };
  const texts = { min: textAt(stats, `s${i}_min`), max: textAt(stats, `s${i}_max`), median: textAt(stats, `s${i}_median`) };
  for (const [key, value] of Object.entries({ ...optional, ...texts })) {
    if (value !== undefined) Object.assign(profile, { [key]: value });
  }
  return profile;
}

function readHistogram(counted: Table, range: BinRange): HistogramBin[] {
  const columns = Array.from(counted.getChild('col')?.toArray() ?? [], Number);
  const allBins = Array.from(counted.getChild('bin')?.toArray() ?? [], Number);
  const allCounts = Array.from(counted.getChild('n')?.toArray() ?? [], Number);
  const counts = new Map<number, number>();
  const keyList: number[] = [];
  columns.forEach((column, i) => {
    if (column !== range.index) return;
    keyList.push(allBins[i] ?? 0);
    counts.set(allBins[i] ?? 0, allCounts[i] ?? 0);
  });
  const bins = range.hi > range.lo ? Math.max(...keyList, 0) + 1 : 1;
  return Array.from({ length: bins }, (_, bin) => {
    const [from, to] = binBounds(range, bin);
    return { bin, from, to, count: counts.get(bin) ?? 0 };
  });
}

/** The first few distinct non-NULL values, as DuckDB writes them. */
function samplesOf(peek: Table, alias: string): string[] {
  const vector = peek.getChild(alias);
  const seen: string[] = [];
  for (let i = 0; i < peek.numRows && seen.length < SAMPLES_PER_COLUMN; i++) {
    const value: unknown = vector?.get(i);
    if (value === null || value === undefined) continue;
    if (!seen.includes(String(value))) seen.push(String(value));
  }
  return seen;
}

/** A query for the rows holding one of a column's values (clicked in the profile). */
export function rowsWithValueSql(table: string, column: string, value: string): string {
  return `SELECT * FROM ${table}\nWHERE ${quoteIdentifier(column)}::VARCHAR = ${quoteLiteral(value)}`;
}

/** A query for the rows in one histogram bar (the last bar includes its upper bound). */
export function rowsInBinSql(table: string, profile: ColumnProfile, bin: HistogramBin, last: boolean): string {
  const c = quoteIdentifier(profile.name);
  const value = profile.kind === 'temporal' ? `epoch(${c})` : c;
  return `SELECT * FROM ${table}\nWHERE ${value} >= ${bin.from} AND ${value} ${last ? '<=' : '<'} ${bin.to}`;
}
