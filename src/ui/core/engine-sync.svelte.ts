import { dropTableSql, INTERNAL_TABLE_PREFIX, listTables, markDatasetTableSql, planSync, readCatalog, renameTableSql, WORKSPACE_SWITCH, type TableInfo } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { ingestFile, uniqueName } from '../../lib/ingest';
import { typeFixSwapSql, type TypeFixOptions } from '../../lib/profile';
import { renameDataset, type DatasetEntry } from '../../lib/workspace';
import { describeError } from '../i18n/describe';
import type { CoreContext } from './context';
import { TableSnapshots, type SnapshotLimits } from './table-snapshots';

let nextId = 0;

/** A name no dataset or user table can have, for a table that exists only for a moment. */
export function scratchName(purpose: string): string {
  return `${INTERNAL_TABLE_PREFIX}${purpose}_${++nextId}`;
}

/**
 * The one ordered path that changes the engine's tables, and the tables as
 * the engine's catalog says they are. Loads, restores, undo/redo, workspace
 * switches, type fixes, renames and removals all run through `exclusive`, one
 * at a time; `sync` plans from the actual catalog to the open document, so
 * nothing here keeps a copy of what the engine holds.
 */
export class EngineSync {
  /** The engine's tables and views, read back after every change. */
  tables = $state.raw<TableInfo[]>([]);
  /** Datasets being restored from their bytes (after a reload, an undo or a workspace switch). */
  restoring = $state(0);

  /** The end of the ordered path (see `exclusive`). */
  #tail: Promise<void> = Promise.resolve();
  /** A sync waiting to run, which later requests share. */
  #queued: Promise<void> | undefined;
  #runs = 0;
  /** The workspace whose datasets the engine instance holds. */
  #engineWorkspace: string | undefined;

  readonly #core: CoreContext;
  /** Tables stored as the engine built them, so a reload does not parse the files again. */
  readonly snapshots: TableSnapshots;

  constructor(core: CoreContext, snapshotLimits?: SnapshotLimits) {
    this.#core = core;
    this.snapshots = new TableSnapshots(core, snapshotLimits);
  }

  /** Counts sync runs: a user statement's catalog comparison is void if one ran (or is queued) meanwhile. */
  get runs(): number {
    return this.#queued ? -1 : this.#runs;
  }

  /**
   * Runs `task` alone on the ordered path: syncs, loads, type fixes, renames
   * and removals never interleave.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Makes the engine hold exactly the document's datasets. Calls while one is
   * waiting to run share it: a burst of Undo clicks costs one sync to the latest state.
   */
  sync(): Promise<void> {
    if (this.#queued) return this.#queued;
    const run = this.exclusive(() => {
      this.#queued = undefined;
      return this.#syncOnce();
    });
    this.#queued = run;
    return run;
  }

  /** Resolves once the changes asked for so far are done: the engine then holds the open workspace's tables. */
  whenSynced(): Promise<void> {
    return this.#tail;
  }

  /** Resolves once no change is queued or running and every dataset's bytes are written. */
  async settled(): Promise<void> {
    for (;;) {
      const tail = this.#tail;
      await tail;
      if (this.#core.session.pendingWrites > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      else if (tail === this.#tail && !this.#queued) return;
    }
  }

  /** Reads the catalog again (after any change, including a user's statement). */
  async refresh(): Promise<void> {
    try {
      this.tables = await listTables(this.#core.engine);
    } catch {
      // The engine is restarting; the restart refreshes again.
    }
  }

  /** Table names in use, including datasets still being restored (not yet in the engine). */
  takenNames(): string[] {
    return [...this.tables.map((table) => table.name), ...this.#core.session.doc.datasets.map((dataset) => dataset.table)];
  }

  columnsOf(table: string): DatasetEntry['columns'] {
    return (this.tables.find((info) => info.name === table)?.columns ?? []).map(({ name, type }) => ({ name, type }));
  }

  /** Rebuilds `table` with `column` converted, in one transaction; on failure rolls back (the connection stays usable) and says why. */
  async swapForFix(table: string, column: string, options: TypeFixOptions): Promise<boolean> {
    try {
      await this.#core.engine.query(typeFixSwapSql(table, column, options, scratchName('fixing')));
      return true;
    } catch (error) {
      await this.#core.engine.query('ROLLBACK').catch(() => undefined);
      this.#core.notify('error', () => m.fix_failed({ column, table, cause: describeError(error) }));
      return false;
    }
  }

  /** Plans from the engine's actual catalog to the document as it is now, and applies the plan. */
  async #syncOnce(): Promise<void> {
    this.#runs += 1;
    const doc = this.#core.session.doc;
    if (this.#engineWorkspace !== undefined && this.#engineWorkspace !== doc.id) {
      // Another workspace gets a fresh engine instance: no table, result or
      // variable of the one before stays readable by its SQL.
      await this.#core.engine.restart(WORKSPACE_SWITCH, { restore: false });
    }
    this.#engineWorkspace = doc.id;
    const plan = planSync(await readCatalog(this.#core.engine), doc.datasets);
    for (const table of plan.drop) await this.#core.engine.query(dropTableSql(table));
    // Through temporary names, so that swapping two names cannot collide.
    const renames = plan.rename.map((rename) => ({ ...rename, via: scratchName('renaming') }));
    for (const { from, via } of renames) await this.#core.engine.query(renameTableSql(from, via));
    for (const { to, via } of renames) await this.#core.engine.query(renameTableSql(via, to));
    await this.#materialize(plan.load);
    if (plan.clash.length > 0) this.#renameClashing(plan.clash);
    await this.refresh();
  }

  /**
   * Datasets whose name a table of the user's own took meanwhile (Undo of a
   * removal after `CREATE TABLE sales …`): they come back under a free name.
   */
  #renameClashing(datasets: DatasetEntry[]): void {
    for (const dataset of datasets) {
      const free = uniqueName(dataset.table, this.takenNames());
      this.#core.session.navigate((doc) => renameDataset(doc, dataset.table, free));
      this.#core.notify('info', () => m.datasets_renamed_clash({ name: dataset.table, renamed: free }));
    }
    void this.sync();
  }

  /**
   * Loads datasets from their snapshot when there is one, else from the file
   * still in memory, the bundled sample, or the stored bytes.
   */
  async #materialize(datasets: DatasetEntry[]): Promise<void> {
    this.restoring += datasets.length;
    const unkept = this.#core.session.unkept;
    // Each dataset's bytes are read from storage while the one before it loads.
    const read = (dataset: DatasetEntry | undefined) => dataset && this.#core.bytes.bytesOf(dataset, unkept).then((file) => ({ file }), (error: unknown) => ({ error }));
    let reading: { dataset: DatasetEntry | undefined; bytes: ReturnType<typeof read> } | undefined;
    for (const [index, dataset] of datasets.entries()) {
      try {
        // Marks let `npm run bench` split restore time into reading and loading.
        performance.mark(`atalaya:restore-read:${dataset.table}`);
        if (await this.snapshots.restore(dataset)) {
          performance.mark(`atalaya:restore-snapshot:${dataset.table}`);
        } else {
          const bytes = await (reading?.dataset === dataset ? reading.bytes : read(dataset));
          // The next dataset's bytes are read while this one parses (unused if it has a snapshot).
          reading = { dataset: datasets[index + 1], bytes: read(datasets[index + 1]) };
          if (!bytes || 'error' in bytes) throw bytes?.error;
          performance.mark(`atalaya:restore-load:${dataset.table}`);
          await ingestFile(this.#core.engine, this.#core.deps, {
            fileName: dataset.fileName,
            file: bytes.file,
            existingTables: [],
            replay: [{ table: dataset.table, ...(dataset.sheet ? { sheet: dataset.sheet, headerRow: dataset.headerRow } : {}) }],
            subset: dataset.subset,
          });
          // Before the fixes: a snapshot is the table as its bytes give it.
          await this.snapshots.take(dataset);
        }
        for (const fix of dataset.fixes) await this.swapForFix(dataset.table, fix.column, fix.options);
        // Marked even when a fix failed (said above): the table is this dataset, built as well as it can be.
        await this.#core.engine.query(markDatasetTableSql(dataset.table, dataset));
        performance.mark(`atalaya:restore-done:${dataset.table}`);
      } catch (error) {
        // One dataset that cannot be restored must not keep the others from coming back.
        this.#core.notify('error', () => m.workspace_restore_failed({ table: dataset.table, file: dataset.fileName, cause: describeError(error) }));
      } finally {
        this.restoring -= 1;
      }
    }
  }
}
