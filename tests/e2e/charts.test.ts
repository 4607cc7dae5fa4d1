import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { foreignRequests, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

async function loadSample(page: Page, title: string, shape: string) {
  await page.getByRole('button', { name: 'Sample data' }).click();
  await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: `Load ${title}` }).click();
  await page.getByText(shape).waitFor();
}

/** Each choice is a labelled select; typing an option's first letters picks it, as in any select. */
async function choose(page: Page, label: string, text: string) {
  await page.getByRole('combobox', { name: label, exact: true }).focus();
  await page.keyboard.type(text);
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

const tableRows = (page: Page, description: string) =>
  page.getByRole('table', { name: `Rows drawn: ${description}` }).getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent)));

describe('charts, in Chromium', () => {
  it('builds a bar chart of a sample with the keyboard, shows its table, exports PNG and SVG, and follows its query', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await loadSample(page, 'CARSI budget, 2008–2013', '30 rows × 4 columns');

    await press(page, 'New chart');
    const editor = page.getByRole('region', { name: 'Chart: Chart 1' });
    await editor.waitFor();
    await choose(page, 'Mark', 'Bar');
    await choose(page, 'X column', 'year');
    await choose(page, 'Y column', 'amount');
    await choose(page, 'Y aggregate', 'sum');
    await choose(page, 'Color column', 'acc');
    await page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year and account' }).waitFor({ timeout: 30_000 });
    await press(page, 'Remove Color');
    const description = 'Bar chart: sum of amount_usd_millions by year';
    const figure = page.getByRole('figure', { name: description, exact: true });
    await figure.waitFor();
    await expect.poll(() => figure.locator('path[aria-roledescription="bar"], .mark-rect path').count()).toBeGreaterThan(0);
    // The sample keeps the published Total rows: a sum by year would count each year twice, and the builder says so.
    await editor.getByRole('status').filter({ hasText: 'account has rows labelled “Total”, which look like totals of the other rows' }).waitFor();

    await press(page, 'Table');
    const cells = await tableRows(page, description);
    expect(cells[0]).toEqual(['year', 'sum of amount_usd_millions']);
    expect(cells.length).toBe(7); // header and 2008–2013
    await press(page, 'Chart');

    for (const [button, magic] of [['PNG', '\x89PNG'], ['SVG', '<svg']] as const) {
      const download = page.waitForEvent('download');
      await press(page, button);
      const bytes = readFileSync(await (await download).path());
      expect(bytes.length).toBeGreaterThan(1000);
      expect(bytes.subarray(0, 200).toString('latin1')).toContain(magic);
    }

    // The chart draws from its query: change the query, and the chart follows.
    await press(page, 'Close chart');
    await runQuery(page, 'FROM carsi_budget WHERE year >= 2011');
    await press(page, 'Open Chart 1');
    await press(page, 'Table');
    await expect.poll(async () => (await tableRows(page, description)).length).toBe(4);

    await press(page, 'Chart');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('places a column by drag and drop, undoes it, and keeps a hand-edited, sanitized Vega-Lite spec across a reload', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const colorColumn = page.getByRole('combobox', { name: 'Color column', exact: true });
    await page.locator('li', { hasText: 'account' }).first().dragTo(page.getByRole('group', { name: 'Color', exact: true }));
    await expect.poll(() => colorColumn.inputValue()).toBe('account');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Undo last edit' }).click();
    await expect.poll(() => colorColumn.inputValue()).toBe('');

    await press(page, 'Vega-Lite');
    const spec = page.getByRole('textbox', { name: 'Vega-Lite spec' });
    const specRows = async () => (JSON.parse(await spec.inputValue()) as { data: { values: unknown[] } }).data.values.length;
    // The undo redraws without colour; the spec follows once the new rows arrive.
    await expect.poll(specRows).toBe(3); // 2011–2013: the spec holds the rows drawn
    const original = JSON.parse(await spec.inputValue()) as Record<string, unknown>;
    const edited = {
      ...original,
      data: { url: 'https://example.com/steal.csv' },
      mark: { type: 'bar', color: '#d62728', tooltip: true },
      // An expression: Vega's interpreter evaluates it under the page's CSP (no eval).
      transform: [{ calculate: 'datum.y_1 * 2', as: 'twice' }],
      encoding: { ...(original.encoding as object), href: { field: 'x_0' }, tooltip: { field: 'twice', type: 'quantitative' } },
    };
    await spec.fill(JSON.stringify(edited));
    await spec.press('Control+Enter');
    await page.getByText('Removed from the spec before drawing').waitFor();
    const bars = page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year', exact: true }).locator('path[aria-roledescription="bar"], .mark-rect path');
    await expect.poll(() => bars.first().getAttribute('fill')).toBe('#d62728');
    expect(await page.locator('svg a').count()).toBe(0);

    await page.getByText('Saved', { exact: true }).waitFor();
    await page.reload();
    await waitForEngine(page);
    await press(page, 'Open Chart 1');
    await page.getByText('Drawn from your edited Vega-Lite spec').waitFor({ timeout: 30_000 });
    await expect.poll(() => bars.first().getAttribute('fill'), { timeout: 30_000 }).toBe('#d62728');
    await press(page, 'Discard spec edits');
    await expect.poll(() => bars.first().getAttribute('fill')).not.toBe('#d62728');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('recommends charts with "Show me" and draws every country of the region on a map', async () => {
    const { page } = current();
    await press(page, 'Close chart');
    await loadSample(page, 'Countries of Latin America and the Caribbean', '33 rows × 7 columns');
    await page.getByRole('button', { name: 'New chart of countries' }).click();
    await page.getByRole('region', { name: 'Chart: Chart 2' }).waitFor();
    await page.getByRole('checkbox', { name: 'iso3' }).check();
    const showMe = page.getByRole('region', { name: 'Show me' });
    const first = showMe.getByRole('button', { name: 'Use Map: count of rows by iso3' });
    await first.waitFor({ timeout: 30_000 });
    expect(await showMe.getByRole('button').count()).toBeGreaterThanOrEqual(3);
    await first.click();
    const map = page.getByRole('figure', { name: 'Map: count of rows by iso3', exact: true });
    await map.waitFor();
    await expect.poll(() => map.locator('path[aria-roledescription="geoshape"], .mark-shape path').count(), { timeout: 30_000 }).toBe(33);
    expect(await page.getByText('name no country on the map').count()).toBe(0);
  });
});
