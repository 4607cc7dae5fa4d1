import { zipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { quoteIdentifier } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { tableToParquet } from '../../src/lib/results';
import { buildWorkspaceFile, MAX_WORKSPACE_FILE_BYTES, readWorkspaceFile, WorkspaceFileError, type WorkspaceFileProblem } from '../../src/lib/share';
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
    expect(await problemOf(readWorkspaceFile(bomb, { maxExpandedBytes: 1024 * 1024 }))).toEqual({ kind: 'bomb' });
    const huge = { size: MAX_WORKSPACE_FILE_BYTES + 1 } as Blob;
    expect(await problemOf(readWorkspaceFile(huge))).toEqual({ kind: 'tooLarge' });
  });

  it('drops __proto__ and unknown keys from a hostile manifest', async () => {
    const workspace = createWorkspace('Proto');
    const text = JSON.stringify({ kind: 'atalaya-workspace', workspace }).replace('"workspace":{', '"workspace":{"__proto__":{"polluted":1},"evil":true,');
    const opened = await readWorkspaceFile(zipOf({ 'manifest.json': strToU8(text) }));
    expect({ ...opened.workspace, id: workspace.id }).toEqual(workspace);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
