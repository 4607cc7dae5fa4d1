import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { foreignRequests, runQuery, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

describe('charts, in Chromium', () => {
  it('builds a bar chart of a sample with the keyboard, shows its rows as a table, and exports PNG and SVG', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.getByRole('button', { name: 'Sample data' }).click();
    await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load CARSI budget, 2008–2013' }).click();
    await page.getByText('30 rows × 4 columns').waitFor();

    await page.getByRole('tab', { name: 'Chart' }).focus();
    await page.keyboard.press('Enter');
    // Each choice is a labelled control; typing a choice's first letters picks it, as in any select.
    const choose = async (label: string, text: string) => {
      await page.getByRole('combobox', { name: label, exact: true }).focus();
      await page.keyboard.type(text);
    };
    await choose('X', 'year');
    await choose('Measure', 'sum');
    await choose('Y', 'amount');
    const figure = page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year' });
    await figure.waitFor({ timeout: 30_000 });
    await expect.poll(() => figure.locator('path[aria-roledescription="bar"], .mark-rect path').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Table', exact: true }).focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Rows drawn: Bar chart: sum of amount_usd_millions by year' });
    const cells = await table.getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent)));
    expect(cells[0]).toEqual(['year', 'sum of amount_usd_millions']);
    expect(cells.length).toBe(7); // header and 2008–2013

    // The query changes: the chart re-queries with the same choices.
    await runQuery(page, 'FROM carsi_budget WHERE year >= 2011');
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await figure.waitFor();

    for (const [button, magic] of [['PNG', '\x89PNG'], ['SVG', '<svg']] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button, exact: true }).click();
      const bytes = readFileSync(await (await download).path());
      expect(bytes.length).toBeGreaterThan(1000);
      expect(bytes.subarray(0, 200).toString('latin1')).toContain(magic);
    }
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });
});
