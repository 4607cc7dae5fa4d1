import { dropTableSql, Engine, EngineError, INTERNAL_TABLE_PREFIX, isTextType, listTables, markDatasetTableSql, messageOf, planSync, readCatalog, renameTableSql, WORKSPACE_SWITCH, type CatalogTable, type EngineStatus, type TableInfo } from '../lib/engine';
import { quoteIdentifier } from '../lib/engine';
import { formatBytes, formatCount, formatDuration, formatRows, t } from '../lib/i18n/messages';
import { ingestFile, IngestError, toTableName, uniqueName, type IngestDeps, type RejectedRows } from '../lib/ingest';
import { describeTable, dropResult, exportCsv, exportParquet, runStatement, tableToParquet, type QueryResult, type ResultColumn } from '../lib/results';
import { downloadBytes } from './download';
import { findSample, type SampleDataset } from '../lib/samples/catalog';
import { fetchSample } from '../lib/samples/fetch-sample';
import { typeFixSwapSql, typeFixType, type TypeFixOptions } from '../lib/profile/type-fix';
import { toStoreError, type WorkspaceStore } from '../lib/store';
import { addDataset, addTypeFix, contentHash, findDataset, newId, removeDataset, renameDataset, type DatasetEntry, type Workspace, type WorkspaceOrigin } from '../lib/workspace';
import { WorkspaceSession } from './workspace/session.svelte';
import { blockedStatement, buildWorkspaceFile, decodeWorkspaceLink, encodeWorkspaceLink, mayTravelInline, readWorkspaceFile, riskySql, WORKSPACE_FILE_EXTENSION, type DecodedLink, type RiskySql } from '../lib/share';
import { describeLinkError } from './workspace/link-errors';
import { describeWorkspaceFileError } from './workspace/file-errors';
import { NoticeBoard, type Notice, type NoticeExtras } from './notice-board.svelte';
import { readHistory, rememberQuery } from './query-history';

export interface LoadJob {
  id: number;
  fileName: string;
  size: number;
  bytesRead: number;
  phase: 'reading' | 'parsing';
  /** DuckDB's progress in percent; it often only says 0 until it is done. */
  percent: number;
  parseStartedAt: number;
  controller: AbortController;
}


export interface ProfileTarget {
  label: string;
  /** The dataset's table name, when the target is a dataset rather than a query result. */
  dataset?: string;
  /** The table as SQL (quoted, schema-qualified when needed). */
  table: string;
  columns: ResultColumn[];
  rejected?: { file: string; rows: RejectedRows };
}

export interface LinkReviewState {
  link: DecodedLink;
  /** Where it came from: the protected view and the saved origin say so. */
  kind: WorkspaceOrigin['kind'];
  /** Opened from a `#present` link: Present is the main choice. */
  present: boolean;
  risky: RiskySql[];
  /** Datasets the link names but does not carry whose bytes this browser holds (the person may choose to use them). */
  storedHere: string[];
}

export interface SheetRequest {
  fileName: string;
  names: string[];
  resolve: (chosen: string[]) => void;
}

/** Files smaller than this load without a progress panel. */
const PROGRESS_ABOVE_BYTES = 2 * 1024 * 1024;

let nextId = 0;

/**
 * The state of one workbench session and the actions on it. Components read
 * the $state fields and call the methods; all engine work goes through here.
 */
export class Workbench {
  engineStatus = $state<EngineStatus>('off');
  tables = $state.raw<TableInfo[]>([]);
  loads = $state<LoadJob[]>([]);
  /** Notices in the corner of the window. */
  readonly board = new NoticeBoard();
  result = $state.raw<QueryResult | undefined>(undefined);
  resultLost = $state(false);
  queryError = $state.raw<EngineError | undefined>(undefined);
  running = $state(false);
  runStartedAt = $state(0);
  lastStatus = $state('');
  history = $state<string[]>([]);
  sheetRequest = $state.raw<SheetRequest | undefined>(undefined);
  /** Bumped whenever the result rows change, so the grid drops cached pages. */
  resultVersion = $state(0);
  /** The results panel's view. */
  resultsView = $state<'rows' | 'profile'>('rows');
  /** What the Profile view summarizes: a dataset chosen in the list or just loaded; else the current result. */
  profileTarget = $state.raw<ProfileTarget | undefined>(undefined);
  /** Datasets being restored from storage (after a reload, undo or a workspace switch). */
  restoring = $state(0);
  /** A longer workspace operation under way (export, import), for the status line. */
  busy = $state('');
  /** A workspace from a link or file, shown in the protected view until the user runs, presents or closes it. */
  linkReview = $state.raw<LinkReviewState | undefined>(undefined);

  readonly engine: Engine;
  readonly session: WorkspaceSession;
  readonly #deps: IngestDeps;
  /**
   * Files the user opened in this session, by content hash: rebuilding a table
   * reads them rather than the stored copy. Store-read blobs are not kept (memory).
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- never rendered; read only to rebuild tables
  readonly #files = new Map<string, Blob>();
  /**
   * While the open workspace is an unkept one from a link or file: the only
   * bytes its datasets may load from — what the link or file carried and what
   * the person attached or chose in the protected view. Never this browser's
   * other files or storage, found by a hash the sender wrote.
   */
  #untrustedFiles: Map<string, Blob> | undefined;
  /** The end of the one ordered path that changes the engine's tables (see #exclusive). */
  #tail: Promise<void> = Promise.resolve();
  /** A sync waiting to run, which later requests share. */
  #syncQueued: Promise<void> | undefined;
  /** Counts sync runs: a user statement's catalog comparison is void if one ran meanwhile. */
  #syncRuns = 0;
  /** The workspace whose datasets the engine instance holds. */
  #engineWorkspace: string | undefined;
  readonly #unsubscribe: Array<() => void> = [];
  #queryController: AbortController | undefined;

  constructor(engine: Engine, deps: IngestDeps, store: WorkspaceStore) {
    this.engine = engine;
    this.#deps = deps;
    this.session = new WorkspaceSession(store, (kind, text) => this.notify(kind, text));
    this.session.setEngineSync(() => this.syncEngine());
    this.history = readHistory();
    this.engineStatus = engine.status;
    this.#unsubscribe.push(engine.onStatusChange((status) => (this.engineStatus = status)));
    // A crashed instance comes back empty: the sync rebuilds every dataset from its bytes.
    this.#unsubscribe.push(engine.onRestore(() => this.syncEngine()));
    this.#unsubscribe.push(engine.onRestart((reason) => {
      // Undo offers that relied on tables of the old instance can no longer be kept.
      this.board.withdrawEngineBound();
      if (reason === WORKSPACE_SWITCH) {
        // A fresh instance for another workspace, on purpose: nothing of the old one stays shown.
        this.#clearResult();
        void this.refreshTables();
        return;
      }
      this.notify('warning', reason === 'cancel' ? t('engine.restarted.cancel') : t('engine.restarted', { reason: shorten(reason) }));
      if (this.result) this.resultLost = true;
      void this.refreshTables();
    }));
    this.#unsubscribe.push(engine.onProgress((progress) => {
      const job = this.loads.find((load) => load.phase === 'parsing');
      if (job && progress.percentage >= 0) job.percent = progress.percentage;
    }));
  }

  /** Lets go of the engine and storage (a workbench replaced by another over the same engine, as in tests). */
  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.session.dispose();
  }

  /**
   * Resolves once the engine changes asked for so far are done: the engine
   * then holds the open workspace's tables (never another workspace's).
   */
  whenSynced(): Promise<void> {
    return this.#tail;
  }

  /** Resolves once no engine change is queued or running and every dataset's bytes are written. */
  async settled(): Promise<void> {
    for (;;) {
      const tail = this.#tail;
      await tail;
      if (this.session.pendingWrites > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      else if (tail === this.#tail && !this.#syncQueued) return;
    }
  }

  /** Which tables are bundled samples (table name → sample id). */
  get sampleTables(): Record<string, string> {
    const samples: Record<string, string> = {};
    for (const dataset of this.session.doc.datasets) if (dataset.sampleId) samples[dataset.table] = dataset.sampleId;
    return samples;
  }

  /**
   * Starts the engine and, at the same time, opens the saved workspace: its
   * notes and queries show at once, and its datasets' bytes are read from
   * storage while the engine compiles; they load as soon as it is ready.
   */
  async start(): Promise<void> {
    const engineStarted = this.engine.start().then(
      () => this.refreshTables(),
      (error: unknown) => this.notify('error', `${t('engine.status.failed')}: ${messageOf(error)}`),
    );
    if (!(await this.session.open())) this.notify('warning', t('workspace.unsaved'));
    await engineStarted;
  }

  notify(kind: Notice['kind'], text: string, extra: NoticeExtras = {}): void {
    this.board.notify(kind, text, extra);
  }

  async refreshTables(): Promise<void> {
    try {
      this.tables = await listTables(this.engine);
      // A dataset's profile shows the columns the engine has now (after an undo, a redo, a fix).
      const shown = this.profileTarget;
      if (shown?.dataset) {
        const info = this.tables.find((table) => table.name === shown.dataset);
        this.profileTarget = info ? { ...shown, columns: info.columns } : undefined;
      }
    } catch {
      // The engine is restarting; the restart refreshes again.
    }
  }

  /** Loads files one after another; a bad file is reported and the rest still load. */
  async openFiles(files: File[]): Promise<void> {
    // Each successful load refreshes the table list itself.
    for (const file of files) await this.#openFile(file);
  }

  /**
   * Loads a bundled sample like any small local file; resolves to its table
   * name, or undefined when it could not be loaded (the user was told why).
   */
  async loadSample(sample: SampleDataset): Promise<string | undefined> {
    let file: File;
    try {
      file = await fetchSample(sample);
    } catch (error) {
      this.notify('error', messageOf(error));
      return undefined;
    }
    const tables = await this.#openFile(file, sample.id);
    return tables[0];
  }

  async #openFile(file: File, sampleId?: string): Promise<string[]> {
    const job: LoadJob = {
      id: ++nextId,
      fileName: file.name,
      size: file.size,
      bytesRead: 0,
      phase: 'reading',
      percent: 0,
      parseStartedAt: 0,
      controller: new AbortController(),
    };
    if (file.size > PROGRESS_ABOVE_BYTES) this.loads = [...this.loads, job];
    const live = () => this.loads.find((load) => load.id === job.id) ?? job;
    const signal = job.controller.signal;
    try {
      // On the ordered path: names are chosen, tables made and recorded with nothing in between.
      const outcome = await this.#exclusive(async () => {
        const loaded = await ingestFile(this.engine, this.#deps, {
          fileName: file.name,
          file,
          onProgress: (progress) => {
            const current = live();
            current.bytesRead = progress.bytesRead;
            if (progress.phase === 'parsing' && current.phase !== 'parsing') {
              current.phase = 'parsing';
              current.parseStartedAt = performance.now();
            }
          },
          existingTables: this.#takenNames(),
          signal,
          pickSheets: (names) => this.#askSheets(file.name, names),
        });
        await this.refreshTables();
        await this.#remember(file, loaded.format, loaded.tables, sampleId);
        return loaded;
      });
      for (const loaded of outcome.tables) {
        this.notify('info', t('files.loaded', { file: file.name, table: loaded.table, rows: formatRows(loaded.rowCount) }));
      }
      for (const notice of outcome.notices) this.notify('warning', notice);
      const first = outcome.tables[0];
      if (first) this.showProfile(first.table, first.rejected && first.rejected.count > 0 ? { file: file.name, rows: first.rejected } : undefined);
      return outcome.tables.map((loaded) => loaded.table);
    } catch (error) {
      if (signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) {
        this.notify('info', t('files.cancelled', { file: file.name }));
      } else if (error instanceof IngestError) {
        this.notify('error', error.message);
      } else {
        this.notify('error', `${file.name}: ${messageOf(error)}`);
      }
    } finally {
      this.loads = this.loads.filter((load) => load.id !== job.id);
    }
    return [];
  }

  #askSheets(fileName: string, names: string[]): Promise<string[]> {
    return new Promise((resolve) => {
      this.sheetRequest = {
        fileName,
        names,
        resolve: (chosen) => {
          this.sheetRequest = undefined;
          resolve(chosen);
        },
      };
    });
  }

  /**
   * Records freshly loaded tables in the workspace at once, and stores the
   * file's bytes behind them in the background (samples ship with the app:
   * only their id is kept). The workspace is not saved until the bytes are,
   * so a saved workspace never names data that is not saved.
   */
  async #remember(file: File, format: string, loaded: Array<{ table: string; sheet?: string; rowCount: number }>, sampleId?: string): Promise<void> {
    let hash: string;
    try {
      hash = await contentHash(file);
    } catch (error) {
      this.notify('error', t('workspace.notStored', { file: file.name, cause: messageOf(error) }));
      return;
    }
    this.#files.set(hash, file);
    const ids: string[] = [];
    for (const { table, sheet, rowCount } of loaded) {
      const entry: DatasetEntry = {
        id: newId('d'),
        table,
        fileName: file.name,
        format,
        size: file.size,
        hash,
        columns: this.#columnsOf(table),
        rowCount,
        fixes: [],
        ...(sheet ? { sheet } : {}),
        ...(sampleId ? { sampleId } : {}),
      };
      ids.push(entry.id);
      this.session.edit(t('workspace.undo.add', { name: table }), (doc) => addDataset(doc, entry));
      await this.engine.query(markDatasetTableSql(table, entry));
    }
    // Not awaited: the table and its profile show while the bytes are written.
    if (!sampleId) void this.#storeBytes(file, hash, ids);
  }

  async #storeBytes(file: File, hash: string, ids: string[]): Promise<void> {
    try {
      await this.session.track(this.session.store.putBytes(file, { hash }));
    } catch (error) {
      // The tables stay for this session; the saved workspace must not name data it does not hold.
      this.session.forgetDatasets(ids);
      const problem = toStoreError(error);
      this.notify('error', problem.kind === 'quota' ? t('workspace.quotaData', { file: file.name }) : t('workspace.notStored', { file: file.name, cause: problem.message }));
    }
  }

  /** Table names in use, including datasets still being restored (not yet in the engine). */
  #takenNames(): string[] {
    return [...this.tables.map((table) => table.name), ...this.session.doc.datasets.map((dataset) => dataset.table)];
  }

  #columnsOf(table: string): DatasetEntry['columns'] {
    return (this.tables.find((info) => info.name === table)?.columns ?? []).map(({ name, type }) => ({ name, type }));
  }

  /**
   * Runs `task` alone on the one ordered path that changes the engine's
   * tables: syncs, loads, type fixes, renames and removals never interleave.
   */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Makes the engine hold exactly the document's datasets (after undo, redo,
   * a reload, a restart or another workspace). Calls while one is waiting to
   * run share it: a burst of Undo clicks costs one sync to the latest state.
   */
  syncEngine(): Promise<void> {
    if (this.#syncQueued) return this.#syncQueued;
    const run = this.#exclusive(() => {
      this.#syncQueued = undefined;
      return this.#syncOnce();
    });
    this.#syncQueued = run;
    return run;
  }

  /** Plans from the engine's actual catalog to the document as it is now, and applies the plan. */
  async #syncOnce(): Promise<void> {
    this.#syncRuns += 1;
    const doc = this.session.doc;
    if (this.#engineWorkspace !== undefined && this.#engineWorkspace !== doc.id) {
      // Another workspace gets a fresh engine instance: no table, result or
      // variable of the one before stays readable by its SQL.
      await this.engine.restart(WORKSPACE_SWITCH, { restore: false });
    }
    this.#engineWorkspace = doc.id;
    const plan = planSync(await readCatalog(this.engine), doc.datasets);
    for (const table of plan.drop) await this.engine.query(dropTableSql(table));
    // Through temporary names, so that swapping two names cannot collide.
    const renames = plan.rename.map((rename) => ({ ...rename, via: `${INTERNAL_TABLE_PREFIX}renaming_${++nextId}` }));
    for (const { from, via } of renames) await this.engine.query(renameTableSql(from, via));
    for (const { to, via } of renames) await this.engine.query(renameTableSql(via, to));
    await this.#materialize(plan.load);
    if (plan.clash.length > 0) this.#renameClashing(plan.clash);
    await this.refreshTables();
  }

  /**
   * Datasets whose name a table of the user's own took meanwhile (Undo of a
   * removal after `CREATE TABLE sales …`): they come back under a free name.
   */
  #renameClashing(datasets: DatasetEntry[]): void {
    for (const dataset of datasets) {
      const free = uniqueName(dataset.table, this.#takenNames());
      this.session.navigate((doc) => renameDataset(doc, dataset.table, free));
      this.notify('info', t('datasets.renamedClash', { name: dataset.table, renamed: free }));
    }
    void this.syncEngine();
  }

  /** Loads datasets from the file still in memory, the bundled sample, or the stored bytes. */
  async #materialize(datasets: DatasetEntry[]): Promise<void> {
    this.restoring += datasets.length;
    // Each dataset's bytes are read from storage while the one before it loads.
    const read = (dataset: DatasetEntry | undefined) => dataset && this.#bytesOf(dataset).then((file) => ({ file }), (error: unknown) => ({ error }));
    let reading = read(datasets[0]);
    for (const [index, dataset] of datasets.entries()) {
      try {
        // Marks let `npm run bench` split restore time into reading and loading.
        performance.mark(`atalaya:restore-read:${dataset.table}`);
        const bytes = await reading;
        reading = read(datasets[index + 1]);
        if (!bytes || 'error' in bytes) throw bytes?.error;
        const file = bytes.file;
        performance.mark(`atalaya:restore-load:${dataset.table}`);
        await ingestFile(this.engine, this.#deps, {
          fileName: dataset.fileName,
          file,
          existingTables: [],
          replay: [{ table: dataset.table, ...(dataset.sheet ? { sheet: dataset.sheet } : {}) }],
        });
        for (const fix of dataset.fixes) await this.#swapForFix(dataset.table, fix.column, fix.options);
        // Marked even when a fix failed (said above): the table is this dataset, built as well as it can be.
        await this.engine.query(markDatasetTableSql(dataset.table, dataset));
        performance.mark(`atalaya:restore-done:${dataset.table}`);
      } catch (error) {
        // One dataset that cannot be restored must not keep the others from coming back.
        this.notify('error', t('workspace.restoreFailed', { table: dataset.table, file: dataset.fileName, cause: messageOf(error) }));
      } finally {
        this.restoring -= 1;
      }
    }
  }

  async #bytesOf(dataset: DatasetEntry): Promise<Blob> {
    const untrusted = this.session.unkept ? this.#untrustedFiles : undefined;
    const inMemory = (untrusted ?? this.#files).get(dataset.hash);
    if (inMemory) return inMemory;
    if (dataset.sampleId) {
      const sample = findSample(dataset.sampleId);
      if (!sample) throw new Error(t('workspace.unknownSample', { id: dataset.sampleId }));
      const file = await fetchSample(sample);
      this.#files.set(dataset.hash, file);
      return file;
    }
    if (untrusted) throw new Error(t('link.dataAbsent', { file: dataset.fileName }));
    return this.session.store.getBytes(dataset.hash);
  }

  /** Runs SQL (one statement; the last result is shown). */
  async runSql(sql: string): Promise<void> {
    if (this.running) return;
    if (sql.trim() === '') {
      this.lastStatus = t('editor.nothingToRun');
      return;
    }
    const blocked = blockedStatement(this.session.doc.origin, sql);
    if (blocked) {
      this.queryError = new EngineError('sql', t('link.blocked', { detail: blocked.detail }), sql);
      return;
    }
    this.#queryController = new AbortController();
    const signal = this.#queryController.signal;
    this.running = true;
    this.runStartedAt = performance.now();
    this.queryError = undefined;
    this.history = rememberQuery(this.history, sql.trim());
    try {
      // Datasets still loading (after a reload, an undo…) are waited for, not reported missing.
      if (this.restoring > 0) this.lastStatus = t('editor.waitingForData');
      await this.whenSynced();
      this.lastStatus = '';
      const before = await readCatalog(this.engine);
      const syncRuns = this.#syncRuns;
      const result = await runStatement(this.engine, sql, signal);
      const after = await readCatalog(this.engine);
      // A sync that ran meanwhile changed the catalog itself: only the statement's own changes are followed.
      if (syncRuns === this.#syncRuns && !this.#syncQueued) this.#followCatalog(before, after);
      const previous = this.result;
      this.result = result;
      this.resultLost = false;
      this.resultVersion += 1;
      this.profileTarget = undefined;
      this.resultsView = 'rows';
      void dropResult(this.engine, previous);
      this.lastStatus = result.table
        ? t('editor.done', { rows: formatRows(result.rowCount), elapsed: formatDuration(result.elapsedMs) })
        : t('editor.doneStatement', { elapsed: formatDuration(result.elapsedMs) });
      await this.refreshTables();
    } catch (error) {
      const elapsed = formatDuration(performance.now() - this.runStartedAt);
      // The previous result no longer answers what the editor shows: it is cleared, not left as if current.
      const previous = this.result;
      this.result = undefined;
      this.resultVersion += 1;
      void dropResult(this.engine, previous);
      if (error instanceof EngineError && error.kind === 'cancelled') {
        this.lastStatus = t('editor.cancelled', { elapsed });
      } else {
        this.queryError = error instanceof EngineError ? error : new EngineError('sql', messageOf(error), sql);
        this.lastStatus = '';
      }
    } finally {
      this.running = false;
      this.#queryController = undefined;
    }
  }

  /**
   * Follows what a user statement did to dataset tables, comparing the
   * catalog before and after it: a dataset dropped with SQL leaves the
   * workspace (Undo brings it back), one renamed with SQL is renamed in it.
   * A dataset not in the catalog before (still loading) is never touched.
   */
  #followCatalog(before: CatalogTable[], after: CatalogTable[]): void {
    const nameOf = (catalog: CatalogTable[], id: string) => catalog.find((table) => table.datasetId === id)?.name;
    for (const dataset of this.session.doc.datasets) {
      const was = nameOf(before, dataset.id);
      if (was === undefined) continue;
      const now = nameOf(after, dataset.id);
      if (now === undefined) this.session.edit(t('workspace.undo.remove', { name: dataset.table }), (doc) => removeDataset(doc, dataset.table));
      else if (now !== dataset.table) this.session.edit(t('workspace.undo.rename', { name: dataset.table }), (doc) => renameDataset(doc, dataset.table, now));
    }
  }

  /** Shows the profile of a dataset in the results panel. */
  showProfile(table: string, rejected?: ProfileTarget['rejected']): void {
    const info = this.tables.find((candidate) => candidate.name === table);
    if (!info) return;
    this.profileTarget = { label: table, dataset: table, table: quoteIdentifier(table), columns: info.columns, ...(rejected ? { rejected } : {}) };
    this.resultsView = 'profile';
  }

  /**
   * Converts a text column in place: the table is rebuilt with the column
   * converted and swapped in, in one transaction. The fix is recorded in the
   * workspace; undoing it rebuilds the table from its bytes and earlier fixes.
   */
  async applyTypeFix(table: string, column: string, options: TypeFixOptions, failing: number): Promise<void> {
    const after = await this.#exclusive(async () => {
      // The engine says what the column is now (an Undo or Redo may have changed it since the dialog opened):
      // converting a column that is no longer text would read its numbers as text and scale them.
      await this.refreshTables();
      const current = this.tables.find((info) => info.name === table)?.columns.find((info) => info.name === column);
      if (!current || !isTextType(current.type)) {
        this.notify('error', t('fix.notText', { column, table, type: current?.type ?? '—' }));
        return undefined;
      }
      if (!(await this.#swapForFix(table, column, options))) return undefined;
      await this.refreshTables();
      const doc = this.session.edit(t('workspace.undo.fix', { column }), (current) => addTypeFix(current, table, { column, options }, this.#columnsOf(table)));
      const dataset = findDataset(doc, table);
      if (dataset) await this.engine.query(markDatasetTableSql(table, dataset));
      return doc;
    });
    if (!after) return;
    this.showProfile(table);
    const type = typeFixType(options.target);
    const text = failing > 0 ? t('fix.appliedLost', { column, table, type, failing: formatCount(failing) }) : t('fix.applied', { column, table, type });
    this.#offerUndo(text, after, () => this.showProfile(table));
  }

  /** Rebuilds `table` with `column` converted, in one transaction; on failure rolls back (the connection stays usable) and says why. */
  async #swapForFix(table: string, column: string, options: TypeFixOptions): Promise<boolean> {
    try {
      await this.engine.query(typeFixSwapSql(table, column, options, `${INTERNAL_TABLE_PREFIX}fixing_${++nextId}`));
      return true;
    } catch (error) {
      await this.engine.query('ROLLBACK').catch(() => undefined);
      this.notify('error', t('fix.failed', { column, table, cause: messageOf(error) }));
      return false;
    }
  }

  /** A notice whose Undo undoes the edit that produced `after`, if nothing was done since. */
  #offerUndo(text: string, after: Workspace, then?: () => void): void {
    this.notify('info', text, {
      action: {
        label: t('common.undo'),
        run: () =>
          void this.session.undoIfLatest(after).then((undone) => {
            if (!undone) this.notify('info', t('workspace.undoLater'));
            else then?.();
          }),
      },
    });
  }

  cancelQuery(): void {
    this.#queryController?.abort();
  }

  /** Forgets the shown result (its table belonged to an instance that is gone). */
  #clearResult(): void {
    this.result = undefined;
    this.resultLost = false;
    this.queryError = undefined;
    this.lastStatus = '';
    this.resultVersion += 1;
    if (!this.profileTarget?.dataset) this.profileTarget = undefined;
  }


  renameTable(from: string, requested: string): Promise<void> {
    return this.#exclusive(async () => {
      const base = toTableName(requested);
      const to = uniqueName(base, this.#takenNames().filter((name) => name !== from));
      if (to === from) return;
      const kind = this.tables.find((table) => table.name === from)?.isView ? 'VIEW' : 'TABLE';
      try {
        await this.engine.query(renameTableSql(from, to, kind));
        this.session.edit(t('workspace.undo.rename', { name: from }), (doc) => renameDataset(doc, from, to));
      } catch (error) {
        this.notify('error', messageOf(error));
      }
      await this.refreshTables();
    });
  }

  /**
   * Removes a table undoably. A dataset leaves the workspace (Undo loads it
   * again from its stored bytes); any other table is moved aside under a
   * hidden name and dropped for good when its notice goes away.
   */
  async dropTable(name: string): Promise<void> {
    if (findDataset(this.session.doc, name)) {
      const after = await this.#exclusive(async () => {
        try {
          await this.engine.query(dropTableSql(name));
        } catch (error) {
          this.notify('error', messageOf(error));
          return undefined;
        }
        await this.refreshTables();
        return this.session.edit(t('workspace.undo.remove', { name }), (doc) => removeDataset(doc, name));
      });
      if (after) this.#offerUndo(t('datasets.removed', { name }), after);
      return;
    }
    const kind = this.tables.find((table) => table.name === name)?.isView ? 'VIEW' : 'TABLE';
    const hidden = `${INTERNAL_TABLE_PREFIX}removed_${++nextId}`;
    try {
      await this.engine.query(`ALTER ${kind} ${quoteIdentifier(name)} RENAME TO ${quoteIdentifier(hidden)}`);
    } catch (error) {
      this.notify('error', messageOf(error));
      return;
    }
    await this.refreshTables();
    this.notify('info', t('datasets.removed', { name }), {
      action: { label: t('common.undo'), run: () => void this.#restoreRemoved(kind, hidden, name) },
      onExpire: () => void this.engine.query(`DROP ${kind} IF EXISTS ${quoteIdentifier(hidden)}`).catch(() => undefined),
      engineBound: true,
    });
  }

  async #restoreRemoved(kind: string, hidden: string, name: string): Promise<void> {
    const restored = uniqueName(name, this.tables.map((table) => table.name));
    try {
      await this.engine.query(`ALTER ${kind} ${quoteIdentifier(hidden)} RENAME TO ${quoteIdentifier(restored)}`);
    } catch (error) {
      this.notify('error', messageOf(error));
    }
    await this.refreshTables();
  }

  /** Downloads the workspace as one `.atalaya` file (datasets as Parquet). */
  async exportWorkspace(): Promise<void> {
    const doc = this.session.doc;
    this.busy = t('workspace.exporting');
    try {
      const codec = await this.#deps.loadParquet();
      const bytes = await buildWorkspaceFile(doc, (dataset) => tableToParquet(this.engine, codec, quoteIdentifier(dataset.table)));
      const name = `${doc.title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'workspace'}${WORKSPACE_FILE_EXTENSION}`;
      downloadBytes(bytes, name, 'application/zip');
      this.notify('info', t('workspace.exported', { file: name, size: formatBytes(bytes.length) }));
    } catch (error) {
      this.notify('error', messageOf(error));
    } finally {
      this.busy = '';
    }
  }

  /**
   * Reads a `.atalaya` file (validated, size-capped, hashes checked) and shows
   * it in the protected view, like a link: nothing runs until the user says,
   * and it becomes a new workspace only when kept.
   */
  async importWorkspace(file: File): Promise<void> {
    this.busy = t('workspace.importing', { file: file.name });
    try {
      const opened = await readWorkspaceFile(file);
      await this.#review({ workspace: opened.workspace, inline: opened.data, missing: [] }, 'file');
    } catch (error) {
      this.notify('error', describeWorkspaceFileError(error, file.name) ?? `${file.name}: ${messageOf(error)}`);
    } finally {
      this.busy = '';
    }
  }

  /** The link text (`#w=…` payload) for the open workspace. */
  async shareLink(): Promise<string> {
    return encodeWorkspaceLink(this.session.doc, async (dataset) => {
      // Only small files are worth reading: larger ones cannot travel inline anyway.
      if (!mayTravelInline(dataset)) return undefined;
      return this.#files.get(dataset.hash) ?? (await this.session.store.getBytes(dataset.hash).catch(() => undefined));
    });
  }

  /** Reads a link; a bad one is explained and nothing is opened. `present` makes Present the protected view's main choice. */
  async openLink(fragment: string, options: { present?: boolean } = {}): Promise<void> {
    try {
      const link = await decodeWorkspaceLink(fragment);
      // A new id: opening your own link never lands on the workspace it came from.
      await this.#review({ ...link, workspace: { ...link.workspace, id: newId('ws') } }, 'link', options.present === true);
    } catch (error) {
      this.notify('error', describeLinkError(error));
    }
  }

  async #review(link: DecodedLink, kind: WorkspaceOrigin['kind'], present = false): Promise<void> {
    // Whatever the sender wrote about allowed statements is dropped: only the person decides.
    const workspace = { ...link.workspace, origin: { kind, allowed: [] } };
    const storedHere: string[] = [];
    for (const dataset of link.missing) if (await this.session.store.hasBytes(dataset.hash).catch(() => false)) storedHere.push(dataset.id);
    // Reading a large link took a task of its own; the protected view renders in the next one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.linkReview = { link: { ...link, workspace }, kind, present, risky: workspace.queries.flatMap((query) => riskySql(query.sql)), storedHere };
  }

  /**
   * The person chose, in the protected view, to use this browser's own copy
   * of a dataset the link names by fingerprint only.
   */
  async useStoredCopy(dataset: DatasetEntry): Promise<boolean> {
    if (!this.linkReview) return false;
    try {
      const blob = await this.session.store.getBytes(dataset.hash);
      this.#attachReviewed(dataset, blob);
      return true;
    } catch (error) {
      this.notify('error', messageOf(error));
      return false;
    }
  }

  #attachReviewed(dataset: DatasetEntry, blob: Blob): void {
    const review = this.linkReview;
    if (!review) return;
    review.link.inline.set(dataset.hash, blob);
    const missing = review.link.missing.filter((entry) => entry.id !== dataset.id);
    this.linkReview = { ...review, link: { ...review.link, missing }, storedHere: review.storedHere.filter((id) => id !== dataset.id) };
  }

  /** Attaches a local file for a dataset the link names but does not carry, if it is the same file. */
  async attachToLink(dataset: DatasetEntry, file: File): Promise<string | undefined> {
    const review = this.linkReview;
    if (!review) return undefined;
    const hash = await contentHash(file);
    if (hash !== dataset.hash) return this.#explainMismatch(dataset, file);
    this.#attachReviewed(dataset, file);
    return undefined;
  }

  /** Why an attached file is not the one a link names: different columns, or the same columns with other content. */
  async #explainMismatch(dataset: DatasetEntry, file: File): Promise<string> {
    const staging = `${INTERNAL_TABLE_PREFIX}attach_${++nextId}`;
    try {
      await ingestFile(this.engine, this.#deps, { fileName: file.name, file, existingTables: [], replay: [{ table: staging, ...(dataset.sheet ? { sheet: dataset.sheet } : {}) }] });
      const columns = (await describeTable(this.engine, staging, 'main')).map((column) => column.name);
      const expected = dataset.columns.map((column) => column.name);
      const missing = expected.filter((name) => !columns.includes(name));
      const extra = columns.filter((name) => !expected.includes(name));
      if (missing.length + extra.length > 0) {
        return t('link.attachColumns', { file: file.name, table: dataset.table, missing: missing.join(', ') || '—', extra: extra.join(', ') || '—' });
      }
    } catch (error) {
      return `${file.name}: ${messageOf(error)}`;
    } finally {
      await this.engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`).catch(() => undefined);
    }
    return file.size !== dataset.size
      ? t('link.attachSize', { file: file.name, table: dataset.table, size: formatBytes(file.size), expected: formatBytes(dataset.size) })
      : t('link.attachContent', { file: file.name, table: dataset.table });
  }

  /**
   * Runs the reviewed workspace, unsaved until kept, with the statements the
   * person allowed, in a fresh engine instance that holds only its own data.
   * Presenting (`allowed` empty) is the same run, with nothing allowed.
   */
  async runLink(allowed: string[], keep: boolean): Promise<void> {
    const review = this.linkReview;
    if (!review) return;
    this.linkReview = undefined;
    // A copy, so that nothing attached to a later review can join this workspace.
    this.#untrustedFiles = new Map(review.link.inline); // eslint-disable-line svelte/prefer-svelte-reactivity -- never rendered
    // A plain copy: the list may be a component's state proxy, which IndexedDB cannot store.
    const workspace = { ...review.link.workspace, origin: { kind: review.kind, allowed: [...allowed] } };
    await this.session.switchTo({ adopt: workspace, unkept: true });
    if (keep) await this.keepLinked();
  }

  /**
   * Makes the workspace from a link or file a saved workspace of this
   * browser, with its data and the person's choices (its origin). A dataset
   * whose data never arrived (not carried, not attached) is left out: kept,
   * it would name bytes by a fingerprint the sender chose.
   */
  async keepLinked(): Promise<void> {
    const files: ReadonlyMap<string, Blob> = this.#untrustedFiles ?? new Map(); // eslint-disable-line svelte/prefer-svelte-reactivity -- never rendered
    const absent = this.session.doc.datasets.filter((dataset) => !dataset.sampleId && !files.has(dataset.hash));
    try {
      for (const dataset of this.session.doc.datasets) {
        const file = files.get(dataset.hash);
        if (file && !dataset.sampleId) await this.session.track(this.session.store.putBytes(file, { hash: dataset.hash }));
      }
      if (absent.length > 0) this.session.forgetDatasets(absent.map((dataset) => dataset.id));
      await this.session.keep();
    } catch (error) {
      this.session.reportStoreError(error);
      return;
    }
    for (const [hash, blob] of files) this.#files.set(hash, blob);
    this.#untrustedFiles = undefined;
    for (const dataset of absent) this.notify('warning', t('link.notKept', { table: dataset.table, file: dataset.fileName }));
  }

  async exportResult(format: 'csv' | 'parquet'): Promise<void> {
    const result = this.result;
    if (!result?.table) return;
    try {
      const bytes =
        format === 'csv'
          ? await exportCsv(this.engine, result)
          : await exportParquet(this.engine, await this.#deps.loadParquet(), result);
      const mime = format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet';
      downloadBytes(bytes, `atalaya-result.${format}`, mime);
    } catch (error) {
      this.notify('error', messageOf(error));
    }
  }
}


function shorten(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Progress text for a load job. */
export function describeLoad(job: LoadJob, now: number): string {
  if (job.phase === 'reading') return t('files.progress.read', { read: formatBytes(job.bytesRead), total: formatBytes(job.size) });
  if (job.percent > 0) return t('files.progress.parse', { percent: Math.round(job.percent) });
  return t('files.progress.parseElapsed', { elapsed: formatDuration(now - job.parseStartedAt) });
}
