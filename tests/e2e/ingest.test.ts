/**
 * Real files dropped together in Chromium: a Parquet file that crashes its
 * decoder, and a JSON file with a syntax error (parsed in a worker), are
 * reported by name while the good files of the same drop load,
 * and a large load can be cancelled, after which queries still run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { dropBytes, gridRows, runQuery, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);
const corpus = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/corpus', name)));

describe('loading real files in Chromium', () => {
  it('reports a malformed Parquet file by name while the good files of the same drop load', async () => {
    const { page } = current();
    await dropBytes(page, [
      { name: 'antes.csv', bytes: new TextEncoder().encode('país,valor\nPerú,1\nMéxico,2\n') },
      // From apache/parquet-testing: parquet-wasm panics on its data.
      { name: 'bad_data-ARROW-GH-41321.parquet', bytes: corpus('bad_data-ARROW-GH-41321.parquet') },
      { name: 'alltypes_plain.snappy.parquet', bytes: corpus('alltypes_plain.snappy.parquet') },
      { name: 'despues.ndjson', bytes: new TextEncoder().encode('{"a": 1}\n{"a": 2, "b": "x"}\n') },
      // Parsed in a worker: the refusal still names the file and the line.
      { name: 'roto.json', bytes: new TextEncoder().encode('[{"a": 1},\n {"a": }]') },
    ]);
    await page.getByRole('alert').filter({ hasText: 'roto.json' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'roto.json' }).textContent()).toContain('line 2, column 8');
    await page.getByRole('alert').filter({ hasText: 'bad_data-ARROW-GH-41321.parquet' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'bad_data-ARROW-GH-41321.parquet' }).textContent()).toContain('The Parquet file is damaged');
    for (const table of ['antes', 'alltypes_plain_snappy', 'despues']) {
      await page.getByRole('button', { name: `Insert ${table} into the editor` }).waitFor({ timeout: 60_000 });
    }
    await runQuery(page, 'SELECT (SELECT count(*) FROM antes) AS a, (SELECT count(*) FROM alltypes_plain_snappy) AS p, (SELECT count(b) FROM despues) AS j');
    // alltypes_plain.snappy.parquet holds 2 rows (native DuckDB reads the same).
    expect(await gridRows(page)).toEqual([['2', '2', '1']]);
  });

  it('cancels a large load, adds nothing, and runs the next query', async () => {
    const { page } = current();
    await page.evaluate(() => {
      const line = 'Colombia,2012,1234.5,una descripción algo larga para ocupar espacio\n';
      const text = 'pais,anio,monto,nota\n' + line.repeat(3_000_000);
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'grande.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    await page.getByRole('button', { name: 'Cancel grande.csv' }).click({ timeout: 60_000 });
    await page.getByText('Loading grande.csv was cancelled; nothing was added.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Insert grande into the editor' }).count()).toBe(0);
    await runQuery(page, 'SELECT 6 * 7 AS answer');
    expect(await gridRows(page)).toEqual([['42']]);
  });
});
