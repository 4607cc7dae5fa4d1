import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { messageOf } from '../engine';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';

/** Arrow IPC: streams go to DuckDB as they are; files (and Feather v2) are re-framed as a stream. */
export async function loadArrow(ctx: LoadContext): Promise<LoadedPart[]> {
  const bytes = await ctx.readBytes();
  ctx.startParsing();
  let ipc: Uint8Array;
  try {
    const table = tableFromIPC(bytes);
    if (table.numCols === 0) throw new IngestError(ctx.fileName, { code: 'arrowNoColumns', params: {} });
    const isStream = bytes[0] === 0xff && bytes[1] === 0xff;
    ipc = isStream ? bytes : tableToIPC(table, 'stream');
  } catch (error) {
    if (error instanceof IngestError) throw error;
    const cause = error instanceof Error ? error.message : String(error);
    throw new IngestError(ctx.fileName, { code: 'arrow', params: { cause } });
  }
  await ctx.engine.insertArrowIPC(ipc, { schema: 'main', name: ctx.stagingName });
  return [{ stagingName: ctx.stagingName }];
}

/**
 * Parquet is decoded by parquet-wasm into Arrow (DuckDB's parquet extension
 * is not available offline), one row group at a time: the first creates the
 * table, the others append, and a cancel takes effect between row groups.
 */
export async function loadParquet(ctx: LoadContext): Promise<LoadedPart[]> {
  const codec = await ctx.deps.loadParquet();
  ctx.startParsing();
  const groups = codec.readRowGroups(ctx.file)[Symbol.asyncIterator]();
  for (let index = 0; ; index++) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await groups.next();
    } catch (error) {
      const cause = messageOf(error);
      throw new IngestError(ctx.fileName, { code: 'parquet', params: { cause } });
    }
    if (next.done) break;
    ctx.signal?.throwIfAborted();
    await ctx.engine.insertArrowIPC(next.value, { schema: 'main', name: ctx.stagingName, append: index > 0 });
  }
  return [{ stagingName: ctx.stagingName }];
}
