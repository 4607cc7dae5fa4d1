/**
 * Loading part of a file: some of its columns, a sample of its rows, or
 * both — what is offered when the whole file would not fit in the engine's
 * memory (memory-budget.ts). CSV and Parquet are cut while they are read, so
 * the engine never holds the whole table; other formats are cut once loaded.
 * The subset is kept with the dataset, so a reload or an Undo reads exactly
 * the same part again (the sample is drawn with a fixed seed).
 */
import type { Engine } from '../engine';
import { enginePath, quoteIdentifier } from '../engine';
import { chooseDialect } from './csv-dialect';
import { compressionOf } from './compressed-stream';
import type { FileFormat } from './detect-format';
import { IngestError } from './ingest-error';
import { loadFits, PARTIAL_LOAD_FORMATS } from './memory-budget';
import { readParquetFooter } from './parquet-footer';
import { detectEncoding, toUtf8 } from './text-encoding';

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

function chosenColumns(subset: LoadSubset | undefined): string[] {
  return [...new Set(subset?.columns ?? [])];
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

/** How much of a text file is sniffed for its column names: enough for the sniffer's own sample of lines. */
const NAMES_SAMPLE_BYTES = 1 << 20;

let sniffSequence = 0;

/** A delimited file's column names, sniffed from its first MiB decoded to UTF-8; undefined when the sniffer finds none. */
async function delimitedColumns(engine: Engine, file: Blob, signal?: AbortSignal): Promise<string[] | undefined> {
  const complete = file.size <= NAMES_SAMPLE_BYTES;
  const head = new Uint8Array(await file.slice(0, NAMES_SAMPLE_BYTES).arrayBuffer());
  if (compressionOf(head)) return undefined;
  const encoding = detectEncoding(head, complete);
  const text = encoding === 'utf-8' ? head : toUtf8(head, encoding);
  // The last line may be cut short: only whole lines are sniffed.
  const lastBreak = complete ? text.length : text.lastIndexOf(0x0a) + 1;
  const path = enginePath(`__atalaya_names_${++sniffSequence}.csv`);
  await engine.registerFileBuffer(path, text.slice(0, lastBreak > 0 ? lastBreak : text.length));
  try {
    return (await chooseDialect(engine, path, signal))?.names;
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
}

/** A Parquet file's top-level column names, from its footer; undefined when it cannot be read. */
async function parquetColumns(file: Blob): Promise<string[] | undefined> {
  try {
    const footer = await readParquetFooter(file);
    return footer.encrypted ? undefined : footer.topLevelNames;
  } catch {
    return undefined;
  }
}

/**
 * The columns a person can choose from to load part of a file, in file
 * order; undefined for formats whose reading cannot be cut (loading part of
 * them would not need less memory) or when the columns cannot be told.
 */
export async function subsetColumnChoices(engine: Engine, format: FileFormat, file: Blob, signal?: AbortSignal): Promise<string[] | undefined> {
  if (!PARTIAL_LOAD_FORMATS.includes(format)) return undefined;
  return format === 'delimited' ? delimitedColumns(engine, file, signal) : parquetColumns(file);
}
