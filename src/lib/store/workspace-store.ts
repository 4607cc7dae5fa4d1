/**
 * Saving and loading workspaces and their data in IndexedDB. Documents are
 * small and saved in one strict transaction with a revision check; dataset
 * bytes are large and written chunk by chunk, each chunk its own transaction,
 * and only marked complete at the end, so that neither a crash nor a full disk
 * leaves a half-written dataset that looks whole.
 */
import { readWorkspace, type Workspace, type WorkspaceFormatError } from '../workspace';
import { AtalayaDatabase, type BlobRecord, type WorkspaceRecord } from './database';
import { CHUNK_BYTES, contentHash } from '../workspace/content-hash';
import { StoreError, toStoreError } from './errors';
import { snapshotKey, snapshotOwner, type SnapshotSource } from './snapshot-key';

export interface WorkspaceSummary {
  id: string;
  title: string;
  updatedAt: string;
  revision: number;
  datasetCount: number;
  deleted: boolean;
}

/** A table snapshot's column names and DuckDB types, checked after it is loaded. */
export interface SnapshotColumns {
  columns: Array<{ name: string; type: string }>;
}

export interface StoredBytes {
  hash: string;
  size: number;
}

const OPEN_KEY = 'openWorkspace';
/** Unreferenced data younger than this is left alone by garbage collection. */
const RECENT_WRITE_MS = 60 * 60 * 1000;

export class WorkspaceStore {
  readonly db: AtalayaDatabase;
  /** Bytes per stored chunk: big enough to be few, small enough that one write stays short. */
  readonly #chunkBytes: number;

  constructor(db = new AtalayaDatabase(), options: { chunkBytes?: number } = {}) {
    this.db = db;
    this.#chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  }

  /** Opens the database; `onBlocked` runs while an older tab keeps it from upgrading. */
  async open(onBlocked?: () => void): Promise<void> {
    if (onBlocked) this.db.on('blocked', onBlocked);
    try {
      await this.db.open();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  close(): void {
    this.db.close();
  }

  async list(): Promise<WorkspaceSummary[]> {
    const records = await this.#run(() => this.db.workspaces.orderBy('updatedAt').reverse().toArray());
    return records.map((record) => ({
      id: record.id,
      title: record.title,
      updatedAt: record.updatedAt,
      revision: record.revision,
      datasetCount: Array.isArray((record.doc as { datasets?: unknown })?.datasets) ? (record.doc as { datasets: unknown[] }).datasets.length : 0,
      deleted: record.deletedAt !== undefined,
    }));
  }

  /** The saved workspace; `skipped` lists dataset entries that could not be read (left out, not fatal). */
  async load(id: string): Promise<{ workspace: Workspace; revision: number; skipped: WorkspaceFormatError[] }> {
    const record = await this.#run(() => this.db.workspaces.get(id));
    if (!record || record.deletedAt) throw StoreError.of('missing', { code: 'workspaceMissing', params: { id } });
    const skipped: WorkspaceFormatError[] = [];
    return { workspace: readWorkspace(record.doc, { onBadDataset: (problem) => skipped.push(problem) }), revision: record.revision, skipped };
  }

  /**
   * Saves a document if the stored one is still at `baseRevision` (0 for a
   * new workspace); resolves to the new revision. Refused with a 'conflict'
   * when another tab saved in between: its work is not overwritten.
   */
  async save(workspace: Workspace, baseRevision: number, now = new Date()): Promise<number> {
    return this.#run(() =>
      this.db.transaction('rw', this.db.workspaces, async () => {
        const stored = await this.db.workspaces.get(workspace.id);
        const current = stored?.revision ?? 0;
        if (current !== baseRevision) {
          throw StoreError.of('conflict', { code: 'conflict', params: { title: workspace.title, stored: current, base: baseRevision } });
        }
        const record: WorkspaceRecord = { id: workspace.id, title: workspace.title, updatedAt: now.toISOString(), revision: current + 1, doc: workspace };
        await this.db.workspaces.put(record);
        return record.revision;
      }),
    );
  }

  /** Hides a workspace; `restore` brings it back until the next `purgeDeleted`. */
  async markDeleted(id: string, deleted: boolean, now = new Date()): Promise<void> {
    await this.#run(() =>
      this.db.workspaces.update(id, deleted ? { deletedAt: now.toISOString() } : { deletedAt: undefined }),
    );
  }

  async getOpenId(): Promise<string | undefined> {
    const record = await this.#run(() => this.db.meta.get(OPEN_KEY));
    return typeof record?.value === 'string' ? record.value : undefined;
  }

  async setOpenId(id: string): Promise<void> {
    await this.#run(() => this.db.meta.put({ key: OPEN_KEY, value: id }));
  }

  /** Stores a file's bytes (once per content) and resolves to their hash (pass it if known: hashing reads the whole file). */
  async putBytes(blob: Blob, options: { hash?: string; signal?: AbortSignal; onProgress?: (written: number) => void } = {}): Promise<StoredBytes> {
    const hash = options.hash ?? (await contentHash(blob, options.signal));
    const existing = await this.#run(() => this.db.blobs.get(hash));
    if (existing?.complete) return { hash, size: blob.size };
    const size = this.#chunkBytes;
    const chunkCount = Math.max(1, Math.ceil(blob.size / size));
    await this.#run(() => this.db.blobs.put({ hash, size: blob.size, chunkCount, complete: false, createdAt: Date.now() }));
    for (let index = 0; index < chunkCount; index++) {
      options.signal?.throwIfAborted();
      // A slice, not its bytes: nothing is copied on the main thread.
      const bytes = blob.slice(index * size, (index + 1) * size);
      await this.#run(() => this.db.chunks.put({ hash, index, bytes }));
      options.onProgress?.(Math.min(blob.size, (index + 1) * size));
    }
    await this.#run(() => this.db.blobs.update(hash, { complete: true }));
    return { hash, size: blob.size };
  }

  async hasBytes(hash: string): Promise<boolean> {
    return (await this.#run(() => this.db.blobs.get(hash)))?.complete === true;
  }

  /** The stored bytes, read a chunk at a time; 'missing' if they were never completely written. */
  async getBytes(hash: string): Promise<Blob> {
    const record = await this.#run(() => this.db.blobs.get(hash));
    if (!record?.complete) throw StoreError.of('missing', { code: 'dataMissing', params: { hash } });
    const parts: Array<Blob | Uint8Array> = [];
    for (let index = 0; index < record.chunkCount; index++) {
      const chunk = await this.#run(() => this.db.chunks.get([hash, index]));
      if (!chunk) throw StoreError.of('missing', { code: 'chunkMissing', params: { hash, part: index + 1, parts: record.chunkCount } });
      parts.push(chunk.bytes);
    }
    const blob = new Blob(parts as BlobPart[]);
    if (blob.size !== record.size) throw StoreError.of('missing', { code: 'sizeMismatch', params: { hash, size: blob.size, expected: record.size } });
    return blob;
  }

  /** Stores a dataset's table snapshot (see snapshot-key.ts) and the columns it must give back. */
  async putSnapshot(source: SnapshotSource, blob: Blob, columns: SnapshotColumns['columns']): Promise<void> {
    const key = snapshotKey(source);
    await this.putBytes(blob, { hash: key });
    await this.#run(() => this.db.meta.put({ key, value: { columns } satisfies SnapshotColumns }));
  }

  /** Forgets a snapshot that did not give its table back, so the next load stores a good one in its place. */
  async deleteSnapshot(source: SnapshotSource): Promise<void> {
    await this.#deleteBlob(snapshotKey(source));
  }

  /** The snapshot of a dataset, or undefined when there is none (never written, interrupted, older format). */
  async getSnapshot(source: SnapshotSource): Promise<{ blob: Blob; columns: SnapshotColumns['columns'] } | undefined> {
    const key = snapshotKey(source);
    const meta = (await this.#run(() => this.db.meta.get(key)))?.value as SnapshotColumns | undefined;
    if (!meta || !Array.isArray(meta.columns) || !(await this.hasBytes(key))) return undefined;
    return { blob: await this.getBytes(key), columns: meta.columns };
  }

  /**
   * Deletes workspaces the user deleted in an earlier session, then every
   * stored file no workspace refers to (including interrupted writes) that is
   * over an hour old. Run at start, before any undo history exists that could
   * still need them.
   */
  async collectGarbage(now = Date.now()): Promise<{ workspaces: number; blobs: number }> {
    const deleted = await this.#run(() => this.db.workspaces.filter((record) => record.deletedAt !== undefined).primaryKeys());
    await this.#run(() => this.db.workspaces.bulkDelete(deleted));
    const referenced = new Set<string>();
    await this.#run(() =>
      this.db.workspaces.each((record) => {
        const datasets = (record.doc as { datasets?: Array<{ hash?: unknown }> })?.datasets;
        if (Array.isArray(datasets)) for (const dataset of datasets) if (typeof dataset?.hash === 'string') referenced.add(dataset.hash);
      }),
    );
    // Data written in the last hour may belong to another tab whose workspace is not saved yet.
    const settled = (record: BlobRecord) => record.createdAt === undefined || now - record.createdAt > RECENT_WRITE_MS;
    // A snapshot lives as long as its dataset's bytes, and only in the current format.
    const kept = (record: BlobRecord) => {
      const owner = snapshotOwner(record.hash);
      return owner ? owner.current && referenced.has(owner.hash) : referenced.has(record.hash);
    };
    const orphans = (await this.#run(() => this.db.blobs.toArray())).filter((record) => !kept(record) && settled(record)).map((record) => record.hash);
    for (const hash of orphans) await this.#deleteBlob(hash);
    return { workspaces: deleted.length, blobs: orphans.length };
  }

  /** A stored blob and its chunks (and, for a snapshot, its columns). */
  async #deleteBlob(hash: string): Promise<void> {
    await this.#run(() =>
      this.db.transaction('rw', this.db.blobs, this.db.chunks, async () => {
        await this.db.chunks.where('hash').equals(hash).delete();
        await this.db.blobs.delete(hash);
      }),
    );
    if (snapshotOwner(hash)) await this.#run(() => this.db.meta.delete(hash));
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
