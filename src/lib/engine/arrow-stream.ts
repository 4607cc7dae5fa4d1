import type { NextArrowMessage } from './backend';

/** duckdb-wasm's raw calls for a pending, streamed result on one connection (async in the browser, sync in Node). */
export interface PendingResultCalls {
  start(): Uint8Array | null | Promise<Uint8Array | null>;
  poll(): Uint8Array | null | Promise<Uint8Array | null>;
  fetch(): Uint8Array | null | Promise<Uint8Array | null>;
}

/**
 * Starts the result and reads it as duckdb-wasm's own stream iterator does
 * (schema message first, then one batch per fetch until an empty one), but
 * hands out the bytes undecoded.
 */
export async function readPendingResult(calls: PendingResultCalls): Promise<NextArrowMessage> {
  let header = await calls.start();
  while (header === null) header = await calls.poll();
  let first: Uint8Array | null = header;
  let ended = false;
  return async () => {
    if (first) {
      const schema = first;
      first = null;
      return schema;
    }
    if (ended) return null;
    let batch: Uint8Array | null = null;
    while (batch === null) batch = await calls.fetch();
    ended = batch.length === 0;
    return ended ? null : batch;
  };
}

/** The end-of-stream marker of the Arrow IPC stream format (continuation token, zero length). */
export const ARROW_STREAM_END = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
