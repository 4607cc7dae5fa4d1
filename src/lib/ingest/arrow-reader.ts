import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';

/** Arrow IPC: streams go to DuckDB as they are; files (and Feather v2) are re-framed as a stream. */
export async function loadArrow(ctx: LoadContext): Promise<LoadedPart[]> {
  let ipc: Uint8Array;
  try {
    const table = tableFromIPC(ctx.bytes);
    if (table.numCols === 0) throw new Error('it has no columns');
    const isStream = ctx.bytes[0] === 0xff && ctx.bytes[1] === 0xff;
    ipc = isStream ? ctx.bytes : tableToIPC(table, 'stream');
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new IngestError(ctx.fileName, 'ingest.error.arrow', 'ingest.error.arrow.hint', { cause });
  }
  await ctx.engine.insertArrowIPC(ipc, { schema: 'main', name: ctx.stagingName });
  return [{ stagingName: ctx.stagingName }];
}

/** Parquet is decoded by parquet-wasm into Arrow, since DuckDB's parquet extension is not available offline. */
export async function loadParquet(ctx: LoadContext): Promise<LoadedPart[]> {
  const codec = await ctx.deps.loadParquet();
  let ipc: Uint8Array;
  try {
    ipc = codec.parquetToArrowIPC(ctx.bytes);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new IngestError(ctx.fileName, 'ingest.error.parquet', 'ingest.error.parquet.hint', { cause });
  }
  await ctx.engine.insertArrowIPC(ipc, { schema: 'main', name: ctx.stagingName });
  return [{ stagingName: ctx.stagingName }];
}
