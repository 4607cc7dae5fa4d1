/** A JSON file as a table: its rows as an Arrow IPC stream, and the columns kept as JSON text (their values vary in shape). */
export interface ParsedJson {
  ipc: Uint8Array;
  textColumns: string[];
}

/** A workbook cell as read-excel-file gives it. */
export type CellValue = string | number | boolean | Date | null;

export interface WorkbookSheet {
  name: string;
  rows: CellValue[][];
}

/** Parquet <-> Arrow IPC stream, done by parquet-wasm (loaded lazily in the browser). */
export interface ParquetCodec {
  parquetToArrowIPC(bytes: Uint8Array): Uint8Array;
  /**
   * Decodes a Parquet file one row group at a time, each as an Arrow IPC
   * stream, so a large file never sits decoded in memory all at once.
   * Each file gets a parquet-wasm instance of its own (a worker): a crash
   * fails that file only. Fails with a ParquetDecodeError (parquet-codec.ts).
   */
  readRowGroups(file: Blob): AsyncIterable<Uint8Array>;
  arrowIPCToParquet(ipc: Uint8Array): Uint8Array;
}

/**
 * What the readers need that differs between the browser (lazy wasm, a
 * worker for XLSX) and Node tests (the same libraries, loaded directly).
 */
export interface IngestDeps {
  loadParquet(): Promise<ParquetCodec>;
  /**
   * Parses a workbook. `signal` aborts when the load is cancelled or runs out
   * of time: the browser then ends the worker, whatever the parser was doing.
   */
  readWorkbook(bytes: Uint8Array, signal?: AbortSignal): Promise<WorkbookSheet[]>;
  /**
   * Parses a JSON or NDJSON file to Arrow IPC off the main thread (the
   * browser's worker); absent, the reader parses on its own thread. Rejects
   * with the IngestError the parser raised (its line and column kept).
   */
  parseJson?(bytes: Uint8Array, flavour: 'json' | 'ndjson', fileName: string, signal?: AbortSignal): Promise<ParsedJson>;
  /** How long a workbook of `size` bytes may take to parse (tests shorten it); default workbookBudgetMs. */
  workbookBudgetMs?: (size: number) => number;
  /** The engine memory a new load may bring the total to (tests lower it); default ENGINE_BUDGET_BYTES. */
  memoryBudget?: () => number;
}

/**
 * A workbook parser that loops or explodes must not hold the load forever:
 * a minute, and ten seconds more per MB (about ten times what real
 * workbooks took here; a 30 MB one parsed in 28 s on this 2-core machine).
 */
export function workbookBudgetMs(size: number): number {
  return 60_000 + 10_000 * (size / 1_000_000);
}
