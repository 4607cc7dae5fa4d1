import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ingestFile, type IngestDeps } from '../../src/lib/ingest';
import { fetchRows, runStatement } from '../../src/lib/results';
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
    columns: Array<{ name: string; type: string }>;
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

  it('reproduces Figure 8 row by row with the starter query', async () => {
    const figure = catalog.datasets.find((entry) => entry.id === 'carsi_budget')?.starterQueries?.[0];
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
    const total = Number(await one("SELECT sum(amount_usd_millions) FROM plan_colombia_us_assistance WHERE account = 'Total' AND year BETWEEN 2000 AND 2012"));
    expect(total).toBe(8886);
    expect(total).toBeGreaterThan(8500);
    expect(total).toBeLessThan(9000);
    expect(await one("SELECT count(*)::INTEGER FROM plan_colombia_us_assistance WHERE source_asterisk")).toBe(2);
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
    expect(await one("SELECT sum(amount_usd_millions) FROM carsi_budget WHERE account = 'Total'")).toBe(574);
    expect(await one("SELECT count(*)::INTEGER FROM carsi_budget WHERE amount_usd_millions IS NULL")).toBe(8); // NADR 2009–2013 and FMF 2011–2013 show ---
    expect(await one('SELECT bool_and(is_request = (year = 2013)) FROM carsi_budget')).toBe(true);
  });

  it("CARSI's and Mérida's yearly accounts add up to each year's Total", async () => {
    for (const [table, key] of [['carsi_budget', 'account'], ['merida_initiative', 'line']]) {
      const off = await rows(
        engine,
        `SELECT year FROM ${table} GROUP BY year
         HAVING abs(sum(amount_usd_millions) FILTER (WHERE ${key} <> 'Total') - any_value(amount_usd_millions) FILTER (WHERE ${key} = 'Total')) > 0.05`,
      );
      expect(off, table).toEqual([]);
    }
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
