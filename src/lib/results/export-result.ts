import { tableToIPC } from 'apache-arrow';
import { enginePath, quoteLiteral, type Engine } from '../engine';
import type { ParquetCodec } from '../ingest/deps';
import type { QueryResult } from './run-statement';

let exportSequence = 0;

/** CSV with a header row, written by DuckDB's COPY (core, no extension needed). */
export async function exportCsv(engine: Engine, result: QueryResult): Promise<Uint8Array> {
  if (!result.table) return new Uint8Array();
  exportSequence += 1;
  const path = enginePath(`export_${exportSequence}.csv`);
  try {
    // Registered first and written in place (no temporary file beside it):
    // in Node an unregistered path would reach the real file system.
    await engine.registerFileBuffer(path, new Uint8Array(0));
    await engine.query(`COPY (SELECT * FROM ${result.table}) TO ${quoteLiteral(path)} (HEADER, DELIMITER ',', USE_TMP_FILE false)`);
    return await engine.copyFileToBuffer(path);
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
}

/** Parquet, written by parquet-wasm from the result's Arrow data (DuckDB's parquet extension is unavailable offline). */
export async function exportParquet(engine: Engine, codec: ParquetCodec, result: QueryResult): Promise<Uint8Array> {
  if (!result.table) return new Uint8Array();
  return tableToParquet(engine, codec, result.table);
}

/** Any table or view (as SQL, already quoted) as Parquet bytes. */
export async function tableToParquet(engine: Engine, codec: ParquetCodec, tableSql: string): Promise<Uint8Array> {
  const table = await engine.query(`SELECT * FROM ${tableSql}`);
  return codec.arrowIPCToParquet(tableToIPC(table, 'stream'));
}
