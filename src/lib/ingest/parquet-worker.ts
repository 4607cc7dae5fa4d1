/// <reference lib="webworker" />
/**
 * One parquet-wasm instance per worker (see parquet-isolate.ts): the page
 * terminates this worker after its file, or as soon as the wasm traps.
 */
import init, * as parquet from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { serveParquet, type ParquetRequest, type ParquetWasmReader } from './parquet-isolate';

const ready = init({ module_or_path: wasmUrl });
const serve = serveParquet(parquet as unknown as ParquetWasmReader, (message, transfer) => self.postMessage(message, transfer));

self.onmessage = (event: MessageEvent<ParquetRequest>) => {
  void ready.then(
    () => serve(event.data),
    // No instance (the wasm could not be fetched or compiled): say so rather than leave the page waiting.
    (error: unknown) => self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
