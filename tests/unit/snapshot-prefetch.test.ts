/**
 * Snapshot prefetch: on reload, the open workspace's table snapshots are read
 * from storage while the engine compiles, and the restore uses those bytes
 * instead of reading storage again. A prefetch that failed, did not fit the
 * memory bound or belongs to a workspace the person left is not used: the
 * restore reads storage as it would without one.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/lib/engine';
import { AtalayaDatabase, WorkspaceStore, type SnapshotSource } from '../../src/lib/store';
import { Workbench } from '../../src/ui/workbench.svelte';
import type { SnapshotLimits } from '../../src/ui/core/table-snapshots';
import type { IngestDeps } from '../../src/lib/ingest';
import { createNodeBackend, nodeIngestDeps, rows } from './helpers/node-engine';

const ALWAYS: SnapshotLimits = { minFileBytes: 0, maxSnapshotBytes: 1 << 30 };
const csv = (rowCount: number, seed: number) =>
  ['id,name,amount,day', ...Array.from({ length: rowCount }, (_, i) => `${i},name ${(i + seed) % 17},${(i * 1.25 + seed).toFixed(2)},2024-01-${String(((i + seed) % 28) + 1).padStart(2, '0')}`)].join('\n');
const SALES = csv(3000, 0);
const COSTS = csv(2000, 5);
const checksum = (table: string) => `SELECT count(*)::INT AS n, sum(hash(id, name, amount, day))::VARCHAR AS h FROM ${table}`;

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
  await dropAllTables();
});

async function dropAllTables(): Promise<void> {
  for (const row of await rows(engine, 'SELECT table_name AS t FROM duckdb_tables() WHERE NOT internal')) await engine.query(`DROP TABLE IF EXISTS "${String(row.t)}"`);
}

/** Runs before each snapshot read of the store (may hold it back or fail it), and counts them. */
type ReadHook = (call: number) => Promise<void> | void;

function countSnapshotReads(store: WorkspaceStore, hook?: ReadHook): { calls: number } {
  const counter = { calls: 0 };
  const read = store.getSnapshot.bind(store);
  store.getSnapshot = async (source: SnapshotSource) => {
    counter.calls += 1;
    await hook?.(counter.calls);
    return read(source);
  };
  return counter;
}

function newBench(factory: IDBFactory, limits: SnapshotLimits, hook?: ReadHook) {
  const store = new WorkspaceStore(new AtalayaDatabase('atalaya-prefetch', { indexedDB: factory, IDBKeyRange }));
  const reads = countSnapshotReads(store, hook);
  const bench = new Workbench(engine, deps, store, { snapshotLimits: limits });
  const opened = { bench, store, reads };
  open.push(opened);
  return opened;
}

async function firstSession(factory: IDBFactory, files: File[]) {
  const opened = newBench(factory, ALWAYS);
  await opened.bench.start();
  await opened.bench.datasets.openFiles(files);
  await opened.bench.sync.settled();
  return opened;
}

/** Closes a session so that the next one over the same storage is a reload with an empty engine. */
async function close(from: { bench: Workbench; store: WorkspaceStore }): Promise<void> {
  await from.bench.sync.settled();
  await from.bench.session.flush();
  from.bench.dispose();
  from.store.close();
  open.splice(open.indexOf(from), 1);
  await dropAllTables();
  performance.clearMarks();
}

/** Deletes the datasets' original bytes, so that only their snapshots can bring them back. */
async function dropOriginalBytes(store: WorkspaceStore): Promise<void> {
  const { doc } = open.find((opened) => opened.store === store)!.bench.session;
  for (const { hash } of doc.datasets) {
    await store.db.chunks.where('hash').equals(hash).delete();
    await store.db.blobs.delete(hash);
  }
}

const marked = (name: string) => performance.getEntriesByName(name).length > 0;
const errors = (bench: Workbench) => bench.board.notices.filter((notice) => notice.kind === 'error');

describe('snapshot prefetch', () => {
  it('a reload restores from the snapshot read while the engine started, without reading storage again', async () => {
    const factory = new IDBFactory();
    const first = await firstSession(factory, [new File([SALES], 'sales.csv')]);
    const before = await rows(engine, checksum('sales'));
    await dropOriginalBytes(first.store);
    await close(first);

    const second = newBench(factory, ALWAYS);
    await second.bench.start();
    await second.bench.sync.settled();
    expect(second.reads.calls).toBe(1);
    expect(marked('atalaya:snapshot-prefetched:sales')).toBe(true);
    expect(marked('atalaya:restore-snapshot:sales')).toBe(true);
    expect(errors(second.bench)).toEqual([]);
    expect(await rows(engine, checksum('sales'))).toEqual(before);
    // Used once and let go: nothing stays held.
    expect(second.bench.sync.snapshots.prefetched).toBe(0);
  });

  it('a failed prefetch is dropped: the restore reads the snapshot itself and the table comes back the same', async () => {
    const factory = new IDBFactory();
    const first = await firstSession(factory, [new File([SALES], 'sales.csv')]);
    const before = await rows(engine, checksum('sales'));
    await dropOriginalBytes(first.store);
    await close(first);

    const second = newBench(factory, ALWAYS, (call) => {
      if (call === 1) throw new Error('storage went away');
    });
    await second.bench.start();
    await second.bench.sync.settled();
    expect(second.reads.calls).toBe(2);
    expect(marked('atalaya:snapshot-prefetched:sales')).toBe(false);
    expect(marked('atalaya:restore-snapshot:sales')).toBe(true);
    expect(errors(second.bench)).toEqual([]);
    expect(await rows(engine, checksum('sales'))).toEqual(before);
    expect(second.bench.sync.snapshots.prefetched).toBe(0);
  });

  it('switching workspace while it is read drops it; the workspace still restores when opened again', async () => {
    const factory = new IDBFactory();
    const first = await firstSession(factory, [new File([SALES], 'sales.csv')]);
    const before = await rows(engine, checksum('sales'));
    const withSales = first.bench.session.doc.id;
    await first.bench.session.switchTo({ create: 'new' });
    const empty = first.bench.session.doc.id;
    await first.bench.session.switchTo(withSales);
    await close(first);

    let letRead: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (letRead = resolve));
    const second = newBench(factory, ALWAYS, (call) => (call === 1 ? held : undefined));
    const starting = second.bench.start();
    await vi.waitFor(() => expect(second.reads.calls).toBe(1));
    const switching = second.bench.session.switchTo(empty);
    await vi.waitFor(() => expect(second.bench.session.doc.id).toBe(empty));
    letRead();
    await starting;
    await switching;
    await second.bench.sync.settled();
    // The prefetched bytes were not used: the restore of the workspace left read storage itself.
    expect(second.reads.calls).toBe(2);
    expect(second.bench.sync.snapshots.prefetched).toBe(0);
    expect(second.bench.sync.tables.map((table) => table.name)).not.toContain('sales');

    await second.bench.session.switchTo(withSales);
    await second.bench.sync.settled();
    expect(second.reads.calls).toBe(3);
    expect(errors(second.bench)).toEqual([]);
    expect(await rows(engine, checksum('sales'))).toEqual(before);
  });

  it('holds at most the snapshot cap: a snapshot beyond it is read by its restore', async () => {
    const factory = new IDBFactory();
    const first = await firstSession(factory, [new File([SALES], 'sales.csv')]);
    await first.bench.datasets.openFiles([new File([COSTS], 'costs.csv')]);
    await first.bench.sync.settled();
    const before = [await rows(engine, checksum('sales')), await rows(engine, checksum('costs'))];
    const sizes = await Promise.all(first.bench.session.doc.datasets.map(async ({ hash }) => (await first.store.getSnapshot({ hash }))!.blob.size));
    expect(first.bench.session.doc.datasets.map((dataset) => dataset.table)).toEqual(['sales', 'costs']);
    await dropOriginalBytes(first.store);
    await close(first);

    // Room for either snapshot, not for both.
    const cap = Math.max(...sizes) + 1;
    expect(sizes[0]! + sizes[1]!).toBeGreaterThan(cap);
    const second = newBench(factory, { minFileBytes: 0, maxSnapshotBytes: cap });
    await second.bench.start();
    await second.bench.sync.settled();
    expect(marked('atalaya:snapshot-prefetched:sales')).toBe(true);
    expect(marked('atalaya:snapshot-prefetched:costs')).toBe(false);
    // Two reads ahead (the second found it beyond the cap), one by the restore of costs.
    expect(second.reads.calls).toBe(3);
    expect(errors(second.bench)).toEqual([]);
    expect([await rows(engine, checksum('sales')), await rows(engine, checksum('costs'))]).toEqual(before);
  });

  it('reads nothing ahead for an unkept workspace from a link', async () => {
    const factory = new IDBFactory();
    const first = await firstSession(factory, [new File([SALES], 'sales.csv')]);
    const { doc } = first.bench.session;
    first.bench.session.unkept = true;
    first.bench.sync.snapshots.prefetch(doc.id, doc.datasets);
    expect(first.bench.sync.snapshots.prefetched).toBe(0);
    first.bench.session.unkept = false;
  });
});
