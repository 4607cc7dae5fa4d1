#!/usr/bin/env node
/**
 * npm run datasets — regenerates what is derived in datasets/:
 *  - countries.csv, from ISO 3166-1 facts (i18n-iso-countries) and alliance_members.csv;
 *  - us_security_assistance_by_programme.csv, the union of the Plan Colombia,
 *    Mérida and CARSI parts (their CSVs), with a programme column;
 *  - the row count of every dataset, in catalog.json;
 *  - a Parquet twin of every CSV in catalog.json, read by DuckDB-WASM with the
 *    catalog's column types and written by parquet-wasm.
 * The hand-transcribed CSVs are the source of truth; nothing here edits them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const countries = require('i18n-iso-countries');
for (const lang of ['en', 'es', 'pt']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** The 33 sovereign countries of Latin America and the Caribbean, grouped for convenience (see the catalog caveat). */
const SUBREGIONS = {
  'North America': ['MEX'],
  'Central America': ['BLZ', 'CRI', 'SLV', 'GTM', 'HND', 'NIC', 'PAN'],
  Caribbean: ['ATG', 'BHS', 'BRB', 'CUB', 'DMA', 'DOM', 'GRD', 'GUY', 'HTI', 'JAM', 'KNA', 'LCA', 'VCT', 'SUR', 'TTO'],
  Andean: ['BOL', 'COL', 'ECU', 'PER', 'VEN'],
  'Southern Cone': ['ARG', 'BRA', 'CHL', 'PRY', 'URY'],
};

const csvField = (value) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

function writeCountries() {
  const members = new Set(
    readFileSync(join(here, 'alliance_members.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]),
  );
  const rows = [['iso3', 'iso_numeric', 'name_en', 'name_es', 'name_pt', 'subregion', 'alliance_member']];
  for (const [subregion, codes] of Object.entries(SUBREGIONS)) {
    for (const iso3 of codes) {
      const numeric = countries.alpha3ToNumeric(iso3);
      if (!numeric) throw new Error(`Unknown ISO code ${iso3}`);
      rows.push([iso3, `"${numeric}"`, countries.getName(iso3, 'en'), countries.getName(iso3, 'es'), countries.getName(iso3, 'pt'), subregion, members.has(iso3)]);
    }
  }
  rows.sort((a, b) => (a === rows[0] ? -1 : b === rows[0] ? 1 : String(a[0]).localeCompare(String(b[0]))));
  const text = rows.map((row) => row.map((value) => (String(value).startsWith('"') ? value : csvField(value))).join(',')).join('\n');
  writeFileSync(join(here, 'countries.csv'), `${text}\n`);
}

/**
 * The three programmes' rows in one table, so that a dashboard can filter by
 * programme: union of the hand-transcribed parts, never their published
 * totals. Mérida's budget lines go in `account`; a row is a request when the
 * source says so (Mérida's "Requested" line, CARSI's 2013 column).
 */
const PROGRAMME_PARTS = [
  { programme: 'Plan Colombia', file: 'plan_colombia_us_assistance.csv', account: 'account', isRequest: () => false },
  { programme: 'Mérida Initiative', file: 'merida_initiative.csv', account: 'line', isRequest: (row) => row.line === 'Requested' },
  { programme: 'CARSI', file: 'carsi_budget.csv', account: 'account', isRequest: (row) => row.is_request === 'true' },
];

/** A transcribed CSV as records of text (these files have no quoted fields). */
function readPlainCsv(file) {
  const [header, ...lines] = readFileSync(join(here, file), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== names.length) throw new Error(`${file}: expected ${names.length} fields in “${line}”`);
    return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
  });
}

function writeProgrammeUnion() {
  const rows = [['programme', 'year', 'account', 'amount_usd_millions', 'is_request']];
  for (const part of PROGRAMME_PARTS) {
    // Amounts are copied as written: an empty cell (the source's "---") stays empty, not zero.
    for (const row of readPlainCsv(part.file)) rows.push([part.programme, row.year, row[part.account], row.amount_usd_millions, part.isRequest(row)]);
  }
  writeFileSync(join(here, 'us_security_assistance_by_programme.csv'), `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`);
}

async function openDuckDB() {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({});
  return db;
}

async function writeParquetTwins(catalog) {
  const db = await openDuckDB();
  const connection = db.connect();
  for (const entry of catalog.datasets) {
    db.registerFileBuffer(entry.file, readFileSync(join(here, entry.file)));
    const types = entry.columns.map((column) => `'${column.name}': '${column.type}'`).join(', ');
    const ipc = connection.useUnsafe((bindings, id) =>
      bindings.runQuery(id, `SELECT * FROM read_csv('${entry.file}', header = true, columns = {${types}})`),
    );
    // Re-framed by apache-arrow: the engine's buffer has no end-of-stream marker, which arrow-rs requires.
    const stream = tableToIPC(tableFromIPC(ipc), 'stream');
    writeFileSync(join(here, entry.parquet), parquet.writeParquet(parquet.Table.fromIPCStream(stream)));
    db.dropFile(entry.file);
  }
  connection.close();
}

/** Row counts shown in the gallery, derived from the CSVs (a test checks them). */
function writeRowCounts(catalog) {
  for (const entry of catalog.datasets) {
    // Every transcribed CSV has one record per line: no quoted line breaks.
    entry.rows = readFileSync(join(here, entry.file), 'utf8').trim().split('\n').length - 1;
  }
  writeFileSync(join(here, 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
}

const catalog = JSON.parse(readFileSync(join(here, 'catalog.json'), 'utf8'));
writeCountries();
writeProgrammeUnion();
writeRowCounts(catalog);
await writeParquetTwins(catalog);
console.log(`datasets: countries.csv, us_security_assistance_by_programme.csv and ${catalog.datasets.length} Parquet twins written`);
