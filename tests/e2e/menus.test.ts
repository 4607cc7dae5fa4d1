import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { dropFiles, runQuery, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Who has focus: its accessible label, else its text; "BODY" when focus fell to the page. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'BODY';
    return active.getAttribute('aria-label') ?? active.textContent?.trim() ?? active.tagName;
  });
}

/** Whether focus is inside the element. */
function holdsFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => node.contains(document.activeElement));
}

/** A click on the page away from any popup (a spot on the results area), as a person clicking elsewhere. */
async function clickAway(page: Page): Promise<void> {
  await page.mouse.click(640, 700);
}

const helpMenu = (page: Page) => page.getByRole('menu', { name: 'Help' });
const historyMenu = (page: Page) => page.getByRole('menu', { name: 'History' });
const workspacePanel = (page: Page) => page.getByRole('region', { name: 'Workspaces' });

describe('menus, dialogs and focus, in Chromium', () => {
  it('lands focus in the editor after the welcome panel runs a starter query', async () => {
    const { page } = current();
    await page.getByRole('region', { name: 'Welcome to Atalaya' }).getByRole('button', { name: /Explore a sample/ }).click();
    await page.getByText('3 rows × 14 columns').waitFor();
    await expect.poll(() => holdsFocus(page.locator('.cm-editor'))).toBe(true);
  });

  it('closes Help with Esc and with a click outside, giving focus back to its button', async () => {
    const { page } = current();
    const help = page.getByRole('button', { name: 'Help' });
    await help.click();
    await helpMenu(page).waitFor();
    // Arrow keys move between the items (roving focus).
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Take the tour');
    await page.keyboard.press('Escape');
    await helpMenu(page).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Help');

    await help.click();
    await helpMenu(page).waitFor();
    await clickAway(page);
    await helpMenu(page).waitFor({ state: 'detached' });
  });

  it('closes History with Esc and a click outside; a long query is cut to one line with the whole SQL in its tooltip', async () => {
    const { page } = current();
    const longSql = `SELECT ${Array.from({ length: 40 }, (_, i) => `${i} AS column_number_${i}`).join(', ')}`;
    await runQuery(page, longSql);
    for (let i = 0; i < 14; i += 1) await runQuery(page, `SELECT ${i} AS n`);
    const history = page.getByRole('button', { name: 'History', exact: true });
    await history.click();
    const menu = historyMenu(page);
    await menu.waitFor();
    const entry = menu.getByRole('menuitem', { name: longSql });
    expect(await entry.getAttribute('title')).toBe(longSql);
    const [menuBox, entryBox] = [await menu.boundingBox(), await entry.boundingBox()];
    expect(entryBox!.x + entryBox!.width).toBeLessThanOrEqual(menuBox!.x + menuBox!.width + 1);
    // Fifteen entries do not fit: the list scrolls inside the popup, which stays within the window.
    expect(await menu.evaluate((node) => node.scrollHeight > node.clientHeight)).toBe(true);
    expect(menuBox!.y + menuBox!.height).toBeLessThanOrEqual(800);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('History');

    await history.click();
    await menu.waitFor();
    await clickAway(page);
    await menu.waitFor({ state: 'detached' });

    // Choosing an entry puts it in the editor, which then has focus.
    await history.click();
    await menu.getByRole('menuitem', { name: 'SELECT 3 AS n' }).click();
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => holdsFocus(page.locator('.cm-editor'))).toBe(true);
  });

  it('closes the workspace menu with Esc and a click outside, and keeps one popup open at a time', async () => {
    const { page } = current();
    const trigger = page.getByRole('button', { name: /^Workspace:/ });
    await trigger.click();
    await workspacePanel(page).waitFor();
    await page.keyboard.press('Escape');
    await workspacePanel(page).waitFor({ state: 'detached' });
    expect(await focused(page)).toMatch(/^Workspace:/);

    await trigger.click();
    await workspacePanel(page).waitFor();
    await clickAway(page);
    await workspacePanel(page).waitFor({ state: 'detached' });

    // Help is open; pressing History closes Help (whether History then opens at once or on the next click).
    await page.getByRole('button', { name: 'Help' }).click();
    await helpMenu(page).waitFor();
    const box = await page.getByRole('button', { name: 'History', exact: true }).boundingBox();
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await helpMenu(page).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await historyMenu(page).waitFor({ state: 'detached' });

    // The workspace menu is open; pressing Help closes it.
    await trigger.click();
    await workspacePanel(page).waitFor();
    const helpBox = await page.getByRole('button', { name: 'Help' }).boundingBox();
    await page.mouse.click(helpBox!.x + helpBox!.width / 2, helpBox!.y + helpBox!.height / 2);
    await workspacePanel(page).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await helpMenu(page).waitFor({ state: 'detached' });
  });

  it('keeps Tab inside a dialog, and gives focus back to what opened it', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Sample data' }).click();
    const gallery = page.getByRole('dialog', { name: 'Sample data' });
    await gallery.waitFor();
    await expect.poll(() => holdsFocus(gallery)).toBe(true);
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      expect(await holdsFocus(gallery), `Tab ${i + 1} left the dialog`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await gallery.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Sample data');

    // A dialog opened from a menu item gives focus to the menu's button (the item is gone).
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click();
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shortcuts.waitFor();
    await expect.poll(() => holdsFocus(shortcuts)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await holdsFocus(shortcuts)).toBe(true);
    await clickAway(page);
    await shortcuts.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Help');
  });

  it('lands focus in the editor after a starter query from About this data', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Actions for plan_colombia_us_assistance', exact: true }).click();
    await page.getByRole('menuitem', { name: 'About plan_colombia_us_assistance' }).click();
    const about = page.getByRole('dialog', { name: 'About this data: plan_colombia_us_assistance' });
    await about.waitFor();
    await about.getByRole('button', { name: /^Open “.*” in the editor and run it$/ }).first().click();
    await about.waitFor({ state: 'detached' });
    await expect.poll(() => holdsFocus(page.locator('.cm-editor'))).toBe(true);
  });

  it('moves focus to the next dataset, then to the heading, when datasets are removed', async () => {
    const { page } = current();
    await dropFiles(page, [
      { name: 'aaa.csv', text: 'x\n1\n' },
      { name: 'aab.csv', text: 'y\n2\n' },
    ]);
    await page.getByRole('button', { name: 'Insert aab into the editor' }).waitFor();
    const names = await page.getByRole('button', { name: /^Insert .* into the editor$/ }).evaluateAll((buttons) => buttons.map((button) => button.textContent?.trim()));
    const after = names[names.indexOf('aaa') + 1];
    await page.getByRole('button', { name: 'Actions for aaa', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove aaa' }).click();
    await page.getByRole('button', { name: 'Insert aaa into the editor' }).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe(`Insert ${after} into the editor`);

    // Remove every dataset left: focus ends on the Datasets heading.
    for (const name of names.filter((name) => name !== 'aaa')) {
      await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
      await page.getByRole('menuitem', { name: `Remove ${name}` }).click();
      await page.getByRole('button', { name: `Insert ${name} into the editor` }).waitFor({ state: 'detached' });
    }
    await expect.poll(() => focused(page)).toBe('Datasets');
  });

  it('gives focus back to Present when the presenter closes', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    const presenter = page.getByRole('dialog', { name: /^Presenting / });
    await presenter.waitFor();
    await page.keyboard.press('Tab');
    expect(await holdsFocus(presenter)).toBe(true);
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('Present');
  });
});
