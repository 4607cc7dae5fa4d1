import { enginePath, messageOf } from '../engine';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';

/**
 * JSON and NDJSON through duckdb-wasm's built-in Arrow JSON reader
 * (read_json is an extension and unavailable offline). We parse in
 * TypeScript first: that is where we can say the line and column of a
 * syntax error, and check the shape (rows must be objects).
 */
export async function loadJson(ctx: LoadContext, flavour: 'json' | 'ndjson'): Promise<LoadedPart[]> {
  const text = new TextDecoder().decode(await ctx.readBytes()).replace(/^\uFEFF/, '');
  ctx.startParsing();
  const rowsJson = flavour === 'ndjson' ? ndjsonToArray(ctx.fileName, text) : checkJsonArray(ctx.fileName, text);
  const path = enginePath(`${ctx.scratchPrefix}.json`);
  await ctx.engine.registerFileBuffer(path, new TextEncoder().encode(rowsJson));
  try {
    await ctx.engine.insertJSONRows(path, { schema: 'main', name: ctx.stagingName });
  } catch (error) {
    throw new IngestError(ctx.fileName, { code: 'json', params: { cause: messageOf(error) } });
  } finally {
    await ctx.engine.dropFile(path).catch(() => undefined);
  }
  return [{ stagingName: ctx.stagingName }];
}

function isRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a JSON document and returns the text of an array of row objects. */
function checkJsonArray(fileName: string, text: string): string {
  const parsed = parseJsonAt(fileName, text, 0);
  if (isRow(parsed)) return `[${text}]`;
  if (!Array.isArray(parsed)) throw new IngestError(fileName, { code: 'jsonShape', params: {} });
  if (parsed.length === 0) throw new IngestError(fileName, { code: 'jsonNoRows', params: {} });
  const bad = parsed.findIndex((row) => !isRow(row));
  if (bad !== -1) throw new IngestError(fileName, { code: 'jsonShape', params: {} });
  return text;
}

/** Validates every line of NDJSON (naming the bad one) and joins them into an array. */
function ndjsonToArray(fileName: string, text: string): string {
  const rows: string[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const value = parseJsonAt(fileName, line, index);
    if (!isRow(value)) {
      throw new IngestError(fileName, { code: 'jsonShape', params: {} }, { line: index + 1 });
    }
    rows.push(line);
  });
  if (rows.length === 0) throw new IngestError(fileName, { code: 'jsonNoRows', params: {} });
  return `[${rows.join(',\n')}]`;
}

/** JSON.parse, with V8's error position turned into a line and column of the file. */
function parseJsonAt(fileName: string, text: string, lineOffset: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = jsonErrorPosition(message, text);
    const cause = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/, "[\s\S]*" is not valid JSON$/, '');
    throw new IngestError(fileName, { code: 'json', params: { cause } }, {
      line: where.line + lineOffset,
      column: where.column,
    });
  }
}

function jsonErrorPosition(message: string, text: string): { line: number; column: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
