import type { Engine } from '../engine';
import { quoteLiteral } from '../engine';

/** How a delimited file is written, as DuckDB's sniffer reads it. */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
  comment: string;
  /** Lines above the header (a title, notes) that are not part of the table. */
  skipRows: number;
  hasHeader: boolean;
  /** The column names the sniffer found (one per column). */
  names: string[];
}

/** sniff_csv says "(empty)" where a file has no quote, escape or comment character. */
const NONE = '(empty)';

const text = (value: unknown): string => (value === NONE || value === null || value === undefined ? '' : String(value));

const isCancel = (error: unknown, signal: AbortSignal | undefined) => (error as { kind?: string }).kind === 'cancelled' || signal?.aborted === true;

/** What sniff_csv finds with default options (`lenient` false, as native read_csv) or with ignore_errors; undefined when it gives up. */
async function sniff(engine: Engine, path: string, lenient: boolean, signal: AbortSignal | undefined): Promise<CsvDialect | undefined> {
  let sniffed;
  try {
    sniffed = await engine.query(
      `SELECT Delimiter AS d, Quote AS q, Escape AS e, Comment AS c, SkipRows::INTEGER AS s, HasHeader AS h, [c.name FOR c IN Columns] AS names
       FROM sniff_csv(${quoteLiteral(path)}${lenient ? ', ignore_errors = true' : ''})`,
      { lane: 'load', signal },
    );
  } catch (error) {
    if (isCancel(error, signal)) throw error;
    return undefined;
  }
  const value = (name: string): unknown => sniffed.getChild(name)?.get(0);
  const delimiter = text(value('d'));
  const names = value('names') as { toArray(): unknown[] } | null | undefined;
  if (delimiter === '' || !names) return undefined;
  return {
    delimiter,
    quote: text(value('q')),
    escape: text(value('e')),
    comment: text(value('c')),
    skipRows: Number(value('s') ?? 0),
    hasHeader: value('h') === true,
    names: Array.from(names.toArray(), String),
  };
}

/**
 * The dialect to read a file with. read_csv with store_rejects also sets
 * ignore_errors, and under it the sniffer stops looking for lines to skip
 * above the header (a title line then makes every row malformed) and may
 * pick another delimiter or header. So we first ask the sniffer with default
 * options, as native read_csv does, and keep its answer, except when it
 * reads the file as a single column because some rows are malformed
 * (native then reads `a,b,c` as one text column) while the lenient sniffer
 * finds several: then the lenient reading keeps the good rows, split into
 * columns, and reports the bad ones. Undefined when neither sniffer manages.
 */
export async function chooseDialect(engine: Engine, path: string, signal: AbortSignal | undefined): Promise<CsvDialect | undefined> {
  const strict = await sniff(engine, path, false, signal);
  if (strict && strict.names.length > 1) return strict;
  const lenient = await sniff(engine, path, true, signal);
  return lenient && lenient.names.length > 1 ? lenient : (strict ?? lenient);
}

/**
 * DuckDB keeps a NUL byte of the header in the column name, but SQL text
 * cannot carry one (the parser stops there), so such a column could never be
 * queried: NUL becomes U+FFFD, the replacement character.
 */
function queryableNames(names: string[]): string[] | undefined {
  return names.some((name) => name.includes('\0')) ? names.map((name) => name.replaceAll('\0', '\uFFFD')) : undefined;
}

/** read_csv options that fix the dialect (and names that SQL can carry) and leave column types to the sniffer. */
export function dialectOptions(dialect: CsvDialect): string[] {
  const names = queryableNames(dialect.names);
  return [
    `delim = ${quoteLiteral(dialect.delimiter)}`,
    `quote = ${quoteLiteral(dialect.quote)}`,
    `escape = ${quoteLiteral(dialect.escape)}`,
    `comment = ${quoteLiteral(dialect.comment)}`,
    `skip = ${dialect.skipRows}`,
    `header = ${dialect.hasHeader}`,
    ...(names ? [`names = [${names.map(quoteLiteral).join(', ')}]`] : []),
  ];
}
