/**
 * Where a dataset's snapshot (its table as an Arrow IPC stream, which the
 * engine loads without parsing) is stored: keyed by the bytes it was read
 * from, the sheet and header row it was read with, and the format — a new
 * engine or snapshot format simply finds nothing and reads the original bytes.
 */

/** Bump with the engine (tests/unit/snapshots.test.ts checks it names the installed duckdb-wasm). */
export const SNAPSHOT_FORMAT = 'arrow1-duckdb-wasm-1.32.0';

const PREFIX = 'snapshot:';

export interface SnapshotSource {
  hash: string;
  sheet?: string;
  headerRow?: number;
  /** The part of the file loaded, when not all of it (a snapshot of a part is not one of the whole). */
  subset?: unknown;
}

export function snapshotKey(source: SnapshotSource, format = SNAPSHOT_FORMAT): string {
  // JSON: hashes (`sha256:…`) and sheet names may hold any separator.
  const key: unknown[] = [format, source.hash, source.headerRow ?? null, source.sheet ?? null];
  // Joined only when set: the keys of whole loads stay as they were.
  if (source.subset !== undefined) key.push(source.subset);
  return PREFIX + JSON.stringify(key);
}

/** For garbage collection: the dataset hash a stored snapshot belongs to, and whether it is of the current format. */
export function snapshotOwner(key: string): { hash: string; current: boolean } | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  try {
    const [format, hash] = JSON.parse(key.slice(PREFIX.length)) as unknown[];
    return { hash: String(hash), current: format === SNAPSHOT_FORMAT };
  } catch {
    return { hash: '', current: false };
  }
}
