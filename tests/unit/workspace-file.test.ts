import { zipSync, strToU8, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { quoteIdentifier } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { tableToParquet } from '../../src/lib/results';
import { formatBytes } from '../../src/ui/i18n/format';
import {
  buildWorkspaceFile,
  MAX_EXPANDED_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_WORKSPACE_FILE_BYTES,
  MAX_ZIP_DIRECTORY_BYTES,
  MAX_ZIP_ENTRIES,
  readWorkspaceFile,
  WorkspaceFileError,
  type WorkspaceFileProblem,
} from '../../src/lib/share';
import { describeWorkspaceFileError } from '../../src/ui/workspace/file-errors';
import { addChart, addDataset, addNote, addQuery, addTypeFix, contentHash, createWorkspace, type DatasetEntry, type Workspace } from '../../src/lib/workspace';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
});

const CSV = 'pais;monto\nPerú;1.234,5\nChile;987,25\nMéxico;n/d\n';

async function entry(table: string, bytes: Uint8Array, extra: Partial<DatasetEntry> = {}): Promise<DatasetEntry> {
  return {
    id: `d_${table}`,
    table,
    fileName: `${table}.csv`,
    format: 'csv',
    size: bytes.length,
    hash: await contentHash(blobOf(bytes)),
    columns: [],
    rowCount: 3,
    fixes: [],
    ...extra,
  };
}

/** Loads bytes into the engine as `table`, as the app does when it restores a dataset. */
async function load(table: string, bytes: Blob, fileName: string): Promise<void> {
  await engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
  await ingestFile(engine, deps, { fileName, file: bytes, existingTables: [], replay: [{ table }] });
}

async function fileOf(workspace: Workspace): Promise<Blob> {
  const codec = await deps.loadParquet();
  return blobOf(await buildWorkspaceFile(workspace, (dataset) => tableToParquet(engine, codec, quoteIdentifier(dataset.table))));
}

async function problemOf(promise: Promise<unknown>): Promise<WorkspaceFileProblem> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkspaceFileError);
  return (error as WorkspaceFileError).problem;
}

function zipOf(files: Record<string, Uint8Array>): Blob {
  return blobOf(zipSync(files));
}

describe('.atalaya workspace files (real DuckDB-WASM)', () => {
  it('round-trips queries, notes and data; exported again, the file opens to the same workspace', async () => {
    const bytes = strToU8(CSV);
    await load('montos', blobOf(bytes), 'montos.csv');
    // The type fix is baked into the exported Parquet, so the file carries no fixes to replay.
    await engine.query(`CREATE OR REPLACE TABLE montos AS SELECT pais, TRY_CAST(replace(replace(monto, '.', ''), ',', '.') AS DOUBLE) AS monto FROM montos`);
    let workspace = addDataset(createWorkspace('Montos'), await entry('montos', bytes));
    workspace = addTypeFix(workspace, 'montos', { column: 'monto', options: { target: 'number', decimal: ',', dateOrder: 'dmy' } }, []);
    workspace = addNote(addQuery(workspace, 'SELECT sum(monto) FROM montos'), '# Montos\n\nIn **USD**.');
    workspace = addChart(workspace, { kind: 'table', table: 'montos' }, { mark: 'boxplot', encoding: { y: { field: 'monto' } } });

    const first = await readWorkspaceFile(await fileOf(workspace));
    expect(first.workspace.id).not.toBe(workspace.id);
    expect(first.workspace.queries).toEqual(workspace.queries);
    expect(first.workspace.notes).toEqual(workspace.notes);
    expect(first.workspace.charts).toEqual(workspace.charts);
    expect(first.workspace.order).toEqual(workspace.order);
    const [dataset] = first.workspace.datasets;
    expect(dataset).toMatchObject({ table: 'montos', fileName: 'montos.parquet', format: 'parquet', fixes: [] });

    await load('montos', first.data.get(dataset!.hash)!, dataset!.fileName);
    expect(await rows(engine, 'SELECT pais, monto FROM montos ORDER BY pais')).toEqual([
      { pais: 'Chile', monto: 987.25 },
      { pais: 'México', monto: null },
      { pais: 'Perú', monto: 1234.5 },
    ]);

    const second = await readWorkspaceFile(await fileOf(first.workspace));
    expect({ ...second.workspace, id: '' }).toEqual({ ...first.workspace, id: '' });
    expect([...second.data.keys()]).toEqual([...first.data.keys()]);
  });

  it("carries a sheet's table as Parquet, with no sheet or header row left to read", async () => {
    const bytes = strToU8('a,b\n1,2\n');
    await load('hoja', blobOf(bytes), 'hoja.csv');
    const sheet = await entry('hoja', bytes, { fileName: 'libro.xlsx', format: 'xlsx', sheet: 'Hoja', headerRow: 3 });
    const opened = await readWorkspaceFile(await fileOf(addDataset(createWorkspace('Libro'), sheet)));
    const [dataset] = opened.workspace.datasets;
    expect(dataset).toMatchObject({ table: 'hoja', fileName: 'libro.parquet', format: 'parquet' });
    expect(dataset).not.toHaveProperty('sheet');
    expect(dataset).not.toHaveProperty('headerRow');
  });

  it('carries bundled samples as references, with their fixes', async () => {
    const sample = await entry('carsi_budget', strToU8('x'), { sampleId: 'carsi_budget', fixes: [{ column: 'x', options: { target: 'number', decimal: '.', dateOrder: 'dmy' } }] });
    const opened = await readWorkspaceFile(await fileOf(addDataset(createWorkspace('S'), sample)));
    expect(opened.workspace.datasets).toEqual([sample]);
    expect(opened.data.size).toBe(0);
  });

  it.each([
    ['is not a zip', () => blobOf(strToU8('year,amount\n2010,1\n')), { kind: 'notZip' }],
    ['has no manifest', () => zipOf({ 'other.txt': strToU8('hi') }), { kind: 'manifest', cause: 'missing' }],
    ['has a manifest that is not JSON', () => zipOf({ 'manifest.json': strToU8('{"kind": ') }), { kind: 'manifest' }],
    ['has a manifest of another kind', () => zipOf({ 'manifest.json': strToU8('{"kind":"something-else"}') }), { kind: 'manifest', cause: 'not an Atalaya workspace manifest' }],
    ['has an invalid workspace', () => zipOf({ 'manifest.json': strToU8(JSON.stringify({ kind: 'atalaya-workspace', workspace: { ...createWorkspace('x'), queries: 7 } })) }), { kind: 'invalid', cause: 'queries: expected a list' }],
  ])('refuses a file that %s', async (_, make, expected) => {
    expect(await problemOf(readWorkspaceFile(make()))).toMatchObject(expected);
  });

  it('refuses data that does not match its recorded hash, or is missing', async () => {
    const bytes = strToU8('a,b\n1,2\n');
    const workspace = addDataset(createWorkspace('T'), { ...(await entry('t', bytes)), format: 'parquet' });
    const manifest = strToU8(JSON.stringify({ kind: 'atalaya-workspace', workspace }));
    expect(await problemOf(readWorkspaceFile(zipOf({ 'manifest.json': manifest, 'datasets/d_t.parquet': strToU8('a,b\n1,3\n') })))).toEqual({ kind: 'hash', table: 't' });
    expect(await problemOf(readWorkspaceFile(zipOf({ 'manifest.json': manifest })))).toEqual({ kind: 'missingData', table: 't', path: 'datasets/d_t.parquet' });
    const opened = await readWorkspaceFile(zipOf({ 'manifest.json': manifest, 'datasets/d_t.parquet': bytes }));
    expect(await opened.data.get(workspace.datasets[0]!.hash)!.text()).toBe('a,b\n1,2\n');
  });

  it('stops inflating a zip bomb at the cap, and refuses files over the size limit unread', async () => {
    const bomb = blobOf(zipSync({ 'manifest.json': strToU8('{}'), 'datasets/d_x.parquet': [new Uint8Array(8 * 1024 * 1024), { level: 9 }] }));
    expect(bomb.size).toBeLessThan(64 * 1024);
    expect(await problemOf(readWorkspaceFile(bomb, { maxExpandedBytes: 1024 * 1024 }))).toEqual({ kind: 'bomb', limit: 1024 * 1024 });
    const huge = { size: MAX_WORKSPACE_FILE_BYTES + 1 } as Blob;
    expect(await problemOf(readWorkspaceFile(huge))).toEqual({ kind: 'tooLarge', limit: MAX_WORKSPACE_FILE_BYTES });
  });

  it('drops __proto__ and unknown keys from a hostile manifest', async () => {
    const workspace = createWorkspace('Proto');
    const text = JSON.stringify({ kind: 'atalaya-workspace', workspace }).replace('"workspace":{', '"workspace":{"__proto__":{"polluted":1},"evil":true,');
    const opened = await readWorkspaceFile(zipOf({ 'manifest.json': strToU8(text) }));
    expect({ ...opened.workspace, id: workspace.id }).toEqual(workspace);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const MB = 1024 * 1024;

function manifestOf(workspace: Workspace): Uint8Array {
  return strToU8(JSON.stringify({ kind: 'atalaya-workspace', workspace }));
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let at = from; at + needle.length <= haystack.length; at++) {
    for (let index = 0; index < needle.length; index++) if (haystack[at + index] !== needle[index]) continue outer;
    return at;
  }
  return -1;
}

/** The zip with an entry renamed in its local header and its central directory (names of equal length, so nothing moves). */
function renamed(zip: Uint8Array, from: string, to: string): Uint8Array {
  const [old, name] = [strToU8(from), strToU8(to)];
  expect(name.length).toBe(old.length);
  const out = zip.slice();
  let hits = 0;
  for (let at = indexOf(out, old, 0); at >= 0; at = indexOf(out, old, at + 1), hits++) out.set(name, at);
  expect(hits).toBe(2);
  return out;
}

/** The zip with an entry's uncompressed size, as its central directory declares it, set to `size`. */
function declaring(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = strToU8(name);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50 || view.getUint16(at + 28, true) !== wanted.length) continue;
    if (indexOf(out.subarray(at + 46, at + 46 + wanted.length), wanted, 0) !== 0) continue;
    view.setUint32(at + 24, size, true);
    return out;
  }
  throw new Error(`no entry ${name}`);
}

/** `count` tiny entries, with `extra` files beside them. */
function manyEntries(count: number, extra: Record<string, Uint8Array> = {}): Blob {
  const files: Zippable = { ...extra };
  const tiny = strToU8('x');
  // Stored: deflating 10,000 one-byte entries takes seconds.
  for (let index = 0; index < count; index++) files[`junk/${String(index).padStart(5, '0')}.txt`] = [tiny, { level: 0 }];
  return blobOf(zipSync(files));
}

async function sampleWorkspace(): Promise<Workspace> {
  return addDataset(createWorkspace('Sample'), await entry('carsi_budget', strToU8('x'), { sampleId: 'carsi_budget' }));
}

describe('.atalaya workspace files from an attacker', () => {
  it('reads a zip of 10,000 tiny entries without recursion, and refuses more entries than the cap', async () => {
    // fflate's streaming Unzip recursed once per entry and overflowed the stack between 3,000 and 5,000 entries.
    expect(await problemOf(readWorkspaceFile(manyEntries(10_000)))).toEqual({ kind: 'manifest', cause: 'missing' });
    const workspace = await sampleWorkspace();
    const opened = await readWorkspaceFile(manyEntries(10_000, { 'manifest.json': manifestOf(workspace) }));
    expect({ ...opened.workspace, id: workspace.id }).toEqual(workspace);
    expect(await problemOf(readWorkspaceFile(manyEntries(MAX_ZIP_ENTRIES, { 'manifest.json': manifestOf(workspace) })))).toEqual({
      kind: 'tooManyEntries',
      count: MAX_ZIP_ENTRIES + 1,
      limit: MAX_ZIP_ENTRIES,
    });
  });

  it.each([
    ['manifest.json', 'manifest.jsoX'],
    ['datasets/d_t.parquet', 'datasets/d_t.parqueX'],
  ])('refuses a file with two entries named %s', async (name, other) => {
    const bytes = strToU8('a,b\n1,2\n');
    const workspace = addDataset(createWorkspace('T'), { ...(await entry('t', bytes)), format: 'parquet' });
    const zip = zipSync({ 'manifest.json': manifestOf(workspace), 'datasets/d_t.parquet': [bytes, { level: 0 }], [other]: [manifestOf(workspace), { level: 0 }] });
    expect(await problemOf(readWorkspaceFile(blobOf(renamed(zip, other, name))))).toEqual({ kind: 'duplicateEntry', entry: name });
  });

  it.each([
    ['a zip entry name', (ws: Workspace) => renamed(zipSync({ 'manifest.json': manifestOf(ws), 'notes.txX': strToU8('x') }), 'notes.txX', 'notes.tx\0'), { kind: 'nulEntryName', entry: 'notes.tx\\0' }],
    ['the manifest entry name', (ws: Workspace) => renamed(zipSync({ 'manifest.jsoX': manifestOf(ws) }), 'manifest.jsoX', 'manifest.jso\0'), { kind: 'nulEntryName', entry: 'manifest.jso\\0' }],
    ['the workspace title', (ws: Workspace) => zipSync({ 'manifest.json': manifestOf({ ...ws, title: 'Sam\0ple' }) }), { kind: 'nulField', field: 'title', value: 'Sam\\0ple' }],
    ['a dataset table name', (ws: Workspace) => zipSync({ 'manifest.json': manifestOf({ ...ws, datasets: [{ ...ws.datasets[0]!, table: 'carsi\0budget' }] }) }), { kind: 'nulField', field: 'datasets[0].table', value: 'carsi\\0budget' }],
    ['a dataset file name', (ws: Workspace) => zipSync({ 'manifest.json': manifestOf({ ...ws, datasets: [{ ...ws.datasets[0]!, fileName: 'budget.csv\0.exe' }] }) }), { kind: 'nulField', field: 'datasets[0].fileName', value: 'budget.csv\\0.exe' }],
    ['a query name', (ws: Workspace) => zipSync({ 'manifest.json': manifestOf({ ...ws, queries: [{ ...ws.queries[0]!, name: 'q\0' }] }) }), { kind: 'nulField', field: 'queries[0].name', value: 'q\\0' }],
  ])('refuses a NUL character in %s, naming it', async (_, make, expected) => {
    const problem = await problemOf(readWorkspaceFile(blobOf(make(await sampleWorkspace()))));
    expect(problem).toEqual(expected);
    const message = describeWorkspaceFileError(new WorkspaceFileError(problem), 'x.atalaya')!;
    expect(message).toContain('NUL');
    expect(message).toContain('field' in expected ? expected.field : expected.entry);
  });

  it('refuses an entry that inflates past its declared size, without trusting the declaration', async () => {
    const zip = zipSync({ 'manifest.json': [strToU8(' '.repeat(8 * MB)), { level: 9 }] });
    expect(await problemOf(readWorkspaceFile(blobOf(declaring(zip, 'manifest.json', 100))))).toEqual({ kind: 'entrySize', entry: 'manifest.json', declared: 100 });
    const stored = zipSync({ 'manifest.json': [manifestOf(await sampleWorkspace()), { level: 0 }] });
    expect(await problemOf(readWorkspaceFile(blobOf(declaring(stored, 'manifest.json', 100))))).toMatchObject({ kind: 'entrySize', declared: 100 });
  });

  it.each([
    ['is cut short', (zip: Uint8Array) => zip.subarray(0, zip.length - 10)],
    ['uses an unknown compression method', (zip: Uint8Array) => {
      const out = zip.slice();
      // The method field of the only entry, in its local header (offset 8) and its central directory.
      out[8] = 12;
      out[indexOf(out, new Uint8Array([0x50, 0x4b, 0x01, 0x02]), 0) + 10] = 12;
      return out;
    }],
  ])('refuses a file that %s as damaged', async (_, spoil) => {
    const zip = zipSync({ 'manifest.json': manifestOf(await sampleWorkspace()) });
    expect(await problemOf(readWorkspaceFile(blobOf(spoil(zip))))).toMatchObject({ kind: 'damaged' });
  });

  it.each([
    ['the size cap', { kind: 'tooLarge', limit: MAX_WORKSPACE_FILE_BYTES }, '1.5 GB'],
    ['the expansion cap passed in', { kind: 'bomb', limit: MB }, '1.0 MB'],
    ['the default expansion cap', { kind: 'bomb', limit: MAX_EXPANDED_BYTES }, '2.0 GB'],
    ['the manifest cap', { kind: 'manifestTooLarge', limit: MAX_MANIFEST_BYTES }, '32 MB'],
    ['the entry cap', { kind: 'tooManyEntries', count: 12_345, limit: MAX_ZIP_ENTRIES }, '10,001'],
    ['the directory cap', { kind: 'directoryTooLarge', limit: MAX_ZIP_DIRECTORY_BYTES }, '16 MB'],
  ] as [string, WorkspaceFileProblem, string][])('words %s with the limit applied', (_, problem, shown) => {
    expect(describeWorkspaceFileError(new WorkspaceFileError(problem), 'x.atalaya')).toContain(shown);
  });

  it.each([
    ['a small file: the 64 MB floor', {}, 64 * MB],
    ['a cap passed in', { maxExpandedBytes: 3 * MB }, 3 * MB],
  ])('refuses a file declaring more than the expansion cap, stating the cap applied (%s)', async (_, limits, limit) => {
    const zip = zipSync({ 'manifest.json': manifestOf(await sampleWorkspace()), 'datasets/d_x.parquet': [new Uint8Array(16), { level: 0 }] });
    const problem = await problemOf(readWorkspaceFile(blobOf(declaring(zip, 'datasets/d_x.parquet', limit)), limits));
    expect(problem).toEqual({ kind: 'bomb', limit });
    expect(describeWorkspaceFileError(new WorkspaceFileError(problem), 'x.atalaya')).toContain(formatBytes(limit));
  });

  it('refuses a manifest declaring more than its cap before inflating it', async () => {
    const zip = zipSync({ 'manifest.json': manifestOf(await sampleWorkspace()) });
    expect(await problemOf(readWorkspaceFile(blobOf(declaring(zip, 'manifest.json', MAX_MANIFEST_BYTES + 1))))).toEqual({ kind: 'manifestTooLarge', limit: MAX_MANIFEST_BYTES });
  });

  it.each<WorkspaceFileProblem>([
    { kind: 'tooLarge', limit: MAX_WORKSPACE_FILE_BYTES },
    { kind: 'notZip' },
    { kind: 'damaged', cause: 'it is cut short' },
    { kind: 'tooManyEntries', count: 20_000, limit: MAX_ZIP_ENTRIES },
    { kind: 'directoryTooLarge', limit: MAX_ZIP_DIRECTORY_BYTES },
    { kind: 'bomb', limit: MB },
    { kind: 'entrySize', entry: 'manifest.json', declared: 100 },
    { kind: 'duplicateEntry', entry: 'manifest.json' },
    { kind: 'nulEntryName', entry: 'a\\0' },
    { kind: 'nulField', field: 'title', value: 'a\\0' },
    { kind: 'manifest', cause: 'missing' },
    { kind: 'manifestTooLarge', limit: MAX_MANIFEST_BYTES },
    { kind: 'invalid', cause: 'queries: expected a list' },
    { kind: 'missingData', table: 't', path: 'datasets/d_t.parquet' },
    { kind: 'hash', table: 't' },
  ])('words $kind as a problem of the file, never of a link', (problem) => {
    const message = describeWorkspaceFileError(new WorkspaceFileError(problem), 'budget.atalaya');
    expect(message).toContain('budget.atalaya');
    expect(message).not.toMatch(/link/i);
    expect(message).not.toMatch(/\{\w+\}/);
  });
});
