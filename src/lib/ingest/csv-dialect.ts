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

/** The lines DuckDB's sniffer reads to decide a dialect (read_csv's default sample_size). */
export const SNIFF_SAMPLE_LINES = 20_480;
/**
 * How many records of a file hold the sniffer's sample: some more than it,
 * for the title lines and header above the rows it counts, and so that its
 * last record is whole and not the file's end.
 */
export const SNIFF_PREFIX_LINES = SNIFF_SAMPLE_LINES + Math.ceil(SNIFF_SAMPLE_LINES / 16);

/** The most of a file read to find those lines; a file whose lines are longer is sniffed whole. */
export const SNIFF_PREFIX_MAX_BYTES = 16 << 20;

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/**
 * The first `lines` records of `bytes` (up to and including the line break
 * that ends the last), or undefined when it holds fewer: the part of a file
 * the sniffer would read. A line break inside double quotes is part of a
 * field, not the end of a record, so a cut never falls inside a quoted field
 * (a doubled quote inside quotes flips twice and changes nothing).
 */
export function firstLines(bytes: Uint8Array, lines: number): Uint8Array | undefined {
  let found = 0;
  let quoted = false;
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at];
    if (byte === QUOTE) quoted = !quoted;
    else if (byte === LINE_FEED && !quoted && ++found === lines) return bytes.subarray(0, at + 1);
  }
  return undefined;
}

/**
 * The dialect, asked first of a large file's first lines (`prefix`: the
 * sniffer's whole sample, from firstLines, registered at `prefixPath`): the
 * sniffer reads a file in 32 MB buffers, so a sniff of a large file took
 * 0.6–0.7 s of a 3 s load in the browser, and of its first lines 0.25 s.
 * That the sniffer decides the dialect from the start of a file, so that its
 * first lines give the whole file's answer, is what csv-prefix-sniff.test.ts
 * checks (quotes first used after the sample are not seen by either).
 * The types are still sniffed by read_csv over the whole file. When the
 * first lines give no clear answer (one column, or none), or there is no
 * prefix, the whole file is asked as before.
 */
export async function chooseDialectFromPrefix(
  engine: Engine,
  path: string,
  prefix: Uint8Array | undefined,
  prefixPath: string,
  signal: AbortSignal | undefined,
): Promise<CsvDialect | undefined> {
  if (prefix && prefix.length > 0) {
    await engine.registerFileBuffer(prefixPath, prefix.slice());
    try {
      const quick = await sniff(engine, prefixPath, false, signal);
      if (quick && quick.names.length > 1) return quick;
    } finally {
      await engine.dropFile(prefixPath).catch(() => undefined);
    }
  }
  return chooseDialect(engine, path, signal);
}

/**
 * DuckDB keeps a NUL byte of the header in the column name, but SQL text
 * cannot carry one (the parser stops there), so such a column could never be
 * queried: NUL becomes U+FFFD, the replacement character.
 */
export function queryableNames(names: string[]): string[] | undefined {
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
