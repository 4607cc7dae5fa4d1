import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ChartCompileError, compileQuery, type ChartProblem, type SourceColumn } from '../../src/lib/charts/compile-sql';
import type { ChartModel } from '../../src/lib/charts/model';
import { rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;
let columns: SourceColumn[];

/** Fixture rows, also kept in JS for the independent computation. */
const ACCOUNTS = ['ESF', 'INCLE', 'NADR', 'FMF'];
const FIXTURE = Array.from({ length: 2_000 }, (_, i) => ({
  id: i,
  account: ACCOUNTS[i % 4] as string,
  amount: i % 7 === 0 ? null : ((i * 37) % 1000) / 4,
  day: new Date(Date.UTC(2008, 0, 1) + ((i * 5) % 1460) * 86_400_000).toISOString().slice(0, 10),
}));

beforeAll(async () => {
  engine = await startNodeEngine();
  const values = FIXTURE.map((r) => `(${r.id}, '${r.account}', ${r.amount ?? 'NULL'}, DATE '${r.day}')`).join(',');
  await engine.query(`CREATE TABLE budget (id INTEGER, account VARCHAR, amount DECIMAL(10,2), day DATE); INSERT INTO budget VALUES ${values}`);
  await engine.query(`CREATE TABLE big AS SELECT range AS id, (range * 7) % 1000 AS v FROM range(50000)`);
  columns = [
    { name: 'id', type: 'INTEGER' },
    { name: 'account', type: 'VARCHAR' },
    { name: 'amount', type: 'DECIMAL(10,2)' },
    { name: 'day', type: 'DATE' },
  ];
});

const model = (encoding: ChartModel['encoding'], mark: ChartModel['mark'] = 'bar'): ChartModel => ({ source: 'budget', mark, encoding });

describe('chart SQL (real DuckDB-WASM, checked against an independent computation)', () => {
  it('sums a measure by a category', async () => {
    const compiled = compileQuery(model({ x: { field: 'account' }, y: { field: 'amount', aggregate: 'sum' } }), columns);
    await expect(compiled.sql).toMatchFileSnapshot('../fixtures/charts/bar-sum-by-account.sql');
    const got = await rows(engine, compiled.sql);
    const expected = ACCOUNTS.map((account) => ({
      account,
      sum: FIXTURE.filter((r) => r.account === account && r.amount !== null).reduce((total, r) => total + (r.amount ?? 0), 0),
    })).sort((a, b) => a.account.localeCompare(b.account));
    expect(got.map((row) => [row.x_0, Number(row.y_1)])).toEqual(expected.map((e) => [e.account, e.sum]));
  });

  it('counts rows by month', async () => {
    const compiled = compileQuery(model({ x: { field: 'day', timeUnit: 'month' }, y: { aggregate: 'count' } }, 'line'), columns);
    await expect(compiled.sql).toMatchFileSnapshot('../fixtures/charts/line-count-by-month.sql');
    const got = await rows(engine, compiled.sql);
    const counts = new Map<string, number>();
    for (const r of FIXTURE) counts.set(r.day.slice(0, 7), (counts.get(r.day.slice(0, 7)) ?? 0) + 1);
    expect(got.map((row) => [new Date(Number(row.x_0)).toISOString().slice(0, 7), Number(row.y_1)])).toEqual([...counts].sort());
  });

  it('keeps a missing date missing when months are grouped with another key (DuckDB 1.4.3 would invent 5877642 BC)', async () => {
    await engine.query(`CREATE TABLE dated AS SELECT * FROM (VALUES (DATE '2020-01-05', 'a'), (NULL, 'a'), (NULL, 'b'), (DATE '2020-02-01', 'b')) t(day, kind)`);
    for (const unit of ['month', 'hour'] as const) {
      const compiled = compileQuery({ source: 'dated', mark: 'line', encoding: { x: { field: 'day', timeUnit: unit }, color: { field: 'kind' }, y: { aggregate: 'count' } } }, [
        { name: 'day', type: 'DATE' },
        { name: 'kind', type: 'VARCHAR' },
      ]);
      const got = await rows(engine, compiled.sql);
      expect(got.filter((row) => row.x_0 === null).map((row) => [row.color_1, Number(row.y_2)])).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
    }
  });

  it('bins two numbers into nice bins for a heatmap, losing no row', async () => {
    const compiled = compileQuery(model({ x: { field: 'amount', bin: { maxbins: 10 } }, y: { field: 'id', bin: { maxbins: 5 } }, color: { aggregate: 'count' } }, 'rect'), columns);
    await expect(compiled.sql).toMatchFileSnapshot('../fixtures/charts/rect-binned-heatmap.sql');
    const got = await rows(engine, compiled.sql);
    expect(got.reduce((total, row) => total + Number(row.color_2), 0)).toBe(FIXTURE.length);
    // amount spans 0–249.75: at most ten bins, so 50 wide (as Vega's own binning picks); id 0–1999 in five: 500.
    const nonNull = got.filter((row) => row.x_0 !== null);
    expect(new Set(nonNull.map((row) => Number(row.x_0_end) - Number(row.x_0)))).toEqual(new Set([50]));
    expect(new Set(got.map((row) => Number(row.y_1_end) - Number(row.y_1)))).toEqual(new Set([500]));
    for (const row of nonNull) {
      const inBin = FIXTURE.filter((r) => r.amount !== null && r.amount >= Number(row.x_0) && r.amount < Number(row.x_0_end) && r.id >= Number(row.y_1) && r.id < Number(row.y_1_end));
      expect(Number(row.color_2)).toBe(inBin.length);
    }
  });

  it('samples raw points to the cap and says how many rows there are', async () => {
    const compiled = compileQuery({ source: 'big', mark: 'point', encoding: { x: { field: 'id' }, y: { field: 'v' } } }, [{ name: 'id', type: 'BIGINT' }, { name: 'v', type: 'BIGINT' }]);
    expect(compiled.sampled).toBe(true);
    expect((await rows(engine, compiled.sql)).length).toBe(10_000);
    expect(Number((await rows(engine, compiled.countSql ?? ''))[0]?.n)).toBe(50_000);
  });

  it('sorts by a measure and caps the rows', async () => {
    const compiled = compileQuery(model({ x: { field: 'account' }, y: { field: 'amount', aggregate: 'mean', sort: 'descending' } }), columns);
    const got = await rows(engine, compiled.sql);
    const means = got.map((row) => Number(row.y_1));
    expect(means).toEqual([...means].sort((a, b) => b - a));
    expect(compiled.sql).toMatch(/LIMIT 10000$/);
  });

  it('computes box plots per group: quartiles, whiskers within 1.5 × IQR, and the values beyond', async () => {
    const compiled = compileQuery(model({ x: { field: 'account' }, y: { field: 'amount' } }, 'boxplot'), columns);
    await expect(compiled.sql).toMatchFileSnapshot('../fixtures/charts/boxplot-by-account.sql');
    const got = await rows(engine, compiled.sql);
    expect(got.map((row) => row.x_0)).toEqual([...ACCOUNTS].sort());
    for (const row of got) {
      const values = FIXTURE.filter((r) => r.account === row.x_0 && r.amount !== null).map((r) => r.amount as number).sort((a, b) => a - b);
      // Linear interpolation between closest ranks, as quantile_cont and Vega-Lite do.
      const quantile = (p: number) => {
        const at = (values.length - 1) * p;
        const low = values[Math.floor(at)] as number;
        return low + ((values[Math.ceil(at)] as number) - low) * (at - Math.floor(at));
      };
      const [q1, median, q3] = [quantile(0.25), quantile(0.5), quantile(0.75)];
      const inside = values.filter((v) => v >= q1 - 1.5 * (q3 - q1) && v <= q3 + 1.5 * (q3 - q1));
      expect([row.y_box_q1, row.y_box_median, row.y_box_q3].map(Number)).toEqual([q1, median, q3].map((v) => expect.closeTo(v, 9)));
      expect(Number(row.y_box_lower)).toBe(inside[0]);
      expect(Number(row.y_box_upper)).toBe(inside.at(-1));
      expect(Number(row.y_box_outliers)).toBe(values.length - inside.length);
    }
  });

  it('keeps the top N after sorting', async () => {
    const compiled = compileQuery({ ...model({ x: { field: 'account' }, y: { field: 'amount', aggregate: 'sum', sort: 'descending' } }), limit: 2 }, columns);
    const got = await rows(engine, compiled.sql);
    const sums = ACCOUNTS.map((account) => FIXTURE.filter((r) => r.account === account).reduce((total, r) => total + (r.amount ?? 0), 0)).sort((a, b) => b - a);
    expect(got.map((row) => Number(row.y_1))).toEqual(sums.slice(0, 2).map((sum) => expect.closeTo(sum, 6)));
  });

  it.each<[string, ChartModel['encoding'], string, ChartProblem]>([
    ['a box plot of text', { x: { field: 'day' }, y: { field: 'account' } }, 'y', { code: 'boxplotNeedsNumber', params: {} }],
    ['a sum of text', { x: { field: 'day' }, y: { field: 'account', aggregate: 'sum' } }, 'y', { code: 'aggregateNeedsNumber', params: { aggregate: 'sum', field: 'account', type: 'VARCHAR' } }],
    ['a time unit on text', { x: { field: 'account', timeUnit: 'month' }, y: { aggregate: 'count' } }, 'x', { code: 'timeUnitNeedsDate', params: { field: 'account', type: 'VARCHAR' } }],
    ['a column that is gone', { x: { field: 'region' }, y: { aggregate: 'count' } }, 'x', { code: 'columnGone', params: { field: 'region' } }],
    ['binning text', { x: { field: 'account', bin: { maxbins: 10 } }, y: { aggregate: 'count' } }, 'x', { code: 'binNeedsNumber', params: { field: 'account', type: 'VARCHAR' } }],
  ])('explains %s beside the channel that caused it', (what, encoding, channel, problem) => {
    let error: unknown;
    try {
      compileQuery(model(encoding, what.startsWith('a box plot') ? 'boxplot' : 'bar'), columns);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChartCompileError);
    expect((error as ChartCompileError).channel).toBe(channel);
    expect((error as ChartCompileError).problem).toEqual(problem);
  });
});
