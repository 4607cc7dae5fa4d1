/**
 * The engine refuses: with the lockdown the Engine runs at every start
 * (allowed_directories, enable_external_access=false, lock_configuration),
 * DuckDB itself refuses every read or write outside /atalaya/ and every URL,
 * however the SQL is written. Table-driven over every file-reading function
 * and statement DuckDB 1.4 has, on the real engine (duckdb-wasm's Node build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DIRECTORY, Engine, EngineError } from '../../src/lib/engine';
import { START_STATEMENTS } from '../../src/lib/engine/engine';
import { describeEngineHint } from '../../src/ui/i18n/describe';
import { createNodeBackend, rows } from './helpers/node-engine';

/** A file registered with the engine outside the allowed directory: the lockdown must hide it too. */
const SECRET = '/secret/payroll.csv';
/** An address nothing listens on; a request to it would be a leak even though it fails. */
const URL_TARGET = 'http://127.0.0.1:9/collect';
const csv = new TextEncoder().encode('name,pay\nana,10\nluis,20\n');

/** How DuckDB says no: a permission error, a locked setting, or a function absent from this build. */
const PERMISSION = /^Permission Error: /;
const LOCKED = /the configuration has been locked/;
const ABSENT = /(is not in the catalog, but it exists in the \w+ extension|does not exist)/;

interface Case {
  sql: string;
  refusedWith: RegExp;
  /** Statements run first (their own errors are ignored). */
  setup?: string[];
}

const cases: Case[] = [
  // Every file-reading table function of the core build, on a registered file outside /atalaya/.
  ...['read_csv', 'read_csv_auto', 'read_text', 'read_blob', 'sniff_csv', 'glob', 'query_table'].map((fn) => ({
    sql: `SELECT * FROM ${fn}('${SECRET}')`,
    refusedWith: PERMISSION,
  })),
  ...['read_csv', 'read_text', 'read_blob'].map((fn) => ({ sql: `SELECT * FROM ${fn}('${URL_TARGET}')`, refusedWith: PERMISSION })),
  // query_table takes a URL for a table name and fails to parse it; a path it reads as a file (above).
  { sql: `SELECT * FROM query_table('${URL_TARGET}')`, refusedWith: /^Parser Error: / },
  { sql: `SELECT * FROM read_csv(['/atalaya/ok.csv', '${SECRET}'])`, refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_text('/etc/passwd')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM glob('/*')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_csv('/atalaya/../secret/payroll.csv')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_csv('/atalaya//../secret/payroll.csv')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_csv('/ATALAYA/ok.csv')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_csv('/atalaya_not/ok.csv')", refusedWith: PERMISSION },
  { sql: "SELECT * FROM read_csv('file:///atalaya/ok.csv')", refusedWith: PERMISSION },
  // Readers that live in extensions this build lacks (and cannot load: see LOAD below).
  ...[
    'read_json',
    'read_json_auto',
    'read_json_objects',
    'read_ndjson',
    'read_ndjson_auto',
    'read_ndjson_objects',
    'read_parquet',
    'parquet_scan',
    'parquet_metadata',
    'parquet_schema',
    'parquet_file_metadata',
    'parquet_kv_metadata',
  ].map((fn) => ({ sql: `SELECT * FROM ${fn}('${SECRET}')`, refusedWith: ABSENT })),
  // The text-policy bypasses of issue 12: the engine refuses them all the same.
  { sql: `SELECT * FROM "read_text"('${URL_TARGET}')`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM "system"."main"."read_blob"('${SECRET}')`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM "${SECRET}"`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM '${SECRET}'`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM e'${SECRET}'`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM $t$${SECRET}$t$`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM (SELECT 1 AS a) t, '${SECRET}'`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM query('SELECT * FROM read_text(''${URL_TARGET}'')')`, refusedWith: PERMISSION },
  { sql: `SUMMARIZE '${SECRET}'`, refusedWith: PERMISSION },
  { sql: `DESCRIBE '${SECRET}'`, refusedWith: PERMISSION },
  { sql: `PIVOT '${SECRET}' ON name USING sum(pay)`, refusedWith: PERMISSION },
  { sql: `SELECT * FROM m_read('${SECRET}')`, setup: ['CREATE OR REPLACE MACRO m_read(x) AS TABLE FROM "read_csv"(x)'], refusedWith: PERMISSION },
  { sql: `EXECUTE p_read('${SECRET}')`, setup: ['PREPARE p_read AS SELECT * FROM query_table(?)'], refusedWith: PERMISSION },
  {
    sql: "SELECT * FROM read_text(getvariable('u'))",
    setup: [`SET VARIABLE u = '${URL_TARGET}'`],
    refusedWith: PERMISSION,
  },
  {
    sql: `SELECT e'\\'' AS q; SELECT * FROM (FROM "read_text"('${URL_TARGET}'))`,
    refusedWith: PERMISSION,
  },
  // Writing, attaching, exporting, importing.
  { sql: `COPY (SELECT 1) TO '/secret/out.csv'`, refusedWith: PERMISSION },
  { sql: `COPY (SELECT 1) TO '${URL_TARGET}'`, refusedWith: PERMISSION },
  { sql: `COPY lockdown_t FROM '${SECRET}'`, setup: ['CREATE TABLE IF NOT EXISTS lockdown_t (name VARCHAR, pay INTEGER)'], refusedWith: PERMISSION },
  { sql: `ATTACH '/secret/x.db' AS x`, refusedWith: PERMISSION },
  { sql: `ATTACH '${URL_TARGET}' AS x`, refusedWith: PERMISSION },
  { sql: "EXPORT DATABASE '/secret'", refusedWith: PERMISSION },
  { sql: "IMPORT DATABASE '/secret'", refusedWith: PERMISSION },
  // Extensions: nothing loads, nothing updates.
  { sql: 'LOAD httpfs', refusedWith: PERMISSION },
  { sql: 'LOAD json', refusedWith: PERMISSION },
  { sql: `LOAD '${URL_TARGET}'`, refusedWith: PERMISSION },
  { sql: 'UPDATE EXTENSIONS', refusedWith: PERMISSION },
  // The configuration cannot be unlocked or loosened.
  ...[
    'SET lock_configuration = false',
    'RESET lock_configuration',
    'SET enable_external_access = true',
    'RESET enable_external_access',
    "SET allowed_directories = ['/']",
    "SET allowed_paths = ['/secret/payroll.csv']",
    'RESET allowed_directories',
    'SET autoload_known_extensions = true',
    'SET autoinstall_known_extensions = true',
    'SET allow_community_extensions = true',
    'SET allow_unsigned_extensions = true',
    "SET custom_extension_repository = 'http://127.0.0.1:9/'",
    "SET extension_directory = '/secret'",
    "SET profiling_output = '/secret/p.json'",
    "SET temp_directory = '/secret'",
    "SET GLOBAL enable_external_access = true",
    "SET SESSION enable_external_access = true",
  ].map((sql) => ({ sql, refusedWith: LOCKED })),
  { sql: 'PRAGMA enable_external_access', refusedWith: ABSENT },
];

describe('the engine lockdown (real DuckDB-WASM)', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = new Engine(createNodeBackend);
    await engine.start();
    await engine.registerFileBuffer(SECRET, csv);
    await engine.registerFileBuffer(`${ENGINE_DIRECTORY}ok.csv`, csv);
  });
  afterAll(() => engine.terminate());

  it('runs last, after extension auto-loading is off, and locks the configuration', async () => {
    const last = START_STATEMENTS.slice(-3);
    expect(last).toEqual([`SET allowed_directories = ['/atalaya/']`, 'SET enable_external_access = false', 'SET lock_configuration = true']);
    expect(START_STATEMENTS.indexOf('SET autoload_known_extensions = false')).toBeLessThan(START_STATEMENTS.length - 3);
    expect(
      await rows(
        engine,
        "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked, current_setting('autoload_known_extensions') AS autoload",
      ),
    ).toEqual([{ external: false, locked: true, autoload: false }]);
  });

  it.each(cases)('DuckDB refuses: $sql', async ({ sql, setup, refusedWith }) => {
    for (const statement of setup ?? []) await engine.query(statement);
    const error = await engine.query(sql).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, `${sql} ran`).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(refusedWith);
  });

  it('explains a refused path in plain words, naming what the statement tried to read', async () => {
    const error = (await engine.query(`SELECT * FROM read_text('${URL_TARGET}')`).catch((caught: unknown) => caught)) as EngineError;
    expect(error.hint).toEqual({ code: 'permission', params: { target: URL_TARGET } });
    const words = error.hint ? describeEngineHint(error.hint) : '';
    expect(words).toContain('Atalaya reads only the files you open');
    expect(words).toContain(URL_TARGET);
    const locked = (await engine.query('SET enable_external_access = true').catch((caught: unknown) => caught)) as EngineError;
    expect(locked.hint?.code).toBe('locked');
  });

  it('still reads and writes under /atalaya/', async () => {
    expect(await rows(engine, `SELECT count(*)::INTEGER AS n FROM read_csv('${ENGINE_DIRECTORY}ok.csv')`)).toEqual([{ n: 2 }]);
    expect(await rows(engine, `SELECT count(*)::INTEGER AS n FROM '${ENGINE_DIRECTORY}ok.csv'`)).toEqual([{ n: 2 }]);
    expect(await rows(engine, `SELECT file FROM glob('${ENGINE_DIRECTORY}ok*')`)).toEqual([{ file: `${ENGINE_DIRECTORY}ok.csv` }]);
    const out = `${ENGINE_DIRECTORY}lockdown-out.csv`;
    await engine.registerFileBuffer(out, new Uint8Array(0));
    await engine.query(`COPY (SELECT 42 AS answer) TO '${out}' (HEADER, USE_TMP_FILE false)`);
    expect(new TextDecoder().decode(await engine.copyFileToBuffer(out))).toBe('answer\n42\n');
  });

  it('locks down again after a restart', async () => {
    const fresh = new Engine(createNodeBackend);
    await fresh.start();
    await fresh.restart('test');
    await fresh.registerFileBuffer(SECRET, csv);
    const error = (await fresh.query(`SELECT * FROM read_csv('${SECRET}')`).catch((caught: unknown) => caught)) as EngineError;
    expect(error.message).toMatch(PERMISSION);
    await fresh.terminate();
  });
});
