import { Engine, EngineError, INTERNAL_TABLE_PREFIX, listTables, messageOf, type EngineStatus, type TableInfo } from '../lib/engine';
import { quoteIdentifier } from '../lib/engine';
import { formatBytes, formatCount, formatDuration, formatRows, t } from '../lib/i18n/messages';
import { ingestFile, IngestError, toTableName, uniqueName, type IngestDeps, type RejectedRows } from '../lib/ingest';
import { dropResult, exportCsv, exportParquet, runStatement, type QueryResult, type ResultColumn } from '../lib/results';
import { downloadBytes } from './download';
import type { SampleDataset } from '../lib/samples/catalog';
import { fetchSample } from '../lib/samples/fetch-sample';
import { typeFixSwapSql, typeFixType, type TypeFixOptions } from '../lib/profile/type-fix';
import { TableSources, type TableSource } from './table-sources';
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
  /** Which tables are bundled samples (table name → sample id). */
  sampleTables = $state<Record<string, string>>({});

  readonly engine: Engine;
  readonly #deps: IngestDeps;
  readonly #sources = new TableSources();
  #queryController: AbortController | undefined;

  constructor(engine: Engine, deps: IngestDeps) {
    this.engine = engine;
    this.#deps = deps;
    this.history = readHistory();
    this.engineStatus = engine.status;
    engine.onStatusChange((status) => (this.engineStatus = status));
    engine.onRestore(() => this.#rebuildTables());
    engine.onRestart((reason) => {
      // Undo offers that relied on tables of the old instance can no longer be kept.
      this.board.withdrawEngineBound();
      this.notify('warning', reason === 'cancel' ? t('engine.restarted.cancel') : t('engine.restarted', { reason: shorten(reason) }));
      if (this.result) this.resultLost = true;
      void this.refreshTables();
    });
    engine.onProgress((progress) => {
      const job = this.loads.find((load) => load.phase === 'parsing');
      if (job && progress.percentage >= 0) job.percent = progress.percentage;
    });
  }

  async start(): Promise<void> {
    try {
      await this.engine.start();
      await this.refreshTables();
    } catch (error) {
      this.notify('error', `${t('engine.status.failed')}: ${messageOf(error)}`);
    }
  }

  notify(kind: Notice['kind'], text: string, extra: NoticeExtras = {}): void {
    this.board.notify(kind, text, extra);
  }

  async refreshTables(): Promise<void> {
    try {
      this.tables = await listTables(this.engine);
      this.#sources.keepOnly(this.tables.map((table) => table.name));
      this.sampleTables = this.#sources.samples();
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
      const outcome = await ingestFile(this.engine, this.#deps, {
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
        existingTables: this.tables.map((table) => table.name),
        signal,
        pickSheets: (names) => this.#askSheets(file.name, names),
      });
      for (const loaded of outcome.tables) {
        this.#sources.set(loaded.table, {
          file,
          fileName: file.name,
          ...(loaded.sheet ? { sheet: loaded.sheet } : {}),
          ...(sampleId ? { sampleId } : {}),
        });
        this.notify('info', t('files.loaded', { file: file.name, table: loaded.table, rows: formatRows(loaded.rowCount) }));
      }
      for (const notice of outcome.notices) this.notify('warning', notice);
      await this.refreshTables();
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

  /** Re-creates every file-backed table on a fresh engine, under its current name. */
  async #rebuildTables(): Promise<void> {
    for (const group of this.#sources.groups()) {
      try {
        await ingestFile(this.engine, this.#deps, { fileName: group.fileName, file: group.file, existingTables: [], replay: group.tables });
        for (const { table, fixes } of group.tables) {
          for (const fix of fixes ?? []) {
            await this.engine.query(typeFixSwapSql(table, fix.column, fix.options, `${INTERNAL_TABLE_PREFIX}fixing_${++nextId}`));
          }
        }
      } catch (error) {
        // One file that cannot be rebuilt must not keep the others from coming back.
        this.notify('error', `${group.fileName}: ${messageOf(error)}`);
      }
    }
  }

  /** Runs SQL (one statement; the last result is shown). */
  async runSql(sql: string): Promise<void> {
    if (this.running) return;
    if (sql.trim() === '') {
      this.lastStatus = t('editor.nothingToRun');
      return;
    }
    this.#queryController = new AbortController();
    const signal = this.#queryController.signal;
    this.running = true;
    this.runStartedAt = performance.now();
    this.queryError = undefined;
    this.history = rememberQuery(this.history, sql.trim());
    try {
      const result = await runStatement(this.engine, sql, signal);
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

  /** Shows the profile of a dataset in the results panel. */
  showProfile(table: string, rejected?: ProfileTarget['rejected']): void {
    const info = this.tables.find((candidate) => candidate.name === table);
    if (!info) return;
    this.profileTarget = { label: table, dataset: table, table: quoteIdentifier(table), columns: info.columns, ...(rejected ? { rejected } : {}) };
    this.resultsView = 'profile';
  }

  /**
   * Converts a text column in place, undoably: the table is rebuilt with the
   * column converted and swapped in, in one transaction; the original is kept
   * hidden until the notice offering Undo goes away.
   */
  async applyTypeFix(table: string, column: string, options: TypeFixOptions, failing: number): Promise<void> {
    const id = ++nextId;
    const original = `${INTERNAL_TABLE_PREFIX}before_fix_${id}`;
    const fixed = `${INTERNAL_TABLE_PREFIX}fixing_${id}`;
    try {
      await this.engine.query(typeFixSwapSql(table, column, options, fixed, original));
    } catch (error) {
      await this.engine.query('ROLLBACK').catch(() => undefined);
      this.notify('error', messageOf(error));
      return;
    }
    this.#sources.recordFix(table, { column, options });
    await this.refreshTables();
    this.showProfile(table);
    const type = typeFixType(options.target);
    const text = failing > 0 ? t('fix.appliedLost', { column, table, type, failing: formatCount(failing) }) : t('fix.applied', { column, table, type });
    const swapBack = [
      'BEGIN TRANSACTION',
      `DROP TABLE ${quoteIdentifier(table)}`,
      `ALTER TABLE ${quoteIdentifier(original)} RENAME TO ${quoteIdentifier(table)}`,
      'COMMIT',
    ].join(';\n');
    this.notify('info', text, {
      action: {
        label: t('common.undo'),
        run: () =>
          void this.engine
            .query(swapBack)
            .then(() => this.#sources.recordFix(table, 'undo'))
            .catch(async (error: unknown) => {
              await this.engine.query('ROLLBACK').catch(() => undefined);
              this.notify('error', messageOf(error));
            })
            .then(() => this.refreshTables())
            .then(() => this.showProfile(table)),
      },
      onExpire: () => void this.engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(original)}`).catch(() => undefined),
      engineBound: true,
    });
  }

  cancelQuery(): void {
    this.#queryController?.abort();
  }


  async renameTable(from: string, requested: string): Promise<void> {
    const base = toTableName(requested);
    const to = uniqueName(base, this.tables.filter((table) => table.name !== from).map((table) => table.name));
    if (to === from) return;
    const kind = this.tables.find((table) => table.name === from)?.isView ? 'VIEW' : 'TABLE';
    try {
      await this.engine.query(`ALTER ${kind} ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
      this.#sources.rename(from, to);
    } catch (error) {
      this.notify('error', messageOf(error));
    }
    await this.refreshTables();
  }

  /**
   * Removes a table undoably: it is moved aside under a hidden name, and
   * dropped for good only when its notice (with Undo) goes away.
   */
  async dropTable(name: string): Promise<void> {
    const kind = this.tables.find((table) => table.name === name)?.isView ? 'VIEW' : 'TABLE';
    const hidden = `${INTERNAL_TABLE_PREFIX}removed_${++nextId}`;
    const source = this.#sources.get(name);
    try {
      await this.engine.query(`ALTER ${kind} ${quoteIdentifier(name)} RENAME TO ${quoteIdentifier(hidden)}`);
      this.#sources.delete(name);
    } catch (error) {
      this.notify('error', messageOf(error));
      return;
    }
    await this.refreshTables();
    this.notify('info', t('datasets.removed', { name }), {
      action: { label: t('common.undo'), run: () => void this.#restoreRemoved(kind, hidden, name, source) },
      onExpire: () => void this.engine.query(`DROP ${kind} IF EXISTS ${quoteIdentifier(hidden)}`).catch(() => undefined),
      engineBound: true,
    });
  }

  async #restoreRemoved(kind: string, hidden: string, name: string, source: TableSource | undefined): Promise<void> {
    const restored = uniqueName(name, this.tables.map((table) => table.name));
    try {
      await this.engine.query(`ALTER ${kind} ${quoteIdentifier(hidden)} RENAME TO ${quoteIdentifier(restored)}`);
      if (source) this.#sources.set(restored, source);
    } catch (error) {
      this.notify('error', messageOf(error));
    }
    await this.refreshTables();
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
