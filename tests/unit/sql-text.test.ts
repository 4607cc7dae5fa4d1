import { describe, expect, it } from 'vitest';
import { isMaterializableQuery, offsetOf, splitStatements, statementAt } from '../../src/lib/engine/sql-text';
import { EngineError, parseErrorPosition } from '../../src/lib/engine';

describe('splitting a script into statements', () => {
  it('splits on top-level semicolons only', () => {
    const sql = "SELECT 'a;b' AS x; -- c;d\nSELECT \"e;f\" FROM t; /* g;h */ SELECT $$i;j$$";
    expect(splitStatements(sql).map((s) => s.text)).toEqual([
      "SELECT 'a;b' AS x",
      '-- c;d\nSELECT "e;f" FROM t',
      '/* g;h */ SELECT $$i;j$$',
    ]);
  });

  it('ignores empty statements and comment-only tails', () => {
    expect(splitStatements(';;\n  SELECT 1;\n-- done\n').map((s) => s.text)).toEqual(['SELECT 1']);
  });

  it('finds the statement under the cursor, including just after its semicolon', () => {
    const sql = 'SELECT 1;\nSELECT 2;\n\nSELECT 3';
    expect(statementAt(sql, 3)?.text).toBe('SELECT 1');
    expect(statementAt(sql, sql.indexOf('2') + 2)?.text).toBe('SELECT 2');
    expect(statementAt(sql, sql.indexOf('\n\n') + 1)?.text).toBe('SELECT 2');
    expect(statementAt(sql, sql.length)?.text).toBe('SELECT 3');
    expect(statementAt('  ', 1)).toBeUndefined();
  });
});

describe('classifying statements', () => {
  it.each([
    ['SELECT 1', true],
    ['  -- note\n with t AS (SELECT 1) SELECT * FROM t', true],
    ['FROM t', true],
    ['(SELECT 1) UNION (SELECT 2)', true],
    ['VALUES (1), (2)', true],
    ['CREATE TABLE x AS SELECT 1', false],
    ['DESCRIBE t', false],
    ['SET threads = 1', false],
    ['INSERT INTO t VALUES (1)', false],
  ])('%s → materialized: %s', (sql, expected) => {
    expect(isMaterializableQuery(sql)).toBe(expected);
  });
});

describe("DuckDB's error positions", () => {
  it('reads the line and the caret column', () => {
    const message = 'Parser Error: syntax error at or near "t"\n\nLINE 1: SELECT * FORM t\n                      ^';
    expect(parseErrorPosition(message, 'SELECT * FORM t')).toEqual({ line: 1, column: 15 });
  });

  it('locates the caret in a line DuckDB elided with "..."', () => {
    const sql = `SELECT ${'a, '.repeat(60)}nope FROM t`;
    const at = sql.indexOf('nope');
    const snippet = sql.slice(at - 20, at + 20);
    const message = `Binder Error: Referenced column "nope" not found\n\nLINE 1: ...${snippet}...\n${' '.repeat('LINE 1: ...'.length + 20)}^`;
    expect(parseErrorPosition(message, sql)).toEqual({ line: 1, column: at + 1 });
  });

  it('maps line and column to an offset', () => {
    expect(offsetOf('ab\ncd\nef', 3, 2)).toBe(7);
  });

  it('explains missing extensions in this offline app', () => {
    const icu = new EngineError('sql', 'Catalog Error: Scalar Function with name "current_date" is not in the catalog, but it exists in the icu extension.', 'SELECT current_date');
    expect(icu.hint).toMatch(/Time-zone functions/);
    const parquet = new EngineError('sql', 'Catalog Error: Table Function with name "read_parquet" is not in the catalog, but it exists in the parquet extension.', '');
    expect(parquet.hint).toMatch(/Open files/);
  });
});
