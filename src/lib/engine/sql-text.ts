/**
 * Lexical helpers over SQL text typed by the user: split a script into
 * statements, find the statement under the cursor, classify a statement.
 *
 * Everything here rests on one scanner, `scanSql`, which follows DuckDB's own
 * lexer (its copy of Postgres's scan.l) wherever that decides where a token
 * starts and ends: quotes, escapes, comments, dollar quotes. It does not know
 * the grammar. Whatever judges SQL text (the link policy in share/sql-policy.ts
 * included) must read it through this scanner, so that what it sees is what
 * DuckDB will run: a scanner that disagrees with DuckDB about where a string
 * ends can be shown one statement while DuckDB runs three.
 */

export interface StatementSpan {
  /** Offset of the first character of the statement (after leading blanks). */
  start: number;
  /** Offset just past the statement, excluding the terminating semicolon. */
  end: number;
  text: string;
}

export type SqlTokenKind = 'word' | 'number' | 'string' | 'ident' | 'punct' | 'comment';

export interface SqlToken {
  /** word: a bare identifier or keyword; string: any string literal; ident: a "quoted" identifier. */
  kind: SqlTokenKind;
  /** Offsets into the scanned text. */
  start: number;
  end: number;
  /** Strings and quoted identifiers: the value once unquoted and unescaped. Anything else: the text as written. */
  value: string;
}

export interface ScannedStatement extends StatementSpan {
  /** The statement's tokens, comments included, the semicolon not. */
  tokens: SqlToken[];
}

/** How a quoted literal treats its content: E'…' has backslash escapes, B'…' and X'…' not even doubled quotes. */
type QuoteMode = 'plain' | 'escape' | 'bits';

/** Unicode spaces that DuckDB turns into blanks before lexing (Parser::StripUnicodeSpaces). */
const UNICODE_SPACE = /[\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]/;
const NO_BLANKS: ReadonlySet<number> = new Set();
const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Splits SQL into tokens as DuckDB does, in one forward pass (linear time).
 * Blanks are skipped; comments are kept as tokens so callers can decide.
 * Unterminated quotes and comments run to the end (DuckDB rejects them).
 */
export function scanSql(sql: string): SqlToken[] {
  const n = sql.length;
  const blanks = duckdbBlanks(sql);
  const code = (i: number) => sql.charCodeAt(i); // NaN past the end: every test below is false
  const isDigit = (i: number) => code(i) >= 48 && code(i) <= 57;
  // scan.l's ident_start: a letter, '_' or any non-ASCII character (except a space DuckDB blanked).
  const isIdentStart = (i: number) => {
    const c = code(i);
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0x80 && !blanks.has(i));
  };
  // scan.l's {space}: no \v, and Unicode spaces only where DuckDB replaced them.
  const isBlank = (i: number) => {
    const c = code(i);
    return c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || (c >= 0x80 && blanks.has(i));
  };
  /** Past blanks and -- comments; `newline` says whether a line ended on the way. */
  const skipBlanks = (from: number) => {
    let i = from;
    let newline = false;
    for (;;) {
      if (sql[i] === '\n' || sql[i] === '\r') newline = true;
      if (isBlank(i)) i += 1;
      else if (sql[i] === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
      else return { at: i, newline };
    }
  };

  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, start: number, end: number, value = sql.slice(start, end)) => {
    tokens.push({ kind, start, end, value });
    return end;
  };

  /** A quoted literal or identifier whose opening quote is at `open` (a prefix such as E may start at `start`). */
  const quoted = (start: number, open: number, mode: QuoteMode, unicode = false): number => {
    const quote = sql[open];
    let value = '';
    let i = open + 1;
    let end = n;
    while (i < n) {
      const ch = sql[i];
      if (ch === quote && mode !== 'bits' && sql[i + 1] === quote) {
        value += quote; // '' inside '…' (and "" inside "…") is one quote
        i += 2;
      } else if (ch === quote) {
        // 'a' <newline> 'b' is one string in SQL; nothing of the kind for "identifiers".
        const next = quote === "'" ? skipBlanks(i + 1) : undefined;
        if (next?.newline && sql[next.at] === "'") {
          i = next.at + 1;
        } else {
          end = i + 1;
          break;
        }
      } else if (ch === '\\' && mode === 'escape') {
        const [text, length] = unescape(sql, i); // so e'\'' is one string holding a quote
        value += text;
        i += length;
      } else {
        value += ch;
        i += 1;
      }
    }
    if (unicode) {
      // U&'…' may be followed by UESCAPE '!' naming its escape character.
      const after = skipBlanks(end).at;
      let escape = '\\';
      if (/^uescape$/i.test(sql.slice(after, after + 7))) {
        const c = skipBlanks(after + 7).at;
        if (sql[c] === "'" && sql[c + 2] === "'" && sql[c + 1] !== "'") {
          escape = sql[c + 1] ?? escape;
          end = c + 3;
        }
      }
      value = unicodeUnescape(value, escape);
    }
    return push(quote === '"' ? 'ident' : 'string', start, end, value);
  };

  const brokenUp = (from: number, length: number) => {
    for (let k = from; k < from + length && blanks.size > 0; k++) if (blanks.has(k)) return true;
    return false;
  };

  /** $tag$…$tag$ (tag: identifier characters without '$', not starting with a digit), else a '$' or a $1 parameter. */
  const dollar = (start: number): number => {
    let j = start + 1;
    if (isIdentStart(j)) while (isIdentStart(j) || isDigit(j)) j += 1;
    if (sql[j] === '$') {
      const delimiter = sql.slice(start, j + 1);
      let close = sql.indexOf(delimiter, j + 1);
      // A closing tag that DuckDB's space replacement broke up is no longer that tag.
      while (close >= 0 && brokenUp(close, delimiter.length)) close = sql.indexOf(delimiter, close + 1);
      const end = close < 0 ? n : close + delimiter.length;
      return push('string', start, end, sql.slice(j + 1, close < 0 ? n : close));
    }
    let end = start + 1;
    while (isDigit(end)) end += 1;
    return push('punct', start, end);
  };

  /** integer, decimal or real as in scan.l; "1e'x'" is the number 1 then the string e'x'. */
  const numberEnd = (start: number): number => {
    const digits = (from: number) => {
      let i = from;
      while (isDigit(i) || (sql[i] === '_' && i > from && isDigit(i + 1))) i += 1;
      return i;
    };
    let i = digits(start);
    if (sql[i] === '.' && sql[i + 1] !== '.' && (i > start || isDigit(i + 1))) i = digits(i + 1);
    if (sql[i] === 'e' || sql[i] === 'E') {
      const sign = sql[i + 1] === '+' || sql[i + 1] === '-' ? 1 : 0;
      if (isDigit(i + 1 + sign)) i = digits(i + 1 + sign);
    }
    return i;
  };

  const word = (start: number): number => {
    const ch = sql[start] ?? '';
    const next = sql[start + 1];
    // Prefixed literals exist only where a word starts, as in scan.l: E'…', B'…', X'…', N'…', U&'…', U&"…".
    if (next === "'" && /^[ebxn]$/i.test(ch)) return quoted(start, start + 1, /^e$/i.test(ch) ? 'escape' : /^n$/i.test(ch) ? 'plain' : 'bits');
    if (/^u$/i.test(ch) && next === '&' && (sql[start + 2] === "'" || sql[start + 2] === '"')) return quoted(start, start + 2, 'plain', true);
    let end = start + 1;
    while (isIdentStart(end) || isDigit(end) || sql[end] === '$') end += 1;
    return push('word', start, end);
  };

  let i = 0;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (isBlank(i)) i += 1;
    else if (ch === '-' && next === '-') i = push('comment', i, lineEnd(sql, i));
    else if (ch === '/' && next === '*') i = push('comment', i, blockCommentEnd(sql, i));
    else if (ch === "'" || ch === '"') i = quoted(i, i, 'plain');
    else if (ch === '$') i = dollar(i);
    else if (isDigit(i) || (ch === '.' && isDigit(i + 1))) i = push('number', i, numberEnd(i));
    else if (isIdentStart(i)) i = word(i);
    else i = push('punct', i, i + 1);
  }
  return tokens;
}

function lineEnd(sql: string, from: number): number {
  let i = from;
  while (i < sql.length && sql[i] !== '\n' && sql[i] !== '\r') i += 1;
  return i;
}

/** Block comments nest in DuckDB, as in Postgres: after two openings, the first closing does not end the comment. */
function blockCommentEnd(sql: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** One backslash escape of an E'…' string at `at`: its text and how many characters it spans. */
function unescape(sql: string, at: number): [string, number] {
  const ch = sql[at + 1];
  if (ch === undefined) return ['\\', 1];
  if (!/[0-7xuU]/.test(ch)) return [SIMPLE_ESCAPES[ch] ?? ch, 2];
  const rest = sql.slice(at + 1, at + 10);
  const octal = /^[0-7]{1,3}/.exec(rest)?.[0];
  if (octal) return [String.fromCharCode(parseInt(octal, 8)), 1 + octal.length];
  const hex = /^x([0-9a-fA-F]{1,2})/.exec(rest);
  if (hex?.[1]) return [String.fromCharCode(parseInt(hex[1], 16)), hex[0].length + 1];
  const unicode = /^(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(rest);
  const digits = unicode?.[1] ?? unicode?.[2];
  if (unicode && digits) return [codePoint(parseInt(digits, 16)), unicode[0].length + 1];
  return [ch, 2]; // \x, \u or \U without their digits: the letter itself
}

/** The escapes of U&'…': \XXXX, \+XXXXXX and a doubled escape character. */
function unicodeUnescape(raw: string, escape: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    const escaped = ch === escape ? /^(?:\+([0-9a-f]{6})|([0-9a-f]{4}))/i.exec(raw.slice(i + 1, i + 8)) : null;
    const digits = escaped?.[1] ?? escaped?.[2];
    if (ch === escape && raw[i + 1] === escape) {
      out += escape;
      i += 2;
    } else if (escaped && digits) {
      out += codePoint(parseInt(digits, 16));
      i += 1 + escaped[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function codePoint(value: number): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd';
}

/**
 * Where DuckDB replaces a Unicode space with a blank before lexing. That pass
 * (Parser::StripUnicodeSpaces) has its own, rougher idea of quoting: it knows
 * '…', "…" with doubled quotes, $tag$…$tag$ and -- comments, but not E'…'
 * escapes nor block comments. So whether such a character separates two words
 * or belongs to an identifier depends on that pass; it is replayed here, quirks
 * included (a closing tag's last '$' may open another dollar quote; a no-break
 * space at the very end is left alone).
 */
function duckdbBlanks(sql: string): ReadonlySet<number> {
  if (!UNICODE_SPACE.test(sql)) return NO_BLANKS;
  const blanks = new Set<number>();
  const n = sql.length;
  const tagChar = (i: number, first: boolean) => {
    const c = sql.charCodeAt(i);
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80 || (!first && c >= 48 && c <= 57);
  };
  let i = 0;
  while (i < n) {
    const ch = sql[i] ?? '';
    if (UNICODE_SPACE.test(ch)) {
      if (ch !== '\u00a0' || i + 1 < n) blanks.add(i);
      i += 1;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === ch ? 2 : 1;
      i = j + 1;
    } else if (ch === '$' && (sql[i + 1] === '$' || tagChar(i + 1, true))) {
      let j = i + 1;
      while (j < n && sql[j] !== '$' && tagChar(j, false)) j += 1;
      if (sql[j] !== '$') {
        i = j; // not a tag after all: carry on from the character that ended it
        continue;
      }
      const delimiter = sql.slice(i, j + 1);
      const close = sql.indexOf(delimiter, j); // the opening's last '$' may begin the closing tag
      if (close < 0) break;
      i = close + delimiter.length - 1; // and the closing tag's last '$' is looked at again
    } else if (ch === '-' && sql[i + 1] === '-') {
      i = lineEnd(sql, i);
    } else {
      i += 1;
    }
  }
  return blanks;
}

/** Splits a script on its top-level semicolons, keeping each statement's tokens. */
export function scanStatements(sql: string): ScannedStatement[] {
  const statements: ScannedStatement[] = [];
  let tokens: SqlToken[] = [];
  const close = () => {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    // A stretch holding only comments is no statement (as for DuckDB).
    if (first && last && tokens.some((token) => token.kind !== 'comment')) {
      statements.push({ start: first.start, end: last.end, text: sql.slice(first.start, last.end), tokens });
    }
    tokens = [];
  };
  for (const token of scanSql(sql)) {
    if (token.kind === 'punct' && token.value === ';') close();
    else tokens.push(token);
  }
  close();
  return statements;
}

/** Splits SQL on top-level semicolons (those outside quotes and comments). */
export function splitStatements(sql: string): StatementSpan[] {
  return scanStatements(sql).map(({ start, end, text }) => ({ start, end, text }));
}

/** Replaces comments with a blank (used to decide whether text is empty or to classify it). */
export function stripComments(sql: string): string {
  let out = '';
  let from = 0;
  for (const token of scanSql(sql)) {
    if (token.kind !== 'comment') continue;
    out += `${sql.slice(from, token.start)} `;
    from = token.end;
  }
  return out + sql.slice(from);
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
