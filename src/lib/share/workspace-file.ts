/**
 * The `.atalaya` workspace file: a zip holding `manifest.json` (the workspace
 * document) and each dataset as Parquet under `datasets/`. Files come from
 * anyone, so reading one is defensive: a size cap on the file, a cap on what
 * it may expand to (counted while inflating, so a zip bomb is stopped before
 * it fills memory), a validated manifest, and every dataset checked against
 * its recorded hash.
 */
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { contentHash, newId, readWorkspace, type DatasetEntry, type Workspace } from '../workspace';

export const WORKSPACE_FILE_EXTENSION = '.atalaya';
export const MAX_WORKSPACE_FILE_BYTES = 1536 * 1024 * 1024;
/** Everything inside, expanded; beyond this the file is refused as unsafe. */
export const MAX_EXPANDED_BYTES = 2048 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/** Below this, any expansion ratio is allowed (small JSON manifests deflate well). */
const BOMB_FLOOR_BYTES = 64 * 1024 * 1024;
const BOMB_RATIO = 100;
const MANIFEST = 'manifest.json';
const FILE_KIND = 'atalaya-workspace';

export type WorkspaceFileProblem =
  | { kind: 'tooLarge' }
  | { kind: 'notZip' }
  | { kind: 'bomb' }
  | { kind: 'manifest'; cause: string }
  | { kind: 'invalid'; cause: string }
  | { kind: 'missingData'; table: string; path: string }
  | { kind: 'hash'; table: string };

export class WorkspaceFileError extends Error {
  constructor(readonly problem: WorkspaceFileProblem) {
    super(problem.kind);
    this.name = 'WorkspaceFileError';
  }
}

const dataPath = (dataset: Pick<DatasetEntry, 'id'>) => `datasets/${dataset.id}.parquet`;

/**
 * Builds the file. `parquetOf` gives each stored (non-sample) dataset's
 * current table as Parquet, type fixes included, so the file's datasets
 * carry no fixes to replay; samples travel as references.
 */
export async function buildWorkspaceFile(workspace: Workspace, parquetOf: (dataset: DatasetEntry) => Promise<Uint8Array>): Promise<Uint8Array> {
  const files: Zippable = {};
  const datasets: DatasetEntry[] = [];
  for (const dataset of workspace.datasets) {
    if (dataset.sampleId) {
      datasets.push(dataset);
      continue;
    }
    const bytes = await parquetOf(dataset);
    // Parquet is compressed already: stored, not deflated again.
    files[dataPath(dataset)] = [bytes, { level: 0 }];
    const { sheet: _sheet, ...rest } = dataset;
    datasets.push({ ...rest, fileName: parquetName(dataset.fileName), format: 'parquet', size: bytes.length, hash: await contentHash(new Blob([bytes as BlobPart])), fixes: [] });
  }
  const manifest = { kind: FILE_KIND, workspace: { ...workspace, datasets } };
  files[MANIFEST] = [new TextEncoder().encode(JSON.stringify(manifest, null, 1)), { level: 6 }];
  return zipSync(files);
}

function parquetName(fileName: string): string {
  return `${fileName.replace(/\.[^.]*$/, '') || 'data'}.parquet`;
}

export interface OpenedWorkspaceFile {
  /** The workspace, under a new id: opening a file never overwrites a saved workspace. */
  workspace: Workspace;
  /** Dataset bytes by hash. */
  data: Map<string, Blob>;
}

export interface ReadLimits {
  maxExpandedBytes?: number;
}

export async function readWorkspaceFile(file: Blob, limits: ReadLimits = {}): Promise<OpenedWorkspaceFile> {
  if (file.size > MAX_WORKSPACE_FILE_BYTES) throw new WorkspaceFileError({ kind: 'tooLarge' });
  // Parquet is stored, not deflated, so an honest file expands little; a bomb expands a thousandfold.
  const cap = Math.min(limits.maxExpandedBytes ?? MAX_EXPANDED_BYTES, Math.max(BOMB_FLOOR_BYTES, file.size * BOMB_RATIO));
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04) throw new WorkspaceFileError({ kind: 'notZip' });

  const entries = await inflateEntries(file, cap, (name) => name === MANIFEST || /^datasets\/[A-Za-z0-9_-]{1,64}\.parquet$/.test(name));
  const manifestBytes = entries.get(MANIFEST);
  if (!manifestBytes) throw new WorkspaceFileError({ kind: 'manifest', cause: 'missing' });
  if (manifestBytes.size > MAX_MANIFEST_BYTES) throw new WorkspaceFileError({ kind: 'manifest', cause: 'too large' });
  let manifest: unknown;
  try {
    manifest = JSON.parse(await manifestBytes.text());
  } catch (error) {
    throw new WorkspaceFileError({ kind: 'manifest', cause: error instanceof Error ? error.message : String(error) });
  }
  if (typeof manifest !== 'object' || manifest === null || (manifest as { kind?: unknown }).kind !== FILE_KIND) {
    throw new WorkspaceFileError({ kind: 'manifest', cause: 'not an Atalaya workspace manifest' });
  }
  let workspace: Workspace;
  try {
    workspace = readWorkspace((manifest as { workspace?: unknown }).workspace);
  } catch (error) {
    throw new WorkspaceFileError({ kind: 'invalid', cause: error instanceof Error ? error.message : String(error) });
  }
  const data = new Map<string, Blob>();
  for (const dataset of workspace.datasets) {
    if (dataset.sampleId) continue;
    const path = dataPath(dataset);
    const bytes = entries.get(path);
    if (!bytes) throw new WorkspaceFileError({ kind: 'missingData', table: dataset.table, path });
    if ((await contentHash(bytes)) !== dataset.hash || bytes.size !== dataset.size) throw new WorkspaceFileError({ kind: 'hash', table: dataset.table });
    data.set(dataset.hash, bytes);
  }
  return { workspace: { ...workspace, id: newId('ws') }, data };
}

/** Inflates the wanted entries, counting every byte produced; more than the cap stops it. */
async function inflateEntries(file: Blob, cap: number, wanted: (name: string) => boolean): Promise<Map<string, Blob>> {
  const out = new Map<string, Blob>();
  let expanded = 0;
  let failure: unknown;
  const unzip = new Unzip((entry) => {
    if (!wanted(entry.name) || out.has(entry.name)) return;
    const parts: Uint8Array[] = [];
    entry.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new WorkspaceFileError({ kind: 'manifest', cause: error.message });
        return;
      }
      expanded += chunk.length;
      if (expanded > cap) {
        failure = new WorkspaceFileError({ kind: 'bomb' });
        entry.terminate();
        return;
      }
      parts.push(chunk);
      if (final) out.set(entry.name, new Blob(parts as BlobPart[]));
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (failure) {
      await reader.cancel();
      break;
    }
    try {
      unzip.push(value ?? new Uint8Array(), done);
    } catch (error) {
      failure ??= new WorkspaceFileError({ kind: 'manifest', cause: error instanceof Error ? error.message : String(error) });
    }
    if (done || failure) break;
  }
  if (failure) throw failure;
  return out;
}
