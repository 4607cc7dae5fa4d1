/**
 * The memory guard's offer, through the workbench as the interface drives
 * it: a CSV too large for what is left is refused with "Load part of it…";
 * choosing columns and a sample loads that part, records it with the
 * dataset, and Undo/Redo and a reload (from its snapshot, or from the file
 * when there is none) give back exactly the same rows.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/lib/engine';
import type { IngestDeps } from '../../src/lib/ingest';
import { engineMemoryBytes } from '../../src/lib/ingest/memory-budget';
import { AtalayaDatabase, WorkspaceStore } from '../../src/lib/store';
import type { SnapshotLimits } from '../../src/ui/core/table-snapshots';
import { worded } from '../../src/ui/notice-board.svelte';
import { Workbench } from '../../src/ui/workbench.svelte';
import { createNodeBackend, nodeIngestDeps, rows } from './helpers/node-engine';

const ALWAYS: SnapshotLimits = { minFileBytes: 0, maxSnapshotBytes: 1 << 30 };
const NEVER: SnapshotLimits = { minFileBytes: Number.MAX_SAFE_INTEGER, maxSnapshotBytes: 0 };
const CSV = ['fecha;región;monto;id', ...Array.from({ length: 30_000 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')};${['Norte', 'Sur'][i % 2]};${(i * 1.25).toFixed(2)};${i}`)].join('\n');
const CHECKSUM = 'SELECT count(*)::INT AS n, sum(hash(monto, id))::VARCHAR AS h FROM ventas';

let engine: Engine;
let deps: IngestDeps;
let budget = 0;
const open: Array<{ bench: Workbench; store: WorkspaceStore }> = [];

beforeAll(async () => {
  engine = new Engine(createNodeBackend);
  await engine.start();
  // Room for about a fifth of the file's table beside what a started engine holds.
  budget = (await engineMemoryBytes(engine)) + Math.ceil(CSV.length * 1.5 * 0.2);
  deps = { ...(await nodeIngestDeps()), memoryBudget: () => budget };
});
afterAll(() => engine.terminate());
afterEach(async () => {
  for (const { bench, store } of open.splice(0)) {
    bench.dispose();
    store.close();
  }
  for (const row of await rows(engine, 'SELECT table_name AS t FROM duckdb_tables() WHERE NOT internal')) await engine.query(`DROP TABLE IF EXISTS "${String(row.t)}"`);
});

async function openBench(factory: IDBFactory, limits: SnapshotLimits): Promise<{ bench: Workbench; store: WorkspaceStore }> {
  const store = new WorkspaceStore(new AtalayaDatabase('atalaya-part-load', { indexedDB: factory, IDBKeyRange }));
  const bench = new Workbench(engine, deps, store, { snapshotLimits: limits });
  await bench.start();
  const opened = { bench, store };
  open.push(opened);
  return opened;
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`waited in vain for ${what}`);
}

async function checksum(): Promise<Record<string, unknown>> {
  return (await rows(engine, CHECKSUM))[0] ?? {};
}

describe('loading part of a file the engine cannot hold whole', () => {
  it.each([
    ['its snapshot', ALWAYS],
    ['the file read again', NEVER],
  ])('loads the chosen part, and Undo, Redo and a reload from %s give back the same rows', async (_, limits) => {
    const factory = new IDBFactory();
    const first = await openBench(factory, limits);
    const { bench } = first;
    await bench.datasets.openFiles([new File([CSV], 'ventas.csv')]);
    const refusal = bench.board.notices.find((notice) => notice.kind === 'error');
    expect(refusal && worded(refusal.text)).toMatch(/ventas\.csv/);
    expect(bench.session.doc.datasets).toEqual([]);
    // The notice's action asks which part; the dialog is answered as a person would.
    refusal?.action?.run();
    const request = await until(() => bench.datasets.parts.request, 'the part dialog');
    expect(request.columns).toEqual(['fecha', 'región', 'monto', 'id']);
    expect(request.budget).toBe(budget);
    request.resolve({ columns: ['monto', 'id'], samplePercent: 10 });
    await until(() => bench.session.doc.datasets[0], 'the dataset');
    await bench.sync.settled();
    const dataset = bench.session.doc.datasets[0];
    expect(dataset?.subset).toEqual({ columns: ['monto', 'id'], samplePercent: 10 });
    expect(dataset?.columns.map((column) => column.name)).toEqual(['monto', 'id']);
    const loaded = await checksum();
    expect(Number(loaded.n)).toBeGreaterThan(2500);
    expect(Number(loaded.n)).toBeLessThan(3500);

    await bench.session.undo();
    await bench.sync.settled();
    expect(await rows(engine, "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'ventas'")).toEqual([{ n: 0 }]);
    await bench.session.redo();
    await bench.sync.settled();
    expect(await checksum()).toEqual(loaded);

    await bench.sync.settled();
    await bench.session.flush();
    bench.dispose();
    first.store.close();
    open.splice(open.indexOf(first), 1);
    await engine.query('DROP TABLE IF EXISTS ventas');
    const next = await openBench(factory, limits);
    await next.bench.sync.settled();
    expect(next.bench.session.doc.datasets[0]?.subset).toEqual({ columns: ['monto', 'id'], samplePercent: 10 });
    expect(await checksum()).toEqual(loaded);
  });
});
