import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { runChart, tableSourceSql } from '../../src/lib/charts';
import type { ChartDesign } from '../../src/lib/charts/model';
import { startNodeEngine } from './helpers/node-engine';

let engine: Engine;

beforeAll(async () => {
  engine = await startNodeEngine();
  // Plan Colombia's shape: accounts and a published Total per year (values from the sample's 2000 and 2001).
  await engine.query(`CREATE TABLE aid AS SELECT * FROM (VALUES
    (2000, 'ACI/ACP/INCLE', 892, 'a'), (2000, 'DOD', 229, 'b'), (2000, 'Other', 38, 'c'), (2000, 'Total', 1148, 'd'),
    (2001, 'ACI/ACP/INCLE', 48, 'a'), (2001, 'DOD', 190, 'b'), (2001, 'Other', 38, 'c'), (2001, 'Total', 276, 'd')
  ) AS t(year, account, amount, note)`);
  await engine.query(`CREATE TABLE parts AS SELECT * FROM aid WHERE account <> 'Total'`);
  await engine.query(`CREATE TABLE spanish AS SELECT year, CASE account WHEN 'Total' THEN '  TOTAL GENERAL ' ELSE account END AS cuenta, amount FROM aid`);
});

async function subtotalsOf(table: string, design: ChartDesign) {
  const columns = (await engine.query(`DESCRIBE ${table}`)).toArray().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  return (await runChart(engine, { sql: tableSourceSql(table), columns }, design)).subtotals;
}

describe('charts that would count a published total twice', () => {
  it.each<[string, string, ChartDesign, Array<{ field: string; value: string }>]>([
    ['a sum by year (the Total hidden in each bar)', 'aid', { mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum' } } }, [{ field: 'account', value: 'Total' }]],
    ['bars stacked by account (Total on top of its parts)', 'aid', { mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum' }, color: { field: 'account' } } }, [{ field: 'account', value: 'Total' }]],
    ['a count of rows by year', 'aid', { mark: 'line', encoding: { x: { field: 'year' }, y: { aggregate: 'count' } } }, [{ field: 'account', value: 'Total' }]],
    ['a Spanish total, spaced and in capitals', 'spanish', { mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum' } } }, [{ field: 'cuenta', value: '  TOTAL GENERAL ' }]],
    ['each account as its own bar (Total is shown, not added)', 'aid', { mark: 'bar', encoding: { x: { field: 'account' }, y: { field: 'amount', aggregate: 'sum' } } }, []],
    ['a mean, which adds nothing up', 'aid', { mark: 'line', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'mean' } } }, []],
    ['a table without totals', 'parts', { mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum' } } }, []],
  ])('%s', async (_name, table, design, expected) => {
    expect(await subtotalsOf(table, design)).toEqual(expected);
  });
});
