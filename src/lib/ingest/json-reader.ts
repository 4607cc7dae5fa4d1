import { tableToIPC, type Table } from 'apache-arrow';
import { recordsToArrow, valuesToArrow } from './json-arrow';
import { isMapLike, NO_VALUES, resolveFields, resolveShape, widen, type TextColumns } from './json-schema';
import { parseJsonValues } from './json-values';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';
import type { ParsedJson } from './deps';

/** Native DuckDB's name for the one column of a file whose rows are not records. */
const VALUE_COLUMN = 'json';

/**
 * The text is parsed as one JS string, and V8 and SpiderMonkey cap a string
 * near 512 Mi characters (beyond, decoding throws a RangeError whose words
 * mean nothing to people); the parsed rows take several times that memory.
 */
export const JSON_TEXT_LIMIT = 500 * 1024 * 1024;

/**
 * JSON and NDJSON, parsed in TypeScript (read_json is an extension and
 * unavailable offline; duckdb-wasm's Arrow JSON reader keeps one row's
 * nested keys and fails when a type changes). Parsing here also names the
 * line and column of a syntax error. One schema is inferred over all rows,
 * so that no value is lost, and the table goes to DuckDB as Arrow.
 */
export async function loadJson(ctx: LoadContext, flavour: 'json' | 'ndjson'): Promise<LoadedPart[]> {
  if (ctx.file.size > JSON_TEXT_LIMIT) {
    throw new IngestError(ctx.fileName, { code: 'tooLarge', params: { size: ctx.file.size, limit: JSON_TEXT_LIMIT } });
  }
  const bytes = await ctx.readBytes();
  ctx.startParsing();
  // In the browser a worker parses (the page stays responsive, and Cancel ends it); in Node, this thread.
  const { ipc, textColumns } = ctx.deps.parseJson ? await ctx.deps.parseJson(bytes, flavour, ctx.fileName, ctx.signal) : parseJsonToIPC(bytes, flavour, ctx.fileName);
  ctx.signal?.throwIfAborted();
  if (textColumns.length > 0) ctx.notices.push({ code: 'jsonText', params: { file: ctx.fileName, columns: textColumns } });
  await ctx.engine.insertArrowIPC(ipc, { schema: 'main', name: ctx.stagingName });
  return [{ stagingName: ctx.stagingName }];
}

/** The file's bytes as an Arrow IPC stream of its rows, and the columns kept as JSON text. Throws IngestError for invalid JSON. */
export function parseJsonToIPC(bytes: Uint8Array, flavour: 'json' | 'ndjson', fileName: string): ParsedJson {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const { table, textColumns } = jsonRowsToArrow(parseJsonValues(fileName, text, flavour));
  return { ipc: tableToIPC(table, 'stream'), textColumns };
}

/**
 * The rows as a table, as native DuckDB's read_json_auto shapes them:
 * records (objects, or null for a row of NULLs) give a column per key;
 * anything else (numbers, texts, lists, maps) one column named `json`.
 * `textColumns` are the columns kept as text because their values vary.
 */
export function jsonRowsToArrow(rows: unknown[]): { table: Table; textColumns: TextColumns } {
  let shape = NO_VALUES;
  for (const row of rows) shape = widen(shape, row);
  const textColumns: TextColumns = [];
  if (shape.kind === 'struct' && shape.fields.size > 0 && !isMapLike(shape)) {
    return { table: recordsToArrow(resolveFields(shape, '', textColumns), rows), textColumns };
  }
  const type = resolveShape(shape, VALUE_COLUMN, textColumns);
  return { table: valuesToArrow(VALUE_COLUMN, type, rows), textColumns };
}
