import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtalayaDatabase, StoreError, WorkspaceStore } from '../../src/lib/store';
import { addQuery, contentHash, createWorkspace, renameDataset, type DatasetEntry, type Workspace } from '../../src/lib/workspace';
import { V1_RECORDS, V1_SCHEMA, V1_WORKSPACE } from '../fixtures/store/v1';

/** fake-indexeddb clones values in JS, slowly; small chunks keep the chunking real and the test quick. */
const TEST_CHUNK = 64 * 1024;

/** A store over a fresh, private fake IndexedDB (no state shared between tests). */
function freshStore(factory = new IDBFactory()): WorkspaceStore {
  return new WorkspaceStore(new AtalayaDatabase('atalaya-test', { indexedDB: factory, IDBKeyRange }), { chunkBytes: TEST_CHUNK });
}

function dataset(hash: string, size: number): DatasetEntry {
  return { id: 'd_1', table: 'sales', fileName: 'sales.csv', format: 'csv', size, hash, columns: [{ name: 'a', type: 'BIGINT' }], rowCount: 1, fixes: [] };
}

async function expectStoreError(promise: Promise<unknown>, kind: StoreError['kind']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).kind).toBe(kind);
}

afterEach(() => vi.restoreAllMocks());

describe('workspace store (Dexie on fake-indexeddb)', () => {
  it('saves a workspace and loads it back exactly, with its revision', async () => {
    const store = freshStore();
    await store.open();
    const workspace = addQuery(createWorkspace('Budget'), 'SELECT 42');
    expect(await store.save(workspace, 0)).toBe(1);
    expect(await store.save(workspace, 1)).toBe(2);
    const loaded = await store.load(workspace.id);
    expect(loaded).toEqual({ workspace, revision: 2, skipped: [] });
    expect((await store.list()).map((summary) => summary.title)).toEqual(['Budget']);
  });

  it('refuses a save from a tab that missed another tab’s save, keeping the newer one', async () => {
    const factory = new IDBFactory();
    const tabA = freshStore(factory);
    const tabB = freshStore(factory);
    await tabA.open();
    await tabB.open();
    const workspace = createWorkspace('Shared');
    await tabA.save(workspace, 0);
    const renamed = { ...workspace, title: 'Renamed in B' };
    await tabB.save(renamed, 1);
    await expectStoreError(tabA.save({ ...workspace, title: 'Stale A' }, 1), 'conflict');
    expect((await tabA.load(workspace.id)).workspace.title).toBe('Renamed in B');
  });

  it('stores bytes in chunks, once per content, and reads them back whole', async () => {
    const store = freshStore();
    await store.open();
    const bytes = new Uint8Array(TEST_CHUNK * 2 + 1234).map((_, i) => (i * 31) % 251);
    const blob = new Blob([bytes]);
    const written: number[] = [];
    const stored = await store.putBytes(blob, { onProgress: (n) => written.push(n) });
    expect(stored).toEqual({ hash: await contentHash(blob), size: bytes.length });
    expect(written).toEqual([TEST_CHUNK, TEST_CHUNK * 2, bytes.length]);
    expect(await store.db.chunks.count()).toBe(3);
    await store.putBytes(new Blob([bytes]));
    expect(await store.db.chunks.count()).toBe(3);
    expect(new Uint8Array(await (await store.getBytes(stored.hash)).arrayBuffer())).toEqual(bytes);
  });

  it('never reads a half-written file as whole', async () => {
    const store = freshStore();
    await store.open();
    const blob = new Blob([new Uint8Array(TEST_CHUNK + 10)]);
    const controller = new AbortController();
    await expect(store.putBytes(blob, { signal: controller.signal, onProgress: () => controller.abort() })).rejects.toThrow();
    const hash = await contentHash(blob);
    expect(await store.hasBytes(hash)).toBe(false);
    await expectStoreError(store.getBytes(hash), 'missing');
  });

  it('keeps the saved state when the disk is full, and says it is the quota', async () => {
    const store = freshStore();
    await store.open();
    const workspace = createWorkspace('Before');
    await store.save(workspace, 0);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expectStoreError(store.save({ ...workspace, title: 'After' }, 1), 'quota');
    await expectStoreError(store.putBytes(new Blob(['a,b\n1,2\n'])), 'quota');
    vi.restoreAllMocks();
    expect(await store.load(workspace.id)).toEqual({ workspace, revision: 1, skipped: [] });
  });

  it('leaves the previous revision intact when a save’s transaction aborts', async () => {
    const store = freshStore();
    await store.open();
    const workspace = createWorkspace('Stable');
    await store.save(workspace, 0);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The transaction was aborted.', 'AbortError');
    });
    await expectStoreError(store.save(addQuery(workspace), 1), 'failed');
    vi.restoreAllMocks();
    expect(await store.load(workspace.id)).toEqual({ workspace, revision: 1, skipped: [] });
    expect(await store.save(addQuery(workspace), 1)).toBe(2);
  });

  it('tells when an older tab blocks the database upgrade, and opens once it closes', async () => {
    const factory = new IDBFactory();
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('atalaya-test', 5);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // An old tab that ignores versionchange (as a page frozen in the background does).
    old.onversionchange = null;
    const store = freshStore(factory);
    const blocked = vi.fn(() => old.close());
    await store.open(blocked);
    expect(blocked).toHaveBeenCalled();
    expect(store.db.verno).toBe(1);
  });

  it('migrates a database written by version 1 without loss', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('atalaya-test', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores(V1_SCHEMA);
    await v1.open();
    for (const [table, records] of Object.entries(V1_RECORDS)) await v1.table(table).bulkPut(records);
    v1.close();

    const store = freshStore(factory);
    await store.open();
    expect(await store.getOpenId()).toBe('ws_fixture1');
    expect(await store.load('ws_fixture1')).toEqual({ workspace: V1_WORKSPACE, revision: 7, skipped: [] });
    const hash = V1_WORKSPACE.datasets[0]!.hash;
    expect(await (await store.getBytes(hash)).text()).toBe('year,amount\n2008,"400,5"\n');
  });

  it('purges deleted workspaces and unreferenced data at start, keeping what is still used', async () => {
    const store = freshStore();
    await store.open();
    const kept = await store.putBytes(new Blob(['kept\n']));
    const dropped = await store.putBytes(new Blob(['dropped\n']));
    const keep: Workspace = { ...createWorkspace('Keep'), datasets: [dataset(kept.hash, kept.size)] };
    const gone: Workspace = { ...createWorkspace('Gone'), datasets: [dataset(dropped.hash, dropped.size)] };
    await store.save(keep, 0);
    await store.save(gone, 0);
    await store.markDeleted(gone.id, true);
    expect((await store.list()).find((summary) => summary.id === gone.id)?.deleted).toBe(true);
    await store.markDeleted(gone.id, false);
    expect((await store.list()).find((summary) => summary.id === gone.id)?.deleted).toBe(false);
    await store.markDeleted(gone.id, true);
    // Fresh data may be another tab's, not yet in a saved workspace: it is kept for an hour.
    expect(await store.collectGarbage()).toEqual({ workspaces: 1, blobs: 0 });
    expect(await store.hasBytes(dropped.hash)).toBe(true);
    expect(await store.collectGarbage(Date.now() + 2 * 60 * 60 * 1000)).toEqual({ workspaces: 0, blobs: 1 });
    expect(await store.hasBytes(kept.hash)).toBe(true);
    expect(await store.hasBytes(dropped.hash)).toBe(false);
    await expectStoreError(store.load(gone.id), 'missing');
  });

  it('refuses a stored document that does not validate, naming the field', async () => {
    const store = freshStore();
    await store.open();
    const workspace = renameDataset(createWorkspace('Broken'), 'x', 'y');
    await store.db.workspaces.put({ id: workspace.id, title: 'Broken', updatedAt: '', revision: 1, doc: { ...workspace, queries: 'nope' } });
    await expect(store.load(workspace.id)).rejects.toMatchObject({ name: 'WorkspaceFormatError', field: 'queries', problem: { code: 'list' } });
  });
});

describe('saved workspaces with real-data datasets', () => {
  it('keeps a dataset whose column type is thousands of characters long, and one bad entry never costs the rest', async () => {
    const store = freshStore();
    await store.open();
    const longType = `STRUCT(${Array.from({ length: 400 }, (_, i) => `"field_${i}" VARCHAR`).join(', ')})`;
    expect(longType.length).toBeGreaterThan(7_153);
    const good = { ...dataset(`sha256:${'a'.repeat(64)}`, 10), columns: [{ name: 'nested', type: longType }] };
    const bad = { ...dataset('not a hash', 10), id: 'd_2', table: 'broken' };
    const workspace = { ...createWorkspace('Real data'), datasets: [good, bad] } as Workspace;
    await store.save(workspace, 0);
    const loaded = await store.load(workspace.id);
    expect(loaded.workspace.datasets.map((entry) => entry.table)).toEqual(['sales']);
    expect(loaded.workspace.datasets[0]?.columns[0]?.type).toBe(longType);
    expect(loaded.skipped.map((problem) => problem.field)).toEqual(['datasets[1].hash']);
    store.close();
  });
});
