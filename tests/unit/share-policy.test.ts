import { describe, expect, it } from 'vitest';
import { riskySql, sanitizeVegaLite } from '../../src/lib/share';

describe('SQL from a link: what is blocked until allowed', () => {
  it.each([
    ["SELECT * FROM read_csv('https://evil.example/x.csv')", [['network', "'https://evil.example/x.csv'"], ['files', "read_csv('https://evil.example/x.csv')"]]],
    ["SELECT * FROM 'data/secret.parquet'", [['files', "FROM 'data/secret.parquet'"]]],
    ["SELECT * FROM read_parquet(['a.parquet', 'b.parquet'])", [['files', 'read_parquet(…)']]],
    ["ATTACH 'other.duckdb' AS other", [['files', 'ATTACH']]],
    ['INSTALL httpfs', [['network', 'INSTALL']]],
    ['force install spatial', [['network', 'FORCE']]],
    ['LOAD icu', [['engine', 'LOAD']]],
    ["COPY sales TO 'out.csv'", [['files', 'COPY']]],
    ["EXPORT DATABASE 'dump'", [['files', 'EXPORT']]],
    ["SET s3_endpoint = 'x'", [['engine', 'SET']]],
    ['PRAGMA enable_profiling', [['engine', 'PRAGMA']]],
    ["CREATE SECRET (TYPE s3, KEY_ID 'k')", [['network', 'CREATE SECRET']]],
    ["SELECT 'see https://duckdb.org' AS note", []],
    ["SELECT 'http://x.example/' || 'y' AS u", [['network', "'http://x.example/'"]]],
  ])('%s', (sql, expected) => {
    expect(riskySql(sql).map((risk) => [risk.kind, risk.detail])).toEqual(expected);
  });

  it('leaves ordinary queries alone, comments and quoted names included', () => {
    const script = `-- read_csv('https://x') in a comment is harmless
      SELECT year, sum(amount_usd_millions) AS "COPY" FROM merida_initiative /* INSTALL x */ GROUP BY year;
      WITH t AS (SELECT 1 AS "SET") SELECT * FROM t`;
    expect(riskySql(script)).toEqual([]);
  });

  it('names each risky statement of a script separately', () => {
    const risks = riskySql("SELECT 1; LOAD httpfs; SELECT * FROM read_json('http://a.example/x.json')");
    expect(risks.map((risk) => risk.statement)).toEqual(['LOAD httpfs', "SELECT * FROM read_json('http://a.example/x.json')", "SELECT * FROM read_json('http://a.example/x.json')"]);
  });
});

describe('SQL from a link: what a lexer that disagreed with DuckDB would miss', () => {
  const risks = (sql: string) => riskySql(sql).map((risk) => [risk.kind, risk.detail]);

  it('splits a hidden multi-statement script into the statements DuckDB runs', () => {
    const sql = `SELECT e'\\'' AS q) AS x; SET VARIABLE u=(SELECT 1); SELECT * FROM (FROM "read_text"(getvariable('u')) --'`;
    expect(riskySql(sql)).toEqual([
      { statement: 'SET VARIABLE u=(SELECT 1)', kind: 'engine', detail: 'SET' },
      { statement: `SELECT * FROM (FROM "read_text"(getvariable('u')) --'`, kind: 'files', detail: 'read_text(…)' },
    ]);
  });

  it.each([
    // Quoted, qualified and computed names
    ['SELECT * FROM "/x.csv"', [['files', 'FROM "/x.csv"']]],
    ['SELECT * FROM data.csv', [['files', 'FROM data.csv']]],
    [`SELECT * FROM "read_text"('x')`, [['files', "read_text('x')"]]],
    [`SELECT * FROM "system"."main"."read_blob"('x')`, [['files', "read_blob('x')"]]],
    [`SELECT * FROM system.main.READ_PARQUET('x')`, [['files', "READ_PARQUET('x')"]]],
    [`SELECT * FROM U&"read\\005fcsv"('x')`, [['files', "read_csv('x')"]]],
    [`FROM read_csv_auto(['a.csv'])`, [['files', 'read_csv_auto(…)']]],
    [`SELECT * FROM query_table('x.csv')`, [['files', "query_table('x.csv')"]]],
    [`SELECT * FROM query('SELECT 42')`, [['files', "query('SELECT 42')"]]],
    // Macros: the reader in the body is what gets listed
    ['CREATE MACRO m(x) AS TABLE FROM "read_csv"(x)', [['files', 'read_csv(…)']]],
    ['CREATE OR REPLACE TEMP MACRO r(p) AS TABLE SELECT * FROM query_table(p)', [['files', 'query_table(…)']]],
    // A string where a table goes, however it is quoted
    [`SELECT * FROM t, 'x.csv'`, [['files', "FROM 'x.csv'"]]],
    [`SELECT * FROM a JOIN b ON a.id IS DISTINCT FROM b.select, 'x.csv'`, [['files', "FROM 'x.csv'"]]],
    [`SELECT * FROM t set, 'x.csv'`, [['files', "FROM 'x.csv'"]]],
    [`SELECT * FROM t \u017Felect, 'x.csv'`, [['files', "FROM 'x.csv'"]]],
    [`SELECT * FROM t JOIN 'x.csv' USING (id)`, [['files', "JOIN 'x.csv'"]]],
    [`SELECT * FROM v: 'x.csv'`, [['files', "FROM 'x.csv'"]]],
    [`SELECT * FROM e'x.csv'`, [['files', "FROM 'x.csv'"]]],
    ['SELECT * FROM $t$x.csv$t$', [['files', "FROM 'x.csv'"]]],
    ['SELECT * FROM $$x.csv$$', [['files', "FROM 'x.csv'"]]],
    [`MERGE INTO t USING 'x.csv' AS s ON t.id = s.id WHEN MATCHED THEN UPDATE`, [['files', "USING 'x.csv'"]]],
    [`SUMMARIZE 'x.csv'`, [['files', "SUMMARIZE 'x.csv'"]]],
    [`DESCRIBE 'x.csv'`, [['files', "DESCRIBE 'x.csv'"]]],
    [`SHOW 'x.csv'`, [['files', "SHOW 'x.csv'"]]],
    [`PIVOT 'x.csv' ON a USING sum(b)`, [['files', "PIVOT 'x.csv'"]]],
    [`UNPIVOT 'x.csv' ON COLUMNS(*) INTO NAME k VALUE v`, [['files', "UNPIVOT 'x.csv'"]]],
    [`TABLE 'x.csv'`, [['files', "TABLE 'x.csv'"]]],
    // Prepared statements: what runs cannot be seen from the text
    ['PREPARE p AS SELECT * FROM query_table(?)', [['engine', 'PREPARE'], ['files', 'query_table(…)']]],
    [`EXECUTE p('x.csv')`, [['engine', 'EXECUTE']]],
    // Statements that change the engine, manage secrets or touch files
    [`CREATE OR REPLACE SECRET s (TYPE s3, KEY_ID 'k')`, [['network', 'CREATE SECRET']]],
    ['CREATE PERSISTENT SECRET s (TYPE http)', [['network', 'CREATE SECRET']]],
    ['DROP SECRET s', [['engine', 'DROP SECRET']]],
    ['UPDATE EXTENSIONS', [['network', 'UPDATE EXTENSIONS']]],
    ['FORCE INSTALL httpfs', [['network', 'FORCE']]],
    [`INSTALL spatial FROM 'https://extensions.example'`, [['network', 'INSTALL'], ['network', "'https://extensions.example'"]]],
    ['DETACH other', [['engine', 'DETACH']]],
    [`IMPORT DATABASE 'dump'`, [['files', 'IMPORT']]],
    ['RESET threads', [['engine', 'RESET']]],
    ['CALL duckdb_settings()', [['engine', 'CALL']]],
    ['USE other', [['engine', 'USE']]],
    ['CHECKPOINT', [['engine', 'CHECKPOINT']]],
    ['FORCE CHECKPOINT', [['engine', 'FORCE CHECKPOINT']]],
    [`EXPLAIN ANALYZE COPY t TO 'x.csv'`, [['files', 'COPY']]],
    // URLs in any literal, escapes decoded
    [`SELECT 's3://bucket/x.parquet'`, [['network', "'s3://bucket/x.parquet'"]]],
    [`SELECT 'gcs://bucket/x'`, [['network', "'gcs://bucket/x'"]]],
    [`SELECT 'hf://datasets/x'`, [['network', "'hf://datasets/x'"]]],
    [`SELECT 'azure://container/x'`, [['network', "'azure://container/x'"]]],
    [`SELECT 'file:///etc/passwd'`, [['network', "'file:///etc/passwd'"]]],
    [`SELECT e'\\x68ttps://evil.example/'`, [['network', "'https://evil.example/'"]]],
    [`SELECT * FROM "https://evil.example/x.csv"`, [['network', '"https://evil.example/x.csv"'], ['files', 'FROM "https://evil.example/x.csv"']]],
  ])('%s', (sql, expected) => {
    expect(risks(sql)).toEqual(expected);
  });

  it.each([
    'read_csv', 'read_csv_auto', 'read_text', 'read_blob', 'read_json', 'read_json_auto', 'read_json_objects', 'read_json_objects_auto',
    'read_ndjson', 'read_ndjson_auto', 'read_ndjson_objects', 'read_parquet', 'parquet_scan', 'parquet_metadata', 'parquet_schema',
    'parquet_file_metadata', 'parquet_kv_metadata', 'parquet_bloom_probe', 'glob', 'sniff_csv', 'read_xlsx', 'iceberg_scan',
    'iceberg_metadata', 'iceberg_snapshots', 'delta_scan', 'sqlite_scan', 'sqlite_attach', 'postgres_scan', 'postgres_query',
    'mysql_scan', 'mysql_query', 'st_read',
  ])('reader %s', (name) => {
    expect(risks(`SELECT * FROM ${name}('f')`)).toEqual([['files', `${name}('f')`]]);
  });

  it.each([
    'SELECT * FROM t',
    'SELECT * FROM main.t AS a JOIN db.main.u USING (id), v',
    `SELECT 'select * from x.csv' AS s FROM t`,
    `SELECT 'x.csv' AS name`,
    `SELECT * FROM t WHERE a = 'b.csv'`,
    `SELECT * FROM t WHERE a IN ('a.csv', 'b.csv') ORDER BY a, 'c.csv'`,
    'SELECT read_csv_count, t.query FROM t',
    'CREATE TABLE IF NOT EXISTS main.read_log (a INT); INSERT INTO query (a) VALUES (1)',
    `SELECT a IS DISTINCT FROM 'b.csv' FROM t`,
    `SELECT trim(both 'x' FROM 'y.csv'), extract(year FROM '2024-01-01'::DATE)`,
    `FROM t SELECT a, 'b.csv'`,
    `UPDATE t SET a = 'b.csv'`,
    `INSERT INTO t VALUES ('a.csv'), ('b.csv')`,
    `SELECT $1, ?, 'a' -- FROM 'x.csv'`,
    `SELECT e'it\\'s; FROM ''x.csv''' AS note`,
  ])('does not list %s', (sql) => {
    expect(riskySql(sql)).toEqual([]);
  });
});

describe('Vega-Lite from a link', () => {
  it('drops data URLs, links, images and loaders, and says what went', () => {
    const { spec, removed } = sanitizeVegaLite({
      data: { url: 'https://evil.example/data.json' },
      mark: 'bar',
      encoding: { x: { field: 'year' }, href: { field: 'link' } },
      layer: [{ mark: { type: 'image' }, encoding: { url: { field: 'u' } } }, { mark: 'point', data: { values: [{ a: 1 }] } }],
      usermeta: { embedOptions: { loader: { baseURL: 'https://evil.example/' } } },
    });
    expect(spec).toEqual({ mark: 'bar', encoding: { x: { field: 'year' } }, layer: [{ mark: 'point', data: { values: [{ a: 1 }] } }] });
    expect(removed).toEqual(['data', 'encoding.href', 'layer[0]: image mark', 'usermeta']);
  });
});
