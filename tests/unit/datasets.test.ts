import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { fetchRows, runStatement } from '../../src/lib/results';
import { runChart, SUBTOTAL_LABELS, tableSourceSql } from '../../src/lib/charts';
import { FIRST_SAMPLE_ID, sampleCatalog, starterCompanions, starterSqlFor } from '../../src/lib/samples';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

const datasetsDir = join(__dirname, '../../datasets');
const seedsDir = join(__dirname, '../../../shared/seeds');
const catalog = JSON.parse(readFileSync(join(datasetsDir, 'catalog.json'), 'utf8')) as {
  documents: Record<string, string>;
  datasets: Array<{
    id: string;
    file: string;
    parquet: string;
    rows: number;
    source: { document: string; also?: string[] };
    columns: Array<{ name: string; type: string; additive?: boolean }>;
    starterQueries?: Array<{ title: string; sql: string }>;
  }>;
};

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  deps = await nodeIngestDeps();
  for (const entry of catalog.datasets) {
    const bytes = new Uint8Array(readFileSync(join(datasetsDir, entry.file)));
    await ingestFile(engine, deps, { fileName: entry.file, file: blobOf(bytes), existingTables: [] });
  }
});

const one = async (sql: string) => Object.values((await rows(engine, sql))[0] ?? {})[0];

describe('the sample-data catalog', () => {
  it('validates against its JSON Schema', () => {
    const schema = JSON.parse(readFileSync(join(datasetsDir, 'catalog.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    expect(validate(catalog), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names an existing seed document for every dataset', () => {
    for (const entry of catalog.datasets) {
      for (const document of [entry.source.document, ...(entry.source.also ?? [])]) {
        expect(existsSync(join(seedsDir, document)), `${entry.id}: ${document}`).toBe(true);
        expect(catalog.documents[document], `title of ${document}`).toBeTruthy();
      }
    }
  });

  it('lists every CSV in datasets/, and each has a Parquet twin', () => {
    const csvs = readdirSync(datasetsDir).filter((name) => name.endsWith('.csv')).sort();
    expect(catalog.datasets.map((entry) => entry.file).sort()).toEqual(csvs);
    for (const entry of catalog.datasets) expect(existsSync(join(datasetsDir, entry.parquet)), entry.parquet).toBe(true);
  });

  it('states the right row count for every dataset', async () => {
    for (const entry of catalog.datasets) {
      expect(await one(`SELECT count(*)::INTEGER FROM ${entry.id}`), entry.id).toBe(entry.rows);
    }
  });

  it('has starter queries that run on the samples', async () => {
    const queries = catalog.datasets.flatMap((entry) => entry.starterQueries ?? []);
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const query of queries) {
      const result = await runStatement(engine, query.sql);
      expect(result.rowCount, query.title).toBeGreaterThan(0);
    }
  });

  it('reproduces Figure 8 row by row with the starter query, its Total row joined from the totals table', async () => {
    const figure = catalog.datasets.find((entry) => entry.id === 'carsi_budget')?.starterQueries?.find((query) => query.title === 'Figure 8 as published');
    const result = await runStatement(engine, figure?.sql ?? '');
    expect(result.columns.map((c) => c.name)).toEqual(['account', '2008', '2009', '2010', '2011', '2012', '2013']);
    expect(await fetchRows(engine, result, 0, 10)).toEqual([
      ['ESF', '25.0', '18.0', '23.0', '30.0', '45.0', '47.5'],
      ['INCLE', '24.8', '70.0', '65.0', '71.5', '60.0', '60.0'],
      ['NADR', '6.2', null, null, null, null, null],
      ['FMF', '4.0', '17.0', '7.0', null, null, null],
      ['Total', '60.0', '105.0', '95.0', '101.5', '105.0', '107.5'],
    ]);
  });

  it('reads every CSV with its intended column names and types', async () => {
    for (const entry of catalog.datasets) {
      const described = await rows(engine, `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = '${entry.id}' ORDER BY column_index`);
      expect(described, entry.id).toEqual(entry.columns.map(({ name, type }) => ({ name, type })));
    }
  });

  it('ships Parquet twins holding exactly the rows of their CSVs', async () => {
    for (const entry of catalog.datasets) {
      const bytes = new Uint8Array(readFileSync(join(datasetsDir, entry.parquet)));
      const loaded = await ingestFile(engine, deps, { fileName: `twin_${entry.parquet}`, file: blobOf(bytes), existingTables: [] });
      const twin = loaded.tables[0]?.table;
      const differing = await one(
        `SELECT count(*)::INTEGER FROM ((FROM ${entry.id} EXCEPT ALL FROM ${twin}) UNION ALL (FROM ${twin} EXCEPT ALL FROM ${entry.id}))`,
      );
      expect(differing, entry.id).toBe(0);
    }
  });
});

describe("the documents' own statements hold in the data", () => {
  it('Plan Colombia totals for 2000–2012 add up to “almost $9 billion”', async () => {
    const total = Number(await one('SELECT sum(published_total_usd_millions) FROM plan_colombia_us_assistance_totals WHERE year BETWEEN 2000 AND 2012'));
    expect(total).toBe(8886);
    expect(total).toBeGreaterThan(8500);
    expect(total).toBeLessThan(9000);
    expect(await one('SELECT count(*)::INTEGER FROM plan_colombia_us_assistance_totals WHERE source_asterisk')).toBe(2);
  });

  it("Plan Colombia's accounts do not always add up to the published totals, as the catalog says", async () => {
    const starter = catalog.datasets.find((entry) => entry.id === 'plan_colombia_us_assistance')?.starterQueries?.find((query) => query.title === 'Published totals against the sum of the accounts');
    const result = await runStatement(engine, starter?.sql ?? '');
    const differences = await fetchRows(engine, result, 0, 20);
    expect(differences).toHaveLength(13);
    expect(differences[0]).toEqual(['2000', '1159', '1148', '-11']); // the caveat's example
    expect(await one('SELECT sum(amount_usd_millions)::INTEGER FROM plan_colombia_us_assistance WHERE year = 2000')).toBe(1159); // not 2,296: no Total row among the accounts
  });

  it("CARSI's yearly totals add up to its published TOTAL, account by account", async () => {
    const mismatches = await rows(
      engine,
      `SELECT b.account, round(sum(b.amount_usd_millions), 1) AS summed, t.total_2008_2013_usd_millions AS published
       FROM carsi_budget b JOIN carsi_budget_totals t USING (account)
       GROUP BY b.account, t.total_2008_2013_usd_millions
       HAVING abs(sum(b.amount_usd_millions) - t.total_2008_2013_usd_millions) > 0.05`,
    );
    expect(mismatches).toEqual([]);
    // The grand TOTAL, 574, is both the sum of the accounts' totals and of the yearly totals.
    expect(await one('SELECT sum(total_2008_2013_usd_millions) FROM carsi_budget_totals')).toBe(574);
    expect(await one('SELECT sum(published_total_usd_millions) FROM carsi_budget_year_totals')).toBe(574);
    expect(await one('SELECT bool_and(is_request = (year = 2013)) FROM carsi_budget_year_totals')).toBe(true);
    expect(await one("SELECT count(*)::INTEGER FROM carsi_budget WHERE amount_usd_millions IS NULL")).toBe(8); // NADR 2009–2013 and FMF 2011–2013 show ---
    expect(await one('SELECT bool_and(is_request = (year = 2013)) FROM carsi_budget')).toBe(true);
  });

  it("CARSI's and Mérida's yearly accounts add up to each year's published Total", async () => {
    for (const [parts, totals] of [['carsi_budget', 'carsi_budget_year_totals'], ['merida_initiative', 'merida_initiative_totals']]) {
      const off = await rows(
        engine,
        `SELECT year FROM ${totals} t JOIN ${parts} p USING (year) GROUP BY year
         HAVING abs(sum(p.amount_usd_millions) - any_value(t.published_total_usd_millions)) > 0.05`,
      );
      expect(off, parts).toEqual([]);
      expect(await one(`SELECT count(*)::INTEGER FROM ${totals} ANTI JOIN ${parts} USING (year)`), totals).toBe(0);
    }
    // Mérida's 2012 total is the request, and only it.
    expect(await one("SELECT bool_and(is_request = (year = 2012)) FROM merida_initiative_totals")).toBe(true);
    expect(await one("SELECT bool_and((line = 'Requested') = (year = 2012) OR amount_usd_millions = 0) FROM merida_initiative")).toBe(true);
  });

  it('the ACP shares agree with the amounts within rounding', async () => {
    const off = await rows(
      engine,
      `SELECT country FROM acp_allocations
       WHERE abs(100 * amount_usd_millions / (SELECT sum(amount_usd_millions) FROM acp_allocations) - coalesce(share_percent, 0)) > 1`,
    );
    expect(off).toEqual([]);
    expect(await one('SELECT sum(amount_usd_millions)::INTEGER FROM acp_allocations')).toBeGreaterThanOrEqual(5000); // “at least $5 billion”
  });

  it('the Alliance has 18 member countries and 11 partner organizations', async () => {
    expect(await one('SELECT count(*)::INTEGER FROM alliance_members')).toBe(18);
    expect(await one('SELECT count(DISTINCT iso3)::INTEGER FROM alliance_members')).toBe(18);
    expect(await one('SELECT count(*)::INTEGER FROM alliance_partners')).toBe(11);
    expect(await one('SELECT count(*)::INTEGER FROM alliance_pillars')).toBe(3);
  });

  it('the countries table covers the 33 countries and agrees with the member list', async () => {
    expect(await one('SELECT count(*)::INTEGER FROM countries')).toBe(33);
    expect(await one('SELECT count(*)::INTEGER FROM countries WHERE alliance_member')).toBe(18);
    expect(await one('SELECT count(*)::INTEGER FROM alliance_members m ANTI JOIN countries c USING (iso3)')).toBe(0);
    expect(await one("SELECT iso_numeric FROM countries WHERE iso3 = 'BHS'")).toBe('044');
  });

  it('the paper groups 6 countries as narrow and 11 as wide interpreters of cooperation', async () => {
    expect(await rows(engine, "SELECT split_part(interpretation, ':', 1) AS kind, count(*)::INTEGER AS n FROM cooperation_interpretations GROUP BY ALL ORDER BY kind")).toEqual([
      { kind: 'narrow', n: 6 },
      { kind: 'wide', n: 11 },
    ]);
    expect(await one('SELECT count(*)::INTEGER FROM cooperation_interpretations ANTI JOIN countries USING (iso3)')).toBe(0);
  });

  it('the UN police deployments are kept as published, though they exceed the stated total', async () => {
    expect(await one('SELECT sum(police_officers)::INTEGER FROM un_police_deployments')).toBe(36);
    expect(await one("SELECT value::INTEGER FROM colombia_police_cooperation WHERE measure LIKE 'Colombian police officers in UN missions'")).toBe(34);
  });
});

/** A figure of a seed document as printed: its column headings, its rows (label and cells, as text) and its unlabelled note rows ("Request"). */
function seedFigure(document: string, caption: string) {
  const lines = readFileSync(join(seedsDir, document), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(caption));
  expect(start, caption).toBeGreaterThanOrEqual(0);
  const table: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('Source:')) break;
    if (line.includes('\t')) table.push(line.trimEnd().split('\t'));
  }
  const [header = [], ...body] = table;
  return {
    columns: header.slice(1),
    rows: body.filter((cells) => cells[0] !== '').map(([label = '', ...cells]) => ({ label, cells })),
    notes: body.filter((cells) => cells[0] === '').map((cells) => cells.slice(1)),
  };
}

/** A printed cell as a number: "---" is no value, an asterisk is a mark, not a digit. */
const cellValue = (text: string) => (text === '---' ? null : Number(text.replace('*', '')));

/** Rows compared whatever their order. */
const sorted = (list: unknown[]) => list.map((row) => JSON.stringify(row)).sort();

describe('every figure of the CSVs is the seed document’s, parts and published totals alike', () => {
  const document = '002_81a0ecdb4941e1b6.txt';

  it('Figure 6: the accounts in plan_colombia_us_assistance, the Total row (asterisks included) in plan_colombia_us_assistance_totals', async () => {
    const figure = seedFigure(document, 'Figure 6.');
    const cellsOf = (label: string) => figure.rows.find((row) => row.label === label)!.cells;
    const parts = figure.rows.filter((row) => row.label !== 'Total').flatMap((row) => figure.columns.map((year, i) => [Number(year), row.label, cellValue(row.cells[i]!)]));
    expect(parts).toHaveLength(39);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, account, amount_usd_millions::DOUBLE AS v FROM plan_colombia_us_assistance')).map(Object.values))).toEqual(sorted(parts));
    const totals = figure.columns.map((year, i) => [Number(year), cellValue(cellsOf('Total')[i]!), cellsOf('Total')[i]!.endsWith('*')]);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, published_total_usd_millions::DOUBLE AS v, source_asterisk FROM plan_colombia_us_assistance_totals')).map(Object.values))).toEqual(sorted(totals));
  });

  it('Figure 7: the budget lines in merida_initiative, the Total row in merida_initiative_totals', async () => {
    const figure = seedFigure(document, 'Figure 7.');
    const cellsOf = (label: string) => figure.rows.find((row) => row.label === label)!.cells;
    const parts = figure.rows.filter((row) => row.label !== 'Total').flatMap((row) => figure.columns.map((year, i) => [Number(year), row.label, cellValue(row.cells[i]!)]));
    expect(parts).toHaveLength(20);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, line, amount_usd_millions FROM merida_initiative')).map(Object.values))).toEqual(sorted(parts));
    // A year's total is a request when the "Requested" line is all of it.
    const totals = figure.columns.map((year, i) => [Number(year), cellValue(cellsOf('Total')[i]!), cellValue(cellsOf('Requested')[i]!) === cellValue(cellsOf('Total')[i]!)]);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, published_total_usd_millions, is_request FROM merida_initiative_totals')).map(Object.values))).toEqual(sorted(totals));
  });

  it('Figure 8: the accounts in carsi_budget, the Total row in carsi_budget_year_totals, the TOTAL column in carsi_budget_totals', async () => {
    const figure = seedFigure(document, 'Figure 8.');
    const years = figure.columns.filter((column) => /^\d{4}$/.test(column));
    const totalColumn = figure.columns.indexOf('TOTAL');
    const requestColumn = figure.notes[0]!.indexOf('Request');
    expect([years.length, totalColumn, figure.columns[requestColumn]]).toEqual([6, 6, '2013']);
    const accounts = figure.rows.filter((row) => row.label !== 'Total');
    const total = figure.rows.find((row) => row.label === 'Total')!.cells;
    const parts = accounts.flatMap((row) => years.map((year, i) => [Number(year), row.label, cellValue(row.cells[i]!), i === requestColumn]));
    expect(parts).toHaveLength(24);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, account, amount_usd_millions, is_request FROM carsi_budget')).map(Object.values))).toEqual(sorted(parts));
    const yearTotals = years.map((year, i) => [Number(year), cellValue(total[i]!), i === requestColumn]);
    expect(sorted((await rows(engine, 'SELECT year::INTEGER AS y, published_total_usd_millions, is_request FROM carsi_budget_year_totals')).map(Object.values))).toEqual(sorted(yearTotals));
    const accountTotals = accounts.map((row) => [row.label, cellValue(row.cells[totalColumn]!)]);
    expect(sorted((await rows(engine, 'SELECT account, total_2008_2013_usd_millions FROM carsi_budget_totals')).map(Object.values))).toEqual(sorted(accountTotals));
    expect(cellValue(total[totalColumn]!)).toBe(574); // the grand TOTAL: the sum of either totals table (checked above)
  });
});

/** Labels of rows that are totals of other rows, in English, Spanish and Portuguese: the charts' own list, and anything that starts like it ("Total 2008–2013", "Todos los países"). */
function totalLike(values: string[]): string[] {
  const labels = new Set(SUBTOTAL_LABELS);
  return values.filter((value) => labels.has(value.trim().toLowerCase()) || /^\s*(grand total|sub-?totals?|totals?|totales|all|todos|todas|suma|soma)\b/i.test(value));
}

describe('category columns hold only additive parts', () => {
  it('recognizes a total beside its parts, in the three languages', () => {
    expect(totalLike(['ESF', 'INCLE', 'Total', ' TOTAL GENERAL ', 'Subtotal', 'All countries', 'Todos los países', 'Todas', 'Total geral'])).toEqual(['Total', ' TOTAL GENERAL ', 'Subtotal', 'All countries', 'Todos los países', 'Todas', 'Total geral']);
    expect(totalLike(['alleged MS-13 gang members', 'Totally', 'Allies', 'Central America (eight countries)'])).toEqual([]);
  });

  it('no sample has a Total, Subtotal, All, Todos or Todas row beside other rows, except in columns the catalog declares not additive', async () => {
    const found: string[] = [];
    for (const entry of catalog.datasets) {
      for (const column of entry.columns.filter((c) => c.type === 'VARCHAR' && c.additive !== false)) {
        const values = (await rows(engine, `SELECT DISTINCT "${column.name}" AS v FROM ${entry.id} WHERE v IS NOT NULL`)).map((row) => String(row.v));
        const totals = totalLike(values);
        if (totals.length > 0 && totals.length < values.length) found.push(`${entry.id}.${column.name}: ${totals.join(', ')}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the chart builder’s subtotal warning finds nothing in any sample', async () => {
    for (const entry of catalog.datasets) {
      const columns = entry.columns.map(({ name, type }) => ({ name, type }));
      const drawing = await runChart(engine, { sql: tableSourceSql(entry.id), columns }, { mark: 'bar', encoding: { y: { aggregate: 'count' } } });
      expect(drawing.subtotals, entry.id).toEqual([]);
    }
  });

  it('declares not additive only columns whose caveats say their rows must not be added', () => {
    const declared = catalog.datasets.flatMap((entry) => entry.columns.filter((c) => c.additive === false).map((c) => `${entry.id}.${c.name}`));
    expect(declared).toEqual(['deportations_from_us.destination', 'colombia_police_cooperation.measure']);
    for (const id of declared.map((name) => name.split('.')[0])) {
      expect(sampleCatalog.datasets.find((sample) => sample.id === id)?.caveats.join(' ')).toMatch(/do not add/);
    }
  });
});

describe('starter queries that join published totals to their parts', () => {
  it('name only samples of the catalog, and the first visit’s query needs none', () => {
    const ids = new Set(sampleCatalog.datasets.map((sample) => sample.id));
    for (const sample of sampleCatalog.datasets) {
      for (const query of sample.starterQueries ?? []) for (const companion of starterCompanions(query.sql, sample)) expect(ids.has(companion.id)).toBe(true);
    }
    const first = sampleCatalog.datasets.find((sample) => sample.id === FIRST_SAMPLE_ID)!;
    expect(starterCompanions(first.starterQueries![0]!.sql, first)).toEqual([]);
    const published = first.starterQueries!.find((query) => query.title === 'Figure 6 as published')!;
    expect(starterCompanions(published.sql, first).map((sample) => sample.id)).toEqual(['plan_colombia_us_assistance_totals']);
    const carsi = sampleCatalog.datasets.find((sample) => sample.id === 'carsi_budget')!;
    expect(starterCompanions(carsi.starterQueries![1]!.sql, carsi).map((sample) => sample.id)).toEqual(['carsi_budget_year_totals']); // not carsi_budget_totals
  });

  it('are rewritten for the names the tables got, companions included', () => {
    const first = sampleCatalog.datasets.find((sample) => sample.id === FIRST_SAMPLE_ID)!;
    const sql = first.starterQueries!.find((query) => query.title === 'Figure 6 as published')!.sql;
    expect(starterSqlFor(sql, first, first.id)).toBe(sql);
    const renamed = starterSqlFor(sql, first, 'plan_colombia_us_assistance_2', { plan_colombia_us_assistance_totals: 'plan totals' });
    expect(renamed).toContain('FROM plan_colombia_us_assistance_2\n');
    expect(renamed).toContain('FROM "plan totals"\n');
    expect(renamed).toContain("'Total'");
  });
});
