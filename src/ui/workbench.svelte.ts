import type { SnapshotLimits } from './core/table-snapshots';
import { WORKSPACE_SWITCH, warmUpEngine, type Engine, type EngineStatus } from '../lib/engine';
import { m } from './i18n/paraglide/messages.js';
import type { IngestDeps } from '../lib/ingest';
import type { WorkspaceStore } from '../lib/store';
import { DatasetBytes } from './core/dataset-bytes';
import { Datasets } from './core/datasets.svelte';
import { EngineSync } from './core/engine-sync.svelte';
import { LinkReview } from './core/link-review.svelte';
import type { CoreContext, Notify } from './core/context';
import { QueryRun } from './core/query-run.svelte';
import { ResultsView } from './core/results-view.svelte';
import { WorkspaceTransfer } from './core/workspace-transfer.svelte';
import { describeError } from './i18n/describe';
import { NoticeBoard } from './notice-board.svelte';
import { WorkspaceSession } from './workspace/session.svelte';

/** After start (and the restore), the engine warms up once the person has had this long to do something else first. */
const WARM_UP_AFTER_MS = 1500;

/**
 * The composition root: builds the feature states over one engine and one
 * store, and connects the engine's events to them. Components receive the
 * parts they need, not this object.
 *
 * - `session`  the open workspace document, its saving and its undo history
 * - `sync`     the one ordered path that changes the engine's tables; the catalog
 * - `datasets` loads, type fixes, renames and removals (on that path)
 * - `query`    the editor's statement, its result, status and error
 * - `view`     the results panel's view and the dataset it profiles
 * - `review`   a workspace from a link or file, until run, kept or closed
 * - `transfer` export to a file or link, import from a file
 */
export class Workbench {
  engineStatus = $state<EngineStatus>('off');
  /** Notices in the corner of the window. */
  readonly board = new NoticeBoard();
  readonly engine: Engine;
  readonly session: WorkspaceSession;
  readonly sync: EngineSync;
  readonly datasets: Datasets;
  readonly query: QueryRun;
  readonly view: ResultsView;
  readonly review: LinkReview;
  readonly transfer: WorkspaceTransfer;
  readonly #unsubscribe: Array<() => void> = [];
  /** From `start` until the saved document is open: its first sync begins by reading its snapshots. */
  #prefetchOnOpen = false;

  constructor(engine: Engine, deps: IngestDeps, store: WorkspaceStore, options: { snapshotLimits?: SnapshotLimits } = {}) {
    const notify: Notify = (kind, text, extra) => this.board.notify(kind, text, extra);
    this.engine = engine;
    this.session = new WorkspaceSession(store, notify);
    const core: CoreContext = { engine, deps, session: this.session, bytes: new DatasetBytes(store), notify };
    this.sync = new EngineSync(core, options.snapshotLimits);
    this.view = new ResultsView(this.sync);
    this.datasets = new Datasets(core, this.sync, this.view);
    this.query = new QueryRun(core, this.sync, this.view);
    this.review = new LinkReview(core);
    this.transfer = new WorkspaceTransfer(core, this.review);

    this.session.setEngineSync(() => this.#syncEngine());
    this.engineStatus = engine.status;
    this.#unsubscribe.push(
      engine.onStatusChange((status) => (this.engineStatus = status)),
      // A crashed instance comes back empty: the sync rebuilds every dataset from its bytes.
      engine.onRestore(() => this.sync.sync()),
      engine.onRestart((reason) => {
        // Undo offers that relied on tables of the old instance can no longer be kept.
        this.board.withdrawEngineBound();
        if (reason === WORKSPACE_SWITCH) {
          // A fresh instance for another workspace, on purpose: nothing of the old one stays shown.
          this.query.clear();
        } else {
          this.board.notify('warning', () => reason === 'cancel' ? m.engine_restarted_cancel() : m.engine_restarted({ reason: shorten(reason) }));
          this.query.markLost();
        }
        void this.sync.refresh();
      }),
      engine.onProgress((progress) => this.datasets.progress(progress.percentage)),
    );
  }

  /**
   * Starts the engine and, at the same time, opens the saved workspace: its
   * notes and queries show at once, and its datasets' table snapshots are
   * read from storage while the engine compiles; they load as soon as it is ready.
   */
  async start(): Promise<void> {
    this.#prefetchOnOpen = true;
    const engineStarted = this.engine.start().then(
      () => this.sync.refresh(),
      (error: unknown) => this.board.notify('error', () => describeError(error)),
    );
    // Resolves once the document is open and its datasets restored (the first sync).
    if (!(await this.session.open())) this.board.notify('warning', () => m.workspace_unsaved());
    this.#prefetchOnOpen = false;
    // What that restore did not use (a dataset it did not need, a failed restore) is let go.
    this.sync.snapshots.releasePrefetch();
    await engineStarted;
    setTimeout(() => void this.#warmUpUnlessLoading(), WARM_UP_AFTER_MS);
  }

  /** The engine's warm-up (lib/engine/warm-up.ts), unless a file is loading already: that load warms it. */
  async #warmUpUnlessLoading(): Promise<void> {
    if (this.engine.status !== 'ready' || this.datasets.loads.length > 0) return;
    await warmUpEngine(this.engine);
  }

  /**
   * The session's way to make the engine hold its document. The first call
   * after `start` (the saved document just read) starts reading its snapshots
   * before waiting for the engine; any call for another workspace lets go of them.
   */
  #syncEngine(): Promise<void> {
    const doc = this.session.doc;
    if (this.#prefetchOnOpen) {
      this.#prefetchOnOpen = false;
      this.sync.snapshots.prefetch(doc.id, doc.datasets);
    } else {
      this.sync.snapshots.releasePrefetch(doc.id);
    }
    return this.sync.sync();
  }

  /** Lets go of the engine and storage (a workbench replaced by another over the same engine, as in tests). */
  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.session.dispose();
  }
}

function shorten(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
