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
}

export function snapshotKey(source: SnapshotSource, format = SNAPSHOT_FORMAT): string {
  // JSON: hashes (`sha256:…`) and sheet names may hold any separator.
  return PREFIX + JSON.stringify([format, source.hash, source.headerRow ?? null, source.sheet ?? null]);
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
