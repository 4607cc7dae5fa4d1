/**
 * Lexical helpers over SQL text typed by the user: split a script into
 * statements, find the statement under the cursor, classify a statement.
 * They only need to understand quotes and comments, not the grammar.
 */

export interface StatementSpan {
  /** Offset of the first character of the statement (after leading blanks). */
  start: number;
  /** Offset just past the statement, excluding the terminating semicolon. */
  end: number;
  text: string;
}

/** Splits SQL on top-level semicolons, skipping quotes, comments and $$ strings. */
export function splitStatements(sql: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let segmentStart = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(segmentStart, end);
    const leading = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (stripComments(text).trim() !== '') {
      spans.push({ start: segmentStart + leading, end: segmentStart + leading + text.length, text });
    }
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    const afterComment = skipComment(sql, i);
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
    } else if (afterComment !== undefined) {
      i = afterComment;
    } else if (ch === '$' && next === '$') {
      const close = sql.indexOf('$$', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === ';') {
      push(i);
      segmentStart = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  push(sql.length);
  return spans;
}

/** If a -- or block comment starts at `i`, the offset just past it. */
export function skipComment(sql: string, i: number): number | undefined {
  if (sql[i] === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl === -1 ? sql.length : nl + 1;
  }
  if (sql[i] === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return undefined;
}

function skipQuoted(sql: string, openAt: number, quote: string): number {
  let i = openAt + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2; // doubled quote is an escaped quote
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** Removes -- and block comments (used only to decide whether text is empty or to classify). */
export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
}

/**
 * The statement the cursor is in. A cursor sitting right after a semicolon or
 * on a blank line after a statement belongs to the statement before it, as in
 * DBeaver and the DuckDB UI.
 */
export function statementAt(sql: string, cursor: number): StatementSpan | undefined {
  const spans = splitStatements(sql);
  if (spans.length === 0) return undefined;
  let best = spans[0];
  for (const span of spans) {
    if (span.start <= cursor) best = span;
  }
  return best;
}

const ROW_RETURNING = new Set(['select', 'with', 'from', 'values', 'table', 'pivot', 'unpivot', '(']);

/**
 * Whether a statement is a query whose rows can be materialized with
 * CREATE TABLE … AS <statement>. Everything else (DDL, SET, DESCRIBE …) runs as is.
 */
export function isMaterializableQuery(sql: string): boolean {
  const head = stripComments(sql).trimStart();
  if (head.startsWith('(')) return true;
  const word = /^[a-zA-Z]+/.exec(head)?.[0]?.toLowerCase();
  return word !== undefined && ROW_RETURNING.has(word);
}

/** Converts a 1-based line and column into an offset into `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}
