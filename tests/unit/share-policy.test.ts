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
