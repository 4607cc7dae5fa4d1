import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtalayaDatabase, WorkspaceStore } from '../../src/lib/store';
import { setQuerySql } from '../../src/lib/workspace';
import { WorkspaceSession } from '../../src/ui/workspace/session.svelte';
import { worded } from '../../src/ui/notice-board.svelte';

function newSession(factory = new IDBFactory()) {
  const notices: string[] = [];
  const store = new WorkspaceStore(new AtalayaDatabase('atalaya-session-test', { indexedDB: factory, IDBKeyRange }), { chunkBytes: 64 * 1024 });
  const session = new WorkspaceSession(store, (_kind, text) => notices.push(worded(text)));
  return { session, store, notices };
}

function typeSql(session: WorkspaceSession, sql: string) {
  const id = session.doc.activeQueryId;
  session.edit('Edit query', (doc) => setQuerySql(doc, id, sql), `sql:${id}`);
}

afterEach(() => vi.restoreAllMocks());

describe('workspace session (saving, on fake-indexeddb)', () => {
  it('saves edits, and a new session opens the same workspace', async () => {
    const factory = new IDBFactory();
    const first = newSession(factory);
    expect(await first.session.open()).toBe(true);
    typeSql(first.session, 'SELECT 1');
    expect(first.session.saveState).toBe('saving');
    await first.session.flush();
    expect(first.session.saveState).toBe('saved');
    first.store.close();

    const second = newSession(factory);
    await second.session.open();
    expect(second.session.doc).toEqual(first.session.doc);
  });

  it('stops on a full disk instead of retrying in a loop, and saves again on the next edit once there is room', async () => {
    const { session, store } = newSession();
    await session.open();
    typeSql(session, 'SELECT 1');
    await session.flush();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    typeSql(session, 'SELECT 2');
    await session.flush();
    expect(session.saveState).toBe('failed');
    expect(session.saveProblem).toContain('storage for this site is full');
    const attempts = put.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(put.mock.calls.length).toBe(attempts);

    vi.restoreAllMocks();
    typeSql(session, 'SELECT 3');
    expect(session.saveState).toBe('failed'); // the banner stays until a save succeeds
    await session.flush();
    expect(session.saveState).toBe('saved');
    expect((await store.load(session.doc.id)).workspace.queries[0]?.sql).toBe('SELECT 3');
  });

  it('goes stale, without saving, when another tab saved the workspace first', async () => {
    const factory = new IDBFactory();
    const tabA = newSession(factory);
    await tabA.session.open();
    typeSql(tabA.session, 'SELECT 1');
    await tabA.session.flush();
    const tabB = newSession(factory);
    await tabB.session.open();
    typeSql(tabB.session, 'SELECT 2 -- from B');
    await tabB.session.flush();

    typeSql(tabA.session, 'SELECT 3 -- from A, stale');
    await tabA.session.flush();
    expect(tabA.session.saveState).toBe('stale');
    expect(tabA.session.saveProblem).toContain('changed in another tab');
    expect((await tabA.store.load(tabA.session.doc.id)).workspace.queries[0]?.sql).toBe('SELECT 2 -- from B');
  });
});
