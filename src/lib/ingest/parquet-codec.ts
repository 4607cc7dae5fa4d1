import type { ParquetCodec } from './deps';
import { float16ColumnsToFloat32, hasFloat16Columns, int96MicrosecondHint } from './parquet-arrow-fix';
import { readParquetFooter, withFooterEntry, withLenientFooter, type ParquetFooter } from './parquet-footer';
import { ParquetIsolate, ParquetReadFailed, ParquetWorkerLost, type ParquetWorkerPort, type RowGroupInfo } from './parquet-isolate';

/** The parts of parquet-wasm used on the page itself (export, small in-memory reads). */
export interface ParquetWasmModule {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
  writeParquet(table: never): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
}

/** Why a Parquet file could not be decoded, for the reader to turn into an IngestError. */
export type ParquetFailure =
  /** parquet-wasm trapped (a wasm panic) or stopped answering: the file is malformed in a way it cannot report. */
  | { kind: 'corrupt' }
  /** A row group would take `size` bytes decoded, more than `limit`. */
  | { kind: 'tooLarge'; size: number; limit: number }
  | { kind: 'encrypted' }
  /** parquet-wasm's own words. */
  | { kind: 'failed'; cause: string };

export class ParquetDecodeError extends Error {
  constructor(readonly failure: ParquetFailure) {
    super(`parquet ${failure.kind}${failure.kind === 'failed' ? `: ${failure.cause}` : ''}`);
    this.name = 'ParquetDecodeError';
  }
}

export interface ParquetReadLimits {
  /** How long one step (open, one row group) may go without an answer. */
  stallMs: number;
  /**
   * Largest row group (uncompressed) we decode: it sits decoded in the
   * worker's wasm memory and again as Arrow, within a 4 GiB address space.
   */
  rowGroupBytes: number;
}

export const DEFAULT_PARQUET_LIMITS: ParquetReadLimits = { stallMs: 120_000, rowGroupBytes: 2 ** 30 };

const ARROW_SCHEMA_KEY = 'ARROW:schema';

function failureOf(error: unknown): ParquetFailure {
  if (error instanceof ParquetDecodeError) return error.failure;
  if (error instanceof ParquetWorkerLost) return { kind: 'corrupt' };
  const cause = error instanceof Error ? error.message : String(error);
  if (error instanceof ParquetReadFailed && /encrypt/i.test(cause)) return { kind: 'encrypted' };
  return { kind: 'failed', cause };
}

/** The footer when we can read it; parquet-wasm words the error when we cannot. */
async function footerOf(file: Blob): Promise<ParquetFooter | undefined> {
  try {
    return await readParquetFooter(file);
  } catch {
    return undefined;
  }
}

/**
 * Opens the file; when parquet-wasm refuses its footer, once more with a
 * lenient footer (native DuckDB reads such files). Returns what was opened.
 */
async function openLeniently(isolate: ParquetIsolate, file: Blob, footer: ParquetFooter | undefined) {
  try {
    return { file, footer, ...(await isolate.open(file)) };
  } catch (error) {
    const lenient = error instanceof ParquetReadFailed && footer ? withLenientFooter(file, footer) : undefined;
    if (!lenient) throw error;
    // If the lenient footer does not help either, the first error says more.
    const opened = await isolate.open(lenient).catch(() => Promise.reject(error));
    return { file: lenient, footer: await footerOf(lenient), ...opened };
  }
}

/** Opens the file, with the INT96 microsecond hint in its footer when it has INT96 columns. */
async function openFile(isolate: ParquetIsolate, original: Blob, originalFooter: ParquetFooter | undefined) {
  const { file, footer, ...opened } = await openLeniently(isolate, original, originalFooter);
  if (!footer || footer.int96Columns.length === 0) return opened;
  const hint = int96MicrosecondHint(opened.schema, footer.int96Columns);
  return hint === undefined ? opened : isolate.open(withFooterEntry(file, footer, ARROW_SCHEMA_KEY, hint));
}

function refuseHugeRowGroups(groups: RowGroupInfo[], limit: number): void {
  const largest = Math.max(0, ...groups.map((group) => group.bytes));
  if (largest > limit) throw new ParquetDecodeError({ kind: 'tooLarge', size: largest, limit });
}

async function* decodeRowGroups(file: Blob, spawn: () => ParquetWorkerPort, limits: ParquetReadLimits): AsyncGenerator<Uint8Array> {
  const footer = await footerOf(file);
  if (footer?.encrypted) throw new ParquetDecodeError({ kind: 'encrypted' });
  const isolate = new ParquetIsolate(spawn(), limits.stallMs);
  try {
    const { groups, schema } = await openFile(isolate, file, footer);
    refuseHugeRowGroups(groups, limits.rowGroupBytes);
    const convert = hasFloat16Columns(schema) ? float16ColumnsToFloat32 : (ipc: Uint8Array) => ipc;
    if (groups.length === 0) yield convert(schema);
    // The next row group decodes in the worker while the engine inserts this
    // one: decoding and inserting run on two cores instead of taking turns.
    let next = groups.length > 0 ? isolate.readRowGroup(0) : undefined;
    for (let group = 0; group < groups.length; group++) {
      const current = await next;
      next = group + 1 < groups.length ? isolate.readRowGroup(group + 1) : undefined;
      // Not awaited when the reader stops early (a cancel): the worker's end rejects it.
      next?.catch(() => undefined);
      yield convert(current as Uint8Array);
    }
  } finally {
    // One worker per file: its wasm memory (which never shrinks) goes with it.
    isolate.dispose();
  }
}

/**
 * The codec the readers and exporters use: reading goes through a worker
 * per file (`spawn`); writing runs on the page's own parquet-wasm instance.
 */
export function parquetCodecFrom(module: ParquetWasmModule, spawn: () => ParquetWorkerPort, limits: ParquetReadLimits = DEFAULT_PARQUET_LIMITS): ParquetCodec {
  return {
    parquetToArrowIPC: (bytes) => module.readParquet(bytes).intoIPCStream(),
    async *readRowGroups(blob) {
      const groups = decodeRowGroups(blob, spawn, limits);
      try {
        yield* groups;
      } catch (error) {
        throw new ParquetDecodeError(failureOf(error));
      }
    },
    arrowIPCToParquet: (ipc) => module.writeParquet(module.Table.fromIPCStream(ipc) as never),
  };
}
