import { EngineError, readCatalog, type CatalogTable } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { formatDuration } from '../i18n/format';
import { csvDefaultsFor, dropResult, exportCsv, exportFileName, exportParquet, exportXlsx, runStatement, type CsvOptions, type QueryResult } from '../../lib/results';
import { interfaceLocale } from '../i18n/locale.svelte';
import { blockedStatement } from '../../lib/share';
import { removeDataset, renameDataset } from '../../lib/workspace';
import { downloadBytes } from '../download';
import { describeError } from '../i18n/describe';
import { readHistory, rememberQuery } from '../query-history';
import type { EngineSync } from './engine-sync.svelte';
import type { CoreContext } from './context';
import type { ResultsView } from './results-view.svelte';

/**
 * The editor's query: running it (after the datasets it may read are in the
 * engine), its result, status and error, which belong to the statement that
 * produced them, and what the statement did to the workspace's datasets.
 */
export class QueryRun {
  result = $state.raw<QueryResult | undefined>(undefined);
  /** The engine restarted: the result's table is gone, though the query may be run again. */
  resultLost = $state(false);
  error = $state.raw<EngineError | undefined>(undefined);
  running = $state(false);
  startedAt = $state(0);
  /** What the last run came to, worded when shown: it follows the interface's language. */
  #status = $state.raw<() => string>(() => '');
  history = $state<string[]>(readHistory());
  /** Bumped whenever the result rows change, so the grid drops cached pages. */
  version = $state(0);
  #csvOptions = $state.raw<CsvOptions | undefined>(undefined);

  readonly #core: CoreContext;
  readonly #sync: EngineSync;
  readonly #view: ResultsView;
  #controller: AbortController | undefined;

  get status(): string {
    return this.#status();
  }

  constructor(core: CoreContext, sync: EngineSync, view: ResultsView) {
    this.#core = core;
    this.#sync = sync;
    this.#view = view;
  }

  /** Runs SQL (one statement; the last result is shown). */
  async run(sql: string): Promise<void> {
    if (this.running) return;
    if (sql.trim() === '') {
      this.#status = () => m.editor_nothing_to_run();
      return;
    }
    const blocked = blockedStatement(this.#core.session.doc.origin, sql);
    if (blocked) {
      this.error = new EngineError('sql', m.link_blocked({ detail: blocked.detail }), sql);
      return;
    }
    this.#controller = new AbortController();
    const signal = this.#controller.signal;
    this.running = true;
    this.startedAt = performance.now();
    this.error = undefined;
    this.history = rememberQuery(this.history, sql.trim());
    try {
      // Datasets still loading (after a reload, an undo…) are waited for, not reported missing.
      if (this.#sync.restoring > 0) this.#status = () => m.editor_waiting_for_data();
      await this.#sync.whenSynced();
      this.#status = () => '';
      const before = await readCatalog(this.#core.engine);
      const syncRuns = this.#sync.runs;
      const result = await runStatement(this.#core.engine, sql, signal);
      const after = await readCatalog(this.#core.engine);
      // A sync that ran (or was asked for) meanwhile changed the catalog itself: only the statement's own changes are followed.
      if (syncRuns !== -1 && syncRuns === this.#sync.runs) this.#followCatalog(before, after);
      this.#replace(result);
      this.#view.showResult();
      const { table, rowCount, elapsedMs } = result;
      this.#status = () => (table ? m.editor_done({ rows: rowCount, elapsed: formatDuration(elapsedMs) }) : m.editor_done_statement({ elapsed: formatDuration(elapsedMs) }));
      await this.#sync.refresh();
    } catch (error) {
      const elapsedMs = performance.now() - this.startedAt;
      // The previous result no longer answers what the editor shows: it is cleared, not left as if current.
      this.#replace(undefined);
      if (error instanceof EngineError && error.kind === 'cancelled') {
        this.#status = () => m.editor_cancelled({ elapsed: formatDuration(elapsedMs) });
      } else {
        this.error = error instanceof EngineError ? error : new EngineError('sql', describeError(error), sql);
        this.#status = () => '';
      }
    } finally {
      this.running = false;
      this.#controller = undefined;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Forgets the shown result, error and status (another workspace is open: nothing of the last one stays). */
  clear(): void {
    this.#replace(undefined);
    this.error = undefined;
    this.#status = () => '';
  }

  /** The engine restarted under the result: it stays listed as lost rather than shown as current. */
  markLost(): void {
    if (this.result) this.resultLost = true;
  }

  /** The CSV options chosen for this visit; until one is chosen, what the interface's language expects. */
  get csvOptions(): CsvOptions {
    return this.#csvOptions ?? csvDefaultsFor(interfaceLocale());
  }

  set csvOptions(options: CsvOptions) {
    this.#csvOptions = { ...options };
  }

  /** Downloads the result as CSV (with the chosen options), Parquet or an Excel workbook, named after the query and the day. */
  async export(format: 'csv' | 'parquet' | 'xlsx'): Promise<void> {
    const result = this.result;
    if (!result?.table) return;
    const doc = this.#core.session.doc;
    const base = doc.queries.find((item) => item.id === doc.activeQueryId)?.name.trim() || 'atalaya-result';
    // A moment read once, not state: the day the file is named after.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const fileName = exportFileName(base, new Date(), format);
    try {
      if (format === 'xlsx') {
        const { bytes, clippedCells } = await exportXlsx(this.#core.engine, result, { sheetName: base });
        downloadBytes(bytes, fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        if (clippedCells > 0) this.#core.notify('warning', () => m.results_xlsx_clipped({ count: clippedCells }));
        return;
      }
      const bytes = format === 'csv' ? await exportCsv(this.#core.engine, result, this.csvOptions) : await exportParquet(this.#core.engine, await this.#core.deps.loadParquet(), result);
      const mime = format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet';
      downloadBytes(bytes, fileName, mime);
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
    }
  }

  #replace(result: QueryResult | undefined): void {
    const previous = this.result;
    this.result = result;
    this.resultLost = false;
    this.version += 1;
    void dropResult(this.#core.engine, previous);
  }

  /**
   * Follows what a user statement did to dataset tables, comparing the
   * catalog before and after it: a dataset dropped with SQL leaves the
   * workspace (Undo brings it back), one renamed with SQL is renamed in it.
   * A dataset not in the catalog before (still loading) is never touched.
   */
  #followCatalog(before: CatalogTable[], after: CatalogTable[]): void {
    const nameOf = (catalog: CatalogTable[], id: string) => catalog.find((table) => table.datasetId === id)?.name;
    for (const dataset of this.#core.session.doc.datasets) {
      const was = nameOf(before, dataset.id);
      if (was === undefined) continue;
      const now = nameOf(after, dataset.id);
      if (now === undefined) this.#core.session.edit(m.workspace_undo_remove({ name: dataset.table }), (doc) => removeDataset(doc, dataset.table));
      else if (now !== dataset.table) this.#core.session.edit(m.workspace_undo_rename({ name: dataset.table }), (doc) => renameDataset(doc, dataset.table, now));
    }
  }
}
