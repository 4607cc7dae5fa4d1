import { tableToIPC } from 'apache-arrow';
import { IngestError } from './ingest-error';
import type { LoadContext, LoadedPart } from './load-context';
import { sheetToArrow } from './sheet-to-arrow';
import type { WorkbookSheet } from './deps';

/** Workbooks with more sheets than this ask the user which to load. */
const PICK_SHEETS_ABOVE = 3;

/** XLSX via read-excel-file (run in a worker in the browser): each chosen sheet becomes a table. */
export async function loadWorkbook(ctx: LoadContext): Promise<LoadedPart[]> {
  let sheets: WorkbookSheet[];
  try {
    const bytes = await ctx.readBytes();
    ctx.startParsing();
    sheets = await ctx.deps.readWorkbook(bytes);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new IngestError(ctx.fileName, { code: 'xlsx', params: { cause } });
  }
  const withData = sheets.filter((sheet) => sheet.rows.some((row) => row.some((cell) => cell !== null)));
  if (withData.length === 0) throw new IngestError(ctx.fileName, { code: 'xlsxEmpty', params: {} });

  let chosen = withData;
  if (ctx.sheets) {
    const wanted = new Set(ctx.sheets);
    chosen = withData.filter((sheet) => wanted.has(sheet.name));
  } else if (withData.length > PICK_SHEETS_ABOVE && ctx.pickSheets) {
    const wanted = new Set(await ctx.pickSheets(withData.map((sheet) => sheet.name)));
    chosen = withData.filter((sheet) => wanted.has(sheet.name));
  }

  const parts: LoadedPart[] = [];
  for (const [index, sheet] of chosen.entries()) {
    const converted = sheetToArrow(sheet.rows);
    if (!converted) continue;
    for (const renamed of converted.renamedHeaders) {
      ctx.notices.push({ code: 'headerRenamed', params: { file: ctx.fileName, sheet: sheet.name, column: renamed.column, name: renamed.name } });
    }
    const stagingName = `${ctx.stagingName}_${index}`;
    await ctx.engine.insertArrowIPC(tableToIPC(converted.table, 'stream'), { schema: 'main', name: stagingName });
    parts.push({ stagingName, sheet: sheet.name });
  }
  return parts;
}
