/**
 * Pre-aggregated indexes on the real DuckDB-WASM engine: the index's answer
 * to a selection is the exact answer (compileQuery over the filtered table),
 * row for row, column for column, type for type. A seeded property test
 * draws random data, views and selections; replay a failure with
 * ATALAYA_PREAGG_SEED=<the printed seed>.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { compileQuery, type SourceColumn } from '../../src/lib/charts/compile-sql';
import type { Aggregate, ChartDesign, TimeUnit } from '../../src/lib/charts/model';
import { quoteIdentifier } from '../../src/lib/engine/sql';
import {
  activeDimensionOf,
  binStepQuery,
  clauseFromInterval,
  clauseFromPoints,
  DashboardFilterError,
  filteredSource,
  kpiSql,
  planIndex,
  planKpiIndex,
  selectionFieldOf,
  viewFilter,
  type ActiveDimension,
  type DashboardTable,
  type FilterClause,
  type KpiTile,
  type SelectionField,
} from '../../src/lib/dashboards';
import { rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;

/** mulberry32: small, seedable, good enough to draw test cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.ATALAYA_PREAGG_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = random(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const chance = (p: number) => rand() < p;

const TABLE = 'facts';
const COLUMNS: SourceColumn[] = [
  { name: 'id', type: 'INTEGER' },
  { name: 'cat', type: 'VARCHAR' },
  { name: 'grp', type: 'INTEGER' },
  { name: 'flag', type: 'BOOLEAN' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'qty', type: 'INTEGER' },
  { name: 'price', type: 'DECIMAL(10,2)' },
  { name: 'day', type: 'DATE' },
  { name: 'ts', type: 'TIMESTAMP' },
];
const CATALOG: DashboardTable[] = [{ name: TABLE, columns: COLUMNS }];
const CATS = ['north', 'south', 'east', 'west', "o'hara", 'centre'];
const N = 5_000;

beforeAll(async () => {
  engine = await startNodeEngine();
  const day0 = Date.UTC(2019, 0, 1);
  const values = Array.from({ length: N }, (_, id) => {
    const nullable = (value: string) => (chance(0.05) ? 'NULL' : value);
    const cat = nullable(`'${pick(CATS).replaceAll("'", "''")}'`);
    const amount = nullable(String(Math.round((rand() * 2000 - 300) * 1000) / 1000));
    const price = nullable((rand() * 500).toFixed(2));
    const day = nullable(`'${new Date(day0 + Math.floor(rand() * 1100) * 86_400_000).toISOString().slice(0, 10)}'`);
    const ts = nullable(`'${new Date(day0 + Math.floor(rand() * 90 * 86_400) * 1000).toISOString().slice(0, 19)}'`);
    return `(${id}, ${cat}, ${Math.floor(rand() * 5)}, ${nullable(chance(0.5) ? 'true' : 'false')}, ${amount}, ${Math.floor(rand() * 50) - 10}, ${price}, ${day}, ${ts})`;
  });
  await engine.query(
    `CREATE TABLE ${TABLE} (id INTEGER, cat VARCHAR, grp INTEGER, flag BOOLEAN, amount DOUBLE, qty INTEGER, price DECIMAL(10,2), day DATE, ts TIMESTAMP); INSERT INTO ${TABLE} VALUES ${values.join(',')}`,
  );
});

async function shaped(sql: string): Promise<{ types: string[]; rows: Record<string, unknown>[] }> {
  const table = await engine.query(sql);
  return { types: table.schema.fields.map((field) => `${field.name}:${String(field.type)}`), rows: table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON()) };
}

/**
 * Equal up to 1e-9 relative on doubles (sums combined in another order round
 * differently), or 1e-9 absolute where positive and negative amounts cancel
 * out near zero.
 */
function near(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1e-9);
  return a === b;
}

function sameRows(got: Record<string, unknown>[], expected: Record<string, unknown>[]): string | undefined {
  if (got.length !== expected.length) return `${got.length} rows instead of ${expected.length}`;
  for (const [i, row] of expected.entries()) {
    const other = got[i] as Record<string, unknown>;
    if (Object.keys(other).join() !== Object.keys(row).join()) return `columns ${Object.keys(other).join()} instead of ${Object.keys(row).join()}`;
    for (const key of Object.keys(row)) {
      if (!near(other[key], row[key])) return `row ${i} ${key}: ${String(other[key])} instead of ${String(row[key])}`;
    }
  }
  return undefined;
}

/** The exact answer: the view's compiled query over the table filtered by every other clause. */
function exactSql(design: ChartDesign, filters: Record<string, FilterClause>): string {
  const view = viewFilter({ tileId: 'view', table: TABLE }, filters, [], CATALOG);
  expect(view.broken).toEqual([]);
  return compileQuery({ ...design, source: filteredSource(TABLE, view.predicate) }, COLUMNS, { extentSource: quoteIdentifier(TABLE) }).sql;
}

function basePredicate(filters: Record<string, FilterClause>): string | undefined {
  return viewFilter({ tileId: 'view', table: TABLE }, filters, [], CATALOG).predicate;
}

let indexCount = 0;
/** Selections whose answer had rows: the property test must not pass on empty answers alone. */
let answered = 0;

/** Builds the index, answers each clause from it, and checks each answer against the exact one. */
async function checkIndex(design: ChartDesign, active: ActiveDimension, others: Record<string, FilterClause>, clauses: FilterClause[], what: string): Promise<number> {
  const plan = planIndex({ design, table: TABLE, columns: COLUMNS }, active, basePredicate(others));
  expect(plan, what).toBeDefined();
  if (!plan) return 0;
  const index = `__atalaya_idx_${indexCount++}`;
  await engine.query(plan.createSql(quoteIdentifier(index)));
  const sortedByMeasure = plan.fields.some((field) => field.role === 'measure' && field.def.sort);
  const dims = plan.fields.filter((field) => field.role !== 'measure').flatMap((field) => [field.column, ...(field.binEnd ? [field.binEnd] : [])]);
  // Rows tied on a sorted measure may come in either order; the dimensions name each row.
  const canonical = (list: Record<string, unknown>[]) => (sortedByMeasure ? [...list].sort((a, b) => (JSON.stringify(dims.map((d) => a[d])) < JSON.stringify(dims.map((d) => b[d])) ? -1 : 1)) : list);
  for (const clause of clauses) {
    const exact = await shaped(exactSql(design, { ...others, brushed: clause }));
    const indexed = await shaped(plan.querySql(quoteIdentifier(index), clause));
    const context = `${what}\nseed ${SEED}\nclause ${JSON.stringify(clause)}\n${plan.querySql(quoteIdentifier(index), clause)}`;
    expect(indexed.types, context).toEqual(exact.types);
    expect(sameRows(canonical(indexed.rows), canonical(exact.rows)), context).toBeUndefined();
    if (exact.rows.length > 0) answered++;
  }
  await engine.query(`DROP TABLE ${quoteIdentifier(index)}`);
  return clauses.length;
}

async function stepOf(field: string, maxbins: number): Promise<number> {
  return Number((await rows(engine, binStepQuery(TABLE, field, maxbins)))[0]?.step);
}

const NUMBERS = ['amount', 'qty', 'price'];

function randomMeasure(): { field?: string; aggregate: Aggregate } {
  const aggregate = pick<Aggregate>(['count', 'sum', 'mean', 'min', 'max']);
  return aggregate === 'count' ? { aggregate } : { field: pick(NUMBERS), aggregate };
}

function randomDesign(): ChartDesign {
  const kind = pick(['bar', 'bar2', 'histogram', 'line', 'heatmap']);
  const y = randomMeasure();
  switch (kind) {
    case 'bar':
      return { mark: 'bar', encoding: { x: { field: pick(['cat', 'grp', 'flag']) }, y: { ...y, ...(chance(0.3) ? { sort: 'descending' as const } : {}) } } };
    case 'bar2':
      return { mark: 'bar', encoding: { x: { field: 'cat' }, color: { field: pick(['grp', 'flag']) }, y } };
    case 'histogram':
      return { mark: 'bar', encoding: { x: { field: pick(NUMBERS), bin: { maxbins: pick([5, 10, 20, 40]) } }, y } };
    case 'line':
      return { mark: 'line', encoding: { x: { field: pick(['day', 'ts']), timeUnit: pick<TimeUnit>(['year', 'quarter', 'month', 'week', 'day']) }, y } };
    default:
      return { mark: 'rect', encoding: { x: { field: pick(NUMBERS), bin: { maxbins: 10 } }, y: { field: 'cat' }, color: y } };
  }
}

/** A brushed tile: its selection field and design (the UI derives them the same way). */
function randomBrushedDesign(): ChartDesign {
  return pick<ChartDesign>([
    { mark: 'bar', encoding: { x: { field: 'cat' }, y: { aggregate: 'count' } } },
    { mark: 'bar', encoding: { x: { field: 'grp' }, y: { aggregate: 'count' } } },
    { mark: 'arc', encoding: { theta: { aggregate: 'count' }, color: { field: 'flag' } } },
    { mark: 'bar', encoding: { x: { field: pick(NUMBERS), bin: { maxbins: pick([10, 20, 50]) } }, y: { aggregate: 'count' } } },
    { mark: 'line', encoding: { x: { field: 'day', timeUnit: pick<TimeUnit>(['month', 'week', 'quarter']) }, y: { aggregate: 'count' } } },
    { mark: 'line', encoding: { x: { field: 'ts', timeUnit: pick<TimeUnit>(['day', 'hour']) }, y: { aggregate: 'count' } } },
  ]);
}

const EXTENTS: Record<string, [number, number]> = {
  amount: [-300, 1700],
  qty: [-10, 40],
  price: [0, 500],
  day: [Date.UTC(2019, 0, 1), Date.UTC(2022, 1, 1)],
  ts: [Date.UTC(2019, 0, 1), Date.UTC(2019, 2, 31)],
};
const POINTS: Record<string, unknown[]> = { cat: [...CATS, null], grp: [0, 1, 2, 3, 4], flag: [true, false, null] };

function randomSelection(selection: SelectionField, step: number | undefined): FilterClause {
  if (selection.kind === 'points') {
    const all = POINTS[selection.field] as unknown[];
    return clauseFromPoints(selection, TABLE, all.filter(() => chance(0.4)));
  }
  const [lo, hi] = EXTENTS[selection.field] as [number, number];
  const a = lo + rand() * (hi - lo);
  const b = chance(0.2) ? a + rand() * (hi - lo) * 0.01 : lo + rand() * (hi - lo);
  return clauseFromInterval(selection, TABLE, [a, b], step) as FilterClause;
}

/** Another tile's clause, on a dimension the base filter holds while brushing. */
function randomOtherClause(): Record<string, FilterClause> {
  if (chance(0.3)) return {};
  return pick<Record<string, FilterClause>>([
    { other: { kind: 'points', table: TABLE, field: 'cat', values: CATS.filter(() => chance(0.6)) } },
    { other: { kind: 'interval', table: TABLE, field: 'qty', lo: 0, hi: 30, includeHi: true } },
    { other: { kind: 'interval', table: TABLE, field: 'day', lo: '2019-06-01', hi: '2021-03-15' } },
  ]);
}

describe('pre-aggregated indexes give the exact answer', () => {
  it(`random data, views and selections (seed ${SEED})`, async () => {
    console.info(`dashboard-preagg seed: ${SEED} (replay: ATALAYA_PREAGG_SEED=${SEED})`);
    let selections = 0;
    for (let round = 0; selections < 240; round++) {
      const brushed = randomBrushedDesign();
      const selection = selectionFieldOf(brushed, COLUMNS) as SelectionField;
      expect(selection).toBeDefined();
      const step = selection.bin ? await stepOf(selection.field, selection.bin.maxbins) : undefined;
      const active = activeDimensionOf(selection, TABLE, step);
      const others = randomOtherClause();
      const clauses = Array.from({ length: 6 }, () => randomSelection(selection, step));
      if (chance(0.2)) {
        const tile: KpiTile = { id: 'k', kind: 'kpi', table: TABLE, x: 0, y: 0, w: 2, h: 2, ...randomMeasure() };
        selections += await checkKpi(tile, active, others, clauses);
        continue;
      }
      const design = randomDesign();
      selections += await checkIndex(design, active, others, clauses, `round ${round}: ${JSON.stringify(design)} brushed on ${JSON.stringify(active)} with ${JSON.stringify(others)}`);
    }
    expect(selections).toBeGreaterThanOrEqual(200);
    expect(answered).toBeGreaterThan(selections / 2);
  }, 60_000);

  it('sorts and keeps the top N after combining', async () => {
    const design: ChartDesign = { mark: 'bar', encoding: { x: { field: 'cat' }, y: { field: 'amount', aggregate: 'sum', sort: 'descending' } }, limit: 3 };
    const active: ActiveDimension = { table: TABLE, field: 'grp', kind: 'points' };
    const clauses: FilterClause[] = [
      { kind: 'points', table: TABLE, field: 'grp', values: [1, 3] },
      { kind: 'points', table: TABLE, field: 'grp', values: [] },
    ];
    await checkIndex(design, active, {}, clauses, 'top 3');
  });

  it('counts zero, not null, when nothing passes (a KPI over an empty selection)', async () => {
    const tile: KpiTile = { id: 'k', kind: 'kpi', table: TABLE, x: 0, y: 0, w: 2, h: 2, aggregate: 'count' };
    const active: ActiveDimension = { table: TABLE, field: 'amount', kind: 'interval', bin: { step: 100 } };
    const nothing: FilterClause = { kind: 'interval', table: TABLE, field: 'amount', lo: 10_000, hi: 10_100, bin: { step: 100 } };
    await checkKpi(tile, active, {}, [nothing]);
    expect((await rows(engine, kpiSql(tile, filteredSource(TABLE, basePredicate({ brushed: nothing })), COLUMNS)))[0]).toEqual({ value: 0 });
  });

  it('computes a KPI as JavaScript does', async () => {
    const all = await rows(engine, `SELECT qty FROM ${TABLE}`);
    const total = all.reduce((sum, row) => sum + Number(row.qty), 0);
    const tile: KpiTile = { id: 'k', kind: 'kpi', table: TABLE, x: 0, y: 0, w: 2, h: 2, aggregate: 'sum', field: 'qty' };
    expect((await rows(engine, kpiSql(tile, quoteIdentifier(TABLE), COLUMNS)))[0]).toEqual({ value: total });
  });
});

async function checkKpi(tile: KpiTile, active: ActiveDimension, others: Record<string, FilterClause>, clauses: FilterClause[]): Promise<number> {
  const plan = planKpiIndex(tile, active, basePredicate(others), COLUMNS);
  expect(plan).toBeDefined();
  if (!plan) return 0;
  const index = `__atalaya_idx_${indexCount++}`;
  await engine.query(plan.createSql(quoteIdentifier(index)));
  for (const clause of clauses) {
    const view = viewFilter({ tileId: 'view', table: TABLE }, { ...others, brushed: clause }, [], CATALOG);
    const exact = await shaped(kpiSql(tile, filteredSource(TABLE, view.predicate), COLUMNS));
    const indexed = await shaped(plan.querySql(quoteIdentifier(index), clause));
    const context = `kpi ${JSON.stringify(tile)} seed ${SEED} clause ${JSON.stringify(clause)}`;
    expect(indexed.types, context).toEqual(exact.types);
    expect(sameRows(indexed.rows, exact.rows), context).toBeUndefined();
  }
  await engine.query(`DROP TABLE ${quoteIdentifier(index)}`);
  return clauses.length;
}

describe('what an index cannot answer', () => {
  const points: ActiveDimension = { table: TABLE, field: 'cat', kind: 'points' };
  it.each<[string, ChartDesign, ActiveDimension]>([
    ['a median', { mark: 'bar', encoding: { x: { field: 'grp' }, y: { field: 'amount', aggregate: 'median' } } }, points],
    ['a distinct count', { mark: 'bar', encoding: { x: { field: 'grp' }, y: { field: 'amount', aggregate: 'distinct' } } }, points],
    ['raw points', { mark: 'point', encoding: { x: { field: 'amount' }, y: { field: 'qty' } } }, points],
    ['a box plot', { mark: 'boxplot', encoding: { x: { field: 'cat' }, y: { field: 'amount' } } }, points],
    ['a chart that does not compile', { mark: 'bar', encoding: { x: { field: 'gone' }, y: { aggregate: 'count' } } }, points],
    ['a plain interval (every raw value)', { mark: 'bar', encoding: { x: { field: 'cat' }, y: { aggregate: 'count' } } }, { table: TABLE, field: 'amount', kind: 'interval' }],
    ['a selection on another table', { mark: 'bar', encoding: { x: { field: 'cat' }, y: { aggregate: 'count' } } }, { table: 'other', field: 'cat', kind: 'points' }],
  ])('%s', (_what, design, active) => {
    expect(planIndex({ design, table: TABLE, columns: COLUMNS }, active, undefined)).toBeUndefined();
  });

  it('refuses hostile clauses with codes, as the exact filter does', () => {
    const plan = planIndex({ design: { mark: 'bar', encoding: { x: { field: 'grp' }, y: { aggregate: 'count' } } }, table: TABLE, columns: COLUMNS }, points, undefined);
    expect(() => plan?.querySql('"__atalaya_idx_x"', { kind: 'points', table: TABLE, field: 'cat', values: [1] })).toThrow(DashboardFilterError);
    expect(() => plan?.querySql('"__atalaya_idx_x"', { kind: 'points', table: TABLE, field: 'cat', values: Array.from({ length: 20_000 }, () => 'x') })).toThrow(DashboardFilterError);
  });
});

describe('selection fields', () => {
  it.each<[string, ChartDesign, Partial<SelectionField> | undefined]>([
    ['bars of a category', { mark: 'bar', encoding: { x: { field: 'cat' }, y: { aggregate: 'count' } } }, { channel: 'x', field: 'cat', kind: 'points', column: 'x_0' }],
    ['horizontal bars', { mark: 'bar', encoding: { x: { field: 'amount', aggregate: 'sum' }, y: { field: 'cat' } } }, { channel: 'y', field: 'cat', kind: 'points', column: 'y_1' }],
    ['bars of a number (drawn as categories)', { mark: 'bar', encoding: { x: { field: 'grp' }, y: { aggregate: 'count' } } }, { channel: 'x', kind: 'points' }],
    ['a pie', { mark: 'arc', encoding: { theta: { aggregate: 'count' }, color: { field: 'cat' } } }, { channel: 'color', field: 'cat', kind: 'points', column: 'color_1' }],
    ['a map', { mark: 'geoshape', encoding: { geo: { field: 'cat' }, color: { aggregate: 'count' } } }, { channel: 'geo', kind: 'points' }],
    ['a histogram', { mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 20 } }, y: { aggregate: 'count' } } }, { channel: 'x', kind: 'interval', bin: { maxbins: 20 }, column: 'x_0', binEnd: 'x_0_end' }],
    ['a monthly line', { mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { aggregate: 'count' } } }, { channel: 'x', kind: 'interval', timeUnit: 'month', valueKind: 'temporal' }],
    ['a line over a plain number', { mark: 'line', encoding: { x: { field: 'qty' }, y: { field: 'amount', aggregate: 'mean' } } }, { channel: 'x', kind: 'interval', valueKind: 'number' }],
    ['raw points', { mark: 'point', encoding: { x: { field: 'amount' }, y: { field: 'qty' } } }, undefined],
    ['a box plot', { mark: 'boxplot', encoding: { x: { field: 'cat' }, y: { field: 'amount' } } }, undefined],
  ])('%s', (_what, design, expected) => {
    const selection = selectionFieldOf(design, COLUMNS);
    if (expected === undefined) expect(selection).toBeUndefined();
    else expect(selection).toMatchObject(expected);
  });

  const histogram = selectionFieldOf({ mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 20 } }, y: { aggregate: 'count' } } }, COLUMNS) as SelectionField;
  const monthly = selectionFieldOf({ mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { aggregate: 'count' } } }, COLUMNS) as SelectionField;

  it('snaps a brush over bins to the bins it touches', () => {
    expect(clauseFromInterval(histogram, TABLE, [112, 287], 100)).toEqual({ kind: 'interval', table: TABLE, field: 'amount', lo: 100, hi: 300, bin: { step: 100 } });
    // Inside one bin: that bin; an end on an edge does not take in the next bin.
    expect(clauseFromInterval(histogram, TABLE, [130, 140], 100)).toMatchObject({ lo: 100, hi: 200 });
    expect(clauseFromInterval(histogram, TABLE, [300, 100], 100)).toMatchObject({ lo: 100, hi: 300 });
    expect(clauseFromInterval(histogram, TABLE, [-250, -10], 100)).toMatchObject({ lo: -300, hi: 0 });
  });

  it('snaps a brush over months to month starts', () => {
    expect(clauseFromInterval(monthly, TABLE, [Date.UTC(2020, 1, 10), Date.UTC(2020, 3, 2, 5)])).toEqual({
      kind: 'interval',
      table: TABLE,
      field: 'day',
      lo: '2020-02-01',
      hi: '2020-05-01',
      timeUnit: 'month',
    });
    expect(clauseFromInterval(monthly, TABLE, ['2020-12-05', '2021-01-01'])).toMatchObject({ lo: '2020-12-01', hi: '2021-01-01' });
  });

  it('turns clicked rows into point values the filter accepts (dates as ISO text)', () => {
    const bars = selectionFieldOf({ mark: 'bar', encoding: { x: { field: 'day' }, y: { aggregate: 'count' } } }, COLUMNS) as SelectionField;
    expect(clauseFromPoints(bars, TABLE, [Date.UTC(2020, 0, 5), null, Date.UTC(2020, 0, 5)])).toEqual({ kind: 'points', table: TABLE, field: 'day', values: ['2020-01-05', null] });
  });

  it('measures bins as the chart does', async () => {
    const step = await stepOf('amount', 20);
    const chart = await rows(engine, compileQuery({ mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 20 } }, y: { aggregate: 'count' } }, source: TABLE }, COLUMNS).sql);
    expect(Number(chart[0]?.x_0_end) - Number(chart[0]?.x_0)).toBe(step);
  });
});
