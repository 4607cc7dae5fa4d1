import type { Engine } from './engine';
import { enginePath } from './paths';
import { quoteIdentifier, quoteLiteral } from './sql';

/**
 * A fresh DuckDB-WASM instance runs in V8's baseline wasm tier until its hot
 * functions have been recompiled by the optimizing one. Measured on a bare
 * page with the benchmark's 71 MB CSV: the first read_csv of a session took
 * 2.25–2.34 s, the same read later 0.8–1.4 s; reading a generated CSV of
 * WARM_UP_ROWS rows first (about 1 s) brought that first read to 1.37–1.39 s.
 * In the app, a 1M-row CSV dropped 5 s after start loaded in 3.0 s with the
 * warm-up and 3.6–4.1 s without (three fresh starts each, twice).
 * So, while the person is still choosing a file, the engine reads such a CSV
 * once, the way a load does (sniff, then read with rejects kept), into
 * temporary tables it drops again: nothing is left in the catalog.
 */
export const WARM_UP_ROWS = 50_000;

const TABLE = '__atalaya_warmup';

const SLICE_ROWS = 10_000;

function csvLines(from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const day = new Date(Date.UTC(2015, 0, 1 + (i % 3650))).toISOString().slice(0, 10);
    lines.push(`${i},${day},place ${i % 24},kind ${i % 8},${(i * 0.37).toFixed(2)},${i % 500},${i % 3 === 0},note for row ${i}`);
  }
  return lines.join('\n');
}

/**
 * Rows of the kinds people load: integers, dates, text, decimals, booleans,
 * a free-text column. Made in slices with a pause between them, so the page
 * never has one long task for it.
 */
export async function warmUpCsv(rows = WARM_UP_ROWS): Promise<Uint8Array> {
  const parts = ['id,day,place,kind,amount,quantity,paid,note'];
  for (let from = 0; from < rows; from += SLICE_ROWS) {
    parts.push(csvLines(from, Math.min(rows, from + SLICE_ROWS)));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new TextEncoder().encode(parts.join('\n'));
}

/**
 * Reads the generated CSV on the snapshot lane (background work, behind
 * nothing the person asked for) and cleans up, whatever happens. Each
 * statement is short (a few hundred ms), so a query asked meanwhile waits at
 * most that long. Failures are ignored: this only ever makes later work faster.
 */
export async function warmUpEngine(engine: Engine, rows = WARM_UP_ROWS): Promise<void> {
  const path = enginePath(`${TABLE}.csv`);
  const run = (sql: string) => engine.query(sql, { lane: 'snapshot' });
  const temp = (name: string) => `temp.${quoteIdentifier(name)}`;
  try {
    await engine.registerFileBuffer(path, await warmUpCsv(rows));
    await run(`SELECT * FROM sniff_csv(${quoteLiteral(path)})`);
    await run(
      `CREATE TEMP TABLE ${quoteIdentifier(TABLE)} AS SELECT * FROM read_csv(${quoteLiteral(path)}, store_rejects = true, rejects_table = ${quoteLiteral(`${TABLE}_rejects`)}, rejects_scan = ${quoteLiteral(`${TABLE}_scans`)})`,
    );
  } catch {
    // Only a head start: the loads themselves work the same without it.
  } finally {
    for (const name of [TABLE, `${TABLE}_rejects`, `${TABLE}_scans`]) await run(`DROP TABLE IF EXISTS ${temp(name)}`).catch(() => undefined);
    await engine.dropFile(path).catch(() => undefined);
    // For the tests and the benchmark that time other work after it.
    performance.mark('atalaya:warm-up-done');
  }
}
