/**
 * Loading part of a file: some of its columns, a sample of its rows, or
 * both — what is offered when the whole file would not fit in the engine's
 * memory (memory-budget.ts). CSV and Parquet are cut while they are read, so
 * the engine never holds the whole table; other formats are cut once loaded.
 * The subset is kept with the dataset, so a reload or an Undo reads exactly
 * the same part again (the sample is drawn with a fixed seed).
 */
import { quoteIdentifier, type Engine } from '../engine';
import type { FileFormat } from './detect-format';
import { IngestError } from './ingest-error';
import { loadFits } from './memory-budget';

export interface LoadSubset {
  /** Top-level columns to keep, as the file names them; every column when absent or empty. */
  columns?: string[];
  /** The share of rows to keep, in percent (MIN_SAMPLE_PERCENT to MAX_SAMPLE_PERCENT); every row when absent. */
  samplePercent?: number;
}

/** The smallest sample offered or accepted (a link may say anything): below it, SQL would need exponent notation. */
export const MIN_SAMPLE_PERCENT = 0.01;

/** The largest sample: a 100 % sample is the whole file. */
export const MAX_SAMPLE_PERCENT = 99.99;

/** The seed of every sample: the same file and percentage give the same rows on every replay. */
export const SAMPLE_SEED = 1729;

export function isSampled(subset: LoadSubset | undefined): subset is LoadSubset & { samplePercent: number } {
  const percent = subset?.samplePercent;
  return percent !== undefined && Number.isFinite(percent) && percent >= MIN_SAMPLE_PERCENT && percent <= MAX_SAMPLE_PERCENT;
}

/** The chosen columns, each once: DuckDB's names ignore case, so "a" and "A" are one column (the first spelling kept). */
function chosenColumns(subset: LoadSubset | undefined): string[] {
  const seen = new Set<string>();
  return (subset?.columns ?? []).filter((name) => !seen.has(name.toLowerCase()) && (seen.add(name.toLowerCase()), true));
}

/** The select list: the chosen columns in the order given, or every column. */
export function projectionSql(subset: LoadSubset | undefined): string {
  const columns = chosenColumns(subset);
  return columns.length === 0 ? '*' : columns.map(quoteIdentifier).join(', ');
}

/**
 * The sampling clause (with a leading space), or nothing. Bernoulli keeps
 * each row with the given probability, so a sample is spread over the whole
 * file; `offset` varies the seed between the row groups of one file.
 */
export function sampleSql(subset: LoadSubset | undefined, offset = 0): string {
  if (!isSampled(subset)) return '';
  return ` USING SAMPLE bernoulli(${subset.samplePercent} PERCENT) REPEATABLE (${SAMPLE_SEED + offset})`;
}

/** The column names of a table, or of any relation (`SELECT … FROM read_csv(…)`), in order. */
export async function columnNamesOf(engine: Engine, relation: string, signal?: AbortSignal): Promise<string[]> {
  const described = await engine.query(`SELECT column_name FROM (DESCRIBE ${relation})`, { lane: 'load', signal });
  return Array.from(described.getChild('column_name')?.toArray() ?? [], String);
}

/**
 * Refuses a subset naming a column the file does not have (DuckDB matches
 * names without regard to case, and so do we), naming the first one missing.
 */
export function checkSubsetColumns(fileName: string, available: readonly string[], subset: LoadSubset | undefined): void {
  const known = new Set(available.map((name) => name.toLowerCase()));
  const missing = chosenColumns(subset).find((name) => !known.has(name.toLowerCase()));
  if (missing !== undefined) throw new IngestError(fileName, { code: 'subsetColumnMissing', params: { column: missing } });
}

/**
 * The share of a whole load's memory a subset needs: columns are counted as
 * equal (the file does not say how wide each will be), rows by the sample.
 */
export function subsetShare(subset: LoadSubset | undefined, columnCount: number): number {
  const columns = chosenColumns(subset).length;
  const columnShare = columns === 0 || columnCount <= 0 ? 1 : Math.min(1, columns / columnCount);
  return columnShare * (isSampled(subset) ? subset.samplePercent / 100 : 1);
}

/** Whether a subset of a file fits beside what the engine holds; see loadFits. */
export function subsetFits(format: FileFormat, size: number, columnCount: number, held: number, subset: LoadSubset | undefined, budget?: number): { fits: boolean; needed: number } {
  return loadFits(format, size * subsetShare(subset, columnCount), held, budget);
}
