import type { Engine } from '../engine';
import { enginePath, quoteIdentifier, quoteLiteral } from '../engine';
import { IngestError } from './ingest-error';
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
 * given to DuckDB as UTF-8.
 */
export async function loadDelimited(ctx: LoadContext): Promise<LoadedPart[]> {
  const sample = new TextDecoder().decode(ctx.head);
  if (sample.trim() === '' && ctx.file.size <= ctx.head.length) {
    throw new IngestError(ctx.fileName, { code: 'empty', params: {} });
  }
  if (detectEncoding(ctx.head, ctx.file.size <= ctx.head.length) === 'utf-8') {
    const parts = await readCsv(ctx, sample, (path) => ctx.engine.registerFile(path, ctx.file));
    if (!parts[0]?.rejected?.invalidUnicode) return withRejectNotice(ctx, parts);
    // Invalid UTF-8 further into the file than the sample we checked: read it again, decoded.
    await ctx.engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(ctx.stagingName)}`, { lane: 'load' });
  }
  const bytes = await ctx.readBytes();
  const encoding = detectEncoding(bytes);
  const utf8 = encoding === 'utf-8' ? bytes : toUtf8(bytes, encoding);
  if (encoding !== 'utf-8') ctx.notices.push({ code: 'decoded', params: { file: ctx.fileName, encoding } });
  const decodedSample = new TextDecoder().decode(utf8.subarray(0, 65536));
  return withRejectNotice(ctx, await readCsv(ctx, decodedSample, (path) => ctx.engine.registerFileBuffer(path, utf8)));
}

function withRejectNotice(ctx: LoadContext, parts: LoadedPart[]): LoadedPart[] {
  const rejected = parts[0]?.rejected;
  if (rejected && rejected.count > 0) {
    ctx.notices.push({ code: 'rejected', params: { file: ctx.fileName, rows: rejected.count, lines: rejected.firstLines } });
  }
  return parts;
}

async function readCsv(ctx: LoadContext, sample: string, register: (path: string) => Promise<void>): Promise<LoadedPart[]> {
  const { engine, fileName, signal } = ctx;
  const path = enginePath(`${ctx.scratchPrefix}.csv`);
  const rejectsTable = `${ctx.scratchPrefix}_rejects`;
  const rejectsScan = `${ctx.scratchPrefix}_scans`;
  await register(path);
  ctx.startParsing();
  try {
    const decimalComma = await usesDecimalComma(engine, enginePath(`${ctx.scratchPrefix}_head.csv`), sample);
    const options = [
      'store_rejects = true',
      `rejects_table = ${quoteLiteral(rejectsTable)}`,
      `rejects_scan = ${quoteLiteral(rejectsScan)}`,
      // With a decimal comma, a point can only be a thousands separator (1.234,5).
      ...(decimalComma ? ["decimal_separator = ','", "thousands = '.'"] : []),
    ];
    const sql = `CREATE TABLE ${quoteIdentifier(ctx.stagingName)} AS SELECT * FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')})`;
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

/**
 * Spreadsheets in the region often write 1.234,5 with ';' between fields.
 * DuckDB does not detect a decimal comma, so we look at the sniffed
 * delimiter and at the fields of the first lines.
 */
async function usesDecimalComma(engine: Engine, headPath: string, sample: string): Promise<boolean> {
  // Sniff the sample's whole lines only: sniffing the full file would cost as
  // much again as read_csv's own sniffing (0.8 s for 70 MB here).
  const lines = sample.slice(0, sample.lastIndexOf('\n') + 1) || sample;
  await engine.registerFileBuffer(headPath, new TextEncoder().encode(lines));
  try {
    const sniffed = await engine.query(`SELECT Delimiter AS d FROM sniff_csv(${quoteLiteral(headPath)})`, { lane: 'load' });
    return looksLikeDecimalComma(sample, String(sniffed.getChild('d')?.get(0) ?? ','));
  } catch {
    return false; // read_csv will report the real problem
  } finally {
    await engine.dropFile(headPath).catch(() => undefined);
  }
}

/** True when fields like 1,5 appear and fields like 1.5 do not. */
export function looksLikeDecimalComma(sample: string, delimiter: string): boolean {
  if (delimiter === ',') return false;
  let commaDecimals = 0;
  let pointDecimals = 0;
  for (const line of sample.split(/\r?\n/).slice(1, 200)) {
    for (const raw of line.split(delimiter)) {
      const field = raw.trim().replace(/^"|"$/g, '');
      if (/^[-+]?\d{1,3}(\.\d{3})*,\d+$/.test(field) || /^[-+]?\d+,\d+$/.test(field)) commaDecimals += 1;
      else if (/^[-+]?\d+\.\d+$/.test(field) && !/^\d{1,3}\.\d{3}$/.test(field)) pointDecimals += 1;
    }
  }
  return commaDecimals > 0 && pointDecimals === 0;
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
