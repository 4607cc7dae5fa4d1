/**
 * The real DuckDB-WASM engine for unit tests: duckdb-wasm's Node build runs
 * the same wasm synchronously; this adapter gives it the DuckBackend shape.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { DuckBackend, Lane } from '../../../src/lib/engine/backend';
import { Engine } from '../../../src/lib/engine/engine';
import { readPendingResult } from '../../../src/lib/engine/arrow-stream';
import type { IngestDeps } from '../../../src/lib/ingest/deps';
import { parseWorkbook } from '../../../src/lib/ingest/xlsx-parse';
import { Worker as NodeWorker } from 'node:worker_threads';
import { parquetCodecFrom, type ParquetReadLimits, type ParquetWasmModule } from '../../../src/lib/ingest/parquet-codec';
import type { ParquetWorkerPort } from '../../../src/lib/ingest/parquet-isolate';

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const DIST = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

export function createNodeBackend(): DuckBackend {
  let db: any;
  const connections = new Map<Lane, any>();
  const conn = (lane: Lane) => {
    let c = connections.get(lane);
    if (!c) {
      c = db.connect();
      connections.set(lane, c);
    }
    return c;
  };
  return {
    async open() {
      const bundles = {
        mvp: { mainModule: join(DIST, 'duckdb-mvp.wasm'), mainWorker: join(DIST, 'duckdb-node-mvp.worker.cjs') },
        eh: { mainModule: join(DIST, 'duckdb-eh.wasm'), mainWorker: join(DIST, 'duckdb-node-eh.worker.cjs') },
      };
      db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
      await db.instantiate();
      db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
    },
    async query(sql: string, lane: Lane, options: { single?: boolean } = {}): Promise<Table> {
      // The Node build bundles its own copy of apache-arrow; take the IPC
      // bytes and decode them with the app's copy, as the browser build does.
      const bytes: Uint8Array = conn(lane).useUnsafe((bindings: any, id: number) => {
        if (!options.single) return bindings.runQuery(id, sql);
        const statement = bindings.createPrepared(id, sql);
        try {
          return bindings.runPrepared(id, statement, []);
        } finally {
          bindings.closePrepared(id, statement);
        }
      });
      return tableFromIPC(bytes);
    },
    async streamArrowIPC(sql: string, lane: Lane) {
      // The same raw calls as the browser adapter, synchronous here.
      const id: number = conn(lane).useUnsafe((_bindings: any, connId: number) => connId);
      return readPendingResult({
        start: () => db.startPendingQuery(id, sql, true),
        poll: () => db.pollPendingQuery(id),
        fetch: () => db.fetchQueryResults(id),
      });
    },
    async closeLane(lane: Lane) {
      connections.get(lane)?.close();
      connections.delete(lane);
    },
    async cancel() {
      // The blocking build runs each statement to completion; nothing to interrupt.
    },
    async registerFileBuffer(path, bytes) {
      db.registerFileBuffer(path, bytes);
    },
    async registerFile(path, file) {
      db.registerFileBuffer(path, new Uint8Array(await file.arrayBuffer()));
    },
    async dropFile(path) {
      db.dropFile(path);
    },
    async copyFileToBuffer(path) {
      return db.copyFileToBuffer(path);
    },
    async insertArrowIPC(bytes, target, lane) {
      conn(lane).insertArrowFromIPCStream(bytes, { schema: target.schema, name: target.name, create: !target.append });
    },
    async insertJSONRows(path, target, lane) {
      conn(lane).insertJSONFromPath(path, { schema: target.schema, name: target.name });
    },
    async terminate() {
      for (const c of connections.values()) c.close();
      connections.clear();
      db?.reset?.();
      db = undefined;
    },
    onCrash() {},
    onProgress() {},
  };
}

export async function startNodeEngine(): Promise<Engine> {
  const engine = new Engine(createNodeBackend);
  await engine.start();
  return engine;
}

/** parquet-wasm in a worker thread per file, as the browser runs it in a Web Worker (see parquet-isolate.ts). */
export function spawnNodeParquetWorker(): ParquetWorkerPort {
  const worker = new NodeWorker(new URL('./parquet-node-worker.mjs', import.meta.url));
  return {
    post: (request) => worker.postMessage(request),
    listen(onReply, onFailure) {
      worker.on('message', onReply);
      worker.on('error', (error) => onFailure(error.message));
      worker.on('exit', (code) => onFailure(`exited with ${code}`));
    },
    terminate: () => void worker.terminate(),
  };
}

export async function nodeIngestDeps(limits?: ParquetReadLimits): Promise<IngestDeps> {
  const parquet = await import('parquet-wasm');
  return {
    loadParquet: async () => parquetCodecFrom(parquet as unknown as ParquetWasmModule, spawnNodeParquetWorker, limits),
    readWorkbook: parseWorkbook,
  };
}

/** Runs SQL and returns plain rows (tests only: fine for small results). */
export async function rows(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
  const table = await engine.query(sql);
  return table.toArray().map((row: any) => row.toJSON());
}

/** A Blob holding these bytes, as a dropped File would. */
export function blobOf(bytes: Uint8Array): Blob {
  return new Blob([bytes as BlobPart]);
}
