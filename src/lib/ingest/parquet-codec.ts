import type { ParquetCodec } from './deps';

/** The parts of parquet-wasm we use (its browser and Node builds share them). */
export interface ParquetWasmModule {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
  writeParquet(table: never): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
}

/** Wraps an initialized parquet-wasm module as the codec the readers and exporters use. */
export function parquetCodecFrom(module: ParquetWasmModule): ParquetCodec {
  return {
    parquetToArrowIPC: (bytes) => module.readParquet(bytes).intoIPCStream(),
    arrowIPCToParquet: (ipc) => module.writeParquet(module.Table.fromIPCStream(ipc) as never),
  };
}
