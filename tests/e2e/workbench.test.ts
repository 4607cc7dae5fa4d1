import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { foreignRequests, gridHeaders, gridRows, runQuery, startQuery, useSession } from './helpers/browser';
import { writeFormatFixtures } from './helpers/fixture-files';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

const datasetButton = (name: string) => current().page.getByRole('button', { name: `Insert ${name} into the editor` });

describe('the core workbench in Chromium', () => {
  it('opens a file of every format through the file chooser', async () => {
    const { page } = current();
    const paths = writeFormatFixtures();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open files' }).click();
    await (await chooser).setFiles(Object.values(paths));
    for (const table of ['aid_csv', 'aid_tsv', 'aid_json', 'aid_ndjson', 'aid_arrow', 'aid_parquet', 'aid_xlsx']) {
      await datasetButton(table).waitFor({ timeout: 30_000 });
    }
    await runQuery(
      page,
      `SELECT 'csv' AS f, sum(amount) AS s FROM aid_csv UNION ALL SELECT 'tsv', sum(amount) FROM aid_tsv
       UNION ALL SELECT 'json', sum(amount) FROM aid_json UNION ALL SELECT 'ndjson', sum(amount) FROM aid_ndjson
       UNION ALL SELECT 'arrow', sum(amount) FROM aid_arrow UNION ALL SELECT 'parquet', sum(amount) FROM aid_parquet
       UNION ALL SELECT 'xlsx', sum(amount) FROM aid_xlsx ORDER BY f`,
    );
    expect(await gridRows(page)).toEqual(
      ['arrow', 'csv', 'json', 'ndjson', 'parquet', 'tsv', 'xlsx'].map((f) => [f, '4.0']),
    );
  });

  it('loads files dropped on the window, reporting a bad one by name while the good one loads', async () => {
    const { page } = current();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['país,valor\nPerú,1\nMéxico,2\n'], 'Países (2012).csv', { type: 'text/csv' }));
      transfer.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 255, 0, 7])], 'broken.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    });
    await datasetButton('paises_2012').waitFor();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'broken.csv' }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'broken.csv' }).textContent()).toMatch(/binary data/);
  });

  it('runs the statement under the cursor with Ctrl+Enter and shows typed, exact values', async () => {
    const { page } = current();
    await runQuery(
      page,
      `SELECT "país" AS pais, valor, 170141183460469231731687303715884105727::HUGEINT AS huge,
              12.50::DECIMAL(6,2) AS dec, DATE '2012-03-04' AS day, NULL AS nothing, '' AS blank
       FROM paises_2012 ORDER BY valor`,
    );
    expect(await gridHeaders(page)).toEqual(['pais', 'valor', 'huge', 'dec', 'day', 'nothing', 'blank']);
    expect(await gridRows(page)).toEqual([
      ['Perú', '1', '170141183460469231731687303715884105727', '12.50', '2012-03-04', 'NULL', ''],
      ['México', '2', '170141183460469231731687303715884105727', '12.50', '2012-03-04', 'NULL', ''],
    ]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /2 rows in/ }).count()).toBe(1);
  });

  it("shows DuckDB's error as it is, with its position, and underlines it", async () => {
    const { page } = current();
    await runQuery(page, 'SELECT valor,\n  nope FROM paises_2012');
    const alert = page.getByRole('alert').filter({ hasText: 'Referenced column "nope" not found' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('at line 2, column 3');
    expect(await page.locator('.cm-sql-error').textContent()).toBe('nope');
  });

  it('scrolls a 1,000,000-row result to its last row', async () => {
    const { page } = current();
    await runQuery(page, 'SELECT range AS i, range * 2 AS twice FROM range(1000000)');
    await page.getByText('1,000,000 rows × 2 columns').waitFor();
    const grid = page.getByRole('grid', { name: 'Results' });
    expect(await grid.getAttribute('aria-rowcount')).toBe('1000001');
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect.poll(async () => (await gridRows(page)).at(-1)).toEqual(['999999', '1999998']);
    // Only a window of rows is in the page, never the million.
    expect(await grid.locator('[role="row"]').count()).toBeLessThan(200);
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await expect.poll(async () => (await gridRows(page)).some((row) => row[0] === '500000')).toBe(true);
  });

  it('exports the result as CSV and as Parquet', async () => {
    const { page } = current();
    await runQuery(page, 'SELECT "país" AS pais, valor FROM paises_2012 ORDER BY valor');
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await csvDownload).path());
    expect(csv.toString('utf8').trim().split('\n')).toEqual(['pais,valor', 'Perú,1', 'México,2']);
    const parquetDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Parquet' }).click();
    const parquet = readFileSync(await (await parquetDownload).path());
    expect(parquet.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(parquet.length).toBeGreaterThan(100);
  });

  it('cancels a long query within about a second and stays usable', async () => {
    const { page } = current();
    await startQuery(page, 'SELECT count(DISTINCT hash(i) % 1000000007) FROM range(20000000000) t(i)');
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    await page.waitForTimeout(500);
    await cancel.click();
    await page.getByRole('status').filter({ hasText: 'Query cancelled' }).waitFor({ timeout: 5_000 });
    await runQuery(page, 'SELECT valor FROM paises_2012 ORDER BY valor');
    expect(await gridRows(page)).toEqual([['1'], ['2']]);
  });

  it('recovers from a killed engine worker with its tables intact', async () => {
    const { page } = current();
    await page.evaluate(() => (window as unknown as { atalayaDebug: { killEngine(): void } }).atalayaDebug.killEngine());
    await page.getByRole('status').filter({ hasText: /engine stopped .* and was restarted/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: 'Engine ready' }).waitFor();
    await runQuery(page, 'SELECT "país" AS pais FROM paises_2012 ORDER BY valor');
    expect(await gridRows(page)).toEqual([['Perú'], ['México']]);
    await runQuery(page, 'SELECT sum(amount) AS s FROM aid_xlsx');
    expect(await gridRows(page)).toEqual([['4.0']]);
  });

  it('settles a query that was running when the engine died: the editor is not left running', async () => {
    const { page } = current();
    await startQuery(page, 'SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3');
    await page.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    await page.evaluate(() => (window as unknown as { atalayaDebug: { killEngine(): void } }).atalayaDebug.killEngine());
    await page.getByRole('alert').filter({ hasText: /engine stopped .* before this finished/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Run/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Engine ready' }).waitFor({ timeout: 60_000 });
    await runQuery(page, 'SELECT 40 + 2 AS answer');
    expect(await gridRows(page)).toEqual([['42']]);
  });

  it('shows progress with a Cancel button for a large file, and cancelling adds nothing', async () => {
    const { page } = current();
    await page.evaluate(() => {
      const line = '2012,Colombia,123.456,some text that makes the line longer\n';
      const body = line.repeat(2_500_000);
      const transfer = new DataTransfer();
      transfer.items.add(new File([`year,country,amount,note\n${body}`], 'big.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    const progress = page.getByRole('progressbar', { name: 'Loading big.csv' });
    await progress.waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel big.csv' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading big.csv was cancelled' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => datasetButton('big').count()).toBe(0);
  });

  it('removes a table with Undo, and forgets it once the notice is dismissed', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Actions for aid_csv', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove aid_csv' }).click();
    await expect.poll(() => datasetButton('aid_csv').count()).toBe(0);
    const removed = page.getByRole('status').filter({ hasText: 'Removed table aid_csv.' });
    await removed.getByRole('button', { name: 'Undo' }).click();
    await datasetButton('aid_csv').waitFor();
    await runQuery(page, 'SELECT sum(amount) AS s FROM aid_csv');
    expect(await gridRows(page)).toEqual([['4.0']]);

    await page.getByRole('button', { name: 'Actions for aid_csv', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove aid_csv' }).click();
    await removed.getByRole('button', { name: 'Dismiss' }).click();
    await runQuery(page, 'SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE \'%aid_csv%\' OR table_name LIKE \'__atalaya_removed%\'');
    expect(await gridRows(page)).toEqual([['0']]);
  });

  it('never made a request to another origin', () => {
    expect(current().requests.length).toBeGreaterThan(0);
    expect(foreignRequests(current().requests, baseURL)).toEqual([]);
  });
});
