/**
 * The `.atalaya` workspace file: a zip holding `manifest.json` (the workspace
 * document) and each dataset as Parquet under `datasets/`. Files come from
 * anyone, so reading one is defensive: a size cap on the file, caps on its
 * entries (how many, and what each and all of them may expand to, declared
 * and counted while inflating, so a zip bomb is stopped before it fills
 * memory), no duplicated names and no NUL characters in names, a validated
 * manifest, and every dataset checked against its recorded hash.
 *
 * The zip is read from its central directory, entry by entry in a loop (no
 * recursion, whatever the number of entries), and only the entries the
 * manifest names are inflated.
 */
import { Inflate, strFromU8, zipSync, type Zippable } from 'fflate';
import { contentHash, newId, readWorkspace, type DatasetEntry, type Workspace } from '../workspace';

export const WORKSPACE_FILE_EXTENSION = '.atalaya';
export const MAX_WORKSPACE_FILE_BYTES = 1536 * 1024 * 1024;
/** Everything inside, expanded; beyond this the file is refused as unsafe. */
export const MAX_EXPANDED_BYTES = 2048 * 1024 * 1024;
/** The manifest, expanded. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/** Entries in the zip: the most datasets a workspace may hold (10,000) plus the manifest. */
export const MAX_ZIP_ENTRIES = 10_001;
/** The zip's central directory (its list of entries); an honest one for the most entries is about 1 MB. */
export const MAX_ZIP_DIRECTORY_BYTES = 16 * 1024 * 1024;
/** Below this, any expansion ratio is allowed (small JSON manifests deflate well). */
const BOMB_FLOOR_BYTES = 64 * 1024 * 1024;
const BOMB_RATIO = 100;
/** Compressed bytes handed to the inflater at once: what one step may expand to stays near 64 MB. */
const INFLATE_STEP_BYTES = 64 * 1024;
const MANIFEST = 'manifest.json';
const FILE_KIND = 'atalaya-workspace';

/**
 * Why a file was refused, as a code and its parameters (worded by the UI).
 * Every `limit` is the one applied, in bytes or entries.
 */
export type WorkspaceFileProblem =
  | { kind: 'tooLarge'; limit: number }
  | { kind: 'notZip' }
  | { kind: 'damaged'; cause: string }
  | { kind: 'tooManyEntries'; count: number; limit: number }
  | { kind: 'directoryTooLarge'; limit: number }
  | { kind: 'bomb'; limit: number }
  | { kind: 'entrySize'; entry: string; declared: number }
  | { kind: 'duplicateEntry'; entry: string }
  | { kind: 'nulEntryName'; entry: string }
  | { kind: 'nulField'; field: string; value: string }
  | { kind: 'manifest'; cause: string }
  | { kind: 'manifestTooLarge'; limit: number }
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
    // The file carries the table as it is (Parquet): no sheet to pick, no header row to find, no part to cut.
    const { sheet: _sheet, headerRow: _headerRow, subset: _subset, ...rest } = dataset;
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
  if (file.size > MAX_WORKSPACE_FILE_BYTES) throw new WorkspaceFileError({ kind: 'tooLarge', limit: MAX_WORKSPACE_FILE_BYTES });
  // Parquet is stored, not deflated, so an honest file expands little; a bomb expands a thousandfold.
  const cap = Math.min(limits.maxExpandedBytes ?? MAX_EXPANDED_BYTES, Math.max(BOMB_FLOOR_BYTES, file.size * BOMB_RATIO));
  const head = await bytesAt(file, 0, Math.min(4, file.size));
  if (head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04) throw new WorkspaceFileError({ kind: 'notZip' });

  const zip = await readDirectory(file, cap);
  const manifestEntry = zip.entries.get(MANIFEST);
  if (!manifestEntry) throw new WorkspaceFileError({ kind: 'manifest', cause: 'missing' });
  if (manifestEntry.size > MAX_MANIFEST_BYTES) throw new WorkspaceFileError({ kind: 'manifestTooLarge', limit: MAX_MANIFEST_BYTES });
  const budget = { cap, used: 0 };
  const manifestBytes = await entryData(file, zip, manifestEntry, budget);
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
  // Names reach DuckDB, file names and the page; a NUL could cut them short on the way.
  const nul = findNul(workspace, '');
  if (nul) throw new WorkspaceFileError({ kind: 'nulField', field: nul.field, value: visible(nul.value) });

  const data = new Map<string, Blob>();
  for (const dataset of workspace.datasets) {
    if (dataset.sampleId) continue;
    const path = dataPath(dataset);
    const entry = zip.entries.get(path);
    if (!entry) throw new WorkspaceFileError({ kind: 'missingData', table: dataset.table, path });
    if (entry.size !== dataset.size) throw new WorkspaceFileError({ kind: 'hash', table: dataset.table });
    const bytes = await entryData(file, zip, entry, budget);
    if ((await contentHash(bytes)) !== dataset.hash || bytes.size !== dataset.size) throw new WorkspaceFileError({ kind: 'hash', table: dataset.table });
    data.set(dataset.hash, bytes);
  }
  return { workspace: { ...workspace, id: newId('ws') }, data };
}

/** One entry of the zip, as its central directory lists it. */
interface ZipEntry {
  name: string;
  rawName: Uint8Array;
  flags: number;
  method: number;
  compressedSize: number;
  /** Declared uncompressed size: inflating past it is refused. */
  size: number;
  headerOffset: number;
}

interface ZipDirectory {
  entries: Map<string, ZipEntry>;
  /** Where the central directory starts: entries' data lies before it. */
  directoryOffset: number;
}

function damaged(cause: string): WorkspaceFileError {
  return new WorkspaceFileError({ kind: 'damaged', cause });
}

async function bytesAt(file: Blob, start: number, end: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
  if (bytes.length !== end - start) throw damaged('it is cut short');
  return bytes;
}

const u16 = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const u32 = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/**
 * Reads the central directory: every entry in one loop, checking the entry
 * count, each name (no NUL, no duplicate) and the total declared size
 * before anything is inflated.
 */
async function readDirectory(file: Blob, cap: number): Promise<ZipDirectory> {
  // The end record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  const tailStart = Math.max(0, file.size - 22 - 0xffff);
  const tail = await bytesAt(file, tailStart, file.size);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(tail, at) === END_OF_DIRECTORY && at + 22 + u16(tail, at + 20) <= tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged('it has no zip directory (it may be cut short)');
  if (u16(tail, end + 4) !== 0 || u16(tail, end + 6) !== 0 || u16(tail, end + 8) !== u16(tail, end + 10)) throw damaged('it is a zip split across several parts');
  const count = u16(tail, end + 10);
  const directorySize = u32(tail, end + 12);
  const directoryOffset = u32(tail, end + 16);
  if (directorySize === ZIP64_MARK || directoryOffset === ZIP64_MARK) throw damaged('it is a ZIP64 archive, which Atalaya does not read');
  if (count > MAX_ZIP_ENTRIES) throw new WorkspaceFileError({ kind: 'tooManyEntries', count, limit: MAX_ZIP_ENTRIES });
  if (directorySize > MAX_ZIP_DIRECTORY_BYTES) throw new WorkspaceFileError({ kind: 'directoryTooLarge', limit: MAX_ZIP_DIRECTORY_BYTES });
  if (directoryOffset + directorySize > tailStart + end) throw damaged('its zip directory lies outside the file');

  const directory = await bytesAt(file, directoryOffset, directoryOffset + directorySize);
  const entries = new Map<string, ZipEntry>();
  let declared = 0;
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > directory.length || u32(directory, at) !== DIRECTORY_ENTRY) throw damaged(`entry ${index + 1} of its zip directory is unreadable`);
    const flags = u16(directory, at + 8);
    const nameLength = u16(directory, at + 28);
    const next = at + 46 + nameLength + u16(directory, at + 30) + u16(directory, at + 32);
    if (next > directory.length) throw damaged(`entry ${index + 1} of its zip directory is unreadable`);
    const rawName = directory.slice(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise it is read byte by byte.
    const name = strFromU8(rawName, !(flags & 0x800));
    if (rawName.includes(0)) throw new WorkspaceFileError({ kind: 'nulEntryName', entry: visible(name) });
    if (entries.has(name)) throw new WorkspaceFileError({ kind: 'duplicateEntry', entry: visible(name) });
    const entry: ZipEntry = {
      name,
      rawName,
      flags,
      method: u16(directory, at + 10),
      compressedSize: u32(directory, at + 20),
      size: u32(directory, at + 24),
      headerOffset: u32(directory, at + 42),
    };
    if (entry.compressedSize === ZIP64_MARK || entry.size === ZIP64_MARK || entry.headerOffset === ZIP64_MARK) throw damaged('it is a ZIP64 archive, which Atalaya does not read');
    declared += entry.size;
    if (declared > cap) throw new WorkspaceFileError({ kind: 'bomb', limit: cap });
    entries.set(name, entry);
    at = next;
  }
  return { entries, directoryOffset };
}

/** Stops an inflater from inside its callback. */
class Overflow extends Error {}

/**
 * The bytes of one entry: stored ones are a slice of the file, deflated ones
 * are inflated step by step, refused as soon as they outgrow their declared
 * size or the file's budget.
 */
async function entryData(file: Blob, zip: ZipDirectory, entry: ZipEntry, budget: { cap: number; used: number }): Promise<Blob> {
  if (entry.flags & 1) throw damaged(`its entry ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw damaged(`its entry ${entry.name} uses compression method ${entry.method}, which Atalaya does not read`);
  const header = await bytesAt(file, entry.headerOffset, entry.headerOffset + 30);
  if (u32(header, 0) !== LOCAL_HEADER) throw damaged(`its entry ${entry.name} is unreadable`);
  const nameLength = u16(header, 26);
  const localName = await bytesAt(file, entry.headerOffset + 30, entry.headerOffset + 30 + nameLength);
  if (localName.length !== entry.rawName.length || localName.some((byte, index) => byte !== entry.rawName[index])) {
    throw damaged(`its entry ${entry.name} has another name in its local header`);
  }
  const start = entry.headerOffset + 30 + nameLength + u16(header, 28);
  const end = start + entry.compressedSize;
  if (end > zip.directoryOffset) throw damaged(`its entry ${entry.name} runs past the data`);

  if (budget.used + entry.size > budget.cap) throw new WorkspaceFileError({ kind: 'bomb', limit: budget.cap });
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new WorkspaceFileError({ kind: 'entrySize', entry: entry.name, declared: entry.size });
    budget.used += entry.size;
    return file.slice(start, end);
  }

  const parts: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    budget.used += chunk.length;
    if (produced > entry.size || budget.used > budget.cap) throw new Overflow();
    parts.push(chunk);
  });
  const reader = file.slice(start, end).stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let offset = 0; offset < value.length; offset += INFLATE_STEP_BYTES) inflater.push(value.subarray(offset, offset + INFLATE_STEP_BYTES), false);
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (!(error instanceof Overflow)) throw damaged(`its entry ${entry.name} cannot be inflated (${error instanceof Error ? error.message : String(error)})`);
    if (budget.used > budget.cap) throw new WorkspaceFileError({ kind: 'bomb', limit: budget.cap });
    throw new WorkspaceFileError({ kind: 'entrySize', entry: entry.name, declared: entry.size });
  }
  if (produced !== entry.size) throw new WorkspaceFileError({ kind: 'entrySize', entry: entry.name, declared: entry.size });
  return new Blob(parts as BlobPart[]);
}

/** The first string (or key) holding a NUL, with its field path (`datasets[0].table`). */
function findNul(value: unknown, path: string): { field: string; value: string } | undefined {
  if (typeof value === 'string') return value.includes('\0') ? { field: path, value } : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNul(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\0')) return { field: path || 'workspace', value: key };
      const found = findNul(child, field);
      if (found) return found;
    }
  }
  return undefined;
}

/** A name fit to show: NUL written as \0, cut to 80 characters. */
function visible(text: string): string {
  const shown = text.replaceAll('\0', '\\0');
  return shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
}
