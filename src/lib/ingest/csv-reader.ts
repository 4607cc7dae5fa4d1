import type { Engine } from '../engine';
import { enginePath, quoteIdentifier, quoteLiteral } from '../engine';
import { chooseDialectFromPrefix, dialectOptions, firstLines, queryableNames, SNIFF_PREFIX_LINES, SNIFF_PREFIX_MAX_BYTES, type CsvDialect } from './csv-dialect';
import { compressionOf, InflateCorrupt, InflateTooLarge, inflateBytes, type Compression } from './compressed-stream';
import { IngestError } from './ingest-error';
import { checkSubsetColumns, columnNamesOf, projectionSql, sampleSql } from './load-subset';
import { convertRegionalNumbers } from './regional-numbers';
import { detectEncoding, toUtf8 } from './text-encoding';
import type { LoadContext, LoadedPart } from './load-context';

export interface RejectedRows {
  count: number;
  firstLines: number[];
  firstReasons: string[];
  /** Some rows were rejected because they are not UTF-8: the file needs decoding. */
  invalidUnicode: boolean;
}

/**
 * Delimited text through DuckDB's own read_csv: its sniffer picks delimiter,
 * quoting, header and types; store_rejects keeps the good rows of a file with
 * some malformed ones and tells us the line of every bad one.
 *
 * UTF-8 text (most files) is handed to DuckDB as the File itself, read inside
 * the worker with no copy on the page. Other encodings are decoded here and
 * given to DuckDB as UTF-8, as is the content of a compressed file (.gz, .zst).
 */
export async function loadDelimited(ctx: LoadContext): Promise<LoadedPart[]> {
  const compression = compressionOf(ctx.head);
  if (compression) return loadText(ctx, await inflateFile(ctx, compression));
  refuseBlank(ctx, ctx.head, ctx.file.size <= ctx.head.length);
  if (detectEncoding(ctx.head, ctx.file.size <= ctx.head.length) === 'utf-8') {
    const parts = await readCsv(ctx, { file: ctx.file });
    if (!parts[0]?.rejected?.invalidUnicode) return finish(ctx, parts);
    // Invalid UTF-8 further into the file than the sample we checked: read it again, decoded.
    await ctx.engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(ctx.stagingName)}`, { lane: 'load' });
  }
  return loadText(ctx, await ctx.readBytes());
}

/** Text with nothing but white space in it (all of it, or its first bytes when `whole` is false, which proves nothing). */
function refuseBlank(ctx: LoadContext, bytes: Uint8Array, whole: boolean): void {
  if (whole && new TextDecoder().decode(bytes).trim() === '') {
    throw new IngestError(ctx.fileName, { code: 'empty', params: {} });
  }
}

/** Delimited text held in memory, in whatever encoding: decoded to UTF-8 (saying so) and read. */
async function loadText(ctx: LoadContext, bytes: Uint8Array): Promise<LoadedPart[]> {
  refuseBlank(ctx, bytes, bytes.length <= ctx.head.length);
  const encoding = detectEncoding(bytes);
  const utf8 = encoding === 'utf-8' ? bytes : toUtf8(bytes, encoding);
  if (encoding !== 'utf-8') ctx.notices.push({ code: 'decoded', params: { file: ctx.fileName, encoding } });
  return finish(ctx, await readCsv(ctx, { bytes: utf8 }));
}

/**
 * As much as the engine can hold once decompressed (ingest.ts's MAX_FILE_BYTES,
 * which limits the compressed file; a small .gz can inflate far past it).
 */
const MAX_DECOMPRESSED_BYTES = 1536 * 1024 * 1024;

/** The content of a compressed file: read with progress, then inflated slice by slice (cancel lands in between). */
async function inflateFile(ctx: LoadContext, compression: Compression): Promise<Uint8Array> {
  const compressed = await ctx.readBytes();
  try {
    return await inflateBytes(compression, compressed, MAX_DECOMPRESSED_BYTES, ctx.signal);
  } catch (error) {
    if (error instanceof InflateTooLarge) {
      throw new IngestError(ctx.fileName, { code: 'tooLarge', params: { size: error.size, limit: error.limit } });
    }
    if (error instanceof InflateCorrupt) throw new IngestError(ctx.fileName, { code: 'gzipDamaged', params: {} });
    throw error;
  }
}

/** The read that stays: its rejected rows said, and its columns of regional numbers read as numbers. */
async function finish(ctx: LoadContext, parts: LoadedPart[]): Promise<LoadedPart[]> {
  const rejected = parts[0]?.rejected;
  if (rejected && rejected.count > 0) {
    ctx.notices.push({ code: 'rejected', params: { file: ctx.fileName, rows: rejected.count, lines: rejected.firstLines } });
  }
  for (const part of parts) {
    const numbers = await convertRegionalNumbers(ctx.engine, part.stagingName, ctx.signal);
    if (numbers.ambiguous.length > 0) ctx.notices.push({ code: 'ambiguousNumbers', params: { file: ctx.fileName, columns: numbers.ambiguous } });
  }
  return parts;
}

/** Where a load's text is: the File itself (UTF-8 as it is) or decoded bytes held here. */
type CsvSource = { file: Blob } | { bytes: Uint8Array };

/**
 * The lines the sniffer reads (a copy), when the file holds more than them
 * within its first SNIFF_PREFIX_MAX_BYTES; undefined otherwise, and the whole
 * file is sniffed. The first MiB says how long lines are, and only about as
 * much more as the lines need is read (a 16 MiB read cost more than the sniff saved).
 */
async function sniffPrefix(source: CsvSource): Promise<Uint8Array | undefined> {
  const size = 'file' in source ? source.file.size : source.bytes.length;
  const head = async (bytes: number) => ('file' in source ? new Uint8Array(await source.file.slice(0, bytes).arrayBuffer()) : source.bytes.subarray(0, bytes));
  const needed = SNIFF_PREFIX_LINES;
  const first = await head(Math.min(size, 1 << 20));
  let lines = firstLines(first, needed);
  if (!lines && first.length < size) {
    const perLine = first.length / Math.max(1, countLines(first));
    const guess = Math.min(size, SNIFF_PREFIX_MAX_BYTES, Math.ceil(needed * perLine * 1.25));
    lines = firstLines(await head(guess), needed) ?? (guess < Math.min(size, SNIFF_PREFIX_MAX_BYTES) ? firstLines(await head(SNIFF_PREFIX_MAX_BYTES), needed) : undefined);
  }
  // Ending before the file does: a prefix that is the whole file is no shortcut.
  return lines && lines.length < size ? lines.slice() : undefined;
}

function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Hands a load's text to the engine at `path` (decoded bytes are taken over: use them no more). */
function registerSource(engine: Engine, path: string, source: CsvSource): Promise<void> {
  return 'file' in source ? engine.registerFile(path, source.file) : engine.registerFileBuffer(path, source.bytes);
}

/** The names a table read with this dialect gets (NUL made queryable, see csv-dialect.ts). */
function tableNames(dialect: CsvDialect): string[] {
  return queryableNames(dialect.names) ?? dialect.names;
}

/** The names read_csv gives the file with no dialect set, or undefined when it cannot read them. */
async function describedNames(engine: Engine, path: string, signal: AbortSignal | undefined): Promise<string[] | undefined> {
  try {
    return await columnNamesOf(engine, `SELECT * FROM read_csv(${quoteLiteral(path)})`, signal);
  } catch (error) {
    if ((error as { kind?: string }).kind === 'cancelled' || signal?.aborted) throw error;
    return undefined;
  }
}

/**
 * The columns a load of this delimited file makes, sniffed as the load
 * sniffs it (its first lines; the whole file when they say too little), for
 * the person to choose from (load-subset.ts). Text in another encoding is
 * decoded first, its first SNIFF_PREFIX_MAX_BYTES only. Undefined for
 * compressed text, or when the sniffer finds no dialect.
 */
export async function delimitedColumnNames(engine: Engine, file: Blob, scratchPrefix: string, signal?: AbortSignal): Promise<string[] | undefined> {
  const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  if (compressionOf(head)) return undefined;
  let source: CsvSource = { file };
  if (detectEncoding(head, file.size <= head.length) !== 'utf-8') {
    const sample = new Uint8Array(await file.slice(0, SNIFF_PREFIX_MAX_BYTES).arrayBuffer());
    const encoding = detectEncoding(sample, file.size <= sample.length);
    source = { bytes: encoding === 'utf-8' ? sample : toUtf8(sample, encoding) };
  }
  const path = enginePath(`${scratchPrefix}.csv`);
  const prefix = await sniffPrefix(source);
  await registerSource(engine, path, source);
  try {
    const dialect = await chooseDialectFromPrefix(engine, path, prefix, enginePath(`${scratchPrefix}_head.csv`), signal);
    return dialect ? tableNames(dialect) : undefined;
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
}

async function readCsv(ctx: LoadContext, source: CsvSource): Promise<LoadedPart[]> {
  const { engine, fileName, signal } = ctx;
  const path = enginePath(`${ctx.scratchPrefix}.csv`);
  // Taken before the bytes are handed to the engine (which takes them over).
  const prefix = await sniffPrefix(source);
  await registerSource(engine, path, source);
  const rejectsTable = `${ctx.scratchPrefix}_rejects`;
  const rejectsScan = `${ctx.scratchPrefix}_scans`;
  ctx.startParsing();
  try {
    // No decimal_separator: it would apply to every column of the file and
    // read 5.555 as 5555 beside 5,5. Regional numbers are read per column after.
    const dialect = await chooseDialectFromPrefix(engine, path, prefix, enginePath(`${ctx.scratchPrefix}_head.csv`), signal);
    if (ctx.subset?.columns?.length) {
      const names = dialect ? tableNames(dialect) : await describedNames(engine, path, signal);
      // Names unknown: the sniffer found no dialect, and the read below fails with its own words.
      if (names) checkSubsetColumns(fileName, names, ctx.subset);
    }
    const options = [
      'store_rejects = true',
      `rejects_table = ${quoteLiteral(rejectsTable)}`,
      `rejects_scan = ${quoteLiteral(rejectsScan)}`,
      ...(dialect ? dialectOptions(dialect) : []),
    ];
    const sql = `CREATE TABLE ${quoteIdentifier(ctx.stagingName)} AS SELECT ${projectionSql(ctx.subset)} FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')})${sampleSql(ctx.subset)}`;
    try {
      await engine.query(sql, { lane: 'load', signal });
    } catch (error) {
      throw csvError(fileName, error);
    }
    const rejected = await readRejects(engine, rejectsTable);
    await engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(rejectsTable)}`, { lane: 'load' });
    await engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(rejectsScan)}`, { lane: 'load' });
    return [{ stagingName: ctx.stagingName, rejected }];
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
}

async function readRejects(engine: Engine, rejectsTable: string): Promise<RejectedRows> {
  const table = quoteIdentifier(rejectsTable);
  const counted = await engine.query(
    `SELECT count(DISTINCT line)::INTEGER AS n, bool_or(error_type = 'INVALID ENCODING') AS unicode FROM ${table}`,
    { lane: 'load' },
  );
  const count = Number(counted.getChild('n')?.get(0) ?? 0);
  const invalidUnicode = counted.getChild('unicode')?.get(0) === true;
  if (count === 0) return { count, firstLines: [], firstReasons: [], invalidUnicode };
  const first = await engine.query(
    `SELECT line::INTEGER AS line, any_value(error_message) AS reason FROM ${table} GROUP BY line ORDER BY line LIMIT 5`,
    { lane: 'load' },
  );
  const lines = first.getChild('line')?.toArray() ?? [];
  const reasons = first.getChild('reason')?.toArray() ?? [];
  return { count, firstLines: Array.from(lines, Number), firstReasons: Array.from(reasons, String), invalidUnicode };
}

/** Turns DuckDB's multi-paragraph CSV error into a line number and one plain sentence. */
function csvError(fileName: string, error: unknown): unknown {
  if (!(error instanceof Error) || (error as { kind?: string }).kind === 'cancelled') return error;
  const message = error.message;
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const paragraphs = message.split('\n').map((part) => part.trim()).filter((part) => part !== '');
  const causeLine =
    paragraphs.find((part, i) => i > 0 && !/^(Original Line|Possible Solution|LINE \d+)/.test(part) && !part.includes(' = ')) ??
    paragraphs[0] ??
    message;
  const cause = causeLine.replace(/^[A-Za-z ]+Error: /, '');
  return new IngestError(fileName, { code: 'csv', params: { cause } }, line ? { line: Number(line) } : {});
}
