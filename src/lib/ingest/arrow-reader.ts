import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { messageOf, quoteIdentifier } from '../engine';
import { IngestError, type IngestProblem } from './ingest-error';
import { ParquetDecodeError, type ParquetFailure } from './parquet-codec';
import type { LoadContext, LoadedPart } from './load-context';
import { checkSubsetColumns, columnNamesOf, projectionSql, sampleSql } from './load-subset';

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

/** How a Parquet decoding failure reads as a problem with the file. */
function parquetProblem(error: unknown): IngestProblem {
  const failure: ParquetFailure = error instanceof ParquetDecodeError ? error.failure : { kind: 'failed', cause: messageOf(error) };
  switch (failure.kind) {
    case 'corrupt':
      return { code: 'parquetCorrupt', params: {} };
    case 'encrypted':
      return { code: 'parquetEncrypted', params: {} };
    case 'tooLarge':
      return { code: 'parquetTooLarge', params: { size: failure.size, limit: failure.limit } };
    case 'failed':
      return { code: 'parquet', params: { cause: failure.cause } };
  }
}

/**
 * A row group cut to a subset (load-subset.ts) on its way in: it lands in a
 * scratch table, the chosen columns and sampled rows move on, and the scratch
 * table goes, so the engine holds one whole row group at most.
 */
async function insertPartOfRowGroup(ctx: LoadContext, ipc: Uint8Array, index: number): Promise<void> {
  const group = `${ctx.scratchPrefix}_group`;
  const quoted = quoteIdentifier(group);
  await ctx.engine.insertArrowIPC(ipc, { schema: 'main', name: group });
  try {
    if (index === 0) checkSubsetColumns(ctx.fileName, await columnNamesOf(ctx.engine, quoted), ctx.subset);
    const rows = `SELECT ${projectionSql(ctx.subset)} FROM ${quoted}${sampleSql(ctx.subset, index)}`;
    const staging = quoteIdentifier(ctx.stagingName);
    await ctx.engine.query(index === 0 ? `CREATE TABLE ${staging} AS ${rows}` : `INSERT INTO ${staging} ${rows}`, { lane: 'load' });
  } finally {
    await ctx.engine.query(`DROP TABLE IF EXISTS ${quoted}`, { lane: 'load' });
  }
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
  try {
    for (let index = 0; ; index++) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await groups.next();
      } catch (error) {
        throw new IngestError(ctx.fileName, parquetProblem(error), {}, error);
      }
      if (next.done) break;
      ctx.signal?.throwIfAborted();
      if (ctx.subset) await insertPartOfRowGroup(ctx, next.value, index);
      else await ctx.engine.insertArrowIPC(next.value, { schema: 'main', name: ctx.stagingName, append: index > 0 });
    }
  } finally {
    // A cancel or a failed insert stops reading: this ends the file's decoder (and its worker) now.
    await groups.return?.(undefined);
  }
  return [{ stagingName: ctx.stagingName }];
}
