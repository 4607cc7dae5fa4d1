import type { Engine } from '../engine';
import { quoteIdentifier, quoteLiteral } from '../engine';
import { loadArrow, loadParquet } from './arrow-reader';
import { loadDelimited, type RejectedRows } from './csv-reader';
import type { IngestDeps } from './deps';
import { compressionOf } from './compressed-stream';
import { detectFormat, type FileFormat } from './detect-format';
import { IngestError, type IngestNotice } from './ingest-error';
import { loadJson } from './json-reader';
import type { LoadContext, LoadedPart } from './load-context';
import { checkSubsetColumns, columnNamesOf, projectionSql, sampleSql, subsetShare, type LoadSubset } from './load-subset';
import { subsetColumnChoices } from './subset-columns';
import { PARTIAL_LOAD_FORMATS, refuseWhenMemoryShort } from './memory-budget';
import { tableNameForFile } from './table-name';
import { loadWorkbook, type SheetChoice, type SheetPick } from './xlsx-reader';
import { readFileBytes } from './read-file';

/**
 * Bytes we accept in one file. DuckDB-WASM has a 4 GB heap and holds both
 * the file and the table it becomes; past this, a load would crash the tab.
 */
export const MAX_FILE_BYTES = 1536 * 1024 * 1024;

export interface LoadProgress {
  phase: 'reading' | 'parsing';
  bytesRead: number;
  size: number;
}

export interface IngestRequest {
  fileName: string;
  /** The file (a File from the chooser or a drop; any Blob in tests). */
  file: Blob;
  onProgress?: (progress: LoadProgress) => void;
  /** Tables that exist now; new names avoid them. */
  existingTables: Iterable<string>;
  signal?: AbortSignal;
  /** Asked which sheets to load when a workbook has more than three (all load otherwise). */
  pickSheets?: (names: string[]) => Promise<string[]>;
  /**
   * Asked instead of pickSheets, with what was detected in each sheet (its
   * header row, the rows above it, a preview), when a workbook has more than
   * three sheets or a sheet has a title above its header: answers the sheets
   * to load, each with the header row to read it with.
   */
  chooseSheets?: (sheets: SheetChoice[]) => Promise<SheetPick[]>;
  /**
   * Re-creating tables (an engine restart, Undo, a restored workspace): exact
   * names, the sheet each came from and the header row it was read with.
   */
  replay?: Array<{ table: string; sheet?: string; headerRow?: number }>;
  /** The engine memory a new load may bring the total to (memory-budget.ts; smaller in tests). */
  memoryBudget?: number;
  /** Load only some columns or a sample of rows (load-subset.ts); for a replay, the subset it was first loaded with. */
  subset?: LoadSubset;
}

export interface IngestedTable {
  table: string;
  sheet?: string;
  /** For a sheet: the row (1-based) read as the header; to be kept with the dataset, so a replay reads it the same way. */
  headerRow?: number;
  rowCount: number;
  rejected?: RejectedRows;
}

export interface IngestOutcome {
  fileName: string;
  format: FileFormat;
  tables: IngestedTable[];
  notices: IngestNotice[];
}

let loadSequence = 0;

/** How much of a file is read up front to recognize its format and encoding. */
const HEAD_BYTES = 65536;

function onceOnly<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/**
 * Turns one file into one table (or one per chosen sheet). All or nothing:
 * readers build staging tables, which are renamed into place only when the
 * whole file has loaded; on any failure or cancel they are dropped.
 */
export async function ingestFile(engine: Engine, deps: IngestDeps, request: IngestRequest): Promise<IngestOutcome> {
  const { fileName, file, signal } = request;
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const detection = detectFormat(fileName, head, file.size);
  if ('problem' in detection) {
    throw new IngestError(fileName, { code: detection.problem, params: {} });
  }
  if (file.size > MAX_FILE_BYTES) {
    throw new IngestError(fileName, { code: 'tooLarge', params: { size: file.size, limit: MAX_FILE_BYTES } });
  }
  // Not for a replay: those tables were open before (a reload, an Undo), and refusing one would lose it.
  if (!request.replay) {
    const share = await shareOfLoad(engine, detection.format, file, request.subset, signal);
    // A compressed CSV is inflated whole before DuckDB reads it: no part of it can be offered.
    const partial = PARTIAL_LOAD_FORMATS.includes(detection.format) && !(detection.format === 'delimited' && compressionOf(head));
    await refuseWhenMemoryShort(engine, fileName, detection.format, file.size, { share, budget: request.memoryBudget ?? deps.memoryBudget?.(), partial });
  }
  const notices: IngestNotice[] = [];
  if (detection.namedAs) {
    notices.push({ code: 'formatMismatch', params: { file: fileName, named: detection.namedAs, actual: detection.format } });
  }
  loadSequence += 1;
  const ctx: LoadContext = {
    engine,
    deps,
    fileName,
    file,
    head,
    readBytes: onceOnly(() =>
      readFileBytes(file, (bytesRead) => request.onProgress?.({ phase: 'reading', bytesRead, size: file.size }), signal),
    ),
    startParsing: () => request.onProgress?.({ phase: 'parsing', bytesRead: file.size, size: file.size }),
    stagingName: `__atalaya_loading_${loadSequence}`,
    scratchPrefix: `__atalaya_scratch_${loadSequence}`,
    signal,
    sheets: request.replay?.map((entry) => entry.sheet).filter((sheet): sheet is string => sheet !== undefined),
    headerRows: new Map(
      (request.replay ?? []).flatMap((entry) => (entry.sheet !== undefined && entry.headerRow !== undefined ? [[entry.sheet, entry.headerRow] as const] : [])),
    ),
    pickSheets: request.pickSheets,
    chooseSheets: request.chooseSheets,
    notices,
    subset: request.subset,
  };
  if (ctx.sheets?.length === 0) ctx.sheets = undefined;

  try {
    signal?.throwIfAborted();
    let parts = await readParts(ctx, detection.format);
    signal?.throwIfAborted();
    if (request.subset && !PARTIAL_LOAD_FORMATS.includes(detection.format)) parts = await narrowParts(ctx, parts, request.subset);
    const tables = await moveIntoPlace(engine, request, parts);
    return { fileName, format: detection.format, tables, notices };
  } catch (error) {
    await dropStaging(engine, [ctx.stagingName, ctx.scratchPrefix]);
    if (error instanceof IngestError) throw error;
    if (signal?.aborted || (error as { kind?: string }).kind === 'cancelled') throw new DOMException('Load cancelled', 'AbortError');
    const cause = error instanceof Error ? error.message : String(error);
    throw new IngestError(fileName, { code: 'engine', params: { cause } }, {}, error);
  }
}

/** The part of a whole load's memory a subset needs: all of it, unless the format's reading is cut. */
async function shareOfLoad(engine: Engine, format: FileFormat, file: Blob, subset: LoadSubset | undefined, signal?: AbortSignal): Promise<number> {
  if (!subset || !PARTIAL_LOAD_FORMATS.includes(format)) return 1;
  const columns = (subset.columns?.length ?? 0) > 0 ? await subsetColumnChoices(engine, format, file, signal) : undefined;
  return subsetShare(subset, columns?.length ?? 0);
}

/** Formats that are decoded whole (JSON, Arrow, workbooks) are cut to a subset once loaded; see load-subset.ts. */
async function narrowParts(ctx: LoadContext, parts: LoadedPart[], subset: LoadSubset): Promise<LoadedPart[]> {
  const narrowed: LoadedPart[] = [];
  for (const [index, part] of parts.entries()) {
    const staging = quoteIdentifier(part.stagingName);
    checkSubsetColumns(ctx.fileName, await columnNamesOf(ctx.engine, staging), subset);
    const cut = `${ctx.scratchPrefix}_part_${index}`;
    await ctx.engine.query(`CREATE TABLE ${quoteIdentifier(cut)} AS SELECT ${projectionSql(subset)} FROM ${staging}${sampleSql(subset)}`, { lane: 'load' });
    await ctx.engine.query(`DROP TABLE ${staging}`, { lane: 'load' });
    narrowed.push({ ...part, stagingName: cut });
  }
  return narrowed;
}

function readParts(ctx: LoadContext, format: FileFormat): Promise<LoadedPart[]> {
  switch (format) {
    case 'delimited':
      return loadDelimited(ctx);
    case 'json':
    case 'ndjson':
      return loadJson(ctx, format);
    case 'parquet':
      return loadParquet(ctx);
    case 'arrow':
      return loadArrow(ctx);
    case 'xlsx':
      return loadWorkbook(ctx);
  }
}

async function moveIntoPlace(engine: Engine, request: IngestRequest, parts: LoadedPart[]): Promise<IngestedTable[]> {
  const taken = new Set(Array.from(request.existingTables, (name) => name.toLowerCase()));
  const namedBySheet = parts.length > 1;
  const tables: IngestedTable[] = [];
  for (const part of parts) {
    const counted = await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdentifier(part.stagingName)}`, { lane: 'load' });
    const rowCount = Number(counted.getChild('n')?.get(0) ?? 0);
    if (rowCount === 0 && part.rejected && part.rejected.count > 0) {
      throw new IngestError(request.fileName, { code: 'noRows', params: {} }, { line: part.rejected.firstLines[0] });
    }
    const replayed = request.replay?.find((entry) => entry.sheet === part.sheet) ?? request.replay?.[0];
    const table = replayed?.table ?? tableNameForFile(request.fileName, taken, namedBySheet ? part.sheet : undefined);
    taken.add(table.toLowerCase());
    await engine.query(`ALTER TABLE ${quoteIdentifier(part.stagingName)} RENAME TO ${quoteIdentifier(table)}`, { lane: 'load' });
    tables.push({
      table,
      rowCount,
      ...(part.sheet === undefined ? {} : { sheet: part.sheet }),
      ...(part.headerRow === undefined ? {} : { headerRow: part.headerRow }),
      ...(part.rejected ? { rejected: part.rejected } : {}),
    });
  }
  return tables;
}

/** Drops every staging and scratch table (a CSV's rejects tables too) of a failed load. */
async function dropStaging(engine: Engine, prefixes: string[]): Promise<void> {
  try {
    const leftovers = await engine.query(
      `SELECT table_name FROM duckdb_tables() WHERE ${prefixes.map((prefix) => `starts_with(table_name, ${quoteLiteral(prefix)})`).join(' OR ')}`,
      { lane: 'load' },
    );
    for (const name of leftovers.getChild('table_name')?.toArray() ?? []) {
      await engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(String(name))}`, { lane: 'load' });
    }
  } catch {
    // The engine may be restarting; a fresh instance has no leftovers.
  }
}
