/**
 * Table snapshots: a dataset's table stored as the engine built it (Arrow
 * IPC), loaded on reload instead of parsing the file again — and never
 * trusted when it does not give back the same table.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/lib/engine';
import { AtalayaDatabase, SNAPSHOT_FORMAT, snapshotKey, WorkspaceStore } from '../../src/lib/store';
import { Workbench } from '../../src/ui/workbench.svelte';
import type { SnapshotLimits } from '../../src/ui/core/table-snapshots';
import type { IngestDeps } from '../../src/lib/ingest';
import { createNodeBackend, nodeIngestDeps, rows } from './helpers/node-engine';

const ALWAYS: SnapshotLimits = { minFileBytes: 0, maxSnapshotBytes: 1 << 30 };
const CSV = ['id,name,amount,day', ...Array.from({ length: 3000 }, (_, i) => `${i},name ${i % 17},${(i * 1.25).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`)].join('\n');
const CHECKSUM = 'SELECT count(*)::INT AS n, sum(hash(id, name, amount, day))::VARCHAR AS h FROM sales';

let engine: Engine;
let deps: IngestDeps;
const open: Array<{ bench: Workbench; store: WorkspaceStore }> = [];

beforeAll(async () => {
  deps = await nodeIngestDeps();
  engine = new Engine(createNodeBackend);
  await engine.start();
});
afterAll(() => engine.terminate());
afterEach(async () => {
  for (const { bench, store } of open.splice(0)) {
    bench.dispose();
    store.close();
  }
  for (const row of await rows(engine, "SELECT table_name AS t FROM duckdb_tables() WHERE NOT internal")) await engine.query(`DROP TABLE IF EXISTS "${String(row.t)}"`);
});

async function openBench(factory: IDBFactory, limits: SnapshotLimits = ALWAYS): Promise<{ bench: Workbench; store: WorkspaceStore }> {
  const store = new WorkspaceStore(new AtalayaDatabase('atalaya-snapshots', { indexedDB: factory, IDBKeyRange }));
  const bench = new Workbench(engine, deps, store, { snapshotLimits: limits });
  await bench.start();
  const opened = { bench, store };
  open.push(opened);
  return opened;
}

/** A new tab over the same storage: the engine emptied, a new workbench. */
async function reload(factory: IDBFactory, from: { bench: Workbench; store: WorkspaceStore }, limits?: SnapshotLimits) {
  await from.bench.sync.settled();
  await from.bench.session.flush();
  from.bench.dispose();
  from.store.close();
  open.splice(open.indexOf(from), 1);
  await engine.query('DROP TABLE IF EXISTS sales');
  const next = await openBench(factory, limits);
  await next.bench.sync.settled();
  return next;
}

async function loadSales(factory: IDBFactory) {
  const opened = await openBench(factory);
  await opened.bench.datasets.openFiles([new File([CSV], 'sales.csv')]);
  await opened.bench.sync.settled();
  return opened;
}

/** Deletes a dataset's original bytes from storage, so only its snapshot can bring it back. */
async function dropOriginalBytes(store: WorkspaceStore, hash: string): Promise<void> {
  await store.db.chunks.where('hash').equals(hash).delete();
  await store.db.blobs.delete(hash);
}

describe('table snapshots', () => {
  it('are of the installed engine (bump SNAPSHOT_FORMAT with duckdb-wasm)', () => {
    const installed = JSON.parse(readFileSync('node_modules/@duckdb/duckdb-wasm/package.json', 'utf8')) as { version: string };
    expect(SNAPSHOT_FORMAT).toContain(installed.version);
  });

  it('bring a table back after a reload without its file, with every value', async () => {
    const factory = new IDBFactory();
    const first = await loadSales(factory);
    const before = await rows(engine, CHECKSUM);
    const hash = first.bench.session.doc.datasets[0]!.hash;
    expect(await first.store.getSnapshot({ hash })).toBeDefined();
    await dropOriginalBytes(first.store, hash);
    const second = await reload(factory, first);
    expect(second.bench.board.notices.filter((notice) => notice.kind === 'error')).toEqual([]);
    expect(await rows(engine, CHECKSUM)).toEqual(before);
    expect(second.bench.sync.tables.find((table) => table.name === 'sales')?.columns.map((column) => column.type)).toEqual(['BIGINT', 'VARCHAR', 'DOUBLE', 'DATE']);
  });

  it('hold the table as the file gave it: a later SQL change is not in it', async () => {
    const factory = new IDBFactory();
    const first = await loadSales(factory);
    const before = await rows(engine, CHECKSUM);
    await engine.query('UPDATE sales SET amount = 0', { lane: 'user' });
    const second = await reload(factory, first);
    expect(await rows(engine, CHECKSUM)).toEqual(before);
    expect(second.bench.session.doc.datasets).toHaveLength(1);
  });

  it('are not used when they would give other columns: the file is read again', async () => {
    const factory = new IDBFactory();
    const first = await loadSales(factory);
    const before = await rows(engine, CHECKSUM);
    const hash = first.bench.session.doc.datasets[0]!.hash;
    // As if another engine version had written it: the recorded types differ from what it loads as.
    await first.store.db.meta.update(snapshotKey({ hash }), { value: { columns: [{ name: 'id', type: 'HUGEINT' }] } });
    await reload(factory, first);
    expect(await rows(engine, CHECKSUM)).toEqual(before);
  });

  it('that cannot be read fall back to the file', async () => {
    const factory = new IDBFactory();
    const first = await loadSales(factory);
    const before = await rows(engine, CHECKSUM);
    const key = snapshotKey({ hash: first.bench.session.doc.datasets[0]!.hash });
    await first.store.db.chunks.where('hash').equals(key).modify({ bytes: new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]) });
    await first.store.db.blobs.update(key, { size: 8 });
    const second = await reload(factory, first);
    expect(second.bench.board.notices.filter((notice) => notice.kind === 'error')).toEqual([]);
    expect(await rows(engine, CHECKSUM)).toEqual(before);
    // The bad snapshot was replaced by a good one, taken as the file was read again.
    await second.bench.sync.settled();
    expect((await second.store.getSnapshot({ hash: first.bench.session.doc.datasets[0]!.hash }))?.blob.size).toBeGreaterThan(8);
    // The failed read leaves nothing behind on the connection: the next Arrow insert makes its table.
    const good = await engine.exportArrowIPC('SELECT 1 AS one', { maxBytes: 1000 }).result;
    await engine.insertArrowIPC(new Uint8Array(await good!.arrayBuffer()), { schema: 'main', name: 'after_bad_snapshot' });
    expect(await rows(engine, 'SELECT one FROM after_bad_snapshot')).toEqual([{ one: 1 }]);
  });

  it('are not taken below the size limit, and are collected with their dataset', async () => {
    const factory = new IDBFactory();
    const small = await openBench(factory, { minFileBytes: 1 << 30, maxSnapshotBytes: 1 << 30 });
    await small.bench.datasets.openFiles([new File([CSV], 'sales.csv')]);
    await small.bench.sync.settled();
    const hash = small.bench.session.doc.datasets[0]!.hash;
    expect(await small.store.getSnapshot({ hash })).toBeUndefined();

    const store = small.store;
    await store.putSnapshot({ hash }, new Blob(['x']), []);
    await store.putSnapshot({ hash: 'sha256:gone' }, new Blob(['y']), []);
    await store.db.blobs.put({ hash: snapshotKey({ hash }, 'arrow0-old'), size: 1, chunkCount: 1, complete: true, createdAt: 0 });
    await small.bench.session.flush();
    const later = Date.now() + 2 * 60 * 60 * 1000;
    await store.collectGarbage(later);
    const keys = (await store.db.blobs.toCollection().primaryKeys()).map(String);
    expect(keys).toContain(snapshotKey({ hash }));
    expect(keys).not.toContain(snapshotKey({ hash: 'sha256:gone' }));
    expect(keys).not.toContain(snapshotKey({ hash }, 'arrow0-old'));
    expect(await store.db.meta.get(snapshotKey({ hash: 'sha256:gone' }))).toBeUndefined();
  });

  it('export what the table held when the export started, whatever other lanes do meanwhile (MVCC)', async () => {
    await engine.query(`CREATE TABLE sales AS SELECT range AS id, 'n' || range AS name, range * 2.5 AS amount, DATE '2024-01-01' + range::INT AS day FROM range(20000)`);
    const before = await rows(engine, CHECKSUM);
    const exporting = engine.exportArrowIPC('SELECT * FROM sales', { maxBytes: 1 << 30 });
    await exporting.started;
    await engine.query('UPDATE sales SET amount = -1', { lane: 'user' });
    await engine.query('DROP TABLE sales', { lane: 'user' });
    const blob = await exporting.result;
    await engine.insertArrowIPC(new Uint8Array(await blob!.arrayBuffer()), { schema: 'main', name: 'sales' });
    expect(await rows(engine, CHECKSUM)).toEqual(before);
    const capped = engine.exportArrowIPC('SELECT * FROM sales', { maxBytes: 1000 });
    expect(await capped.result).toBeUndefined();
    expect(await rows(engine, 'SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
  });
});
