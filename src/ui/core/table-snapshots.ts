import { dropTableSql, quoteIdentifier, tableColumns, type ColumnInfo, type Engine } from '../../lib/engine';
import { snapshotKey, type SnapshotColumns, type SnapshotSource } from '../../lib/store';
import type { DatasetEntry } from '../../lib/workspace';
import type { CoreContext } from './context';

/** What a snapshot is taken of: a dataset's table right after it was built from its bytes. */
export type SnapshotDataset = Pick<DatasetEntry, 'table' | 'hash' | 'size' | 'sheet' | 'headerRow' | 'sampleId' | 'subset'>;

export interface SnapshotLimits {
  /** Smaller files parse about as fast as a snapshot loads: not worth the storage. */
  minFileBytes: number;
  /** Larger snapshots are not kept (memory while writing, and storage). */
  maxSnapshotBytes: number;
}

/**
 * 256 MB holds a few million rows of a typical table (1M rows × 7 columns is
 * 54 MB); a 10M-row table (540 MB) made the tab's peak 3.4 GB while it was written.
 */
export const SNAPSHOT_LIMITS: SnapshotLimits = { minFileBytes: 8 * 1024 * 1024, maxSnapshotBytes: 256 * 1024 * 1024 };

/** A snapshot read ahead of its restore: its bytes in memory and the columns it must give back. */
interface ReadSnapshot {
  bytes: Uint8Array;
  columns: SnapshotColumns['columns'];
}

/**
 * The snapshots of one workspace being read while the engine starts, by
 * snapshot key; a read resolves to undefined when it failed, found nothing or
 * did not fit the memory bound (the restore then reads storage itself).
 */
interface Prefetch {
  workspace: string;
  reads: Map<string, Promise<ReadSnapshot | undefined>>;
  /** Set when let go (another workspace opened, or the restore is over): results are no one's. */
  released: boolean;
}

function sourceOf(dataset: SnapshotDataset): SnapshotSource {
  return {
    hash: dataset.hash,
    ...(dataset.sheet !== undefined ? { sheet: dataset.sheet } : {}),
    ...(dataset.headerRow !== undefined ? { headerRow: dataset.headerRow } : {}),
    ...(dataset.subset !== undefined ? { subset: dataset.subset } : {}),
  };
}

async function rowCount(engine: Engine, table: string): Promise<number> {
  const counted = await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdentifier(table)}`);
  return Number(counted.getChild('n')?.get(0) ?? -1);
}

function sameColumns(a: ColumnInfo[], b: ColumnInfo[]): boolean {
  return a.length === b.length && a.every((column, i) => column.name === b[i]?.name && column.type === b[i]?.type);
}

/**
 * Reopening without re-parsing: next to a dataset's original bytes, the
 * table DuckDB built from them is stored as an Arrow IPC stream, which the
 * engine loads without parsing. A snapshot is only an accelerator: when there
 * is none, it cannot be read, or it does not give back the same columns and
 * types (another engine version), the table is built from the bytes as before.
 */
export class TableSnapshots {
  readonly #core: CoreContext;
  readonly #limits: SnapshotLimits;
  #prefetch: Prefetch | undefined;

  constructor(core: CoreContext, limits: SnapshotLimits = SNAPSHOT_LIMITS) {
    this.#core = core;
    this.#limits = limits;
  }

  /**
   * Call on the ordered path right after the table was built from its bytes,
   * before anything else changes it: resolves once the export has started
   * (DuckDB's MVCC fixes what it reads), then reads and stores it in the
   * background, never delaying the next change or query for long.
   */
  async take(dataset: SnapshotDataset): Promise<void> {
    const { engine, session } = this.#core;
    if (!this.#applies(dataset)) return;
    const source = sourceOf(dataset);
    try {
      const columns = await tableColumns(engine, dataset.table);
      const exporting = engine.exportArrowIPC(`SELECT * FROM ${quoteIdentifier(dataset.table)}`, { maxBytes: this.#limits.maxSnapshotBytes });
      void session.track(
        exporting.result.then(async (blob) => {
          if (blob) await session.store.putSnapshot(source, blob, columns);
        }),
      ).catch((error: unknown) => console.warn(`No snapshot of ${dataset.table}:`, error));
      await exporting.started;
    } catch (error) {
      // Only an accelerator: the dataset still restores from its bytes.
      console.warn(`No snapshot of ${dataset.table}:`, error);
    }
  }

  /**
   * Starts reading the snapshots the restore of `workspace` will ask for, one
   * after another in document order (the order it restores in), while the
   * engine is still compiling. At most `maxSnapshotBytes` in all are held:
   * a snapshot beyond that is read by its restore, as without a prefetch.
   */
  prefetch(workspace: string, datasets: readonly DatasetEntry[]): void {
    this.releasePrefetch();
    const prefetch: Prefetch = { workspace, reads: new Map(), released: false };
    let budget = this.#limits.maxSnapshotBytes;
    let previous: Promise<unknown> = Promise.resolve();
    for (const dataset of datasets.filter((entry) => this.#applies(entry))) {
      const key = snapshotKey(sourceOf(dataset));
      if (prefetch.reads.has(key)) continue;
      const read = previous.then(async () => {
        if (prefetch.released) return undefined;
        const snapshot = await this.#core.session.store.getSnapshot(sourceOf(dataset));
        if (!snapshot || snapshot.blob.size > budget || prefetch.released) return undefined;
        budget -= snapshot.blob.size;
        const bytes = new Uint8Array(await snapshot.blob.arrayBuffer());
        performance.mark(`atalaya:snapshot-prefetched:${dataset.table}`);
        return { bytes, columns: snapshot.columns };
      }).catch(() => undefined);
      prefetch.reads.set(key, read);
      previous = read;
    }
    if (prefetch.reads.size > 0) this.#prefetch = prefetch;
  }

  /** Lets go of prefetched snapshots (all of them, or those not of the workspace `keepFor`). */
  releasePrefetch(keepFor?: string): void {
    const prefetch = this.#prefetch;
    if (!prefetch || prefetch.workspace === keepFor) return;
    prefetch.released = true;
    prefetch.reads.clear();
    this.#prefetch = undefined;
  }

  /** Snapshots being read ahead or waiting for their restore. */
  get prefetched(): number {
    return this.#prefetch?.reads.size ?? 0;
  }

  /** Builds the dataset's table from its snapshot; false (and no table) when that cannot be done. */
  async restore(dataset: DatasetEntry): Promise<boolean> {
    const { engine, session } = this.#core;
    if (!this.#applies(dataset)) return false;
    const snapshot = (await this.#takePrefetched(dataset)) ?? (await session.store.getSnapshot(sourceOf(dataset)).catch(() => undefined));
    if (!snapshot) return false;
    try {
      const bytes = 'bytes' in snapshot ? snapshot.bytes : new Uint8Array(await snapshot.blob.arrayBuffer());
      // Marks let `npm run bench` split a snapshot restore into reading and inserting.
      performance.mark(`atalaya:snapshot-read:${dataset.table}`);
      await engine.insertArrowIPC(bytes, { schema: 'main', name: dataset.table });
      performance.mark(`atalaya:snapshot-inserted:${dataset.table}`);
      const sameShape = sameColumns(await tableColumns(engine, dataset.table), snapshot.columns);
      if (sameShape && (await rowCount(engine, dataset.table)) === dataset.rowCount) return true;
    } catch (error) {
      console.warn(`The snapshot of ${dataset.table} could not be read; reading its file again:`, error);
    }
    // A stream the engine could not finish stays open on the connection (sometimes without an
    // error) and would swallow the next Arrow insert, a Parquet load's: start a fresh one.
    await engine.resetLane('load').catch(() => undefined);
    await engine.query(dropTableSql(dataset.table)).catch(() => undefined);
    // Otherwise the file's next load would find this one stored and keep it (bytes are stored once per key).
    await session.store.deleteSnapshot(sourceOf(dataset)).catch(() => undefined);
    return false;
  }

  /**
   * The dataset's snapshot as read ahead for the open workspace, handed over
   * once (the restore then holds the only reference); undefined when there is
   * none to use and storage must be read.
   */
  async #takePrefetched(dataset: DatasetEntry): Promise<ReadSnapshot | undefined> {
    const prefetch = this.#prefetch;
    if (!prefetch) return undefined;
    if (prefetch.workspace !== this.#core.session.doc.id) {
      this.releasePrefetch();
      return undefined;
    }
    const key = snapshotKey(sourceOf(dataset));
    const read = prefetch.reads.get(key);
    if (!read) return undefined;
    prefetch.reads.delete(key);
    if (prefetch.reads.size === 0) this.#prefetch = undefined;
    const snapshot = await read;
    // The person switched workspace while it was being read: not this workspace's to use.
    return prefetch.released || prefetch.workspace !== this.#core.session.doc.id ? undefined : snapshot;
  }

  /**
   * Files big enough to gain from a snapshot, never samples (they ship with
   * the app), and nothing of an unkept workspace from a link: its data is not
   * this browser's, and it never reads this browser's storage by a hash its sender wrote.
   */
  #applies(dataset: SnapshotDataset): boolean {
    return dataset.sampleId === undefined && dataset.size >= this.#limits.minFileBytes && !this.#core.session.unkept;
  }
}

