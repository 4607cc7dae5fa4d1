/**
 * What SQL from someone else's link or file could do beyond querying the
 * tables in the tab: reach the network, read or write files, or change the
 * engine. DuckDB itself is locked down (no external access, fixed
 * configuration); this list is what the protected view shows people, so it
 * must name what will really run. It therefore reads the SQL through the same
 * scanner as everything else (engine/sql-text.ts), which follows DuckDB's
 * lexer, and judges tokens, not the grammar. It is deliberately broad: a
 * statement listed here stays blocked until the user allows it.
 */
import { scanStatements, type SqlToken } from '../engine/sql-text';

export type RiskKind = 'network' | 'files' | 'engine';

export interface RiskySql {
  /** The statement, as written. */
  statement: string;
  kind: RiskKind;
  /** What triggered it: the keyword, the function or the literal. */
  detail: string;
}

/** Statements that change the engine or touch files, by their first keyword. */
const STATEMENT_KEYWORDS = new Map<string, RiskKind>([
  ['ATTACH', 'files'],
  ['DETACH', 'engine'],
  ['INSTALL', 'network'],
  ['FORCE', 'network'], // FORCE INSTALL (FORCE CHECKPOINT is told apart below)
  ['LOAD', 'engine'],
  ['SET', 'engine'],
  ['RESET', 'engine'],
  ['PRAGMA', 'engine'],
  ['CALL', 'engine'],
  ['USE', 'engine'],
  ['CHECKPOINT', 'engine'],
  ['EXPORT', 'files'],
  ['IMPORT', 'files'],
  ['COPY', 'files'],
  // What a prepared statement does cannot be seen where it is executed, nor its arguments where it is prepared.
  ['PREPARE', 'engine'],
  ['EXECUTE', 'engine'],
]);

/**
 * Table functions that read files or URLs (DuckDB 1.4 and its extensions),
 * plus query() and query_table() (and json_execute_serialized_sql), whose
 * argument is SQL or a table name computed at run time, so possibly a file.
 * Matched on the last part of the name, so main."read_csv"(…) counts too.
 */
const READERS =
  /^(read_\w+|parquet_\w+|glob|sniff_csv|iceberg_\w+|delta_scan|sqlite_scan|sqlite_attach|postgres_\w+|mysql_\w+|st_read\w*|query|query_table|json_execute_serialized_sql)$/i;
/** Keywords after which name(…) names what is being defined, not a call: CREATE TABLE read_log (…), INSERT INTO query (…). */
const DEFINES = new Set(['TABLE', 'INTO', 'VIEW', 'EXISTS', 'MACRO', 'FUNCTION']);
const URL_LITERAL = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A table name DuckDB would read as a file (its replacement scans), or that is a path or URL anyway. */
const FILE_LIKE = /[/\\:*?]|\.(csv|tsv|parquet|json|jsonl|ndjson|xlsx|arrow|avro|gz|zst|duckdb|sqlite)$/i;

/** Keywords after which a string or a name stands for a table, and a string for a file: FROM 'x.csv', DESCRIBE 'x.csv'. */
const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'USING', 'ONLY', 'TABLE', 'SUMMARIZE', 'DESCRIBE', 'SHOW', 'PIVOT', 'PIVOT_WIDER', 'UNPIVOT', 'PIVOT_LONGER']);
/**
 * Clauses that end a FROM list: after them, a comma no longer introduces a table. All are reserved words in
 * DuckDB, so none can be a bare alias (FROM t set, 'x.csv' is t aliased "set", then a file).
 */
const FROM_LIST_ENDS = new Set(['SELECT', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'RETURNING']);
/** Functions whose parentheses use FROM for something else: trim(' ' FROM s), extract(year FROM d). */
const FROM_AS_ARGUMENT = new Set(['EXTRACT', 'TRIM', 'SUBSTRING', 'OVERLAY']);

interface Frame {
  /** Inside a FROM list (after FROM, JOIN or USING), where a comma or "alias:" introduces another table. */
  fromList: boolean;
  /** Inside trim(…), extract(…) and the like, where FROM is not followed by a table. */
  fromIsArgument: boolean;
}

type Add = (kind: RiskKind, detail: string) => void;

/** Every risky statement in a script (an empty list for plain queries). */
export function riskySql(sql: string): RiskySql[] {
  const found: RiskySql[] = [];
  // Details already listed, per statement text: a statement written twice is listed once.
  const seen = new Map<string, Set<string>>();
  for (const statement of scanStatements(sql)) {
    const details = seen.get(statement.text) ?? new Set<string>();
    seen.set(statement.text, details);
    const add: Add = (kind, detail) => {
      if (details.has(detail)) return;
      details.add(detail);
      found.push({ statement: statement.text, kind, detail });
    };
    const tokens = statement.tokens.filter((token) => token.kind !== 'comment');
    const head = statementRisk(tokens);
    if (head) add(head.kind, head.detail);
    // INSTALL x FROM 'repository' names a repository, not a table.
    scanReferences(sql, tokens, add, head?.detail !== 'INSTALL' && head?.detail !== 'FORCE');
  }
  return found;
}

/** The risk a statement carries by what it is (its leading keywords). */
function statementRisk(tokens: SqlToken[]): { kind: RiskKind; detail: string } | undefined {
  let at = 0;
  while (keyword(tokens[at]) === 'EXPLAIN' || keyword(tokens[at]) === 'ANALYZE') at += 1;
  const first = keyword(tokens[at]);
  if (first === 'CREATE' || first === 'DROP') {
    // CREATE [OR REPLACE] [PERSISTENT | TEMPORARY] SECRET, DROP [PERSISTENT | TEMPORARY] SECRET
    let k = at + 1;
    while (['OR', 'REPLACE', 'PERSISTENT', 'TEMPORARY', 'TEMP'].includes(keyword(tokens[k]))) k += 1;
    if (keyword(tokens[k]) !== 'SECRET') return undefined;
    return first === 'CREATE' ? { kind: 'network', detail: 'CREATE SECRET' } : { kind: 'engine', detail: 'DROP SECRET' };
  }
  const second = keyword(tokens[at + 1]);
  if (first === 'UPDATE') return second === 'EXTENSIONS' ? { kind: 'network', detail: 'UPDATE EXTENSIONS' } : undefined;
  if (first === 'FORCE' && second === 'CHECKPOINT') return { kind: 'engine', detail: 'FORCE CHECKPOINT' };
  const kind = STATEMENT_KEYWORDS.get(first);
  return kind ? { kind, detail: first } : undefined;
}

/** URLs, reader calls and files named where a table goes, anywhere in the statement. */
function scanReferences(sql: string, tokens: SqlToken[], add: Add, tables: boolean): void {
  // Keywords by position; a word after a dot is a name (t.from is a column), never a keyword.
  const words = tokens.map((token, index) => (isPunct(tokens[index - 1], '.') ? '' : keyword(token)));
  const frames: Frame[] = [{ fromList: false, fromIsArgument: false }];
  /** Whether the token at `index` calls a reader: [schema.]reader(…), unless that name is being defined. */
  const readerCall = (index: number): SqlToken | undefined => {
    const token = tokens[index];
    if (!isName(token) || !READERS.test(token.value) || !isPunct(tokens[index + 1], '(')) return undefined;
    let first = index;
    while (isPunct(tokens[first - 1], '.') && isName(tokens[first - 2])) first -= 2;
    return DEFINES.has(words[first - 1] ?? '') ? undefined : token;
  };
  tokens.forEach((token, index) => {
    const frame = frames[frames.length - 1] ?? { fromList: false, fromIsArgument: false };
    const before = tokens[index - 1];
    if (token.kind === 'punct') {
      if (['(', '[', '{'].includes(token.value)) frames.push({ fromList: false, fromIsArgument: token.value === '(' && FROM_AS_ARGUMENT.has(words[index - 1] ?? '') });
      else if ([')', ']', '}'].includes(token.value) && frames.length > 1) frames.pop();
      return;
    }
    const word = words[index] ?? '';
    const table = tables ? tablePosition(tokens, words, index, frame) : undefined;
    // Only a FROM that starts a FROM list opens it (not trim(… FROM s), not IS DISTINCT FROM), and only
    // reserved words close it, so that no alias or column name can hide the tables after it.
    if (word === 'FROM' && !frame.fromIsArgument && words[index - 1] !== 'DISTINCT') frame.fromList = true;
    else if (word === 'JOIN' || word === 'USING') frame.fromList = true;
    else if (FROM_LIST_ENDS.has(word)) frame.fromList = false;

    if (token.kind === 'string') {
      if (URL_LITERAL.test(token.value)) add('network', literal(token.value));
      const call = isPunct(before, '(') ? readerCall(index - 2) : undefined;
      if (call) add('files', `${call.value}(${literal(token.value)})`);
      else if (table) add('files', `${table} ${literal(token.value)}`);
      return;
    }
    if (!isName(token)) return;
    if (token.kind === 'ident' && URL_LITERAL.test(token.value)) add('network', `"${token.value}"`);
    // A reader fed by anything but a literal (a list, a variable, a parameter): what it reads cannot be seen.
    if (readerCall(index) && tokens[index + 2]?.kind !== 'string') add('files', `${token.value}(…)`);
    if (table) {
      // A (qualified) table name that is a file: FROM "/x.csv", FROM data.csv (DuckDB joins the parts into a path).
      let last = index;
      const parts = [token.value];
      for (let next = tokens[last + 2]; isPunct(tokens[last + 1], '.') && isName(next); next = tokens[last + 2]) {
        parts.push(next.value);
        last += 2;
      }
      const end = tokens[last]?.end ?? token.end;
      if (!isPunct(tokens[last + 1], '(') && FILE_LIKE.test(parts.join('.'))) add('files', `${table} ${sql.slice(token.start, end)}`);
    }
  });
}

/** The keyword that puts the token at `index` where a table goes, if it is there. */
function tablePosition(tokens: SqlToken[], words: string[], index: number, frame: Frame): string | undefined {
  const before = tokens[index - 1];
  const word = words[index - 1] ?? '';
  if (word === 'FROM' && (frame.fromIsArgument || words[index - 2] === 'DISTINCT')) return undefined;
  if (TABLE_KEYWORDS.has(word)) return word;
  // FROM a, 'x.csv' and FROM alias: 'x.csv'
  if ((isPunct(before, ',') || isPunct(before, ':')) && frame.fromList) return 'FROM';
  if (isPunct(before, '(') && words[index - 2] === 'ONLY') return 'FROM';
  return undefined;
}

/** A word as a keyword. ASCII only, as in DuckDB: 'ſelect'.toUpperCase() is SELECT, but for DuckDB it is a name. */
function keyword(token: SqlToken | undefined): string {
  return token?.kind === 'word' && /^[a-z_]+$/i.test(token.value) ? token.value.toUpperCase() : '';
}

function isName(token: SqlToken | undefined): token is SqlToken {
  return token?.kind === 'word' || token?.kind === 'ident';
}

function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.value === text;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
