import type { ParquetCodec } from './deps';

/** The parts of parquet-wasm we use (its browser and Node builds share them). */
interface ParquetWasmFile {
  metadata(): { numRowGroups(): number };
  schema(): { intoIPCStream(): Uint8Array };
  read(options: { rowGroups: number[] }): Promise<{ intoIPCStream(): Uint8Array }>;
  free(): void;
}

export interface ParquetWasmModule {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
  ParquetFile: { fromFile(file: Blob): Promise<ParquetWasmFile> };
  writeParquet(table: never): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
}

/** Wraps an initialized parquet-wasm module as the codec the readers and exporters use. */
export function parquetCodecFrom(module: ParquetWasmModule): ParquetCodec {
  return {
    parquetToArrowIPC: (bytes) => module.readParquet(bytes).intoIPCStream(),
    async *readRowGroups(blob) {
      const file = await module.ParquetFile.fromFile(blob);
      try {
        const count = file.metadata().numRowGroups();
        if (count === 0) yield file.schema().intoIPCStream();
        for (let group = 0; group < count; group++) yield (await file.read({ rowGroups: [group] })).intoIPCStream();
      } finally {
        file.free();
      }
    },
    arrowIPCToParquet: (ipc) => module.writeParquet(module.Table.fromIPCStream(ipc) as never),
  };
}
