/**
 * The chart builder's choices (Data, Mark, Stack) and the language menu are
 * bits-ui selects, used here with the keyboard only: Enter/Space/arrows open
 * them, typing picks an option, Esc closes and gives the focus back. Also:
 * a one-field shelf says so when a field replaces its pill, and on a phone
 * the chart is drawn above the builder.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { foreignRequests, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Moves the focus down an open menu with the arrow keys to the item `name`. */
async function focusMenuItem(page: Page, name: string) {
  for (let step = 0; step < 40; step++) {
    const text = await page.evaluate(() => {
      const element = document.activeElement;
      return element?.getAttribute('role')?.startsWith('menuitem') ? (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() : undefined;
    });
    if (text === name) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`No menu item “${name}” could be reached with the arrow keys`);
}

/** Opens a menu from its trigger with Enter and picks `item` with the arrow keys and Enter. */
async function menuPick(page: Page, trigger: Locator, item: string) {
  await trigger.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menu').first().waitFor();
  await focusMenuItem(page, item);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
}

/** Presses Enter on a button found by its name, as a keyboard user would after tabbing to it. */
async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

describe('the chart builder’s selects, with the keyboard only, in Chromium', () => {
  it('opens Plan Colombia, charts it, changes Mark from its select and redraws; Esc closes the select', async () => {
    const { page, requests } = current();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await press(page, 'Sample data');
    const gallery = page.getByRole('dialog', { name: 'Sample data' });
    await gallery.getByRole('button', { name: 'Load US assistance for Plan Colombia, 2000–2012', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Actions for plan_colombia_us_assistance', exact: true }).waitFor({ timeout: 60_000 });
    await expect.poll(() => gallery.count()).toBe(0);
    await menuPick(page, page.getByRole('button', { name: 'Actions for plan_colombia_us_assistance', exact: true }), 'New chart of plan_colombia_us_assistance');
    const editor = page.getByRole('region', { name: /^Chart: / });
    await editor.waitFor();

    // The source is a bits-ui select too, named as before and showing the table.
    const data = editor.getByRole('combobox', { name: 'Data', exact: true });
    expect(await data.getAttribute('data-value')).toBe('table:plan_colombia_us_assistance');

    // Place the fields from their menus: year on X, the amount (summed) on Y.
    await menuPick(page, editor.getByRole('button', { name: 'year (year)', exact: true }), 'Add to X');
    await menuPick(page, editor.getByRole('button', { name: 'amount_usd_millions (number)', exact: true }), 'Add to Y');
    await editor.getByRole('button', { name: 'Y: SUM(amount_usd_millions)', exact: true }).waitFor();
    const mark = editor.getByRole('combobox', { name: 'Mark', exact: true });
    await mark.focus();
    // Bar first, so that the change to Line below is one the chart must show.
    if ((await mark.getAttribute('data-value')) !== 'bar') {
      await page.keyboard.press('Enter');
      await page.getByRole('listbox').waitFor();
      await page.keyboard.type('Bar');
      await page.keyboard.press('Enter');
    }
    const bars = editor.getByRole('figure', { name: 'Bar chart: sum of amount_usd_millions by year', exact: true });
    await expect.poll(() => bars.locator('path[aria-roledescription="bar"], .mark-rect path').count(), { timeout: 30_000 }).toBe(13);

    // Enter opens the list on the current choice; typing "Li" moves to Line; Enter picks it and closes.
    await mark.focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox');
    await list.waitFor();
    expect(await mark.getAttribute('aria-expanded')).toBe('true');
    expect(await list.getByRole('option', { selected: true }).textContent()).toContain('Bar');
    await page.keyboard.type('Li');
    await expect.poll(() => list.locator('[data-highlighted]').textContent()).toContain('Line');
    await page.keyboard.press('Enter');
    await expect.poll(() => list.count()).toBe(0);
    await expect.poll(() => isFocused(mark)).toBe(true);
    expect(await mark.getAttribute('data-value')).toBe('line');
    const line = editor.getByRole('figure', { name: 'Line chart: sum of amount_usd_millions by year', exact: true });
    await expect.poll(() => line.locator('path[aria-roledescription="line mark"], .mark-line path').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await bars.count()).toBe(0);

    // An arrow opens it too; Esc closes it without a change, and the focus is back on the trigger.
    await page.keyboard.press('ArrowDown');
    await list.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect.poll(() => list.count()).toBe(0);
    await expect.poll(() => isFocused(mark)).toBe(true);
    expect(await mark.getAttribute('data-value')).toBe('line');
    expect(await mark.getAttribute('aria-expanded')).toBe('false');

    // Space opens it, and Stack appears for bars and areas only. (Type-ahead forgets the letters typed after a second, as a native select does: "Li" must not lead "Area".)
    await page.waitForTimeout(1100);
    await page.keyboard.press(' ');
    await list.waitFor();
    await page.keyboard.type('Area');
    await expect.poll(() => list.locator('[data-highlighted]').textContent()).toContain('Area');
    await page.keyboard.press('Enter');
    await expect.poll(() => mark.getAttribute('data-value')).toBe('area');
    await editor.getByRole('combobox', { name: 'Stack', exact: true }).waitFor();
    await editor.getByRole('figure', { name: 'Area chart: sum of amount_usd_millions by year', exact: true }).waitFor({ timeout: 30_000 });

    expect(errors).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('says so when a field replaces the one on a one-field shelf (Tooltip)', async () => {
    const { page } = current();
    const editor = page.getByRole('region', { name: /^Chart: / });
    const tooltip = editor.getByRole('group', { name: 'Tooltip', exact: true });
    await menuPick(page, editor.getByRole('button', { name: 'account (text)', exact: true }), 'Add to Tooltip');
    await tooltip.getByRole('button', { name: 'Tooltip: account', exact: true }).waitFor();
    expect(await tooltip.getByRole('status').textContent()).toBe('');
    await menuPick(page, editor.getByRole('button', { name: 'year (year)', exact: true }), 'Add to Tooltip');
    await tooltip.getByRole('button', { name: 'Tooltip: year', exact: true }).waitFor();
    await expect.poll(() => tooltip.getByRole('status').textContent()).toBe('Tooltip holds one field: year replaced account (Undo brings it back).');
    // The next change to the design clears the notice.
    await menuPick(page, tooltip.getByRole('button', { name: 'Tooltip: year', exact: true }), 'Remove');
    await expect.poll(() => tooltip.getByRole('status').textContent()).toBe('');
  });

  it('switches language from the header’s select with the keyboard, and back', async () => {
    const { page } = current();
    const language = page.getByRole('combobox', { name: 'Language', exact: true });
    await language.focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox');
    await list.waitFor();
    // Every language is named in itself.
    expect((await list.getByRole('option').allTextContents()).map((text) => text.trim())).toEqual(['English', 'Español', 'Português']);
    expect(await list.getByRole('option', { name: 'Español' }).getAttribute('lang')).toBe('es-419');
    await page.keyboard.type('Es');
    await page.keyboard.press('Enter');
    const idioma = page.getByRole('combobox', { name: 'Idioma', exact: true });
    await expect.poll(() => idioma.getAttribute('data-value')).toBe('es-419');
    await expect.poll(() => isFocused(idioma)).toBe(true);
    await page.getByRole('combobox', { name: 'Marca', exact: true }).waitFor();
    // Closed, typing picks too, as in a native select.
    await page.keyboard.type('En');
    await expect.poll(() => language.getAttribute('data-value')).toBe('en');
    await page.getByRole('combobox', { name: 'Mark', exact: true }).waitFor();
  });

  it('draws the chart above the fields and shelves on a phone, and nothing overflows sideways', async () => {
    const { page } = current();
    await page.setViewportSize({ width: 390, height: 844 });
    const editor = page.getByRole('region', { name: /^Chart: / });
    const figure = editor.getByRole('figure', { name: 'Area chart: sum of amount_usd_millions by year', exact: true });
    await figure.waitFor();
    const top = async (locator: Locator) => (await locator.boundingBox())?.y ?? Number.NaN;
    const chartBottom = async () => {
      const chart = await figure.boundingBox();
      return chart ? chart.y + chart.height : Number.NaN;
    };
    // Above them, not drawn over them — once the chart has followed the new width (it redraws when the size settles).
    await expect.poll(async () => (await chartBottom()) <= (await top(editor.getByRole('group', { name: 'X', exact: true }))), { timeout: 10_000 }).toBe(true);
    expect(await chartBottom()).toBeLessThanOrEqual(await top(editor.getByRole('heading', { name: 'Fields' })));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The Mark select's list fits the phone's width.
    await editor.getByRole('combobox', { name: 'Mark', exact: true }).focus();
    await page.keyboard.press('Enter');
    const box = await page.getByRole('listbox').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
