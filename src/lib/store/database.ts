/**
 * The only file that defines the IndexedDB schema. Versions are append-only:
 * a new version adds a `db.version(n)` block with its upgrade function and
 * never edits an older one (a fixture of each released version is migrated
 * in tests/unit/store.test.ts).
 */
import { Dexie, type Table } from 'dexie';

export interface WorkspaceRecord {
  id: string;
  title: string;
  /** ISO time of the last save. */
  updatedAt: string;
  /** Bumped by every save; a save naming an older revision is refused (another tab saved since). */
  revision: number;
  /** Set when the user deleted it; purged at the next start, so Undo can bring it back. */
  deletedAt?: string;
  /** The workspace document (validated again when read). */
  doc: unknown;
}

export interface BlobRecord {
  hash: string;
  size: number;
  chunkCount: number;
  /** False while chunks are still being written: an interrupted write is never read. */
  complete: boolean;
  /** When the write began (ms since 1970); absent in records written before it was added. */
  createdAt?: number;
}

export interface ChunkRecord {
  hash: string;
  index: number;
  /**
   * A Blob: the browser copies it to disk off the main thread and reads it
   * back without deserializing it on the page. (Bytes are read too: any
   * BlobPart is accepted, so records written as Uint8Array stay readable.)
   */
  bytes: Blob | Uint8Array;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'atalaya';

export class AtalayaDatabase extends Dexie {
  workspaces!: Table<WorkspaceRecord, string>;
  blobs!: Table<BlobRecord, string>;
  chunks!: Table<ChunkRecord, [string, number]>;
  meta!: Table<MetaRecord, string>;

  constructor(name = DATABASE_NAME, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    // Strict durability: a save is reported done only once it is on disk.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    // Version 1 (released with workspaces). Nothing to upgrade from.
    this.version(1).stores({
      workspaces: '&id, updatedAt',
      blobs: '&hash',
      chunks: '&[hash+index], hash',
      meta: '&key',
    });
  }
}
