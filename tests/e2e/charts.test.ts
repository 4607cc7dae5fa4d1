import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { foreignRequests, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

async function loadSample(page: Page, title: string, shape: string) {
  await page.getByRole('button', { name: 'Sample data' }).click();
  await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: `Load ${title}` }).click();
  await page.getByText(shape).waitFor();
}

/** The toolbar's choices are labelled selects; typing an option's first letters picks it, as in any select. */
async function choose(page: Page, label: string, text: string) {
  await page.getByRole('combobox', { name: label, exact: true }).focus();
  await page.keyboard.type(text);
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

/** Moves the keyboard focus down an open menu to the item `name` (a submenu's trigger also shows its current choice after its name). */
async function focusMenuItem(page: Page, name: string) {
  for (let step = 0; step < 40; step++) {
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const role = element?.getAttribute('role') ?? '';
      return role.startsWith('menuitem') ? { text: (element?.textContent ?? '').trim(), sub: element?.getAttribute('aria-haspopup') === 'menu' } : undefined;
    });
    if (focused && (focused.text === name || (focused.sub && focused.text.startsWith(name)))) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`No menu item “${name}” could be reached with the arrow keys`);
}

/** Opens a menu from its trigger with Enter and walks `path` with the arrow keys: → into each submenu, Enter on the last item. */
async function menuPath(page: Page, trigger: Locator, path: string[]) {
  await trigger.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menu').first().waitFor();
  for (const [index, name] of path.entries()) {
    await focusMenuItem(page, name);
    await page.keyboard.press(index < path.length - 1 ? 'ArrowRight' : 'Enter');
  }
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
}

const field = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const shelf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const pill = (page: Page, channel: string) => shelf(page, channel).getByRole('button', { name: new RegExp(`^${channel}: `) });

const tableRows = (page: Page, description: string) =>
  page.getByRole('table', { name: `Rows drawn: ${description}` }).getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent)));

describe('charts, in Chromium', () => {
  it('builds a bar chart of a sample with the keyboard, shows its table, exports PNG and SVG, and follows its query', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await loadSample(page, 'CARSI budget, 2008–2013', '24 rows × 4 columns');

    await press(page, 'New chart');
    const editor = page.getByRole('region', { name: 'Chart: Chart 1' });
    await editor.waitFor();
    await choose(page, 'Mark', 'Bar');
    // Start from empty shelves: each pill's menu removes it.
    for (const channel of ['X', 'Y']) {
      await pill(page, channel).waitFor({ timeout: 30_000 });
      await menuPath(page, pill(page, channel), ['Remove']);
    }
    await expect.poll(() => editor.getByText('Drop a field here').count()).toBeGreaterThanOrEqual(2);

    // Fields go on shelves from their menus; a number arrives summed, a year as labels.
    await menuPath(page, field(page, 'year (year)'), ['Add to X']);
    await menuPath(page, field(page, 'amount_usd_millions (number)'), ['Add to Y']);
    await page.getByRole('button', { name: 'X: year', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Y: SUM(amount_usd_millions)', exact: true }).waitFor();
    await page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year', exact: true }).waitFor({ timeout: 30_000 });
    // The pill's menu changes its aggregate…
    await menuPath(page, pill(page, 'Y'), ['Aggregate', 'mean']);
    await page.getByRole('figure', { name: 'Bar chart: mean of amount_usd_millions by year', exact: true }).waitFor({ timeout: 30_000 });
    await menuPath(page, page.getByRole('button', { name: 'Y: MEAN(amount_usd_millions)', exact: true }), ['Aggregate', 'sum']);
    // …moves it to another shelf, and renames it.
    await menuPath(page, field(page, 'account (text)'), ['Add to Detail']);
    await menuPath(page, pill(page, 'Detail'), ['Move to', 'Color']);
    await page.getByRole('button', { name: 'Color: account', exact: true }).waitFor();
    expect(await shelf(page, 'Detail').getByText('Drop a field here').count()).toBe(1);
    await page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year and account' }).waitFor({ timeout: 30_000 });
    await menuPath(page, pill(page, 'Color'), ['Rename…']);
    const rename = page.getByRole('textbox', { name: 'Title on Color' });
    await expect.poll(() => rename.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Account');
    await page.keyboard.press('Enter');
    await page.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year and Account' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => pill(page, 'Color').evaluate((element) => element === document.activeElement)).toBe(true);
    await menuPath(page, pill(page, 'Color'), ['Remove']);
    const description = 'Bar chart: sum of amount_usd_millions by year';
    const figure = page.getByRole('figure', { name: description, exact: true });
    await figure.waitFor();
    await expect.poll(() => figure.locator('path[aria-roledescription="bar"], .mark-rect path').count()).toBeGreaterThan(0);

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
    // A query that adds Total rows, as published tables do: a sum by year would count each year twice, and the builder says so.
    await runQuery(page, "FROM carsi_budget WHERE year >= 2011 UNION ALL SELECT year, 'Total', sum(amount_usd_millions), false FROM carsi_budget WHERE year >= 2011 GROUP BY year");
    await press(page, 'Open Chart 1');
    await press(page, 'Table');
    await expect.poll(async () => (await tableRows(page, description)).length).toBe(4);
    await editor.getByRole('status').filter({ hasText: 'account has rows labelled “Total”, which look like totals of the other rows' }).waitFor();

    await press(page, 'Chart');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('closes every builder menu with Esc and gives the focus back to its trigger', async () => {
    const { page } = current();
    const triggers = [field(page, 'Count of rows'), field(page, 'year (year)'), pill(page, 'X'), pill(page, 'Y')];
    for (const trigger of triggers) {
      await trigger.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menu').first().waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('menu').count()).toBe(0);
      await expect.poll(() => trigger.evaluate((element) => element === document.activeElement)).toBe(true);
    }
    // From a submenu too: Esc closes the menus, and the pill has the focus again.
    await pill(page, 'Y').focus();
    await page.keyboard.press('Enter');
    await focusMenuItem(page, 'Sort');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('menuitemradio', { name: 'data order' }).waitFor();
    await page.keyboard.press('Escape');
    if ((await page.getByRole('menu').count()) > 0) await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await expect.poll(() => pill(page, 'Y').evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('places a column by drag and drop, undoes it, and keeps a hand-edited, sanitized Vega-Lite spec across a reload', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    // A field dragged onto a shelf, its pill dragged to another shelf and back onto the field list (which removes it).
    await field(page, 'account (text)').dragTo(shelf(page, 'Color'));
    await page.getByRole('button', { name: 'Color: account', exact: true }).waitFor();
    await pill(page, 'Color').dragTo(shelf(page, 'Detail'));
    await page.getByRole('button', { name: 'Detail: account', exact: true }).waitFor();
    expect(await pill(page, 'Color').count()).toBe(0);
    await pill(page, 'Detail').dragTo(field(page, 'is_request (true/false)'));
    await expect.poll(() => pill(page, 'Detail').count()).toBe(0);
    // Each step was one edit: Undo puts the pill back on Detail, then on Color, then takes it away.
    const undo = page.getByRole('button', { name: 'Undo last edit' });
    await undo.click();
    await page.getByRole('button', { name: 'Detail: account', exact: true }).waitFor();
    await undo.click();
    await page.getByRole('button', { name: 'Color: account', exact: true }).waitFor();
    await undo.click();
    await expect.poll(() => pill(page, 'Color').count()).toBe(0);

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
    await page.getByRole('button', { name: 'Actions for countries', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New chart of countries' }).click();
    await page.getByRole('region', { name: 'Chart: Chart 2' }).waitFor();
    await page.getByRole('checkbox', { name: 'Show me: iso3' }).check();
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
