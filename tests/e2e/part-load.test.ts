/**
 * The memory guard's offer in Chromium: a file too large for what is left is
 * refused with "Load part of it…", the dialog says what each choice needs,
 * and the chosen part loads and says it is a part wherever the table is listed.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dropFiles, gridRows, runQuery, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Set SHOTS=/some/folder to keep screenshots of the dialog at 1400, 1024 and 390 px. */
const SHOTS = process.env.SHOTS;

const ROWS = 40_000;
const CSV = ['id,región,monto,nota', ...Array.from({ length: ROWS }, (_, i) => `${i},${['Norte', 'Sur', 'Este'][i % 3]},${(i * 1.5).toFixed(2)},fila número ${i}`)].join('\n');

async function setHeadroom(page: Page, bytes: number | undefined): Promise<void> {
  // After the engine's warm-up, whose scratch tables would count as held until it drops them.
  await page.waitForFunction(() => performance.getEntriesByName('atalaya:warm-up-done').length > 0, undefined, { timeout: 60_000 });
  await page.evaluate(async (headroom) => {
    await (window as unknown as { atalayaDebug: { setMemoryHeadroom(bytes: number | undefined): Promise<void> } }).atalayaDebug.setMemoryHeadroom(headroom);
  }, bytes);
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const viewport = page.viewportSize();
  for (const width of [1400, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
  }
  if (viewport) await page.setViewportSize(viewport);
}

afterEach(async () => {
  await setHeadroom(current().page, undefined);
});

describe('loading part of a file too large for the memory left, in Chromium', () => {
  it('refuses the whole file with an offer, and loads the columns and sample chosen in the dialog', async () => {
    const { page } = current();
    // Room for about a fifth of the table the file would become (1.5 bytes a byte).
    await setHeadroom(page, Math.round(CSV.length * 1.5 * 0.2));
    await dropFiles(page, [{ name: 'ventas.csv', text: CSV }]);
    const refusal = page.getByRole('alert').filter({ hasText: 'ventas.csv' });
    await refusal.getByText('Load part of it…', { exact: false }).first().waitFor({ timeout: 30_000 });
    await refusal.getByRole('button', { name: 'Load part of it…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Load part of ventas.csv' });
    await dialog.waitFor({ timeout: 30_000 });
    for (const name of ['id', 'región', 'monto', 'nota']) expect(await dialog.getByRole('checkbox', { name, exact: true }).isChecked()).toBe(true);
    const load = dialog.getByRole('button', { name: 'Load this part' });
    // All of it still does not fit: said, and not loadable.
    await dialog.getByRole('radio', { name: 'All rows' }).check();
    await dialog.getByText('This part still needs about', { exact: false }).waitFor();
    expect(await load.isDisabled()).toBe(true);
    // No column: nothing to load.
    await dialog.getByRole('radio', { name: 'Random 10%' }).check();
    await dialog.getByRole('checkbox', { name: 'All columns' }).uncheck();
    await dialog.getByText('Choose at least one column to load.').waitFor();
    expect(await load.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'All columns' }).check();
    await dialog.getByRole('checkbox', { name: 'nota', exact: true }).uncheck();
    await dialog.getByText('Columns (3 of 4)').waitFor();
    await dialog.getByText('This part needs about', { exact: false }).waitFor();
    await shoot(page, 'part-dialog');
    await load.click();

    await page.getByRole('button', { name: 'Insert ventas into the editor' }).waitFor({ timeout: 30_000 });
    await page.getByText('3 columns · 10% sample', { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: /Loaded part of ventas\.csv \(3 columns · 10% sample\) as ventas \([\d,]+ rows\)\./ }).waitFor();
    await runQuery(page, "SELECT string_agg(column_name, ',' ORDER BY column_index) AS c FROM duckdb_columns() WHERE table_name = 'ventas'");
    expect(await gridRows(page)).toEqual([['id,región,monto']]);
    await runQuery(page, 'SELECT (count(*) BETWEEN 3400 AND 4600)::VARCHAR AS about_a_tenth, (max(id) > 36000)::VARCHAR AS spread FROM ventas');
    expect(await gridRows(page)).toEqual([['true', 'true']]);
    await shoot(page, 'part-loaded');
  });
});
