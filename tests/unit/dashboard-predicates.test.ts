/**
 * Dashboard filters on the real DuckDB-WASM engine: every clause kind
 * filters a view exactly as the same filter computed in JavaScript over the
 * fixture rows; hostile clauses become codes, never SQL; links carry a
 * selection across tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { compileQuery, type SourceColumn } from '../../src/lib/charts/compile-sql';
import type { ChartDesign } from '../../src/lib/charts/model';
import { quoteIdentifier } from '../../src/lib/engine/sql';
import {
  clausePredicate,
  DashboardFilterError,
  filteredSource,
  MAX_POINT_VALUES,
  viewFilter,
  type DashboardFilterProblem,
  type DashboardTable,
  type FilterClause,
} from '../../src/lib/dashboards';
import { rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;

interface Sale {
  id: number;
  cat: string | null;
  amount: number | null;
  qty: number;
  flag: boolean | null;
  day: string;
  ts: string;
  store: number;
}

const CATS = ['a', 'b', 'c', "d'q"];
const FIXTURE: Sale[] = Array.from({ length: 600 }, (_, i) => ({
  id: i,
  cat: i % 11 === 0 ? null : (CATS[i % 4] as string),
  amount: i % 13 === 0 ? null : ((i * 37) % 1000) / 10,
  qty: i % 5,
  flag: i % 17 === 0 ? null : i % 3 === 0,
  day: new Date(Date.UTC(2020, 0, 1) + ((i * 7) % 150) * 86_400_000).toISOString().slice(0, 10),
  ts: new Date(Date.UTC(2020, 0, 1) + ((i * 7919) % (40 * 24)) * 3_600_000 + (i % 60) * 60_000).toISOString().slice(0, 19),
  store: i % 6,
}));

const SALES: SourceColumn[] = [
  { name: 'id', type: 'INTEGER' },
  { name: 'cat', type: 'VARCHAR' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'qty', type: 'INTEGER' },
  { name: 'flag', type: 'BOOLEAN' },
  { name: 'day', type: 'DATE' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'store', type: 'INTEGER' },
];
const CATALOG: DashboardTable[] = [
  { name: 'sales', columns: SALES },
  { name: 'stores', columns: [{ name: 'store_id', type: 'INTEGER' }, { name: 'city', type: 'VARCHAR' }] },
  { name: 'store_codes', columns: [{ name: 'code', type: 'VARCHAR' }, { name: 'zone', type: 'VARCHAR' }] },
  { name: 'other', columns: [{ name: 'k', type: 'INTEGER' }] },
];
const STORES = [
  [0, 'Lima'],
  [1, 'Quito'],
  [2, 'Lima'],
  [3, 'Bogotá'],
  [4, 'Quito'],
  [5, 'Lima'],
] as const;

const sqlValue = (value: unknown) => (value === null ? 'NULL' : typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value));

beforeAll(async () => {
  engine = await startNodeEngine();
  const values = FIXTURE.map((r) => `(${[r.id, r.cat, r.amount, r.qty, r.flag, r.day, r.ts, r.store].map(sqlValue).join(', ')})`).join(',');
  await engine.query(`CREATE TABLE sales (id INTEGER, cat VARCHAR, amount DOUBLE, qty INTEGER, flag BOOLEAN, day DATE, ts TIMESTAMP, store INTEGER); INSERT INTO sales VALUES ${values}`);
  await engine.query(`CREATE TABLE stores (store_id INTEGER, city VARCHAR); INSERT INTO stores VALUES ${STORES.map(([id, city]) => `(${id}, '${city}')`).join(', ')}`);
  await engine.query(`CREATE TABLE store_codes (code VARCHAR, zone VARCHAR); INSERT INTO store_codes VALUES ('0', 'north'), ('1', 'south'), ('3', 'north')`);
  await engine.query(`CREATE TABLE other (k INTEGER); INSERT INTO other VALUES (1)`);
});

/** Two views of the filtered rows: a bar by category (sum and count) and a monthly line. */
const BAR: ChartDesign = { mark: 'bar', encoding: { x: { field: 'cat' }, y: { field: 'qty', aggregate: 'sum' }, tooltip: { aggregate: 'count' } } };
const LINE: ChartDesign = { mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { field: 'amount', aggregate: 'max' } } };

async function viewRows(design: ChartDesign, predicate: string | undefined) {
  const compiled = compileQuery({ ...design, source: filteredSource('sales', predicate) }, SALES, { extentSource: quoteIdentifier('sales') });
  return rows(engine, compiled.sql);
}

function expectedBar(kept: Sale[]) {
  const groups = new Map<string | null, { sum: number; count: number }>();
  for (const r of kept) {
    const group = groups.get(r.cat) ?? { sum: 0, count: 0 };
    group.sum += r.qty;
    group.count += 1;
    groups.set(r.cat, group);
  }
  // ORDER BY x ASC NULLS LAST
  return [...groups]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([cat, group]) => [cat, group.sum, group.count]);
}

function expectedLine(kept: Sale[]) {
  const groups = new Map<string, number | null>();
  for (const r of kept) {
    const month = r.day.slice(0, 7);
    const previous = groups.get(month) ?? null;
    groups.set(month, r.amount === null ? previous : previous === null ? r.amount : Math.max(previous, r.amount));
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}

const hourOf = (ts: string) => ts.slice(0, 13);

const CASES: Array<[string, FilterClause, (r: Sale) => boolean]> = [
  ['one point', { kind: 'points', table: 'sales', field: 'cat', values: ['b'] }, (r) => r.cat === 'b'],
  ['several points, one with a quote', { kind: 'points', table: 'sales', field: 'cat', values: ['a', "d'q"] }, (r) => r.cat === 'a' || r.cat === "d'q"],
  ['the null point', { kind: 'points', table: 'sales', field: 'cat', values: [null] }, (r) => r.cat === null],
  ['null and a value', { kind: 'points', table: 'sales', field: 'cat', values: [null, 'c'] }, (r) => r.cat === null || r.cat === 'c'],
  ['a dropdown of numbers (points on a number shown as category)', { kind: 'points', table: 'sales', field: 'qty', values: [1, 3] }, (r) => r.qty === 1 || r.qty === 3],
  ['a boolean point', { kind: 'points', table: 'sales', field: 'flag', values: [true] }, (r) => r.flag === true],
  ['an interval of numbers', { kind: 'interval', table: 'sales', field: 'amount', lo: 10, hi: 50 }, (r) => r.amount !== null && r.amount >= 10 && r.amount < 50],
  ['an interval including its end', { kind: 'interval', table: 'sales', field: 'amount', lo: 10, hi: 50, includeHi: true }, (r) => r.amount !== null && r.amount >= 10 && r.amount <= 50],
  ['a range slider (interval including its end, integers)', { kind: 'interval', table: 'sales', field: 'qty', lo: 2, hi: 4, includeHi: true }, (r) => r.qty >= 2 && r.qty <= 4],
  ['a binned interval', { kind: 'interval', table: 'sales', field: 'amount', lo: 20, hi: 40, bin: { step: 10 } }, (r) => r.amount !== null && Math.floor(r.amount / 10) >= 2 && Math.floor(r.amount / 10) < 4],
  [
    'a binned interval of fractional bins',
    { kind: 'interval', table: 'sales', field: 'amount', lo: 10.3, hi: 20.700000000000003, bin: { step: 0.1 } },
    (r) => r.amount !== null && Math.floor(r.amount / 0.1) >= 103 && Math.floor(r.amount / 0.1) < 207,
  ],
  ['months of a DATE', { kind: 'interval', table: 'sales', field: 'day', lo: '2020-02-01', hi: '2020-04-01', timeUnit: 'month' }, (r) => r.day >= '2020-02-01' && r.day < '2020-04-01'],
  [
    'hours of a TIMESTAMP',
    { kind: 'interval', table: 'sales', field: 'ts', lo: '2020-01-03T05:00:00', hi: '2020-01-09T00:00:00', timeUnit: 'hour' },
    (r) => hourOf(r.ts) >= '2020-01-03T05' && hourOf(r.ts) < '2020-01-09T00',
  ],
  ['months of a TIMESTAMP', { kind: 'interval', table: 'sales', field: 'ts', lo: '2020-01-01', hi: '2020-02-01', timeUnit: 'month' }, (r) => r.ts < '2020-02-01'],
  ['a date range', { kind: 'interval', table: 'sales', field: 'day', lo: '2020-01-15', hi: '2020-03-10', includeHi: true }, (r) => r.day >= '2020-01-15' && r.day <= '2020-03-10'],
  ['a DATE between timestamps', { kind: 'interval', table: 'sales', field: 'day', lo: '2020-01-15T12:00:00', hi: '2020-03-10T00:00:00Z' }, (r) => r.day > '2020-01-15' && r.day < '2020-03-10'],
  ['a TIMESTAMP between dates', { kind: 'interval', table: 'sales', field: 'ts', lo: '2020-01-05', hi: '2020-01-20' }, (r) => r.ts >= '2020-01-05' && r.ts < '2020-01-20'],
];

describe('clause predicates (real DuckDB-WASM, checked against the same filter in JavaScript)', () => {
  it.each(CASES)('%s', async (_what, clause, keep) => {
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { brushed: clause }, [], CATALOG);
    expect(view).toMatchObject({ applied: ['brushed'], unlinked: [], broken: [] });
    const kept = FIXTURE.filter(keep);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(FIXTURE.length);
    const ids = await rows(engine, `SELECT id FROM ${filteredSource('sales', view.predicate)} ORDER BY id`);
    expect(ids.map((row) => row.id)).toEqual(kept.map((r) => r.id));
    const bar = await viewRows(BAR, view.predicate);
    expect(bar.map((row) => [row.x_0, row.y_1, row.tooltip_2])).toEqual(expectedBar(kept));
    const line = await viewRows(LINE, view.predicate);
    expect(line.map((row) => [new Date(Number(row.x_0)).toISOString().slice(0, 7), row.y_1])).toEqual(expectedLine(kept));
  });

  it('treats an empty points clause as no filter (a list with nothing ticked shows everything)', async () => {
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { list: { kind: 'points', table: 'sales', field: 'cat', values: [] } }, [], CATALOG);
    expect(view).toEqual({ predicate: undefined, applied: [], unlinked: [], broken: [] });
    expect(filteredSource('sales', view.predicate)).toBe('"sales"');
  });

  it('filters a view by the other tiles only, never its own, ANDing them', async () => {
    const filters: Record<string, FilterClause> = {
      bar: { kind: 'points', table: 'sales', field: 'cat', values: ['a', 'b'] },
      hist: { kind: 'interval', table: 'sales', field: 'amount', lo: 0, hi: 60, bin: { step: 20 } },
    };
    const ofBar = viewFilter({ tileId: 'bar', table: 'sales' }, filters, [], CATALOG);
    expect(ofBar.applied).toEqual(['hist']);
    const ofOther = viewFilter({ tileId: 'kpi', table: 'sales' }, filters, [], CATALOG);
    expect(ofOther.applied).toEqual(['bar', 'hist']);
    const got = await rows(engine, `SELECT count(*)::INTEGER AS n FROM ${filteredSource('sales', ofOther.predicate)}`);
    expect(got[0]?.n).toBe(FIXTURE.filter((r) => (r.cat === 'a' || r.cat === 'b') && r.amount !== null && r.amount < 60).length);
  });

  it('keeps bins put while filters change: widths come from the unfiltered table', async () => {
    const histogram: ChartDesign = { mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 10 } }, y: { aggregate: 'count' } } };
    const narrow = viewFilter({ tileId: 'h', table: 'sales' }, { r: { kind: 'interval', table: 'sales', field: 'amount', lo: 0, hi: 3 } }, [], CATALOG);
    const got = await viewRows(histogram, narrow.predicate);
    // Over the whole table 0–99.9 in ten bins: 10 wide, even when only 0–3 is left.
    expect(got.map((row) => [row.x_0, row.x_0_end])).toEqual([[0, 10]]);
  });
});

describe('hostile clauses become codes', () => {
  const HOSTILE: Array<[string, unknown, DashboardFilterProblem['code']]> = [
    ['an injected column name', { kind: 'points', table: 'sales', field: 'cat" = cat; DROP TABLE sales; --', values: ['a'] }, 'columnGone'],
    ['an unknown column', { kind: 'interval', table: 'sales', field: 'price', lo: 1, hi: 2 }, 'columnGone'],
    ['NaN', { kind: 'points', table: 'sales', field: 'amount', values: [Number.NaN] }, 'badValue'],
    ['Infinity', { kind: 'interval', table: 'sales', field: 'amount', lo: 0, hi: Number.POSITIVE_INFINITY }, 'badValue'],
    ['a number as text', { kind: 'points', table: 'sales', field: 'amount', values: ['1); DROP TABLE sales; --'] }, 'badValue'],
    ['a number for text', { kind: 'points', table: 'sales', field: 'cat', values: [1] }, 'badValue'],
    ['an object for text', { kind: 'points', table: 'sales', field: 'cat', values: [{ toString: 'x' }] }, 'badValue'],
    ['text for a boolean', { kind: 'points', table: 'sales', field: 'flag', values: ['true'] }, 'badValue'],
    ['a day that does not exist', { kind: 'interval', table: 'sales', field: 'day', lo: '2020-02-30', hi: '2020-03-01' }, 'badValue'],
    ['a date with SQL after it', { kind: 'interval', table: 'sales', field: 'day', lo: "2020-01-01' OR 1=1 --", hi: '2020-03-01' }, 'badValue'],
    ['a timestamp with an offset DuckDB would ignore', { kind: 'interval', table: 'sales', field: 'ts', lo: '2020-01-01T10:00:00+02:00', hi: '2020-03-01' }, 'badValue'],
    ['a date as a number', { kind: 'interval', table: 'sales', field: 'day', lo: 1577836800000, hi: '2020-03-01' }, 'badValue'],
    ['a NUL in text', { kind: 'points', table: 'sales', field: 'cat', values: ['a\u0000b'] }, 'badValue'],
    ['a bin step of zero', { kind: 'interval', table: 'sales', field: 'amount', lo: 0, hi: 10, bin: { step: 0 } }, 'badValue'],
    ['a negative bin step', { kind: 'interval', table: 'sales', field: 'amount', lo: 0, hi: 10, bin: { step: -5 } }, 'badValue'],
    ['100,000 values', { kind: 'points', table: 'sales', field: 'qty', values: Array.from({ length: 100_000 }, (_, i) => i) }, 'tooManyValues'],
    ['an interval of text', { kind: 'interval', table: 'sales', field: 'cat', lo: 'a', hi: 'c' }, 'wrongType'],
    ['bins of dates', { kind: 'interval', table: 'sales', field: 'day', lo: 0, hi: 10, bin: { step: 5 } }, 'wrongType'],
    ['months of a number', { kind: 'interval', table: 'sales', field: 'amount', lo: '2020-01-01', hi: '2020-02-01', timeUnit: 'month' }, 'wrongType'],
    ['an unknown time unit', { kind: 'interval', table: 'sales', field: 'day', lo: '2020-01-01', hi: '2020-02-01', timeUnit: "month', day) OR true OR date_trunc('day" }, 'badClause'],
    ['an unknown kind', { kind: 'sql', table: 'sales', field: 'cat', where: 'true' }, 'badClause'],
    ['values that are not a list', { kind: 'points', table: 'sales', field: 'cat', values: "'a'" }, 'badClause'],
    ['no clause at all', null, 'badClause'],
  ];

  it.each(HOSTILE)('%s', async (_what, clause, code) => {
    let error: unknown;
    try {
      clausePredicate(clause as FilterClause, SALES);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DashboardFilterError);
    expect((error as DashboardFilterError).problem.code).toBe(code);
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { evil: clause as FilterClause, fine: { kind: 'points', table: 'sales', field: 'qty', values: [2] } }, [], CATALOG);
    expect(view.broken).toEqual([{ tileId: 'evil', problem: (error as DashboardFilterError).problem }]);
    expect(view.applied).toEqual(['fine']);
    const got = await rows(engine, `SELECT count(*)::INTEGER AS n FROM ${filteredSource('sales', view.predicate)}`);
    expect(got[0]?.n).toBe(FIXTURE.filter((r) => r.qty === 2).length);
  });

  it('quotes text values: an injection attempt is only a value that matches nothing', async () => {
    const clause: FilterClause = { kind: 'points', table: 'sales', field: 'cat', values: ["'); DROP TABLE sales; --", "a' OR '1'='1"] };
    const got = await rows(engine, `SELECT count(*)::INTEGER AS n FROM ${filteredSource('sales', clausePredicate(clause, SALES))}`);
    expect(got[0]?.n).toBe(0);
    expect((await rows(engine, 'SELECT count(*)::INTEGER AS n FROM sales'))[0]?.n).toBe(FIXTURE.length);
  });

  it('accepts exactly the cap of values, and the engine runs them', async () => {
    const values = Array.from({ length: MAX_POINT_VALUES }, (_, i) => i);
    const predicate = clausePredicate({ kind: 'points', table: 'sales', field: 'qty', values }, SALES);
    const got = await rows(engine, `SELECT count(*)::INTEGER AS n FROM ${filteredSource('sales', predicate)}`);
    expect(got[0]?.n).toBe(FIXTURE.length);
  });

  it('reports a clause on a table that is gone', () => {
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { gone: { kind: 'points', table: 'nope', field: 'x', values: [1] } }, [], CATALOG);
    expect(view.broken).toEqual([{ tileId: 'gone', problem: { code: 'tableGone', params: { table: 'nope' } } }]);
  });
});

describe('links carry a selection across tables', () => {
  const LIMA: FilterClause = { kind: 'points', table: 'stores', field: 'city', values: ['Lima'] };
  const limaStores = new Set<number>(STORES.filter(([, city]) => city === 'Lima').map(([id]) => id));

  it.each([
    ['drawn from the filtered table', { a: { table: 'stores', column: 'store_id' }, b: { table: 'sales', column: 'store' } }],
    ['drawn the other way round', { a: { table: 'sales', column: 'store' }, b: { table: 'stores', column: 'store_id' } }],
  ])('filters the rows whose linked column holds a selected value (%s)', async (_what, link) => {
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { map: LIMA }, [link], CATALOG);
    expect(view).toMatchObject({ applied: ['map'], unlinked: [], broken: [] });
    const got = await rows(engine, `SELECT id FROM ${filteredSource('sales', view.predicate)} ORDER BY id`);
    expect(got.map((row) => row.id)).toEqual(FIXTURE.filter((r) => limaStores.has(r.store)).map((r) => r.id));
  });

  it('joins a text code to a number code as text instead of failing a cast', async () => {
    const link = { a: { table: 'store_codes', column: 'code' }, b: { table: 'sales', column: 'store' } };
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { zone: { kind: 'points', table: 'store_codes', field: 'zone', values: ['north'] } }, [link], CATALOG);
    const got = await rows(engine, `SELECT count(*)::INTEGER AS n FROM ${filteredSource('sales', view.predicate)}`);
    expect(got[0]?.n).toBe(FIXTURE.filter((r) => r.store === 0 || r.store === 3).length);
  });

  it('lists a clause on a table no link reaches as unlinked, and does not apply it', () => {
    const link = { a: { table: 'stores', column: 'store_id' }, b: { table: 'sales', column: 'store' } };
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { o: { kind: 'points', table: 'other', field: 'k', values: [1] }, map: LIMA }, [link], CATALOG);
    expect(view.unlinked).toEqual(['o']);
    expect(view.applied).toEqual(['map']);
  });

  it('reports a link to a column that is gone', () => {
    const link = { a: { table: 'stores', column: 'shop' }, b: { table: 'sales', column: 'store' } };
    const view = viewFilter({ tileId: 'view', table: 'sales' }, { map: LIMA }, [link], CATALOG);
    expect(view.broken).toEqual([{ tileId: 'map', problem: { code: 'linkColumnGone', params: { table: 'stores', field: 'shop' } } }]);
  });
});
