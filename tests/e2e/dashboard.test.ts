/**
 * Dashboards in Chromium: tiles added by keyboard and mouse, a list filter
 * and a click on a bar filtering the other charts (read through their Table
 * alternative), Clear all, a reload that keeps layout and selections, Undo of
 * a selection, moving a tile from the keyboard, and axe on the screen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useFreshContexts, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);
const { freshContext } = useFreshContexts(current);
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TABLE = 'plan_colombia_us_assistance';

async function loadSample(page: Page) {
  await page.getByRole('button', { name: 'Sample data' }).click();
  await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load US assistance for Plan Colombia, 2000–2012' }).click();
  await page.getByText(/39 rows × 3 columns/).first().waitFor({ timeout: 120_000 });
}

/** A chart of the sample's table, from the datasets panel (the app's "New chart" flow). */
async function newChart(page: Page, name: string) {
  await page.getByRole('button', { name: `Actions for ${TABLE}` }).click();
  await page.getByRole('menuitem', { name: `New chart of ${TABLE}` }).click();
  await page.getByRole('region', { name: `Chart: ${name}` }).waitFor();
  await page.getByRole('figure').first().waitFor({ timeout: 60_000 });
}

const tile = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

/** The rows of a chart tile's Table alternative, as text. */
async function chartRows(page: Page, title: string): Promise<string[][]> {
  const frame = tile(page, title);
  await frame.getByRole('button', { name: 'Table', exact: true }).click();
  const table = frame.getByRole('table');
  await table.waitFor();
  const rows = await table.getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent ?? '')));
  await frame.getByRole('button', { name: 'Chart', exact: true }).click();
  return rows;
}

/** Waits until a chart tile's rows are not `before` any more, and returns them. */
async function changedRows(page: Page, title: string, before: string[][]): Promise<string[][]> {
  let rows = before;
  await expect.poll(async () => JSON.stringify((rows = await chartRows(page, title))), { timeout: 30_000 }).not.toBe(JSON.stringify(before));
  return rows;
}

async function addByMouse(page: Page, item: string) {
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

const chips = (page: Page) => page.getByRole('group', { name: 'Filters' }).getByRole('listitem').allInnerTexts();

async function audit(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the app's CSP rightly refuses an injected script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact?: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })).violations;
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function clickBar(frame: Locator, label: string) {
  const bar = frame.locator(`[aria-roledescription="bar"][aria-label*="${label}"]`).first();
  await bar.waitFor({ timeout: 30_000 });
  await bar.click();
}

describe('dashboards, in Chromium', () => {
  it('cross-filters two charts from a list filter, the keyboard and a click, keeps it all across a reload and in a link, and undoes a selection', async () => {
    const { page } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await loadSample(page);

    // Chart 1: the sum by year (the first design); Chart 2: the sum by account.
    await newChart(page, 'Chart 1');
    await newChart(page, 'Chart 2');
    await page.getByRole('button', { name: 'account (text)', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Add to X' }).click();
    await page.getByRole('figure', { name: /by account$/ }).waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'New dashboard' }).click();
    await page.getByRole('region', { name: 'Dashboard Dashboard 1' }).waitFor();
    await page.getByText('This dashboard is empty.').waitFor();

    // Chart 1 by keyboard: the menu opens with Enter and is walked with the arrows.
    await page.getByRole('button', { name: 'Add tile' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    for (let step = 0; step < 10; step++) {
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Chart 1') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await tile(page, 'Chart 1').getByRole('figure').waitFor({ timeout: 60_000 });

    // Chart 2 and a list filter by mouse.
    await addByMouse(page, 'Chart 2');
    await addByMouse(page, 'Filter…');
    const dialog = page.getByRole('dialog', { name: 'Filter' });
    await dialog.getByRole('combobox', { name: 'Column' }).selectOption('account');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const filter = tile(page, 'account');
    await filter.getByRole('checkbox', { name: /DOD/ }).waitFor({ timeout: 60_000 });

    const byYear = await chartRows(page, 'Chart 1');
    expect(byYear.length).toBe(14); // a header and the 13 years 2000–2012
    expect(byYear[1]?.[0]).toBe('2000');

    // A ticked value filters both charts.
    await filter.getByRole('checkbox', { name: /DOD/ }).check();
    const dodByYear = await changedRows(page, 'Chart 1', byYear);
    expect(dodByYear.length).toBeLessThanOrEqual(byYear.length);
    expect(await chips(page)).toEqual([expect.stringContaining('account: DOD')]);
    await tile(page, 'Chart 1').getByRole('figure', { name: /Filtered by account: DOD/ }).waitFor();

    // Clear all: the first rows come back.
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(async () => JSON.stringify(await chartRows(page, 'Chart 1')), { timeout: 30_000 }).toBe(JSON.stringify(byYear));
    expect(await page.getByRole('group', { name: 'Filters' }).count()).toBe(0);

    // From the keyboard, a chart's values are a listbox: Space selects the value under the cursor, and again unselects it.
    await page.getByRole('listbox', { name: /^Values of Chart 2/ }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => chips(page)).toEqual([expect.stringContaining('account: ACI/ACP/INCLE')]);
    await page.getByRole('status').filter({ hasText: 'Selected account: ACI/ACP/INCLE' }).waitFor();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('group', { name: 'Filters' }).count()).toBe(0);

    // A click on a bar of Chart 2 filters Chart 1.
    await clickBar(tile(page, 'Chart 2'), 'account: Other');
    await expect.poll(() => chips(page), { timeout: 30_000 }).toEqual([expect.stringContaining('account: Other')]);
    const otherByYear = await changedRows(page, 'Chart 1', byYear);
    expect(otherByYear).not.toEqual(dodByYear);

    // Moving a tile from the keyboard: one cell down, said aloud.
    const handle = page.getByRole('button', { name: 'Move account', exact: true });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('status').filter({ hasText: /account: column 2, row/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move account');

    // A reload keeps the layout and the selection.
    const boxes = () => page.getByRole('article').evaluateAll((tiles) => tiles.map((element) => `${element.getAttribute('aria-label')}@${(element as HTMLElement).style.getPropertyValue('--x')},${(element as HTMLElement).style.getPropertyValue('--y')}`));
    const before = await boxes();
    await page.waitForTimeout(1500); // the save is debounced
    await page.reload();
    // The workspace reopens on its first item: the dashboard is opened from the list.
    await page.getByRole('button', { name: 'Open Dashboard 1' }).click({ timeout: 120_000 });
    await tile(page, 'Chart 1').getByRole('figure').waitFor({ timeout: 120_000 });
    expect(await boxes()).toEqual(before);
    expect(await chips(page)).toEqual([expect.stringContaining('account: Other')]);
    await expect.poll(async () => JSON.stringify(await chartRows(page, 'Chart 1')), { timeout: 30_000 }).toBe(JSON.stringify(otherByYear));

    // Undo of a selection brings back the one before.
    await page.getByRole('button', { name: 'Clear account: Other' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Filters' }).count()).toBe(0);
    const list = tile(page, 'account');
    await list.getByRole('checkbox', { name: /DOD/ }).check();
    await expect.poll(() => chips(page)).toEqual([expect.stringContaining('account: DOD')]);
    await list.getByRole('checkbox', { name: /Other/ }).check();
    await expect.poll(() => chips(page)).toEqual([expect.stringContaining('account: DOD, Other')]);
    await page.getByRole('button', { name: 'Undo last edit' }).click();
    await expect.poll(() => chips(page)).toEqual([expect.stringContaining('account: DOD')]);
    expect(await list.getByRole('checkbox', { name: /Other/ }).isChecked()).toBe(false);
    expect(await list.getByRole('checkbox', { name: /DOD/ }).isChecked()).toBe(true);

    expect(await audit(page)).toEqual([]);
    expect(errors).toEqual([]);

    // A link carries the dashboard and its selection to a fresh profile.
    const dodOnly = await chartRows(page, 'Chart 1');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByRole('textbox', { name: 'Link to this workspace' }).inputValue();
    await page.keyboard.press('Escape');
    const other = await (await freshContext()).newPage();
    await other.goto(link);
    await other.getByRole('dialog', { name: /^Shared workspace/ }).getByRole('button', { name: 'Run workspace' }).click({ timeout: 180_000 });
    await other.getByRole('button', { name: 'Open Dashboard 1' }).click({ timeout: 60_000 });
    await tile(other, 'Chart 1').getByRole('figure').waitFor({ timeout: 120_000 });
    expect(await chips(other)).toEqual([expect.stringContaining('account: DOD')]);
    await expect.poll(async () => JSON.stringify(await chartRows(other, 'Chart 1')), { timeout: 60_000 }).toBe(JSON.stringify(dodOnly));
  }, 400_000);
});
