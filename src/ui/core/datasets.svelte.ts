import { dropTableSql, isTextType, markDatasetTableSql, quoteIdentifier, renameTableSql } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { formatBytes, formatDuration } from '../i18n/format';
import { ingestFile, IngestError, readSheetChoices, toTableName, uniqueName, type LoadSubset, type SheetChoice, type SheetPick } from '../../lib/ingest';
import { typeFixType, type TypeFixOptions } from '../../lib/profile';
import { exportFileName, tableToCsv, tableToParquet, tableToXlsx, type CsvOptions } from '../../lib/results';
import { downloadBytes } from '../download';
import { fetchSample, type SampleDataset } from '../../lib/samples';
import { toStoreError } from '../../lib/store';
import { addDataset, addTypeFix, contentHashOffThread, findDataset, newId, removeDataset, renameDataset, setHeaderRow, type DatasetEntry, type Workspace } from '../../lib/workspace';
import { describeError, describeNotice } from '../i18n/describe';
import { scratchName, type EngineSync } from './engine-sync.svelte';
import type { CoreContext } from './context';
import { PartLoads } from './part-load.svelte';
import { partWords } from '../files/part-words';
import type { ResultsView } from './results-view.svelte';
import type { Wording } from '../notice-board.svelte';

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

/** A workbook's sheets to choose from (what was detected in each), answered with the sheets to load and their header rows. */
export interface SheetRequest {
  fileName: string;
  choices: SheetChoice[];
  /** Set when a loaded sheet's dataset is to be read again with another header row: its table. */
  table?: string;
  resolve: (chosen: SheetPick[]) => void;
}

/** Files smaller than this load without a progress panel. */
const PROGRESS_ABOVE_BYTES = 2 * 1024 * 1024;

let nextJob = 0;

/**
 * The workspace's datasets as the person changes them: files and samples
 * being loaded (with their progress and sheet questions), type fixes,
 * renames and removals — each on the engine's ordered path, each recorded
 * in the workspace with its Undo.
 */
export class Datasets {
  loads = $state<LoadJob[]>([]);
  sheetRequest = $state.raw<SheetRequest | undefined>(undefined);
  /** Loading part of a file too large to load whole. */
  readonly parts: PartLoads;

  readonly #core: CoreContext;
  readonly #sync: EngineSync;
  readonly #view: ResultsView;

  constructor(core: CoreContext, sync: EngineSync, view: ResultsView) {
    this.#core = core;
    this.#sync = sync;
    this.#view = view;
    this.parts = new PartLoads(core, sync, (file, subset) => this.openFilePart(file, subset));
  }

  /** Loads only part of a file (some columns, a sample of rows), as chosen in the part dialog. */
  openFilePart(file: File, subset: LoadSubset): Promise<string[]> {
    return this.#openFile(file, undefined, subset);
  }

  /** What part of its file a dataset's table holds, when not all of it (columns kept, sample share). */
  partOf(table: string): LoadSubset | undefined {
    return findDataset(this.#core.session.doc, table)?.subset;
  }

  /** Which tables are bundled samples (table name → sample id). */
  get sampleTables(): Record<string, string> {
    const samples: Record<string, string> = {};
    for (const dataset of this.#core.session.doc.datasets) if (dataset.sampleId) samples[dataset.table] = dataset.sampleId;
    return samples;
  }

  /** DuckDB's progress on the load being parsed. */
  progress(percentage: number): void {
    const job = this.loads.find((load) => load.phase === 'parsing');
    if (job && percentage >= 0) job.percent = percentage;
  }

  /** Loads files one after another; a bad file is reported and the rest still load. */
  async openFiles(files: File[]): Promise<void> {
    for (const file of files) await this.#openFile(file);
  }

  /**
   * Loads a bundled sample like any small local file; resolves to its table
   * name, or undefined when it could not be loaded (the person was told why).
   */
  async loadSample(sample: SampleDataset): Promise<string | undefined> {
    let file: File;
    try {
      file = await fetchSample(sample);
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
      return undefined;
    }
    const tables = await this.#openFile(file, sample.id);
    return tables[0];
  }

  async #openFile(file: File, sampleId?: string, subset?: LoadSubset): Promise<string[]> {
    const job: LoadJob = {
      id: ++nextJob,
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
    // The content hash (the key the bytes are stored under) is computed while
    // DuckDB parses, not after, in a worker: on a second core it is ready when
    // the table is, and the page never waits for a digest (Chrome digests on
    // the calling thread, 30–60 ms per 4 MiB chunk).
    const hashing = contentHashOffThread(file, signal);
    hashing.catch(() => undefined); // a cancelled or failed load never asks for it
    try {
      // On the ordered path: names are chosen, tables made and recorded with nothing in between.
      const outcome = await this.#sync.exclusive(async () => {
        const loaded = await ingestFile(this.#core.engine, this.#core.deps, {
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
          existingTables: this.#sync.takenNames(),
          signal,
          chooseSheets: (choices) => this.#askSheets(file.name, choices),
          ...(subset ? { subset } : {}),
        });
        await this.#sync.refresh();
        await this.#record(file, hashing, loaded.format, loaded.tables, { sampleId, subset });
        return loaded;
      });
      for (const loaded of outcome.tables) {
        this.#core.notify('info', () =>
          subset ? m.files_loaded_part({ file: file.name, table: loaded.table, rows: loaded.rowCount, part: partWords(subset) }) : m.files_loaded({ file: file.name, table: loaded.table, rows: loaded.rowCount }),
        );
      }
      for (const notice of outcome.notices) {
        // Numbers that read two ways stay text: the notice offers the type fix of the first such column.
        const table = notice.code === 'ambiguousNumbers' ? outcome.tables.find((loaded) => loaded.sheet === notice.params.sheet)?.table : undefined;
        const column = notice.code === 'ambiguousNumbers' ? notice.params.columns[0] : undefined;
        const action = table && column ? { label: m.fix_button, run: () => this.#view.askFix(table, column) } : undefined;
        this.#core.notify('warning', () => describeNotice(notice), action ? { action } : undefined);
      }
      const first = outcome.tables[0];
      if (first) this.#view.showProfile(first.table, first.rejected && first.rejected.count > 0 ? { file: file.name, rows: first.rejected } : undefined);
      return outcome.tables.map((loaded) => loaded.table);
    } catch (error) {
      if (signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) {
        this.#core.notify('info', () => m.files_cancelled({ file: file.name }));
      } else {
        const part = error instanceof IngestError && error.problem.code === 'memoryShort' ? this.parts.actionFor(file, error.problem.params) : undefined;
        this.#core.notify('error', () => error instanceof IngestError ? describeError(error) : `${file.name}: ${describeError(error)}`, part ? { action: part } : undefined);
      }
    } finally {
      this.loads = this.loads.filter((load) => load.id !== job.id);
    }
    return [];
  }

  #askSheets(fileName: string, choices: SheetChoice[], table?: string): Promise<SheetPick[]> {
    return new Promise((resolve) => {
      this.sheetRequest = {
        fileName,
        choices,
        ...(table ? { table } : {}),
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
  async #record(
    file: File,
    hashing: Promise<string>,
    format: string,
    loaded: Array<{ table: string; sheet?: string; headerRow?: number; rowCount: number }>,
    { sampleId, subset }: { sampleId?: string; subset?: LoadSubset } = {},
  ): Promise<void> {
    let hash: string;
    try {
      hash = await hashing;
    } catch (error) {
      this.#core.notify('error', () => m.workspace_not_stored({ file: file.name, cause: describeError(error) }));
      return;
    }
    this.#core.bytes.remember(hash, file);
    const ids: string[] = [];
    for (const { table, sheet, headerRow, rowCount } of loaded) {
      const entry: DatasetEntry = {
        id: newId('d'),
        table,
        fileName: file.name,
        format,
        size: file.size,
        hash,
        columns: this.#sync.columnsOf(table),
        rowCount,
        fixes: [],
        ...(sheet ? { sheet } : {}),
        ...(sheet && headerRow !== undefined ? { headerRow } : {}),
        ...(sampleId ? { sampleId } : {}),
        ...(subset ? { subset } : {}),
      };
      ids.push(entry.id);
      this.#core.session.edit(m.workspace_undo_add({ name: table }), (doc) => addDataset(doc, entry));
      await this.#core.engine.query(markDatasetTableSql(table, entry));
      // Still on the ordered path, so the snapshot is the table exactly as the file gave it.
      await this.#sync.snapshots.take(entry);
    }
    // Not awaited: the table and its profile show while the bytes are written.
    if (!sampleId) void this.#storeBytes(file, hash, ids);
  }

  async #storeBytes(file: File, hash: string, ids: string[]): Promise<void> {
    try {
      await this.#core.session.track(this.#core.session.store.putBytes(file, { hash }));
    } catch (error) {
      // The tables stay for this session; the saved workspace must not name data it does not hold.
      this.#core.session.forgetDatasets(ids);
      const problem = toStoreError(error);
      this.#core.notify('error', () => problem.kind === 'quota' ? m.workspace_quota_data({ file: file.name }) : m.workspace_not_stored({ file: file.name, cause: describeError(problem) }));
    }
  }

  /**
   * Converts a text column in place: the table is rebuilt with the column
   * converted and swapped in, in one transaction. The fix is recorded in the
   * workspace; undoing it rebuilds the table from its bytes and earlier fixes.
   */
  async applyTypeFix(table: string, column: string, options: TypeFixOptions, failing: number): Promise<void> {
    const after = await this.#sync.exclusive(async () => {
      // The engine says what the column is now (an Undo or Redo may have changed it since the dialog opened):
      // converting a column that is no longer text would read its numbers as text and scale them.
      await this.#sync.refresh();
      const current = this.#sync.tables.find((info) => info.name === table)?.columns.find((info) => info.name === column);
      if (!current || !isTextType(current.type)) {
        this.#core.notify('error', () => m.fix_not_text({ column, table, type: current?.type ?? '—' }));
        return undefined;
      }
      if (!(await this.#sync.swapForFix(table, column, options))) return undefined;
      await this.#sync.refresh();
      const doc = this.#core.session.edit(m.workspace_undo_fix({ column }), (current) => addTypeFix(current, table, { column, options }, this.#sync.columnsOf(table)));
      const dataset = findDataset(doc, table);
      if (dataset) await this.#core.engine.query(markDatasetTableSql(table, dataset));
      return doc;
    });
    if (!after) return;
    this.#view.showProfile(table);
    const type = typeFixType(options.target);
    const text = () => (failing > 0 ? m.fix_applied_lost({ column, table, type, failing }) : m.fix_applied({ column, table, type }));
    this.#offerUndo(text, after, () => this.#view.showProfile(table));
  }

  /** Downloads a whole table as CSV (with the given options), an Excel workbook or Parquet, named after it and the day. */
  async exportTable(name: string, format: 'csv' | 'xlsx' | 'parquet', csv: CsvOptions): Promise<void> {
    const tableSql = quoteIdentifier(name);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a moment read once: the day the file is named after
    const fileName = exportFileName(name, new Date(), format);
    try {
      if (format === 'xlsx') {
        const { bytes, clippedCells } = await tableToXlsx(this.#core.engine, tableSql, { sheetName: name });
        downloadBytes(bytes, fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        if (clippedCells > 0) this.#core.notify('warning', () => m.results_xlsx_clipped({ count: clippedCells }));
      } else if (format === 'csv') {
        downloadBytes(await tableToCsv(this.#core.engine, tableSql, csv), fileName, 'text/csv');
      } else {
        downloadBytes(await tableToParquet(this.#core.engine, await this.#core.deps.loadParquet(), tableSql), fileName, 'application/vnd.apache.parquet');
      }
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
    }
  }

  /** Whether a dataset was read from a workbook's sheet (its header row can be chosen again). */
  isSheet(table: string): boolean {
    return findDataset(this.#core.session.doc, table)?.sheet !== undefined;
  }

  /**
   * Reads a sheet's dataset again with another header row, chosen in the
   * sheet picker (the sheet's first rows, the columns each row gives). Its
   * type fixes name columns of the old reading and are dropped; Undo reads
   * it as it was.
   */
  async changeHeaderRow(table: string): Promise<void> {
    const dataset = findDataset(this.#core.session.doc, table);
    const sheet = dataset?.sheet;
    if (!dataset || sheet === undefined) return;
    let file: Blob;
    let choice: SheetChoice | undefined;
    try {
      file = await this.#core.bytes.bytesOf(dataset, this.#core.session.unkept);
      choice = (await readSheetChoices(this.#core.deps, file)).find((candidate) => candidate.name === sheet);
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
      return;
    }
    if (!choice) return;
    const current = dataset.headerRow ?? choice.headerRow;
    const picks = await this.#askSheets(dataset.fileName, [{ ...choice, headerRow: current, rowCount: Math.max(0, choice.rowCount + choice.headerRow - current) }], table);
    const row = picks[0]?.headerRow;
    if (row === undefined || row === current) return;
    const after = await this.#sync.exclusive(async () => {
      // The picker waited for the person: an Undo or a rename meanwhile may have changed what `table` is.
      if (findDataset(this.#core.session.doc, table)?.id !== dataset.id) return undefined;
      // Read into a scratch table first: a failed reading leaves the dataset as it was.
      const staging = scratchName('header');
      let rowCount = 0;
      try {
        const loaded = await ingestFile(this.#core.engine, this.#core.deps, { fileName: dataset.fileName, file, existingTables: [], replay: [{ table: staging, sheet, headerRow: row }] });
        rowCount = loaded.tables[0]?.rowCount ?? 0;
        await this.#core.engine.query(['BEGIN TRANSACTION', dropTableSql(table), renameTableSql(staging, table), 'COMMIT'].join(';\n'));
      } catch (error) {
        await this.#core.engine.query('ROLLBACK').catch(() => undefined);
        await this.#core.engine.query(dropTableSql(staging)).catch(() => undefined);
        this.#core.notify('error', () => describeError(error));
        return undefined;
      }
      await this.#sync.refresh();
      const doc = this.#core.session.edit(m.workspace_undo_header({ name: table }), (before) => setHeaderRow(before, table, row, this.#sync.columnsOf(table), rowCount));
      const entry = findDataset(doc, table);
      if (entry) await this.#core.engine.query(markDatasetTableSql(table, entry));
      return doc;
    });
    if (!after) return;
    this.#view.showProfile(table);
    this.#offerUndo(() => m.datasets_header_changed({ name: table, row }), after, () => this.#view.showProfile(table));
  }

  rename(from: string, requested: string): Promise<void> {
    return this.#sync.exclusive(async () => {
      const to = uniqueName(toTableName(requested), this.#sync.takenNames().filter((name) => name !== from));
      if (to === from) return;
      const kind = this.#sync.tables.find((table) => table.name === from)?.isView ? 'VIEW' : 'TABLE';
      try {
        await this.#core.engine.query(renameTableSql(from, to, kind));
        this.#core.session.edit(m.workspace_undo_rename({ name: from }), (doc) => renameDataset(doc, from, to));
      } catch (error) {
        this.#core.notify('error', () => describeError(error));
      }
      await this.#sync.refresh();
    });
  }

  /**
   * Removes a table undoably. A dataset leaves the workspace (Undo loads it
   * again from its stored bytes); any other table is moved aside under a
   * hidden name and dropped for good when its notice goes away.
   */
  async remove(name: string): Promise<void> {
    if (findDataset(this.#core.session.doc, name)) {
      const after = await this.#sync.exclusive(async () => {
        try {
          await this.#core.engine.query(dropTableSql(name));
        } catch (error) {
          this.#core.notify('error', () => describeError(error));
          return undefined;
        }
        await this.#sync.refresh();
        return this.#core.session.edit(m.workspace_undo_remove({ name }), (doc) => removeDataset(doc, name));
      });
      if (after) this.#offerUndo(() => m.datasets_removed({ name }), after);
      return;
    }
    const kind = this.#sync.tables.find((table) => table.name === name)?.isView ? 'VIEW' : 'TABLE';
    const hidden = scratchName('removed');
    const moved = await this.#sync.exclusive(async () => {
      try {
        await this.#core.engine.query(renameTableSql(name, hidden, kind));
        return true;
      } catch (error) {
        this.#core.notify('error', () => describeError(error));
        return false;
      } finally {
        await this.#sync.refresh();
      }
    });
    if (!moved) return;
    this.#core.notify('info', () => m.datasets_removed({ name }), {
      action: { label: m.common_undo, run: () => void this.#restoreRemoved(kind, hidden, name) },
      onExpire: () => void this.#core.engine.query(dropTableSql(hidden, kind)).catch(() => undefined),
      engineBound: true,
    });
  }

  #restoreRemoved(kind: 'TABLE' | 'VIEW', hidden: string, name: string): Promise<void> {
    return this.#sync.exclusive(async () => {
      const restored = uniqueName(name, this.#sync.takenNames());
      try {
        await this.#core.engine.query(renameTableSql(hidden, restored, kind));
      } catch (error) {
        this.#core.notify('error', () => describeError(error));
      }
      await this.#sync.refresh();
    });
  }

  /** The workspace's datasets whose tables the engine holds: what a Profile can be chosen for. */
  get profilable(): string[] {
    const loaded = this.#sync.tables.map((table) => table.name);
    return this.#core.session.doc.datasets.map((dataset) => dataset.table).filter((table) => loaded.includes(table));
  }

  /** Datasets with a text column of this name: where a query result's column can have its type changed. */
  textColumnIn(column: string): string[] {
    const datasets = this.#core.session.doc.datasets.map((dataset) => dataset.table);
    return this.#sync.tables
      .filter((table) => datasets.includes(table.name) && table.columns.some((info) => info.name === column && isTextType(info.type)))
      .map((table) => table.name);
  }

  /**
   * Datasets of a workspace from a link or file whose data neither came with
   * it nor was attached: the Datasets list offers to attach their files.
   */
  get missing(): DatasetEntry[] {
    const session = this.#core.session;
    if (!session.unkept) return [];
    const loaded = this.#sync.tables.map((table) => table.name);
    const carried = this.#core.bytes.confined;
    return session.doc.datasets.filter((dataset) => !dataset.sampleId && !loaded.includes(dataset.table) && !carried.has(dataset.hash));
  }

  /**
   * Loads the file a person attached for a missing dataset, under that
   * dataset's name, if it is the same file (its fingerprint); else says why
   * not. The file joins what the unkept workspace may load from, and the
   * engine sync (the ordered path) builds the table with its type fixes.
   */
  async attach(table: string, file: File): Promise<string | undefined> {
    const dataset = findDataset(this.#core.session.doc, table);
    if (!dataset) return undefined;
    let hash: string;
    try {
      hash = await contentHashOffThread(file);
    } catch (error) {
      return `${file.name}: ${describeError(error)}`;
    }
    if (hash !== dataset.hash) return m.datasets_attach_mismatch({ file: file.name, name: table, expected: dataset.fileName, size: formatBytes(dataset.size) });
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a plain copy handed over once: confine keeps its own
    if (this.#core.session.unkept) this.#core.bytes.confine(new Map([...this.#core.bytes.confined, [hash, file]]));
    else this.#core.bytes.remember(hash, file);
    await this.#sync.sync();
    // The sync may have renamed it (a table of the person's own took the name meanwhile).
    const now = this.#core.session.doc.datasets.find((entry) => entry.id === dataset.id)?.table ?? table;
    if (this.#sync.tables.some((info) => info.name === now)) {
      this.#core.notify('info', () => m.datasets_attached({ file: file.name, name: now }));
      this.#view.showProfile(now);
    }
    return undefined;
  }

  /** A notice whose Undo undoes the edit that produced `after`, if nothing was done since. */
  #offerUndo(text: Wording, after: Workspace, then?: () => void): void {
    this.#core.notify('info', text, {
      action: {
        label: m.common_undo,
        run: () =>
          void this.#core.session.undoIfLatest(after).then((undone) => {
            if (!undone) this.#core.notify('info', () => m.workspace_undo_later());
            else then?.();
          }),
      },
    });
  }
}

/** Progress text for a load job. */
export function describeLoad(job: LoadJob, now: number): string {
  if (job.phase === 'reading') return m.files_progress_read({ read: formatBytes(job.bytesRead), total: formatBytes(job.size) });
  if (job.percent > 0) return m.files_progress_parse({ percent: Math.round(job.percent) });
  return m.files_progress_parse_elapsed({ elapsed: formatDuration(now - job.parseStartedAt) });
}
