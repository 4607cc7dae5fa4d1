/**
 * A model-based test of the application core: a seeded generator drives
 * sequences of user actions — loads (some at once, some of part of a file:
 * chosen columns and a sample of rows), type fixes, Undo and Redo
 * (also in bursts without waiting), renames in the UI and with SQL, drops with
 * SQL, removals, queries while datasets restore, reloads, engine crashes and
 * dashboard brushes whose index tables build while Undo changes the tables —
 * against the real engine (duckdb-wasm's Node build) and the real store (on
 * fake-indexeddb), and after every step checks what must always hold:
 *
 * - the document's datasets are exactly the engine's dataset tables (ids,
 *   names, columns and types, row counts);
 * - no value changed: a text column holds the file's text, a converted one the
 *   file's numbers (a second conversion would scale them);
 * - a dataset loaded in part holds the chosen columns and rows of its file,
 *   value for value, and always the same rows;
 * - every dataset's bytes are stored;
 * - a reload (a new workbench over the same store, a fresh engine) gives the
 *   same datasets with the same contents.
 *
 * Even seeds keep a snapshot of every table (so restores load Arrow snapshots
 * taken while other actions run); odd seeds keep none (every restore parses).
 *
 * A failure prints its seed: `MODEL_SEED=<seed> MODEL_RUNS=1 npm run test:model`
 * replays it. `npm run test:model -- --runs 5000` runs many more.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, listTables, readCatalog, type TableInfo } from '../../src/lib/engine';
import { AtalayaDatabase, WorkspaceStore } from '../../src/lib/store';
import { Workbench } from '../../src/ui/workbench.svelte';
import { worded } from '../../src/ui/notice-board.svelte';
import { createNodeBackend, nodeIngestDeps, rows } from './helpers/node-engine';
import type { IngestDeps } from '../../src/lib/ingest';
import type { SnapshotLimits } from '../../src/ui/core/table-snapshots';
import { addChart, addDashboard, addTile, type DatasetEntry } from '../../src/lib/workspace';
import type { ChartTile, FilterClause, KpiTile } from '../../src/lib/dashboards';
import { ENGLISH_CHART_WORDS } from '../../src/lib/charts';
import { CrossfilterIndexes } from '../../src/ui/dashboards/crossfilter-indexes';
import { loadKpiTile, TileError, type TileContext } from '../../src/ui/dashboards/tile-data';
import type { ChartData } from '../../src/ui/charts/chart-actions';

const RUNS = Number(process.env.MODEL_RUNS ?? 200);
const FIRST_SEED = Number(process.env.MODEL_SEED ?? 1);
const STEPS = Number(process.env.MODEL_STEPS ?? 14);

/** Small deterministic generator (mulberry32): a seed replays a sequence exactly. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

/** A file the analyst drops, and what any table made from it must hold. */
interface PoolFile {
  name: string;
  text: string;
  rows: number;
  idSum: number;
  /**
   * The `monto` column as written (Brazilian/Colombian style), kept as text on
   * load by its one unreadable value ("n/d"): the loader reads a column of
   * 1.234,56 alone as numbers, and the model's type fixes need text to convert.
   */
  montoTexts: string[];
  /** Its numbers once converted with a decimal comma. */
  montoSum: number;
  /** Each row's `monto` as written, by id. */
  montoById: Map<number, string>;
}

function poolFile(name: string, seed: number, count: number): PoolFile {
  const random = generator(seed);
  const cents = Array.from({ length: count }, () => 100_000 + random.int(90_000_000));
  const texts = cents.map((value) => {
    const whole = Math.floor(value / 100).toLocaleString('de-DE');
    return `${whole},${String(value % 100).padStart(2, '0')}`;
  });
  const lines = texts.map((text, i) => `${i + 1},item ${seed}-${i},"${text}"`);
  lines.push(`${count + 1},item ${seed}-${count},n/d`);
  return {
    name,
    text: `id,name,monto\n${lines.join('\n')}\n`,
    rows: count + 1,
    idSum: ((count + 1) * (count + 2)) / 2,
    montoTexts: [...texts, 'n/d'].sort(),
    montoById: new Map([...texts, 'n/d'].map((text, i) => [i + 1, text])),
    montoSum: cents.reduce((sum, value) => sum + value, 0) / 100,
  };
}

/** Same stems on purpose (two alpha.csv, a Gamma and a gamma): names must stay unique, ignoring case. */
const POOL = [poolFile('alpha.csv', 1, 4), poolFile('beta.csv', 2, 6), poolFile('Gamma.csv', 3, 3), poolFile('alpha.csv', 4, 5), poolFile('gamma.csv', 5, 7)];
const DECIMAL_COMMA = { target: 'number', decimal: ',', dateOrder: 'dmy' } as const;

interface World {
  engine: Engine;
  deps: IngestDeps;
  factory: IDBFactory;
  store: WorkspaceStore;
  bench: Workbench;
  /** The ids each dataset loaded in part was first seen holding: Undo, Redo, reloads and fixes must give the same rows. */
  partRows: Map<string, string>;
}

let deps: IngestDeps;
let engine: Engine;
beforeAll(async () => {
  deps = await nodeIngestDeps();
  engine = new Engine(createNodeBackend);
  await engine.start();
});
afterAll(() => engine.terminate());

let databases = 0;
/** Snapshots of every table, or of none (the app's default limits: these files are far below them). */
const ALWAYS_SNAPSHOT: SnapshotLimits = { minFileBytes: 0, maxSnapshotBytes: 1 << 30 };
let snapshotLimits: SnapshotLimits | undefined;

async function openWorkbench(factory: IDBFactory): Promise<{ store: WorkspaceStore; bench: Workbench }> {
  const store = new WorkspaceStore(new AtalayaDatabase('atalaya-model', { indexedDB: factory, IDBKeyRange }), { chunkBytes: 16 * 1024 });
  const bench = new Workbench(engine, deps, store, snapshotLimits ? { snapshotLimits } : {});
  await bench.start();
  return { store, bench };
}

/**
 * Empties the instance as a fresh one would be. A real restart costs 1.5 s in
 * Node (the wasm is compiled again); the engine-crash action restarts for real.
 */
async function emptyEngine(): Promise<void> {
  const found = await rows(
    engine,
    `SELECT schema_name AS s, table_name AS t, 'TABLE' AS k FROM duckdb_tables() WHERE NOT internal
     UNION ALL SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal`,
  );
  for (const { s, t, k } of found) await engine.query(`DROP ${k} IF EXISTS "${String(s)}"."${String(t).replace(/"/g, '""')}" CASCADE`);
}

/** A reload: the tab's state is gone; an empty engine and a new workbench open the same store. */
async function reload(world: World): Promise<void> {
  await world.bench.session.flush();
  world.bench.dispose();
  world.store.close();
  await emptyEngine();
  Object.assign(world, await openWorkbench(world.factory));
}

/** What the engine holds for each dataset, to compare across a reload. */
async function contents(world: World): Promise<string[]> {
  const out: string[] = [];
  for (const dataset of world.bench.session.doc.datasets) {
    const [row] = await rows(world.engine, `SELECT count(*)::INTEGER AS n, sum(hash(t))::VARCHAR AS h FROM "${dataset.table.replace(/"/g, '""')}" AS t`);
    out.push(`${dataset.id} ${dataset.table} ${JSON.stringify(dataset.columns)} ${row?.n} ${row?.h}`);
  }
  return out.sort();
}

async function checkInvariants(world: World): Promise<void> {
  const { bench, engine: db, store } = world;
  await bench.sync.settled();
  const doc = bench.session.doc;
  const marked = (await readCatalog(db)).filter((table) => table.datasetId);
  expect(marked.map((table) => table.datasetId).sort(), 'dataset tables in the engine = datasets in the document').toEqual(doc.datasets.map((dataset) => dataset.id).sort());
  const tables = await listTables(db);
  for (const dataset of doc.datasets) {
    expect(marked.find((table) => table.datasetId === dataset.id)?.name, `the table of ${dataset.id}`).toBe(dataset.table);
    const info = tables.find((table) => table.name === dataset.table) as TableInfo;
    expect(info.columns, `columns of ${dataset.table}`).toEqual(dataset.columns);
    expect(info.rowCount).toBe(dataset.rowCount);
    expect(await store.hasBytes(dataset.hash), `bytes of ${dataset.table} are stored`).toBe(true);
    if (dataset.subset) {
      await checkPart(world, dataset, info);
      continue;
    }
    const candidates = POOL.filter((file) => file.name === dataset.fileName);
    const [facts] = await rows(db, `SELECT count(*)::INTEGER AS n, sum(id)::INTEGER AS ids FROM "${dataset.table}"`);
    const file = candidates.find((candidate) => candidate.rows === facts?.n && candidate.idSum === facts?.ids);
    expect(file, `${dataset.table} holds the rows of one ${dataset.fileName}`).toBeDefined();
    const monto = info.columns.find((column) => column.name === 'monto')?.type;
    if (monto === 'VARCHAR') {
      const texts = (await rows(db, `SELECT monto FROM "${dataset.table}" ORDER BY monto`)).map((row) => row.monto);
      expect(texts, `${dataset.table}.monto is the file's text`).toEqual(file?.montoTexts);
    } else {
      expect(monto, `${dataset.table}.monto`).toBe('DOUBLE');
      const [sum] = await rows(db, `SELECT round(sum(monto), 2) AS s FROM "${dataset.table}"`);
      expect(sum?.s, `${dataset.table}.monto holds the file's numbers, converted once`).toBeCloseTo(file?.montoSum ?? NaN, 2);
    }
  }
}

/** A monto as written (1.234,56), as the decimal-comma fix reads it; "n/d" reads as nothing. */
const montoNumber = (text: string): number | null => (text === 'n/d' ? null : Number(text.replaceAll('.', '').replace(',', '.')));

/**
 * A dataset loaded in part: its columns are the chosen ones, each row is a
 * row of one of the files of its name with the same values (text, or the
 * number it reads as), and its rows are the ones it first held.
 */
async function checkPart(world: World, dataset: DatasetEntry, info: TableInfo): Promise<void> {
  const chosen = dataset.subset?.columns;
  if (chosen) expect(info.columns.map((column) => column.name), `columns of the part ${dataset.table}`).toEqual(chosen);
  const held = await rows(world.engine, `SELECT id::INTEGER AS id, monto FROM "${dataset.table}" ORDER BY id`);
  const matches = (file: PoolFile) =>
    held.every((row) => {
      const text = file.montoById.get(Number(row.id));
      if (text === undefined) return false;
      return typeof row.monto === 'number' || row.monto === null ? row.monto === montoNumber(text) || Math.abs(Number(row.monto) - (montoNumber(text) ?? NaN)) < 0.005 : row.monto === text;
    });
  expect(POOL.filter((file) => file.name === dataset.fileName).some(matches), `${dataset.table} holds rows of one ${dataset.fileName}, value for value`).toBe(true);
  expect(new Set(held.map((row) => row.id)).size, `no row of ${dataset.table} twice`).toBe(held.length);
  const ids = held.map((row) => row.id).join(',');
  const first = world.partRows.get(dataset.id);
  if (first === undefined) world.partRows.set(dataset.id, ids);
  else expect(ids, `${dataset.table} holds the rows it was first loaded with`).toBe(first);
}

type Action = { name: string; run: (world: World) => Promise<unknown> };

/**
 * A dashboard over `table` is brushed (its neighbours' pre-aggregated index
 * tables are built on their own lane) while Undo and Redo change the engine's
 * tables underneath. Whatever happens to the table, the datasets must stay as
 * the invariants say, an answer from an index must equal the exact one, and
 * no index table may outlive the dashboard.
 */
async function brushDuringUndo(world: World, table: string, clicks: Array<'undo' | 'redo'>): Promise<void> {
  const { bench } = world;
  let doc = addDashboard(addChart(bench.session.doc, { kind: 'table', table }, { mark: 'bar', encoding: { x: { field: 'id', bin: { maxbins: 5 } }, y: { aggregate: 'count' } } }));
  const dashboardId = doc.dashboards!.at(-1)!.id;
  doc = addTile(addTile(doc, dashboardId, { kind: 'chart', chartId: doc.charts.at(-1)!.id }), dashboardId, { kind: 'kpi', table, aggregate: 'count' });
  const dashboard = doc.dashboards!.at(-1)!;
  const [chartTile, kpiTile] = dashboard.tiles as [ChartTile, KpiTile];
  const filters: Record<string, FilterClause> = { [chartTile.id]: { kind: 'interval', table, field: 'id', lo: 0, hi: 4, bin: { step: 2 } } };
  const indexes = new CrossfilterIndexes(world.engine);
  const context = (extra: Partial<TileContext>): TileContext => ({ engine: world.engine, data: {} as ChartData, tables: bench.sync.tables, doc, dashboard, filters, words: ENGLISH_CHART_WORDS, ...extra });
  const tolerate = (error: unknown) => {
    // The table may be gone or replaced by the Undo: the tile says so; nothing else may fail.
    if (!(error instanceof TileError) && !/does not exist|not found|Catalog Error|Binder Error/i.test(String(error))) throw error;
  };
  await Promise.all([loadKpiTile(context({ indexes, activeTile: chartTile.id }), kpiTile).catch(tolerate), ...clicks.map((click) => (click === 'undo' ? bench.session.undo() : bench.session.redo()))]);
  await indexes.whenBuilt();
  await bench.sync.settled();
  const now = context({ tables: bench.sync.tables });
  if (bench.sync.tables.some((info) => info.name === table)) {
    try {
      const fast = await loadKpiTile({ ...now, indexes, activeTile: chartTile.id }, kpiTile);
      const exact = await loadKpiTile(now, kpiTile);
      expect(fast.value, `KPI over ${table} from its index`).toBe(exact.value);
    } catch (error) {
      tolerate(error);
    }
  }
  indexes.dispose();
  await world.engine.query('SELECT 1', { lane: 'index' });
  const [left] = await rows(world.engine, `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE starts_with(table_name, '__atalaya_idx_')`);
  expect(left?.n, 'index tables left behind').toBe(0);
}

function chooseAction(random: ReturnType<typeof generator>, world: World): Action {
  const datasets = world.bench.session.doc.datasets;
  const some = () => random.pick(datasets).table;
  const file = () => {
    const chosen = random.pick(POOL);
    return new File([chosen.text], chosen.name, { type: 'text/csv' });
  };
  const freshName = () => random.pick(['delta', 'Delta', 'epsilon', 'alpha', 'beta_2', 'zeta']);
  const options: Array<[number, () => Action]> = [
    [5, () => ({ name: 'load', run: (w) => w.bench.datasets.openFiles([file()]) })],
    [2, () => ({ name: 'load two at once', run: (w) => Promise.all([w.bench.datasets.openFiles([file()]), w.bench.datasets.openFiles([file()])]) })],
    [
      2,
      () => {
        // Part of a file, as the memory guard's dialog offers it: the columns the invariants read, a sample of rows.
        const subset = { columns: random.pick([['id', 'monto'], ['monto', 'id', 'name']]), samplePercent: random.pick([40, 60, 80]) };
        return { name: `load part ${JSON.stringify(subset)}`, run: (w) => w.bench.datasets.openFilePart(file(), subset) };
      },
    ],
    [4, () => ({ name: 'undo', run: (w) => w.bench.session.undo() })],
    [3, () => ({ name: 'redo', run: (w) => w.bench.session.redo() })],
    [
      3,
      () => {
        const clicks = Array.from({ length: 2 + random.int(8) }, () => (random.next() < 0.5 ? 'undo' : 'redo'));
        // Clicks without waiting for each other, as fast hands do.
        return { name: `burst ${clicks.join(',')}`, run: (w) => Promise.all(clicks.map((click) => (click === 'undo' ? w.bench.session.undo() : w.bench.session.redo()))) };
      },
    ],
  ];
  if (datasets.length > 0) {
    const table = some();
    const to = freshName();
    options.push(
      [6, () => ({ name: `type fix ${table}.monto`, run: (w) => w.bench.datasets.applyTypeFix(table, 'monto', DECIMAL_COMMA, 0) })],
      [2, () => ({ name: `rename ${table} → ${to}`, run: (w) => w.bench.datasets.rename(table, to) })],
      [2, () => ({ name: `SQL rename ${table} → ${to}`, run: (w) => w.bench.query.run(`ALTER TABLE "${table}" RENAME TO "${to}"`) })],
      [2, () => ({ name: `SQL drop ${table}`, run: (w) => w.bench.query.run(`DROP TABLE "${table}"`) })],
      [2, () => ({ name: `remove ${table}`, run: (w) => w.bench.datasets.remove(table) })],
      [3, () => ({ name: `query ${table}`, run: (w) => w.bench.query.run(`SELECT count(*) FROM "${table}"`) })],
      [
        2,
        () => ({
          // A query right after a reload, while the datasets are still being restored.
          name: `reload, then query ${table} at once`,
          run: async (w) => {
            await reload(w);
            await w.bench.query.run(`SELECT count(*) FROM "${table}"`);
          },
        }),
      ],
      [1, () => ({ name: 'engine crash', run: (w) => w.engine.restart('the engine worker was terminated') })],
      [
        2,
        () => {
          const clicks = Array.from({ length: random.int(4) }, () => (random.next() < 0.5 ? ('undo' as const) : ('redo' as const)));
          return { name: `brush a dashboard over ${table} during ${clicks.join(',') || 'nothing'}`, run: (w) => brushDuringUndo(w, table, clicks) };
        },
      ],
    );
  }
  options.push([2, () => ({ name: 'reload', run: (w) => reload(w) })]);
  const total = options.reduce((sum, [weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [weight, make] of options) {
    roll -= weight;
    if (roll < 0) return make();
  }
  return options[0]![1]();
}

describe('the application core, by example (real DuckDB-WASM, fake-indexeddb)', () => {
  it('converts a column once: after fix, Undo, Redo a second fix is refused and no value is scaled', async () => {
    await emptyEngine();
    const world: World = { engine, deps, factory: new IDBFactory(), partRows: new Map(), ...(await openWorkbench(new IDBFactory())) };
    try {
      const file = POOL[0]!;
      await world.bench.datasets.openFiles([new File([file.text], file.name)]);
      await world.bench.datasets.applyTypeFix('alpha', 'monto', DECIMAL_COMMA, 0);
      await world.bench.session.undo();
      await world.bench.session.redo();
      await world.bench.datasets.applyTypeFix('alpha', 'monto', DECIMAL_COMMA, 0);
      await checkInvariants(world);
      expect(world.bench.board.notices.map((notice) => worded(notice.text))).toContain('monto in alpha is already DOUBLE, not text, so it was not converted again (its values are unchanged).');
      expect(world.bench.view.profileTarget?.columns.find((column) => column.name === 'monto')?.type).toBe('DOUBLE');
      await checkInvariants(world);
      expect(world.bench.session.doc.datasets[0]?.fixes).toHaveLength(1);
    } finally {
      world.bench.dispose();
      world.store.close();
    }
  });
});

describe('the application core, model-based (real DuckDB-WASM, fake-indexeddb)', () => {
  it(`keeps document, engine and storage equal over ${RUNS} random sequences of ${STEPS} steps (seeds ${FIRST_SEED}…${FIRST_SEED + RUNS - 1})`, async () => {
    const started = performance.now();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) {
      const random = generator(seed);
      snapshotLimits = seed % 2 === 0 ? ALWAYS_SNAPSHOT : undefined;
      const factory = new IDBFactory();
      databases += 1;
      await emptyEngine();
      const world: World = { engine, deps, factory, partRows: new Map(), ...(await openWorkbench(factory)) };
      const log: string[] = [];
      try {
        for (let step = 0; step < STEPS; step++) {
          const action = chooseAction(random, world);
          log.push(action.name);
          await action.run(world);
          await checkInvariants(world);
        }
        // The last word: a reload gives the same datasets with the same contents.
        const before = await contents(world);
        await reload(world);
        await checkInvariants(world);
        expect(await contents(world), 'the same after a reload').toEqual(before);
      } catch (error) {
        console.error(`Model sequence failed. Replay: MODEL_SEED=${seed} MODEL_RUNS=1 npm run test:model\nSteps:\n  ${log.join('\n  ')}`);
        throw error;
      } finally {
        world.bench.dispose();
        world.store.close();
      }
      // Long runs on demand report progress, so a stall is visible while it runs.
      const done = seed - FIRST_SEED + 1;
      if (RUNS >= 500 && done % 100 === 0) {
        process.stderr.write(`model: ${done}/${RUNS} sequences in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }
    console.info(`${RUNS} sequences × ${STEPS} steps in ${((performance.now() - started) / 1000).toFixed(1)} s (${databases} stores)`);
  }, Math.max(3_600_000, RUNS * 20_000));
});
