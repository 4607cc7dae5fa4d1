import { t } from '../i18n/messages';

export type EngineErrorKind = 'sql' | 'cancelled' | 'crashed' | 'start-failed';

/** A 1-based position in the SQL text the error refers to. */
export interface SqlPosition {
  line: number;
  column: number;
}

/**
 * Every failure that comes out of the engine: DuckDB's own message untouched,
 * the SQL that caused it, where in that SQL it points, and (when we know
 * better than DuckDB what the user should do in this app) a hint.
 */
export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly sql: string;
  readonly position: SqlPosition | undefined;
  readonly hint: string | undefined;

  constructor(kind: EngineErrorKind, message: string, sql: string, position?: SqlPosition) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
    this.sql = sql;
    this.position = position;
    this.hint = hintFor(message);
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
function hintFor(message: string): string | undefined {
  // The lockdown (START_STATEMENTS) at work: DuckDB refused a path or URL outside our directory.
  const refused = /^Permission Error: Cannot access (?:file|directory) "([^"]*)"/m.exec(message)?.[1];
  if (refused !== undefined) return t('engine.hint.permission', { target: refused });
  if (/^Permission Error: .*extensions is disabled/m.test(message)) return t('engine.hint.noExtensions');
  if (/the configuration has been locked/.test(message)) return t('engine.hint.locked');
  const extension = /exists in the (\w+) extension/.exec(message)?.[1];
  if (extension === 'icu') return t('engine.hint.icu');
  if (extension === 'parquet') return t('engine.hint.parquet');
  if (extension === 'json') return t('engine.hint.json');
  if (extension === 'httpfs' || /https?:\/\//.test(message)) return t('engine.hint.network');
  if (extension) return t('engine.hint.extension', { extension });
  if (/TIMESTAMP WITH TIME ZONE|time ?zone/i.test(message)) return t('engine.hint.icu');
  return undefined;
}
