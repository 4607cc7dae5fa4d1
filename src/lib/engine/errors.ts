export type EngineErrorKind = 'sql' | 'cancelled' | 'crashed' | 'start-failed';

/**
 * What an error means in this offline, serverless app, beyond what DuckDB
 * says: a code and its parameters (the UI words it).
 */
export type EngineHint =
  | { code: 'permission'; params: { target: string } }
  | { code: 'noExtensions'; params: Record<string, never> }
  | { code: 'locked'; params: Record<string, never> }
  | { code: 'icu'; params: Record<string, never> }
  | { code: 'parquet'; params: Record<string, never> }
  | { code: 'json'; params: Record<string, never> }
  | { code: 'network'; params: Record<string, never> }
  | { code: 'extension'; params: { extension: string } };

/**
 * Why a statement failed because its instance went away: replaced on purpose
 * (another workspace was opened) or stopped (`reason`: a crash's message,
 * 'cancel', 'terminated'…).
 */
export type EngineStop = { code: 'replaced'; params: Record<string, never> } | { code: 'stoppedMidway'; params: { reason: string } };

/** A 1-based position in the SQL text the error refers to. */
export interface SqlPosition {
  line: number;
  column: number;
}

/**
 * Every failure that comes out of the engine: DuckDB's own message untouched,
 * the SQL that caused it, where in that SQL it points, and (when we know
 * better than DuckDB what the user should do in this app) a hint code. A
 * 'crashed' error of an instance that went away says why in `stop`. The UI
 * words kind, hint and stop (src/ui/i18n/describe.ts).
 */
export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly sql: string;
  readonly position: SqlPosition | undefined;
  readonly hint: EngineHint | undefined;
  readonly stop: EngineStop | undefined;

  constructor(kind: EngineErrorKind, message: string, sql: string, position?: SqlPosition, stop?: EngineStop) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
    this.sql = sql;
    this.position = position;
    this.hint = hintFor(message);
    this.stop = stop;
  }
}

/**
 * Reads DuckDB's "LINE n: <snippet>" plus caret line. DuckDB may elide the
 * start of a long line with "...", so the snippet is located in the real line.
 */
export function parseErrorPosition(message: string, sql: string): SqlPosition | undefined {
  const match = /^LINE (\d+): (.*)\n( *)\^/m.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  const snippet = match[2] ?? '';
  const caretIndex = (match[3] ?? '').length - `LINE ${line}: `.length;
  if (caretIndex < 0) return undefined;
  if (!snippet.startsWith('...')) return { line, column: caretIndex + 1 };
  const sourceLine = sql.split('\n')[line - 1] ?? '';
  const visible = snippet.slice(3).replace(/\.\.\.$/, '');
  const at = sourceLine.indexOf(visible);
  if (at === -1) return { line, column: 1 };
  return { line, column: at + caretIndex - 3 + 1 };
}

/** Wasm-level failures after which the DuckDB instance cannot be trusted. */
export function isFatalEngineMessage(message: string): boolean {
  return /RuntimeError|unreachable|memory access out of bounds|Aborted\(|worker is not set|table index is out of bounds/i.test(
    message,
  );
}

/** Hints for errors that mean something specific in an offline, serverless app. */
function hintFor(message: string): EngineHint | undefined {
  const none: Record<string, never> = {};
  // The lockdown (START_STATEMENTS) at work: DuckDB refused a path or URL outside our directory.
  const refused = /^Permission Error: Cannot access (?:file|directory) "([^"]*)"/m.exec(message)?.[1];
  if (refused !== undefined) return { code: 'permission', params: { target: refused } };
  if (/^Permission Error: .*extensions is disabled/m.test(message)) return { code: 'noExtensions', params: none };
  if (/the configuration has been locked/.test(message)) return { code: 'locked', params: none };
  const extension = /exists in the (\w+) extension/.exec(message)?.[1];
  if (extension === 'icu') return { code: 'icu', params: none };
  if (extension === 'parquet') return { code: 'parquet', params: none };
  if (extension === 'json') return { code: 'json', params: none };
  if (extension === 'httpfs' || /https?:\/\//.test(message)) return { code: 'network', params: none };
  if (extension) return { code: 'extension', params: { extension } };
  if (/TIMESTAMP WITH TIME ZONE|time ?zone/i.test(message)) return { code: 'icu', params: none };
  return undefined;
}
