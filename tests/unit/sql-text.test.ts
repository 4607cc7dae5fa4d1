import { describe, expect, it } from 'vitest';
import { isMaterializableQuery, offsetOf, scanSql, splitStatements, statementAt, stripComments } from '../../src/lib/engine/sql-text';
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

describe("DuckDB's lexical rules", () => {
  const texts = (sql: string) => splitStatements(sql).map((s) => s.text);
  const values = (sql: string) => scanSql(sql).map((token) => [token.kind, token.value]);

  it.each([
    // E'…': a backslash escapes the next character, so e'\'' is one string holding a quote.
    ["SELECT e'\\'' AS q; SELECT 2", ["SELECT e'\\'' AS q", 'SELECT 2']],
    ["SELECT E'a\\\\'; SELECT 2", ["SELECT E'a\\\\'", 'SELECT 2']],
    // A backslash means nothing in a plain string, and a doubled quote is a quote.
    ["SELECT 'a\\'; SELECT 'b'';c'; SELECT 3", ["SELECT 'a\\'", "SELECT 'b'';c'", 'SELECT 3']],
    // A word ending in e is no E'…' prefix; after a number, an e that starts no exponent is one.
    ["SELECT some'\\'; SELECT 2", ["SELECT some'\\'", 'SELECT 2']],
    ["SELECT 1e'\\''; SELECT 2", ["SELECT 1e'\\''", 'SELECT 2']],
    ["SELECT 1e5'\\'; SELECT 2", ["SELECT 1e5'\\'", 'SELECT 2']],
    // Block comments nest.
    ['/* a /* b */ ; */ SELECT 1; SELECT 2', ['/* a /* b */ ; */ SELECT 1', 'SELECT 2']],
    // Dollar quotes, tagged or not; $1 is a parameter, and the tag must match.
    ['SELECT $t$ $$;$ $t$; SELECT $1; SELECT $$;$$', ['SELECT $t$ $$;$ $t$', 'SELECT $1', 'SELECT $$;$$']],
    ['SELECT $a$ $b$; $a$; SELECT 2', ['SELECT $a$ $b$; $a$', 'SELECT 2']],
    ['SELECT a$b; SELECT 2', ['SELECT a$b', 'SELECT 2']],
    // Quoted identifiers with doubled quotes.
    ['SELECT "a"";b"; SELECT 2', ['SELECT "a"";b"', 'SELECT 2']],
    // X'…' and B'…' know no doubled quote: x'a''b' is two strings.
    ["SELECT x'a''b;'; SELECT 2", ["SELECT x'a''b;'", 'SELECT 2']],
  ])('%s', (sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });

  it('reads the value of every kind of literal', () => {
    expect(values("e'\\x68t\\164p\\u003a\\n\\'' 'it''s' $q$a'b$q$ \"x\"\"y\" U&'\\0061\\+000062' U&'!0063' UESCAPE '!'")).toEqual([
      ['string', "http:\n'"],
      ['string', "it's"],
      ['string', "a'b"],
      ['ident', 'x"y'],
      ['string', 'ab'],
      ['string', 'c'],
    ]);
    // Strings separated by a newline are one string.
    expect(values("'a' -- note\n  'b' 'c'")).toEqual([
      ['string', 'ab'],
      ['string', 'c'],
    ]);
  });

  it('treats Unicode spaces as DuckDB does: blanks unless its own pre-pass takes them for quoted text', () => {
    expect(values('SELECT\u00a0a\u3000b').map(([, value]) => value)).toEqual(['SELECT', 'a', 'b']);
    // The pre-pass does not know block comments: the quote in this one hides text up to the next quote from it, so
    // that no-break space stays part of a word for DuckDB, and the e before the quote is no E'…' prefix.
    expect(values("SELECT /* ' */ a\u00a0e'\\''").map(([kind, value]) => `${kind}:${value}`)).toEqual([
      'word:SELECT',
      "comment:/* ' */",
      'word:a\u00a0e',
      "string:\\'",
    ]);
  });

  it('strips comments but not what looks like one inside quotes', () => {
    expect(stripComments("SELECT '--x', \"/*y*/\" -- z\n/* a /* b */ c */ FROM t").replace(/\s+/g, ' ')).toBe(`SELECT '--x', "/*y*/" FROM t`);
  });

  it('scans in linear time, even unterminated or pathological text', () => {
    // A ratio, not a time limit (shared machines are noisy): 8x the input must
    // cost far less than the 64x that quadratic work would.
    const time = (repeat: number) => {
      const started = performance.now();
      for (const piece of ['/*', "'", '"', '$a', "e'\\", "'\n", '-- \n', '\u00a0$x', "U&'' "]) splitStatements(piece.repeat(repeat));
      return performance.now() - started;
    };
    time(5_000); // warm up the JIT
    const small = Math.min(time(5_000), time(5_000));
    const large = Math.min(time(40_000), time(40_000));
    expect(large / Math.max(small, 1)).toBeLessThan(24);
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
    expect(icu.hint).toEqual({ code: 'icu', params: {} });
    const parquet = new EngineError('sql', 'Catalog Error: Table Function with name "read_parquet" is not in the catalog, but it exists in the parquet extension.', '');
    expect(parquet.hint).toEqual({ code: 'parquet', params: {} });
  });
});
