/**
 * The open workspace and its persistence: every edit goes through `edit`,
 * which records it for undo and schedules a save. Saves are debounced, one at
 * a time, revision-checked (another tab's newer save is never overwritten)
 * and announced to other tabs over a BroadcastChannel.
 */
import { createWorkspace, duplicateWorkspace, setTitle, UndoHistory, type Workspace } from '../../lib/workspace';
import { requestPersistence, storageInfo, StoreError, toStoreError, WorkspaceStore, type StorageInfo, type WorkspaceSummary } from '../../lib/store';
import { m } from '../i18n/paraglide/messages.js';
import { ITEM_NAMES } from '../i18n/labels';
import { describeError, describeFormatProblem } from '../i18n/describe';
import type { Wording } from '../notice-board.svelte';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed' | 'stale';

/** How long typing may go on before it is saved. */
const SAVE_DELAY_MS = 400;
const CHANNEL = 'atalaya-workspaces';
/** Set after the first successful save; if the database is later empty, the browser cleared it. */
const SAVED_FLAG = 'atalaya.savedWorkspaces';

interface SavedMessage {
  id: string;
  revision: number;
}

/**
 * Makes the engine hold the document as it is now (the workbench's ordered
 * sync, which plans from the engine's catalog, so it needs no "before").
 */
export type EngineSync = () => Promise<void>;

export class WorkspaceSession {
  doc = $state.raw<Workspace>(createWorkspace(m.workspace_untitled(), undefined, ITEM_NAMES));
  saveState = $state<SaveState>('idle');
  /** Why the last save failed, with what to do about it. */
  saveProblem = $state('');
  summaries = $state.raw<WorkspaceSummary[]>([]);
  storage = $state.raw<StorageInfo>({});
  undoLabel = $state<string | undefined>();
  redoLabel = $state<string | undefined>();
  /** Work in the background that must finish before the state is saved (dataset bytes being written). */
  pendingWrites = $state(0);
  /**
   * A workspace opened from a link, shown but not saved: it becomes a saved
   * workspace only when the user keeps it (and never replaces another).
   */
  unkept = $state(false);

  readonly store: WorkspaceStore;
  readonly #history = new UndoHistory();
  #revision = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | undefined;
  #dirty = false;
  #persistAsked = false;
  #channel: BroadcastChannel | undefined;
  #sync: EngineSync = async () => undefined;
  #notify: (kind: 'info' | 'warning' | 'error', text: Wording) => void;

  constructor(store: WorkspaceStore, notify: (kind: 'info' | 'warning' | 'error', text: Wording) => void) {
    this.store = store;
    this.#notify = notify;
  }

  /** Stops saving and listening to other tabs (a session replaced by another, as in tests). */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#channel?.close();
    this.#channel = undefined;
  }

  setEngineSync(sync: EngineSync): void {
    this.#sync = sync;
  }

  /**
   * Opens the database and the workspace used last (or a new one). Resolves
   * to false when storage is unavailable: the app then works unsaved, and says so.
   */
  async open(): Promise<boolean> {
    try {
      await this.store.open(() => this.#notify('warning', () => m.workspace_blocked()));
      await this.store.collectGarbage();
      const openId = await this.store.getOpenId();
      await this.refreshList();
      const live = this.summaries.filter((summary) => !summary.deleted);
      if (live.length === 0 && readFlag(SAVED_FLAG)) this.#notify('warning', () => m.workspace_cleared());
      const target = live.find((summary) => summary.id === openId) ?? live[0];
      if (target) {
        const { workspace, revision, skipped } = await this.store.load(target.id);
        this.#revision = revision;
        this.doc = workspace;
        for (const problem of skipped) this.#notify('error', () => m.workspace_dataset_unreadable({ problem: describeFormatProblem(problem) }));
      }
      this.#listen();
      await this.#sync();
      void this.refreshStorage();
      return true;
    } catch (error) {
      this.#fail(toStoreError(error));
      return false;
    }
  }

  /** Records an edit (already reflected in the engine, if it touches data) and saves it soon. */
  edit(label: string, change: (doc: Workspace) => Workspace, mergeKey?: string): Workspace {
    const before = this.doc;
    const after = change(before);
    if (after === before) return before;
    this.#history.record(label, before, after, mergeKey);
    this.#set(after);
    return after;
  }

  /** A change that is saved but is not an undo step (which query is open). */
  navigate(change: (doc: Workspace) => Workspace): void {
    const after = change(this.doc);
    if (after === this.doc) return;
    this.doc = after;
    this.#dirty = true;
    this.#schedule();
  }

  /**
   * Takes datasets out of the document without an undo step (their bytes
   * could not be stored); the tables stay in the engine for this session.
   */
  forgetDatasets(ids: string[]): void {
    if (ids.length === 0) return;
    this.navigate((doc) => ({ ...doc, datasets: doc.datasets.filter((dataset) => !ids.includes(dataset.id)) }));
  }

  async undo(): Promise<void> {
    const entry = this.#history.undo();
    if (entry) await this.#travel(entry.before);
  }

  async redo(): Promise<void> {
    const entry = this.#history.redo();
    if (entry) await this.#travel(entry.after);
  }

  /** Undoes `doc`'s edit if nothing was done since (the Undo button of a notice). */
  async undoIfLatest(doc: Workspace): Promise<boolean> {
    if (!this.#history.isLatest(doc) || this.doc !== doc) return false;
    await this.undo();
    return true;
  }

  async #travel(to: Workspace): Promise<void> {
    this.#set(to);
    await this.#sync();
  }

  #set(doc: Workspace): void {
    this.doc = doc;
    this.undoLabel = this.#history.nextUndo;
    this.redoLabel = this.#history.nextRedo;
    this.#dirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.saveState === 'stale' || this.unkept) return;
    // After a failure the banner stays up while the next edit tries again.
    if (this.saveState !== 'failed') this.saveState = 'saving';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Saves now if anything changed; waits for a save already under way. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    while (this.#saving) await this.#saving;
    if (!this.#dirty || this.saveState === 'stale' || this.unkept) return;
    if (this.pendingWrites > 0) {
      // Dataset bytes are still being written; the document follows when they are.
      this.#schedule();
      return;
    }
    this.#dirty = false;
    const doc = this.doc;
    this.#saving = this.#save(doc).finally(() => (this.#saving = undefined));
    await this.#saving;
    // Edits made during the save go out next; a failed save waits for an edit or Retry.
    if (this.#dirty && this.saveState !== 'failed') this.#schedule();
  }

  async #save(doc: Workspace): Promise<void> {
    try {
      this.#revision = await this.store.save(doc, this.#revision);
      await this.store.setOpenId(doc.id);
      this.saveState = this.#dirty ? 'saving' : 'saved';
      this.saveProblem = '';
      writeFlag(SAVED_FLAG);
      this.#channel?.postMessage({ id: doc.id, revision: this.#revision } satisfies SavedMessage);
      if (!this.#persistAsked) {
        this.#persistAsked = true;
        await requestPersistence();
      }
      void this.refreshList();
      void this.refreshStorage();
    } catch (error) {
      this.#dirty = true;
      this.#fail(toStoreError(error));
    }
  }

  /** A storage failure outside a save (storing a dataset's bytes) is shown the same way. */
  reportStoreError(error: unknown): void {
    this.#fail(toStoreError(error));
  }

  #fail(error: StoreError): void {
    if (error.kind === 'conflict') {
      this.saveState = 'stale';
      this.saveProblem = m.workspace_stale();
      return;
    }
    this.saveState = 'failed';
    // Shown in the save banner (SaveStatus), which stays until a save succeeds.
    this.saveProblem =
      error.kind === 'quota' ? m.workspace_quota() : error.kind === 'unavailable' ? m.workspace_unavailable() : m.workspace_save_failed({ cause: error.problem ? describeError(error) : error.message });
  }

  /** Another tab saved this workspace: this one is stale until reloaded. */
  #listen(): void {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.onmessage = (event: MessageEvent<SavedMessage>) => {
      if (event.data?.id === this.doc.id && event.data.revision > this.#revision) {
        clearTimeout(this.#timer);
        this.saveState = 'stale';
        this.saveProblem = m.workspace_stale();
      }
    };
  }

  /** Retries a failed save (after the user freed space, say). */
  retry(): void {
    if (this.saveState !== 'failed') return;
    this.#dirty = true;
    void this.flush();
  }

  async refreshList(): Promise<void> {
    try {
      this.summaries = await this.store.list();
    } catch {
      // The list is a convenience; saving reports real problems.
    }
  }

  async refreshStorage(): Promise<void> {
    this.storage = await storageInfo();
  }

  rename(title: string): void {
    this.edit(m.workspace_undo_title(), (doc) => setTitle(doc, title));
  }

  /**
   * Switches to another saved workspace, a new one, a copy of the open one,
   * or a workspace read from a file; undo history starts afresh.
   */
  async switchTo(target: string | { create: 'new' } | { duplicate: Workspace } | { adopt: Workspace; unkept?: boolean }): Promise<void> {
    await this.flush();
    if (this.saveState === 'failed') {
      // Leaving would lose the unsaved edits: the banner offers Retry and Export.
      this.#notify('error', this.saveProblem);
      return;
    }
    let to: Workspace;
    let revision = 0;
    try {
      if (typeof target === 'string') {
        const loaded = await this.store.load(target);
        ({ workspace: to, revision } = loaded);
        for (const problem of loaded.skipped) this.#notify('error', () => m.workspace_dataset_unreadable({ problem: describeFormatProblem(problem) }));
      }
      else if ('duplicate' in target) to = duplicateWorkspace(target.duplicate, m.workspace_copy_of({ title: target.duplicate.title }));
      else if ('adopt' in target) to = target.adopt;
      else to = createWorkspace(m.workspace_untitled(), undefined, ITEM_NAMES);
    } catch (error) {
      this.#notify('error', () => describeError(toStoreError(error)));
      return;
    }
    this.#history.clear();
    this.#revision = revision;
    this.doc = to;
    this.undoLabel = undefined;
    this.redoLabel = undefined;
    this.saveState = 'idle';
    this.unkept = typeof target === 'object' && 'adopt' in target && target.unkept === true;
    this.#dirty = revision === 0;
    if (this.#dirty) await this.flush();
    else await this.store.setOpenId(to.id).catch(() => undefined);
    await this.#sync();
    await this.refreshList();
  }

  /** Saves a workspace opened from a link as a new workspace of this browser. */
  async keep(): Promise<void> {
    if (!this.unkept) return;
    this.unkept = false;
    this.#dirty = true;
    await this.flush();
  }

  /** Deletes a workspace undoably (it is purged at the next start); leaves it first if it is open. */
  async remove(id: string): Promise<void> {
    if (id === this.doc.id) {
      const other = this.summaries.find((summary) => summary.id !== id && !summary.deleted);
      await this.switchTo(other?.id ?? { create: 'new' });
    }
    await this.store.markDeleted(id, true);
    await this.refreshList();
  }

  async restore(id: string): Promise<void> {
    await this.store.markDeleted(id, false);
    await this.refreshList();
  }

  /** Tracks a background write (dataset bytes) so that no save references data not yet stored. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.pendingWrites += 1;
    if (this.saveState !== 'stale') this.saveState = 'saving';
    try {
      return await work;
    } finally {
      this.pendingWrites -= 1;
      if (this.pendingWrites === 0 && !this.#dirty && this.saveState === 'saving') this.saveState = 'saved';
    }
  }

  get dirty(): boolean {
    return this.#dirty || this.pendingWrites > 0;
  }
}

function readFlag(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeFlag(key: string): void {
  try {
    localStorage.setItem(key, 'yes');
  } catch {
    // Private mode: the cleared-storage warning is simply not available.
  }
}
