/**
 * Browser adapter: duckdb-wasm's own Web Worker, bundled by Vite from
 * node_modules (the "eh" build: wasm exceptions, no threads, no
 * SharedArrayBuffer, so no cross-origin isolation is needed).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { Table, type AsyncRecordBatchStreamReader } from 'apache-arrow';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import sameOriginWorkerUrl from './same-origin-worker.js?url';
import type { DuckBackend, ExecutionProgress, Lane } from './backend';
import { readPendingResult } from './arrow-stream';

/** The AsyncDuckDB members we use that its typings mark protected. */
interface ProgressHooks {
  _onExecutionProgress: Array<(entry: duckdb.ProgressEntry) => void>;
}

/** The connection id AsyncDuckDBConnection keeps private (the worker's raw streaming calls need it). */
interface ConnectionId {
  _conn: number;
}

async function readAll(reader: AsyncRecordBatchStreamReader): Promise<Table> {
  const batches = await reader.readAll();
  return batches.length > 0 ? new Table(batches) : new Table(reader.schema);
}

export function createWorkerBackend(): DuckBackend {
  let worker: Worker | undefined;
  let db: duckdb.AsyncDuckDB | undefined;
  const connections = new Map<Lane, duckdb.AsyncDuckDBConnection>();
  const crashListeners: Array<(reason: string) => void> = [];
  const progressListeners: Array<(progress: ExecutionProgress) => void> = [];
  let terminated = false;

  const connection = async (lane: Lane): Promise<duckdb.AsyncDuckDBConnection> => {
    if (!db) throw new Error('DuckDB is not open');
    let conn = connections.get(lane);
    if (!conn) {
      conn = await db.connect();
      connections.set(lane, conn);
    }
    return conn;
  };

  return {
    async open() {
      // Through our bootstrap, which refuses every other origin before DuckDB's script runs.
      const engineUrl = new URL(workerUrl, location.href).href;
      // DuckDB's script is named by the worker's name, not a query string, so the
      // service worker's cache matches the bootstrap's URL when offline.
      worker = new Worker(sameOriginWorkerUrl, { name: engineUrl });
      // For the benchmark: where a cold start's time goes (worker made, wasm compiled, database open).
      performance.mark('atalaya:engine-worker');
      worker.addEventListener('error', (event) => {
        if (terminated) return;
        const reason = event.message || 'worker error';
        for (const listener of crashListeners) listener(reason);
      });
      db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      (db as unknown as ProgressHooks)._onExecutionProgress.push((entry) => {
        const percentage = Number(entry.percentage);
        for (const listener of progressListeners) listener({ percentage: Number.isFinite(percentage) ? percentage : -1 });
      });
      await db.instantiate(wasmUrl);
      performance.mark('atalaya:engine-instantiated');
      await db.open({
        query: { castBigIntToDouble: false, castDecimalToDouble: false },
        filesystem: { allowFullHTTPReads: false },
      });
      performance.mark('atalaya:engine-opened');
    },
    async query(sql, lane, options = {}) {
      const conn = await connection(lane);
      if (options.single) {
        const statement = await conn.prepare(sql);
        try {
          if (lane === 'internal') return await statement.query();
          return await readAll(await statement.send());
        } finally {
          await statement.close().catch(() => undefined);
        }
      }
      // Internal reads are short and never cancelled: one round trip.
      if (lane === 'internal') return conn.query(sql);
      // send() runs the statement as a pending query that the worker polls,
      // which is what lets cancelSent() interrupt it.
      return readAll(await conn.send(sql, false));
    },
    async cancel(lane) {
      await connections.get(lane)?.cancelSent();
    },
    async registerFileBuffer(path, bytes) {
      await db?.registerFileBuffer(path, bytes);
    },
    async registerFile(path, file) {
      await db?.registerFileHandle(path, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    },
    async dropFile(path) {
      await db?.dropFile(path);
    },
    async copyFileToBuffer(path) {
      if (!db) throw new Error('DuckDB is not open');
      return db.copyFileToBuffer(path);
    },
    async insertArrowIPC(bytes, target, lane) {
      const conn = await connection(lane);
      await conn.insertArrowFromIPCStream(bytes, { schema: target.schema, name: target.name, create: !target.append });
    },
    async insertJSONRows(path, target, lane) {
      const conn = await connection(lane);
      // The shape is detected from the text (always an array of row objects here).
      await conn.insertJSONFromPath(path, { schema: target.schema, name: target.name });
    },
    async streamArrowIPC(sql, lane) {
      const conn = await connection(lane);
      const id = (conn as unknown as ConnectionId)._conn;
      const bindings = db;
      if (!bindings) throw new Error('DuckDB is not open');
      // What AsyncDuckDBConnection.send does, minus the decoding: the bytes stay bytes.
      return readPendingResult({
        start: () => bindings.startPendingQuery(id, sql, true),
        poll: () => bindings.pollPendingQuery(id),
        fetch: () => bindings.fetchQueryResults(id),
      });
    },
    async closeLane(lane) {
      const conn = connections.get(lane);
      connections.delete(lane);
      await conn?.close();
    },
    async terminate() {
      terminated = true;
      connections.clear();
      // terminate() on AsyncDuckDB waits for the worker; a hung worker would
      // hang us too, so kill the Worker object directly.
      worker?.terminate();
      worker = undefined;
      db = undefined;
    },
    kill() {
      worker?.terminate();
      for (const listener of crashListeners) listener('the engine worker was terminated');
    },
    onCrash(listener) {
      crashListeners.push(listener);
    },
    onProgress(listener) {
      progressListeners.push(listener);
    },
  };
}
