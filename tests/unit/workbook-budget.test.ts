/**
 * A workbook reader that never finishes (a parser caught in a loop) must not
 * hold the load: it is stopped after its time budget with a message naming
 * the file, and Cancel stops it at once. Nothing is left in the engine.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile, IngestError, workbookBudgetMs, type IngestDeps } from '../../src/lib/ingest';
import { deps, engine, tableNames, useIngestEngine } from './helpers/ingest-harness';
import { blobOf } from './helpers/node-engine';

useIngestEngine();

const WORKBOOK = readFileSync(new URL('../fixtures/corpus/calamine-any_sheets.xlsx', import.meta.url));

/** A reader that never answers, recording whether it was told to stop. */
function stuckReader(): { deps: IngestDeps; stopped: () => boolean } {
  let signalled: AbortSignal | undefined;
  return {
    deps: { ...deps, readWorkbook: (_bytes, signal) => ((signalled = signal), new Promise(() => undefined)), workbookBudgetMs: () => 200 },
    stopped: () => signalled?.aborted === true,
  };
}

describe('workbook reading budget', () => {
  it('stops a reader that runs past its budget, naming the file and the seconds', async () => {
    const stuck = stuckReader();
    const before = await tableNames();
    const error = await ingestFile(engine, stuck.deps, { fileName: 'informe.xlsx', file: blobOf(WORKBOOK), existingTables: before }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).problem).toEqual({ code: 'xlsxTooSlow', params: { seconds: 0 } });
    expect((error as IngestError).file).toBe('informe.xlsx');
    expect(stuck.stopped(), 'the reader was told to stop (the browser ends its worker)').toBe(true);
    expect(await tableNames()).toEqual(before);
  });

  it('stops a reader at once when the load is cancelled', async () => {
    const stuck = stuckReader();
    const cancel = new AbortController();
    const load = ingestFile(engine, { ...stuck.deps, workbookBudgetMs: () => 60_000 }, { fileName: 'informe.xlsx', file: blobOf(WORKBOOK), existingTables: await tableNames(), signal: cancel.signal });
    setTimeout(() => cancel.abort(), 50);
    const error = await load.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(stuck.stopped()).toBe(true);
  });

  it('gives real workbooks room: a minute, and ten seconds per MB', () => {
    expect(workbookBudgetMs(0)).toBe(60_000);
    expect(workbookBudgetMs(30_000_000)).toBe(360_000);
  });
});
