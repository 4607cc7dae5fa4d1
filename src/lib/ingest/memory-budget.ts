import type { Engine } from '../engine';
import type { FileFormat } from './detect-format';
import { IngestError } from './ingest-error';

/**
 * What the engine may hold, data and the work of loading together, before a
 * new load is refused. DuckDB-WASM is a 32-bit wasm module: its heap cannot
 * grow past 4 GiB, and a load or query that needs more kills the engine (and
 * with it every open table). A quarter is left for queries, sorts and joins.
 */
export const ENGINE_BUDGET_BYTES = 3 * 1024 ** 3;

/**
 * About how many bytes of engine memory one byte of file becomes as a table,
 * by format. Measured with DuckDB-WASM on the benchmark's files (duckdb_memory()
 * after each load): CSV 1.41–1.44 (71 and 101 MB), Parquet 5.37 (184 MB,
 * 10M rows × 7 columns). JSON and Arrow are taken as text; a workbook's XML
 * is zipped, about as tightly as Parquet. Rounded up a little: refusing a
 * file that would just have fitted is the lesser harm.
 */
const BYTES_PER_FILE_BYTE: Record<FileFormat, number> = {
  delimited: 1.5,
  json: 1.5,
  ndjson: 1.5,
  arrow: 1.5,
  parquet: 6,
  xlsx: 6,
};

/**
 * Formats whose reading can be cut to some columns or a sample of rows
 * (load-subset.ts) so that the engine never holds the whole table: others
 * are decoded whole before DuckDB sees them.
 */
export const PARTIAL_LOAD_FORMATS: readonly FileFormat[] = ['delimited', 'parquet'];

/** What the engine's buffer manager holds now: tables, indexes and intermediate results. */
export async function engineMemoryBytes(engine: Engine): Promise<number> {
  const held = await engine.query('SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS held FROM duckdb_memory()');
  return Number(held.getChild('held')?.get(0) ?? 0);
}

/** The memory a load of `size` bytes of `format` would need, and whether it fits beside what is `held`. */
export function loadFits(format: FileFormat, size: number, held: number, budget = ENGINE_BUDGET_BYTES): { fits: boolean; needed: number } {
  const needed = Math.ceil(size * BYTES_PER_FILE_BYTE[format]);
  return { fits: held + needed <= budget, needed };
}

/**
 * Refuses, before any reading, a load that would take the engine past its
 * budget with what it holds already: the person hears what is open, what the
 * file would need, and what to do, instead of the engine (and every open
 * table) dying halfway. `share` is the part of the file a subset keeps (1
 * for all of it); the refusal says whether a part could be loaded instead
 * (`partial`: by default, whether the format's reading can be cut).
 */
export async function refuseWhenMemoryShort(
  engine: Engine,
  fileName: string,
  format: FileFormat,
  size: number,
  options: { share?: number; budget?: number; partial?: boolean } = {},
): Promise<void> {
  const budget = options.budget ?? ENGINE_BUDGET_BYTES;
  // A failed reading of the engine's memory does not stop a load: the engine's own limits still hold.
  const held = await engineMemoryBytes(engine).catch(() => 0);
  const { fits, needed } = loadFits(format, size * (options.share ?? 1), held, budget);
  if (!fits) {
    const partial = options.partial ?? PARTIAL_LOAD_FORMATS.includes(format);
    throw new IngestError(fileName, { code: 'memoryShort', params: { size, needed, held, budget, format, partial } });
  }
}
