import { tableToIPC } from 'apache-arrow';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';
import { convertRegionalNumbers } from './regional-numbers';
import { cellText, detectHeaderRow, sheetColumns, sheetToArrow, type SheetColumn } from './sheet-to-arrow';
import { workbookBudgetMs, type IngestDeps, type WorkbookSheet } from './deps';

/** Workbooks with more sheets than this ask the user which to load. */
const PICK_SHEETS_ABOVE = 3;

/** Rows and columns of a sheet shown in a picker's preview. */
const PREVIEW_ROWS = 12;
const PREVIEW_MAX_ROWS = 40;
const PREVIEW_COLUMNS = 20;

/** One sheet as a picker shows it before loading: what was detected, and a way to read it otherwise. */
export interface SheetChoice {
  name: string;
  /** The row (1-based, as Excel numbers rows) detected as the header. */
  headerRow: number;
  /** Rows with content above it (a title, notes) that are left out. */
  skippedRows: number;
  /** Rows below the detected header. */
  rowCount: number;
  /** The sheet's first rows as text ('' for a blank cell), down to a few rows past the header. */
  preview: Array<{ row: number; cells: string[] }>;
  /** The columns the sheet gives with another header row (1-based): re-reads the parsed sheet, nothing loaded. */
  columnsWith(headerRow: number): SheetColumn[];
}

/** A sheet to load and the header row (1-based) to read it with. */
export interface SheetPick {
  name: string;
  headerRow: number;
}

/** XLSX via read-excel-file (run in a worker in the browser): each chosen sheet becomes a table. */
export async function loadWorkbook(ctx: LoadContext): Promise<LoadedPart[]> {
  const bytes = await ctx.readBytes();
  ctx.startParsing();
  const sheets = await readOrRefuse(ctx.deps, bytes, ctx.fileName, ctx.signal);
  const withData = sheets.filter((sheet) => sheet.rows.some((row) => row.some((cell) => cell !== null)));
  if (withData.length === 0) throw new IngestError(ctx.fileName, { code: 'xlsxEmpty', params: {} });

  // The header row each sheet is read with, 0-based: given (a replay or a choice) or detected.
  const headerIndex = new Map<string, number>();
  for (const sheet of withData) {
    const given = ctx.headerRows.get(sheet.name);
    const index = given !== undefined && given >= 1 && given <= sheet.rows.length ? given - 1 : detectHeaderRow(sheet.rows);
    if (index !== undefined) headerIndex.set(sheet.name, index);
  }

  let chosen = withData;
  if (ctx.sheets) {
    const wanted = new Set(ctx.sheets);
    chosen = withData.filter((sheet) => wanted.has(sheet.name));
  } else if (ctx.chooseSheets) {
    const choices = withData.map((sheet) => sheetChoice(sheet, headerIndex.get(sheet.name) ?? 0));
    if (withData.length > PICK_SHEETS_ABOVE || choices.some((choice) => choice.skippedRows > 0)) {
      const picks = await ctx.chooseSheets(choices);
      const byName = new Map(picks.map((pick) => [pick.name, pick.headerRow]));
      chosen = withData.filter((sheet) => byName.has(sheet.name));
      for (const sheet of chosen) {
        const row = byName.get(sheet.name) ?? 0;
        if (row >= 1 && row <= sheet.rows.length) headerIndex.set(sheet.name, row - 1);
      }
    }
  } else if (withData.length > PICK_SHEETS_ABOVE && ctx.pickSheets) {
    const wanted = new Set(await ctx.pickSheets(withData.map((sheet) => sheet.name)));
    chosen = withData.filter((sheet) => wanted.has(sheet.name));
  }

  const parts: LoadedPart[] = [];
  for (const [index, sheet] of chosen.entries()) {
    const converted = sheetToArrow(sheet.rows, headerIndex.get(sheet.name));
    if (!converted) continue;
    if (converted.skippedRows > 0 || converted.renamedHeaders.length > 0) {
      // One notice per sheet, however many of its header cells were blank.
      ctx.notices.push({
        code: 'sheetHeader',
        params: { file: ctx.fileName, sheet: sheet.name, headerRow: converted.headerRow, skippedRows: converted.skippedRows, renamed: converted.renamedHeaders },
      });
    }
    const stagingName = `${ctx.stagingName}_${index}`;
    await ctx.engine.insertArrowIPC(tableToIPC(converted.table, 'stream'), { schema: 'main', name: stagingName });
    const numbers = await convertRegionalNumbers(ctx.engine, stagingName, ctx.signal);
    if (numbers.ambiguous.length > 0) {
      ctx.notices.push({ code: 'ambiguousNumbers', params: { file: ctx.fileName, sheet: sheet.name, columns: numbers.ambiguous } });
    }
    parts.push({ stagingName, sheet: sheet.name, headerRow: converted.headerRow });
  }
  return parts;
}

/**
 * What the picker shows for a workbook already loaded (to read a sheet's
 * dataset with another header row): every sheet with data, as detected.
 */
export async function readSheetChoices(deps: IngestDeps, file: Blob): Promise<SheetChoice[]> {
  const fileName = 'name' in file && typeof file.name === 'string' ? file.name : '';
  const sheets = await readOrRefuse(deps, new Uint8Array(await file.arrayBuffer()), fileName);
  return sheets.flatMap((sheet) => {
    const index = detectHeaderRow(sheet.rows);
    return index === undefined ? [] : [sheetChoice(sheet, index)];
  });
}

/**
 * The workbook's sheets, or a refusal with a code only: both readers have
 * been tried (xlsx-parse.ts), and what they threw is internal JavaScript
 * text, never shown.
 */
async function readOrRefuse(deps: IngestDeps, bytes: Uint8Array, fileName: string, cancel?: AbortSignal): Promise<WorkbookSheet[]> {
  const budget = (deps.workbookBudgetMs ?? workbookBudgetMs)(bytes.byteLength);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), budget);
  const signal = cancel ? AbortSignal.any([cancel, timeout.signal]) : timeout.signal;
  // Also raced here: a parser that ignores the signal (in Node, one on this thread) must not hold the load.
  const stopped = new Promise<never>((_, reject) => {
    const stop = () => reject(new DOMException('Workbook reading stopped', 'AbortError'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([deps.readWorkbook(bytes, signal), stopped]);
  } catch {
    cancel?.throwIfAborted();
    if (timeout.signal.aborted) throw new IngestError(fileName, { code: 'xlsxTooSlow', params: { seconds: Math.round(budget / 1000) } });
    throw new IngestError(fileName, { code: 'xlsxUnreadable', params: {} });
  } finally {
    clearTimeout(timer);
  }
}

function sheetChoice(sheet: WorkbookSheet, headerIndex: number): SheetChoice {
  const { rows } = sheet;
  const filled = (row: WorkbookSheet['rows'][number] | undefined) => (row ?? []).some((cell) => cell !== null && !(typeof cell === 'string' && cell.trim() === ''));
  let rowCount = rows.length - headerIndex - 1;
  while (rowCount > 0 && !filled(rows[headerIndex + rowCount])) rowCount -= 1;
  const shown = Math.min(rows.length, PREVIEW_MAX_ROWS, Math.max(PREVIEW_ROWS, headerIndex + 4));
  return {
    name: sheet.name,
    headerRow: headerIndex + 1,
    skippedRows: rows.slice(0, headerIndex).filter((row) => filled(row)).length,
    rowCount: Math.max(0, rowCount),
    preview: rows.slice(0, shown).map((row, i) => ({ row: i + 1, cells: row.slice(0, PREVIEW_COLUMNS).map((cell) => (cell === null ? '' : cellText(cell))) })),
    columnsWith: (headerRow: number) => sheetColumns(rows, headerRow - 1),
  };
}
