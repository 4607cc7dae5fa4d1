import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { makeXlsx } from '../fixtures/make-xlsx';
import { gridHeaders, gridRows, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Set SHOTS=/some/folder to keep screenshots of the new dialogs (wide and phone-sized). */
const SHOTS = process.env.SHOTS;

const datasetButton = (page: Page, name: string) => page.getByRole('button', { name: `Insert ${name} into the editor` });

/** Opens files through the file chooser, as bytes (text files in any encoding, workbooks). */
async function openFiles(page: Page, files: Array<{ name: string; bytes: Uint8Array; mimeType?: string }>): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files' }).click();
  await (await chooser).setFiles(files.map((file) => ({ name: file.name, mimeType: file.mimeType ?? 'application/octet-stream', buffer: Buffer.from(file.bytes) })));
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const viewport = page.viewportSize();
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
  }
  if (viewport) await page.setViewportSize(viewport);
}

describe('regional files in Chromium', () => {
  it('loads a Windows-1252 CSV with semicolons and decimal commas as numbers', async () => {
    const { page } = current();
    // "Región" and "Compañía" in Windows-1252 (latin1 for these letters), amounts as 1.234,56.
    const text = 'Región;Compañía;Importe\nNorte;Añil;1.234,56\nSur;Peña;2.000,44\nEste;Ñandú;0,50\n';
    await openFiles(page, [{ name: 'montos.csv', bytes: Buffer.from(text, 'latin1'), mimeType: 'text/csv' }]);
    await datasetButton(page, 'montos').waitFor({ timeout: 30_000 });
    await runQuery(page, `SELECT typeof("Importe") AS t, CAST(round(sum("Importe"), 2) AS VARCHAR) AS s, string_agg("Compañía", '|' ORDER BY "Importe") AS c FROM montos GROUP BY 1`);
    expect(await gridRows(page)).toEqual([['DOUBLE', '3235.5', 'Ñandú|Añil|Peña']]);
  });

  it('offers the type fix from the notice of numbers that read two ways, with the column\'s guess explained', async () => {
    const { page } = current();
    await openFiles(page, [{ name: 'ambiguo.csv', bytes: Buffer.from('id;valor\n1;5,5\n2;5.555\n3;12,25\n'), mimeType: 'text/csv' }]);
    await datasetButton(page, 'ambiguo').waitFor({ timeout: 30_000 });
    const notice = page.getByRole('status').filter({ hasText: 'In ambiguo.csv, column valor' });
    await notice.getByRole('button', { name: 'Change type…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the type of valor' });
    await dialog.waitFor();
    await dialog.getByText('These values read two ways (5.555 could be 5.555 or 5555)', { exact: false }).waitFor();
    // Only the decimal comma reads every value: it is chosen, though the interface (English) writes a decimal point.
    await expect.poll(() => dialog.getByRole('radio', { name: /decimal comma/ }).isChecked()).toBe(true);
    await dialog.getByText('Every non-empty value can be read.').waitFor();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await runQuery(page, 'SELECT typeof(valor) AS t, CAST(sum(valor) AS VARCHAR) AS s FROM ambiguo GROUP BY 1');
    expect(await gridRows(page)).toEqual([['DOUBLE', '5572.75']]);
  });

  it('exports a result as CSV with semicolons, decimal commas and a BOM, which reads back', async () => {
    const { page } = current();
    await runQuery(page, `SELECT 'Perú' AS pais, 1234.5::DOUBLE AS monto, 3 AS n UNION ALL SELECT 'México', 0.25, 4 ORDER BY n`);
    await shoot(page, 'results-toolbar');
    await page.getByRole('button', { name: 'CSV options…' }).click();
    const dialog = page.getByRole('dialog', { name: 'CSV options' });
    await dialog.waitFor();
    // The e2e browser is English: the defaults are the plain file.
    expect(await dialog.getByRole('radio', { name: 'Comma (,)' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Point (1234.5)' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'Semicolon (;)' }).check();
    await dialog.getByRole('radio', { name: 'Comma (1234,5)' }).check();
    await dialog.getByRole('checkbox', { name: /byte-order mark/ }).check();
    await shoot(page, 'csv-options');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export CSV with these options' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/_\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync(await file.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').trim().split('\n')).toEqual(['pais;monto;n', 'Perú;1234,5;3', 'México;0,25;4']);

    // The options stay for the plain Export CSV button.
    const again = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
    expect(readFileSync(await (await again).path()).subarray(3).toString('utf8').split('\n')[1]).toBe('Perú;1234,5;3');

    // Read back by the app's own loader: semicolons, decimal comma, UTF-8 after the BOM.
    await openFiles(page, [{ name: 'vuelta_csv.csv', bytes, mimeType: 'text/csv' }]);
    await datasetButton(page, 'vuelta_csv').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT pais, typeof(monto) AS t, CAST(monto AS VARCHAR) AS m FROM vuelta_csv ORDER BY n');
    expect(await gridRows(page)).toEqual([
      ['Perú', 'DOUBLE', '1234.5'],
      ['México', 'DOUBLE', '0.25'],
    ]);
  });

  it('exports a result as an Excel workbook whose values read back', async () => {
    const { page } = current();
    await runQuery(page, `SELECT 'Perú' AS pais, 1234.5::DOUBLE AS monto, DATE '2024-05-31' AS dia UNION ALL SELECT 'México', 0.25, DATE '2023-01-02' ORDER BY dia`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Excel (.xlsx)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await openFiles(page, [{ name: 'vuelta_xlsx.xlsx', bytes }]);
    await datasetButton(page, 'vuelta_xlsx').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT pais, typeof(monto) AS t, CAST(monto AS VARCHAR) AS m, CAST(dia AS VARCHAR) AS d FROM vuelta_xlsx ORDER BY dia');
    expect(await gridRows(page)).toEqual([
      ['México', 'DOUBLE', '0.25', '2023-01-02'],
      ['Perú', 'DOUBLE', '1234.5', '2024-05-31'],
    ]);
  });

  it('exports a whole dataset from the list, as CSV with the chosen options, Excel and Parquet', async () => {
    const { page } = current();
    const dialog = page.getByRole('dialog', { name: 'Export montos' });
    const exportAs = async (button: string) => {
      await page.getByRole('button', { name: 'Actions for montos', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Export montos' }).click();
      await dialog.waitFor();
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: button }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^montos_\d{4}-\d{2}-\d{2}\./);
      await dialog.waitFor({ state: 'detached' });
      return readFileSync(await file.path());
    };
    // The CSV options chosen for the result (semicolon, decimal comma, BOM) hold here too.
    const csv = await exportAs('Export CSV');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8').split('\n').slice(0, 2)).toEqual(['Región;Compañía;Importe', 'Norte;Añil;1234,56']);
    expect((await exportAs('Export Excel (.xlsx)')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await exportAs('Export Parquet')).subarray(0, 4).toString('latin1')).toBe('PAR1');
  });

  it('asks for the header row of a sheet with a title above it, reads the sheet with the chosen row, and again after a reload', async () => {
    const { page } = current();
    const workbook = makeXlsx([
      {
        name: 'Ventas',
        rows: [['Informe de ventas 2024', null], [null, null], ['Región', 'Monto'], ['Zona', 'Valor'], ['Norte', 10], ['Sur', 20.5]],
      },
    ]);
    await openFiles(page, [{ name: 'informe.xlsx', bytes: workbook }]);
    const dialog = page.getByRole('dialog', { name: 'Choose sheets to load' });
    await dialog.waitFor({ timeout: 30_000 });
    const headerRow = dialog.getByRole('spinbutton', { name: 'Header row of Ventas' });
    // Detected: the row right above the figures.
    expect(await headerRow.inputValue()).toBe('4');
    await expect.poll(() => dialog.getByText(/^Columns:/).textContent()).toBe('Columns: Zona, Valor');
    expect(await dialog.locator('tr.header td').allTextContents()).toEqual(['Zona', 'Valor']);
    // Another row gives other columns, at once.
    await headerRow.fill('1');
    await expect.poll(() => dialog.locator('tr.header td').first().textContent()).toBe('Informe de ventas 2024');
    expect(await dialog.getByText(/^Columns:/).textContent()).toContain('Informe de ventas 2024');
    // The person's choice is the one read, now and when the workspace is restored.
    await headerRow.fill('3');
    await expect.poll(() => dialog.getByText(/^Columns:/).textContent()).toBe('Columns: Región, Monto');
    await shoot(page, 'sheet-picker');
    await dialog.getByRole('button', { name: 'Load sheets' }).click();
    await datasetButton(page, 'informe').waitFor({ timeout: 30_000 });
    const expectChosenHeader = async () => {
      await runQuery(page, 'SELECT "Región", count(*) OVER () AS n FROM informe ORDER BY 1');
      expect(await gridHeaders(page)).toEqual(['Región', 'n']);
      expect(await gridRows(page)).toEqual([
        ['Norte', '3'],
        ['Sur', '3'],
        ['Zona', '3'],
      ]);
    };
    await expectChosenHeader();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 30_000 });
    await page.reload();
    await waitForEngine(page);
    await datasetButton(page, 'informe').waitFor({ timeout: 30_000 });
    await expectChosenHeader();

    // Read the loaded dataset again with another header row, then undo it.
    await page.getByRole('button', { name: 'Columns of informe' }).first().click();
    await page.getByRole('button', { name: 'Actions for informe', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Header row of informe…' }).click();
    const again = page.getByRole('dialog', { name: 'Header row of informe' });
    await again.waitFor({ timeout: 30_000 });
    const row = again.getByRole('spinbutton', { name: 'Header row of Ventas' });
    expect(await row.inputValue()).toBe('3');
    await row.fill('4');
    await expect.poll(() => again.getByText(/^Columns:/).textContent()).toBe('Columns: Zona, Valor');
    await again.getByRole('button', { name: 'Read again' }).click();
    const changed = page.getByRole('status').filter({ hasText: 'Read informe again with row 4 as its header.' });
    await changed.waitFor({ timeout: 30_000 });
    // The column list follows the engine (running a query here would edit the editor's text, and Undo would undo that first).
    const columns = page.getByRole('list', { name: 'Columns of informe' });
    await expect.poll(() => columns.getByRole('listitem').allTextContents()).toEqual(['ZonaVARCHAR', 'ValorDOUBLE']);
    await changed.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => columns.getByRole('listitem').allTextContents()).toEqual(['RegiónVARCHAR', 'MontoVARCHAR']);
    await runQuery(page, 'SELECT * FROM informe ORDER BY 1');
    expect(await gridHeaders(page)).toEqual(['Región', 'Monto']);
  });
});
