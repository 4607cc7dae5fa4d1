import { readFileSync } from 'node:fs';
import { compile } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { changeMark, CHANNELS_FOR, MARKS, recommendCharts, runChart, type ChartDesign, type ChartSourceSql, type Mark } from '../../src/lib/charts';
import { createCountryShapes } from '../../src/lib/charts/maps/country-shapes';
import { startNodeEngine } from './helpers/node-engine';

let engine: Engine;
const source: ChartSourceSql = {
  sql: 'aid',
  columns: [
    { name: 'iso3', type: 'VARCHAR' },
    { name: 'account', type: 'VARCHAR' },
    { name: 'year', type: 'BIGINT' },
    { name: 'amount', type: 'DECIMAL(8,1)' },
    { name: 'share', type: 'DOUBLE' },
    { name: 'day', type: 'DATE' },
  ],
};

beforeAll(async () => {
  engine = await startNodeEngine();
  await engine.query(`CREATE TABLE aid AS SELECT
      (['COL', 'MEX', 'GTM', 'HND', 'SLV', 'BRB'])[1 + i % 6] AS iso3,
      (['ESF', 'INCLE', 'NADR', 'FMF'])[1 + i % 4] AS account,
      2008 + i % 6 AS year,
      ((i * 37) % 500 / 4)::DECIMAL(8,1) AS amount,
      (i % 13) / 13.0 AS share,
      DATE '2008-01-01' + INTERVAL (i * 3 % 2000) DAY AS day
    FROM range(600) t(i)`);
});

/** Runs a design the way the app does, and has Vega-Lite compile the spec (warnings are failures). */
async function draw(design: ChartDesign) {
  const drawing = await runChart(engine, source, design);
  const warnings: string[] = [];
  const logger = { level: () => logger, warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger), info: () => logger, debug: () => logger, error: (...args: unknown[]) => { throw new Error(args.join(' ')); } };
  compile(drawing.spec as never, { logger: logger as never });
  return { drawing, warnings };
}

/** One design per mark, using every channel the mark offers that this data can fill. */
const BY_MARK: Record<Mark, ChartDesign> = {
  bar: { mark: 'bar', stack: 'normalize', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum', title: 'USD millions' }, color: { field: 'account' }, opacity: { field: 'share', aggregate: 'mean' }, tooltip: { field: 'amount', aggregate: 'max' } } },
  line: { mark: 'line', encoding: { x: { field: 'day', timeUnit: 'quarter' }, y: { field: 'amount', aggregate: 'median', scale: 'log' }, color: { field: 'account' }, column: { field: 'iso3' } } },
  area: { mark: 'area', encoding: { x: { field: 'day', timeUnit: 'year' }, y: { field: 'amount', aggregate: 'sum' }, color: { field: 'account' }, detail: { field: 'iso3' } } },
  point: { mark: 'point', encoding: { x: { field: 'amount' }, y: { field: 'share' }, color: { field: 'account' }, size: { field: 'year' }, shape: { field: 'iso3' }, row: { field: 'account' } } },
  tick: { mark: 'tick', encoding: { x: { field: 'amount' }, y: { field: 'account' } } },
  rect: { mark: 'rect', encoding: { x: { field: 'amount', bin: { maxbins: 10 } }, y: { field: 'day', timeUnit: 'year' }, color: { aggregate: 'count' } } },
  arc: { mark: 'arc', encoding: { theta: { field: 'amount', aggregate: 'sum' }, color: { field: 'account', sort: 'ascending' } } },
  boxplot: { mark: 'boxplot', encoding: { x: { field: 'account' }, y: { field: 'amount' }, color: { field: 'account' } } },
  geoshape: { mark: 'geoshape', encoding: { geo: { field: 'iso3' }, color: { field: 'amount', aggregate: 'sum' }, tooltip: { aggregate: 'count' } } },
};

describe('every mark, compiled to SQL and Vega-Lite (golden files), run on DuckDB-WASM', () => {
  it.each(MARKS.map((mark) => [mark]))('%s', async (mark) => {
    const design = BY_MARK[mark];
    expect(Object.keys(design.encoding).every((channel) => CHANNELS_FOR[mark].includes(channel as never))).toBe(true);
    const { drawing, warnings } = await draw(design);
    expect(warnings).toEqual([]);
    const values = (drawing.spec.data as { values: unknown[] }).values;
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThanOrEqual(10_000);
    expect(JSON.stringify(drawing.spec)).not.toMatch(/"url"|"transform"/);
    const golden = { sql: drawing.compiled.sql.split('\n'), description: drawing.description, spec: mark === 'geoshape' ? { ...drawing.spec, data: '(country outlines; checked below)' } : drawing.spec };
    await expect(JSON.stringify(golden, null, 1)).toMatchFileSnapshot(`../fixtures/charts/marks/${mark}.json`);
  });

  it('carries a design across marks without losing its columns', () => {
    const bar: ChartDesign = { mark: 'bar', encoding: { x: { field: 'account' }, y: { field: 'amount', aggregate: 'sum' } } };
    const pie = changeMark(bar, 'arc');
    expect(pie.encoding).toEqual({ theta: { field: 'amount', aggregate: 'sum' }, color: { field: 'account' } });
    expect(changeMark(pie, 'bar').encoding).toEqual(bar.encoding);
    expect(changeMark(bar, 'boxplot').encoding).toEqual({ x: { field: 'account' }, y: { field: 'amount' } });
    expect(changeMark(bar, 'geoshape').encoding).toEqual({ geo: { field: 'account' }, color: { field: 'amount', aggregate: 'sum' } });
  });
});

describe('maps', () => {
  const shapes = createCountryShapes();
  const rows = readFileSync(new URL('../../datasets/countries.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);

  it('finds every country of the region by ISO alpha-3 code, numeric code, and English, Spanish and Portuguese name', () => {
    expect(rows.length).toBe(33);
    for (const row of rows) {
      const [iso3, numeric, en, es, pt] = row.split(',').map((cell) => cell.replace(/"/g, ''));
      const id = shapes.featureFor(iso3)?.id;
      expect(id, iso3).toBe(numeric);
      for (const key of [numeric, en, es, pt, (en ?? '').toUpperCase()]) expect(shapes.featureFor(key)?.id, `${iso3}: ${key}`).toBe(numeric);
    }
  });

  it('matches names as the reports write them (accents, "The …"), and reports rows that name no country', async () => {
    const members = readFileSync(new URL('../../datasets/alliance_members.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    for (const row of members) expect(shapes.featureFor(row.split(',')[1]), row).toBeDefined();
    await engine.query(`CREATE TABLE places AS SELECT * FROM (VALUES ('Perú', 3), ('The Bahamas', 2), ('Atlantis', 1)) t(place, n)`);
    const drawing = await runChart(engine, { sql: 'places', columns: [{ name: 'place', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }] }, { mark: 'geoshape', encoding: { geo: { field: 'place' }, color: { field: 'n', aggregate: 'sum' } } });
    expect(drawing.unmatched).toEqual(['Atlantis']);
    const features = (drawing.spec.data as { values: { id: string; properties: { name: string } }[] }).values;
    expect(features.map((feature) => [feature.id, feature.properties.name]).sort()).toEqual([['044', 'Bahamas'], ['604', 'Peru']]);
  });

  it('refuses a map on a column that names no country, and says so beside the Country control', async () => {
    const design = { mark: 'geoshape' as const, encoding: { geo: { field: 'n' }, color: { aggregate: 'count' as const } } };
    const drawn = runChart(engine, { sql: 'places', columns: [{ name: 'place', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }] }, design);
    await expect(drawn).rejects.toMatchObject({ channel: 'geo', problem: { code: 'geoNoMatch', params: { field: 'n', examples: expect.arrayContaining(['1', '2', '3']), more: false } } });
  });
});

describe('Show me', () => {
  const column = (name: string) => source.columns.find((candidate) => candidate.name === name)!;

  it.each<[string[], Mark]>([
    [['account', 'amount'], 'bar'],
    [['day', 'amount'], 'line'],
    [['year', 'amount'], 'bar'],
    [['amount', 'share'], 'point'],
    [['iso3', 'amount'], 'geoshape'],
    [['amount'], 'bar'],
    [['account', 'iso3'], 'geoshape'],
    [['day', 'amount', 'account'], 'line'],
  ])('recommends for %j, first a %s, 3–6 charts that all draw', async (names, first) => {
    const designs = recommendCharts(names.map(column));
    expect(designs[0]?.mark).toBe(first);
    expect(designs.length).toBeGreaterThanOrEqual(3);
    expect(designs.length).toBeLessThanOrEqual(6);
    for (const design of designs) expect((await draw(design)).warnings).toEqual([]);
  });

  it('offers nothing for no column or more than three', () => {
    expect(recommendCharts([])).toEqual([]);
    expect(recommendCharts(source.columns.slice(0, 4))).toEqual([]);
  });
});
