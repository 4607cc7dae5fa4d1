import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { dropFiles, gridRows, openApp, runQuery, useFreshContexts, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);
const { freshContext } = useFreshContexts(current);

const tableButton = (page: Page, name: string) => page.getByRole('button', { name: `Insert ${name} into the editor` });
const actions = (page: Page, name: string) => page.getByRole('button', { name: `Actions for ${name}`, exact: true });
const actionMenu = (page: Page, name: string) => page.getByRole('menu', { name: `Actions for ${name}` });

/** Who has focus: its accessible label, else its text; "BODY" when focus fell to the page. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'BODY';
    return active.getAttribute('aria-label') ?? active.textContent?.trim() ?? active.tagName;
  });
}

/** Text whose digits are pseudo-random: it does not compress enough to travel inside a link. */
function randomCsv(rows: number): string {
  let seed = 11;
  const next = () => ((seed = (seed * 48271) % 2147483647), seed);
  return `id,value\n${Array.from({ length: rows }, (_, i) => `${i},${next()}`).join('\n')}\n`;
}

describe('the Datasets list and its action menus, in Chromium', () => {
  it('opens one action menu per table by keyboard, profiles it with Change type…, and gives focus back on Esc', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Sample data' }).click();
    await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load CARSI budget, 2008–2013' }).click();
    await page.getByText('24 rows × 4 columns').waitFor();

    // One button per table now, where there were six icons.
    const trigger = actions(page, 'carsi_budget');
    await trigger.focus();
    await page.keyboard.press('Enter');
    const menu = actionMenu(page, 'carsi_budget');
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allTextContents();
    expect(items).toEqual(['Query', 'Profile', 'New chart', 'About', 'Rename…', 'Export…', 'Remove']);
    // Arrow keys move through the items; Esc closes and gives focus back to the button.
    await expect.poll(() => focused(page)).toBe('Query carsi_budget');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Profile carsi_budget');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Actions for carsi_budget');

    // Enter on Profile: the one Profile view, with its statistics, histograms and Change type….
    await page.keyboard.press('Enter');
    await menu.waitFor();
    await expect.poll(() => focused(page)).toBe('Query carsi_budget');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Profile carsi_budget');
    await page.keyboard.press('Enter');
    const profile = page.getByRole('region', { name: 'Profile of carsi_budget', exact: true });
    const amount = profile.getByRole('article', { name: 'amount_usd_millions' });
    await amount.getByRole('group', { name: 'Distribution of amount_usd_millions' }).waitFor();
    expect(await amount.textContent()).toMatch(/max\s*71\.5/);
    await profile.getByRole('article', { name: 'account' }).getByRole('button', { name: 'Change the type of account' }).waitFor();

    // The result's profile is the same view: it can switch to any dataset, and offers Change type in the dataset.
    await runQuery(page, 'SELECT account, year FROM carsi_budget');
    await page.getByRole('tab', { name: 'Profile' }).click();
    const resultProfile = page.getByRole('region', { name: 'Profile of the query result' });
    await resultProfile.getByRole('article', { name: 'account' }).getByRole('button', { name: 'Change the type of account in carsi_budget' }).waitFor();
    await resultProfile.getByRole('combobox', { name: 'Profile of' }).selectOption('carsi_budget');
    await page.getByRole('region', { name: 'Profile of carsi_budget', exact: true }).getByRole('button', { name: 'Change the type of account' }).waitFor();
  });

  it('renames a table from its menu, and runs Query on it', async () => {
    const { page } = current();
    await dropFiles(page, [{ name: 'ventas.csv', text: 'region,monto\nNorte,10\nSur,20\n' }]);
    await tableButton(page, 'ventas').waitFor();
    await actions(page, 'ventas').click();
    await actionMenu(page, 'ventas').getByRole('menuitem', { name: 'Rename ventas' }).click();
    const field = page.getByRole('textbox', { name: 'New name for table ventas' });
    // The name field keeps focus: the closing menu does not take it back.
    await expect.poll(() => field.evaluate((node) => node === document.activeElement)).toBe(true);
    await field.fill('ventas_2024');
    await page.keyboard.press('Enter');
    await tableButton(page, 'ventas_2024').waitFor();

    await actions(page, 'ventas_2024').click();
    await page.getByRole('menuitem', { name: 'Query ventas_2024' }).click();
    await page.getByText('2 rows × 2 columns').waitFor();
    expect(await gridRows(page)).toEqual([['Norte', '10'], ['Sur', '20']]);
  });

  it('lists what a link carries and what stays behind, and lets the recipient attach the missing file after Run', async () => {
    const maker = await openApp(await freshContext(), baseURL);
    const medidas = randomCsv(12_000);
    await dropFiles(maker, [{ name: 'ventas.csv', text: 'region,monto\nNorte,10\nSur,20\n' }]);
    await tableButton(maker, 'ventas').waitFor();
    await dropFiles(maker, [{ name: 'medidas.csv', text: medidas }]);
    await tableButton(maker, 'medidas').waitFor();
    await runQuery(maker, 'SELECT count(*) AS n FROM medidas');
    await maker.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();

    await maker.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = maker.getByRole('dialog', { name: 'Share this workspace as a link' });
    const travels = dialog.getByRole('region', { name: 'Travels in the link' });
    const stays = dialog.getByRole('region', { name: 'Stays behind' });
    await travels.getByText(/^ventas: its data \(/).waitFor();
    await stays.getByText(/^medidas \(.*\) is too large to travel inline/).waitFor();
    expect(await travels.getByText(/^medidas/).count()).toBe(0);
    // Data would stay behind: the workspace file, which carries it, is the main choice.
    expect(await dialog.getByRole('button', { name: 'Export workspace file…' }).getAttribute('class')).toContain('primary');
    const link = await dialog.getByRole('textbox', { name: 'Link to this workspace' }).inputValue();

    const page = await openLinkIn(await freshContext(), link);
    await page.getByRole('dialog', { name: /^Shared workspace/ }).getByRole('button', { name: 'Run workspace' }).click();
    // The missing dataset is listed at once; the carried one loads in the fresh engine instance.
    const missing = page.getByRole('listitem', { name: 'medidas: data not loaded' });
    await missing.waitFor({ timeout: 60_000 });
    await tableButton(page, 'ventas').waitFor({ timeout: 90_000 });

    // A file that is not the one named is refused, and says which file to choose.
    let chooser = page.waitForEvent('filechooser');
    await missing.getByRole('button', { name: 'Attach medidas.csv as medidas…' }).click();
    await (await chooser).setFiles({ name: 'otra.csv', mimeType: 'text/csv', buffer: Buffer.from('id,value\n1,2\n') });
    await missing.getByRole('alert').filter({ hasText: 'otra.csv is not the file behind medidas: that one is medidas.csv' }).waitFor();

    chooser = page.waitForEvent('filechooser');
    await missing.getByRole('button', { name: 'Attach medidas.csv as medidas…' }).click();
    await (await chooser).setFiles({ name: 'medidas.csv', mimeType: 'text/csv', buffer: Buffer.from(medidas) });
    await tableButton(page, 'medidas').waitFor({ timeout: 90_000 });
    await missing.waitFor({ state: 'detached' });
    await runQuery(page, 'SELECT count(*) AS n FROM medidas');
    expect(await gridRows(page)).toEqual([['12000']]);
  }, 300_000);
});

async function openLinkIn(context: BrowserContext, link: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(link);
  await waitForEngine(page);
  return page;
}
