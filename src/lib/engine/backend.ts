import type { Table } from 'apache-arrow';

/**
 * Lanes are separate DuckDB connections. The worker executes one thing at a
 * time, but a pending query yields between polls, so a cheap read on the
 * "internal" lane (a grid page, the schema) is not stuck behind a long user
 * query, and cancelling one lane never disturbs another. Profiles run on
 * their own lane so they never hold up the editor, and dashboards build their
 * pre-aggregated indexes on theirs while brushing queries keep running.
 */
export type Lane = 'user' | 'load' | 'internal' | 'profile' | 'snapshot' | 'index';

/** The next Arrow IPC message of a streamed result (the schema first), or null at its end. */
export type NextArrowMessage = () => Promise<Uint8Array | null>;

export interface ExecutionProgress {
  /** 0..100, as DuckDB reports it; -1 when unknown. */
  percentage: number;
}

/**
 * The smallest surface the app needs from DuckDB. The browser implements it
 * over duckdb-wasm's Web Worker; unit tests implement it over the same wasm
 * running synchronously in Node.
 */
export interface DuckBackend {
  open(): Promise<void>;
  /**
   * Runs SQL. With `single`, it runs as a prepared statement, which DuckDB
   * refuses to make of more than one statement: for SQL the app builds
   * around text it did not write (chart sources, describes, results).
   */
  query(sql: string, lane: Lane, options?: { single?: boolean }): Promise<Table>;
  /** Asks DuckDB to interrupt what is running on the lane; resolves at once. */
  cancel(lane: Lane): Promise<void>;
  registerFileBuffer(path: string, bytes: Uint8Array): Promise<void>;
  /** Makes a File/Blob readable by DuckDB at `path` without copying it first (the worker reads it as needed). */
  registerFile(path: string, file: Blob): Promise<void>;
  dropFile(path: string): Promise<void>;
  copyFileToBuffer(path: string): Promise<Uint8Array>;
  /** Creates the target table from an Arrow IPC stream, or appends to it when `append` is set. */
  insertArrowIPC(bytes: Uint8Array, target: ArrowTarget, lane: Lane): Promise<void>;
  insertJSONRows(path: string, target: { schema: string; name: string }, lane: Lane): Promise<void>;
  /**
   * Starts `sql` as a streamed result on the lane and resolves once it has
   * started (its view of the data is fixed from then on: DuckDB's MVCC), to a
   * reader of its raw Arrow IPC messages. They are never decoded on the page;
   * one batch is fetched per call, so other lanes' statements run between them.
   * The lane must not be used for anything else until the reader returns null.
   */
  streamArrowIPC(sql: string, lane: Lane): Promise<NextArrowMessage>;
  /** Closes the lane's connection (the next statement opens a new one): after a failed Arrow insert, whose half-read stream the connection would otherwise keep. */
  closeLane(lane: Lane): Promise<void>;
  /** Ends the instance for good (the worker is terminated). */
  terminate(): Promise<void>;
  /** Called when the instance dies underneath us (worker error, wasm trap). */
  onCrash(listener: (reason: string) => void): void;
  onProgress(listener: (progress: ExecutionProgress) => void): void;
  /** Kills the instance the way a crash would, reporting it through onCrash (used by the recovery test). */
  kill?(): void;
}

export interface ArrowTarget {
  schema: string;
  name: string;
  append?: boolean;
}

export type BackendFactory = () => DuckBackend;
