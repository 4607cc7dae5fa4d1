/**
 * What SQL from someone else's link or file could do beyond querying the
 * tables in the tab: reach the network, read or write files, or change the
 * engine. Lexical, like the rest of our SQL handling (quotes and comments are
 * understood; the grammar is not), and deliberately broad: a statement listed
 * here stays blocked until the user allows it.
 */
import { skipComment, splitStatements } from '../engine/sql-text';

export type RiskKind = 'network' | 'files' | 'engine';

export interface RiskySql {
  /** The statement, as written. */
  statement: string;
  kind: RiskKind;
  /** What triggered it: the keyword, the function or the literal. */
  detail: string;
}

/** Statements that change the engine or touch files by their first keyword. */
const ENGINE_KEYWORDS: Record<string, RiskKind> = {
  ATTACH: 'files',
  DETACH: 'engine',
  INSTALL: 'network',
  FORCE: 'network', // FORCE INSTALL
  LOAD: 'engine',
  SET: 'engine',
  RESET: 'engine',
  PRAGMA: 'engine',
  CALL: 'engine',
  USE: 'engine',
  EXPORT: 'files',
  IMPORT: 'files',
  COPY: 'files',
};

/** Table functions that read files or URLs named by their first argument. */
const READERS = /^(read_\w+|parquet_scan|parquet_metadata|parquet_schema|parquet_file_metadata|parquet_kv_metadata|glob|sniff_csv|iceberg_\w+|delta_scan|sqlite_scan|postgres_scan|mysql_scan)$/i;
const URL_LITERAL = /^[a-z][a-z0-9+.-]*:\/\//i;

interface Token {
  kind: 'word' | 'string' | 'ident' | 'punct';
  text: string;
}

/** Every risky statement in a script (an empty list for plain queries). */
export function riskySql(sql: string): RiskySql[] {
  const found: RiskySql[] = [];
  for (const span of splitStatements(sql)) {
    const tokens = tokenize(span.text);
    const add = (kind: RiskKind, detail: string) => {
      if (!found.some((entry) => entry.statement === span.text && entry.detail === detail)) found.push({ statement: span.text, kind, detail });
    };
    const first = tokens.find((token) => token.kind === 'word');
    if (first) {
      const keyword = first.text.toUpperCase();
      const second = tokens[tokens.indexOf(first) + 1]?.text.toUpperCase();
      if (keyword === 'CREATE' && (second === 'SECRET' || second === 'PERSISTENT' || second === 'TEMPORARY') && tokens.some((t) => t.text.toUpperCase() === 'SECRET')) {
        add('network', 'CREATE SECRET');
      } else if (ENGINE_KEYWORDS[keyword]) {
        add(ENGINE_KEYWORDS[keyword], keyword);
      }
    }
    tokens.forEach((token, index) => {
      if (token.kind !== 'string') return;
      if (URL_LITERAL.test(token.text)) add('network', `'${token.text}'`);
      const before = tokens[index - 1];
      const call = tokens[index - 2];
      if (before?.text === '(' && call?.kind === 'word' && READERS.test(call.text)) add('files', `${call.text}('${token.text}')`);
      else if (before?.kind === 'word' && /^(FROM|JOIN)$/i.test(before.text)) add('files', `FROM '${token.text}'`);
    });
    tokens.forEach((token, index) => {
      if (token.kind === 'word' && READERS.test(token.text) && tokens[index + 1]?.text === '(' && tokens[index + 2]?.kind !== 'string') {
        // A reader fed by an expression (a list, a variable): what it reads cannot be seen.
        add('files', `${token.text}(…)`);
      }
    });
  }
  return found;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1];
    const afterComment = skipComment(sql, i);
    if (/\s/.test(ch)) {
      i++;
    } else if (afterComment !== undefined) {
      i = afterComment;
    } else if (ch === "'" || ch === '"') {
      let text = '';
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch && sql[j + 1] === ch) {
          text += ch;
          j += 2;
        } else if (sql[j] === ch) {
          break;
        } else {
          text += sql[j];
          j++;
        }
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'ident', text });
      i = j + 1;
    } else if (ch === '$' && next === '$') {
      const close = sql.indexOf('$$', i + 2);
      const end = close === -1 ? sql.length : close;
      tokens.push({ kind: 'string', text: sql.slice(i + 2, end) });
      i = end + 2;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[\w$]/.test(sql[j] ?? '')) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}
