/**
 * The raw engine for `npm run bench`: duckdb-wasm from the app's own
 * node_modules, started the plainest way its documentation shows (same "eh"
 * bundle as the app), and a chosen CSV read with DuckDB's read_csv on the file
 * handle — nothing else. The bench compares Atalaya's start and CSV load with it.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(workerUrl));
performance.mark('raw:worker');
await db.instantiate(wasmUrl);
performance.mark('raw:instantiated');
await db.open({ query: { castBigIntToDouble: false } });
performance.mark('raw:ready');

document.querySelector('input[type=file]').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  const start = performance.now();
  await db.registerFileHandle(file.name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const connection = await db.connect();
  await connection.query(`CREATE TABLE loaded AS SELECT * FROM read_csv('${file.name}')`);
  const counted = await connection.query('SELECT count(*)::INTEGER AS n FROM loaded');
  window.rawCsv = { ms: performance.now() - start, rows: counted.getChild('n').get(0) };
});
