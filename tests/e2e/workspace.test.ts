import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dropFiles, gridRows, newAppContext, openApp, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Every test gets its own browser profile: saved workspaces never leak between tests. */
const contexts: BrowserContext[] = [];
async function freshApp(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newAppContext(current().browser);
  contexts.push(context);
  return { context, page: await openApp(context, baseURL) };
}
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

const VENTAS = { name: 'ventas.csv', text: 'region,monto\nNorte,10.5\nSur,20\nCentro,4.25\n' };
const tableButton = (page: Page, name: string) => page.getByRole('button', { name: `Insert ${name} into the editor` });
const saved = (page: Page) => page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 30_000 });
const editorText = (page: Page) => page.getByRole('textbox', { name: 'SQL editor' }).textContent();

/** Text that does not compress: letters from a fixed-seed generator (xorshift). */
function noise(length: number): string {
  let state = 0x9e3779b9;
  let text = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    text += String.fromCharCode(33 + ((state >>> 0) % 94));
  }
  return text;
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await waitForEngine(page);
}

describe('workspaces that survive reloads, in Chromium', () => {
  it('brings back datasets (with their data), queries, notes and the title after a reload', async () => {
    const { page } = await freshApp();
    await page.getByRole('button', { name: 'Close the welcome panel' }).click();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await runQuery(page, 'SELECT sum(monto) AS total FROM ventas');

    await page.getByRole('button', { name: /^Workspace:/ }).click();
    await page.getByRole('button', { name: 'Rename workspace' }).click();
    await page.getByRole('textbox', { name: 'Name of this workspace' }).fill('Ventas 2012');
    await page.keyboard.press('Enter');

    await page.getByRole('button', { name: '+ Note' }).click();
    await page.getByRole('textbox', { name: 'Note text (Markdown)' }).fill('# Reading\n\nTotals are **USD**. <img src=x onerror=alert(1)>');
    await saved(page);

    await reload(page);
    await page.getByRole('button', { name: 'Workspace: Ventas 2012' }).waitFor();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    expect(await editorText(page)).toContain('SELECT sum(monto) AS total FROM ventas');
    // History starts afresh with the page: nothing to undo yet.
    expect(await page.getByRole('button', { name: 'Undo last edit' }).isDisabled()).toBe(true);
    await runQuery(page, 'SELECT sum(monto) AS total FROM ventas');
    expect(await gridRows(page)).toEqual([['34.75']]);

    await page.getByRole('button', { name: 'Open Note 1' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    const note = page.getByRole('region', { name: 'Note 1' });
    await note.getByRole('heading', { name: 'Reading' }).waitFor();
    // Raw HTML in a note is shown as text, never parsed.
    expect(await note.locator('img').count()).toBe(0);
    expect(await note.textContent()).toContain('<img src=x onerror=alert(1)>');
  });

  it('keeps a type fix across reloads', async () => {
    const { page } = await freshApp();
    await dropFiles(page, [{ name: 'montos.csv', text: 'pais;monto\nPerú;1.234,5\nChile;987,25\nMéxico;n/d\n' }]);
    const profile = page.getByRole('region', { name: 'Profile of montos' });
    await profile.getByRole('article', { name: 'monto' }).getByRole('button', { name: 'Change the type of monto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the type of monto' });
    await dialog.getByText('2 values will convert.').waitFor();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').filter({ hasText: 'Changed monto in montos to DOUBLE' }).waitFor();
    await saved(page);

    await reload(page);
    await tableButton(page, 'montos').waitFor({ timeout: 30_000 });
    await runQuery(page, "SELECT min(typeof(monto)) AS t, sum(monto) AS s FROM montos");
    expect(await gridRows(page)).toEqual([['DOUBLE', '2221.75']]);
  });

  it('undoes and redoes removing a dataset with the keyboard, data included', async () => {
    const { page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);
    await page.getByRole('button', { name: 'Actions for ventas', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove ventas' }).click();
    await expect.poll(() => tableButton(page, 'ventas').count()).toBe(0);

    // Outside the editor, Ctrl+Z undoes workspace edits (inside, it undoes typing).
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.press('Control+z');
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => tableButton(page, 'ventas').count()).toBe(0);
    await saved(page);
    await reload(page);
    await page.getByText('No tables yet.', { exact: false }).waitFor();

    // The header's Undo button does the same; the data comes back from storage.
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await page.getByRole('button', { name: 'Actions for ventas', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove ventas' }).click();
    await expect.poll(() => tableButton(page, 'ventas').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo last edit' }).click();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT count(*) AS n FROM ventas');
    expect(await gridRows(page)).toEqual([['3']]);
  });

  it('says when a chart is deleted, and brings it back with Undo', async () => {
    const { page } = await freshApp();
    await runQuery(page, 'SELECT 1 AS a, 2 AS b');
    await page.getByRole('button', { name: 'New chart', exact: true }).click();
    await page.getByRole('button', { name: 'Close chart' }).click();
    await page.getByRole('button', { name: 'Delete Chart 1' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Removed Chart 1.' });
    await notice.waitFor();
    expect(await page.getByRole('button', { name: 'Open Chart 1' }).count()).toBe(0);
    await notice.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Open Chart 1' }).waitFor();
  });

  it('exports a workspace file and opens it again as a new workspace, identical', async () => {
    const { page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await runQuery(page, 'SELECT region, monto FROM ventas ORDER BY monto');
    await saved(page);

    await page.getByRole('button', { name: /^Workspace:/ }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export workspace file…' }).click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('button', { name: /^Workspace:/ }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import workspace file…' }).click();
    await (await chooser).setFiles(file);
    // An imported file is someone else's: it opens in the protected view first.
    const review = page.getByRole('dialog', { name: 'Imported workspace: Untitled workspace' });
    await review.getByRole('button', { name: 'Run and keep as a new workspace' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 30_000 });
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    expect(await editorText(page)).toContain('SELECT region, monto FROM ventas ORDER BY monto');
    await runQuery(page, 'SELECT region, monto FROM ventas ORDER BY monto');
    expect(await gridRows(page)).toEqual([['Centro', '4.25'], ['Norte', '10.5'], ['Sur', '20.0']]);
    // Both workspaces are kept: the import did not overwrite the original.
    await page.getByRole('button', { name: /^Workspace:/ }).click();
    expect(await page.getByRole('region', { name: 'Workspaces' }).getByRole('listitem').count()).toBe(1);
    await page.keyboard.press('Escape');

    // A damaged file is refused by name, and nothing changes.
    const broken = join(tmpdir(), 'broken.atalaya');
    writeFileSync(broken, readFileSync(file).subarray(0, 200));
    await page.getByRole('button', { name: /^Workspace:/ }).click();
    const again = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import workspace file…' }).click();
    await (await again).setFiles(broken);
    await page.getByRole('alert').filter({ hasText: /^broken\.atalaya is damaged or not a zip archive/ }).waitFor();
    await tableButton(page, 'ventas').waitFor();
  });

  it('tells a tab that another tab saved the workspace, instead of overwriting it', async () => {
    const { context, page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);
    const other = await openApp(context, baseURL);
    await tableButton(other, 'ventas').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Actions for ventas', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Remove ventas' }).click();
    await saved(page);
    const alert = other.getByRole('alert').filter({ hasText: 'changed in another tab' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload' }).click();
    await waitForEngine(other);
    await other.getByText('No tables yet.', { exact: false }).waitFor();
  });

  it('keeps the saved state when storage is full, and says what to do', async () => {
    const context = await newAppContext(current().browser);
    contexts.push(context);
    const page = await context.newPage();
    // Chromium applies a quota to a database when it opens it, so the override comes first.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: 512 * 1024 });
    await page.goto(baseURL);
    await waitForEngine(page);
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);

    const big = `id,label\n${Array.from({ length: 60_000 }, (_, i) => `${i},row number ${i}`).join('\n')}\n`;
    await dropFiles(page, [{ name: 'grande.csv', text: big }]);
    const notice = page.getByRole('alert').filter({ hasText: 'grande.csv is loaded but could not be saved' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('storage for this site is full. Your previously saved state is intact.');
    // A workspace too large for what is left cannot be saved either: the banner stays, offering Retry and Export.
    await page.getByRole('button', { name: '+ Note' }).click();
    // Incompressible text: Chromium compresses large IndexedDB values, so a repeated letter would fit.
    await page.getByRole('textbox', { name: 'Note text (Markdown)' }).fill(noise(700_000));
    const banner = page.getByRole('alert').filter({ hasText: 'Not saved:' });
    await banner.getByRole('button', { name: 'Retry saving' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: /^Not saved$/ }).count()).toBe(1);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin });
    await reload(page);
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    expect(await tableButton(page, 'grande').count()).toBe(0);
  });

  it('reopens to the old or the new state, never a broken one, when the tab is closed while saving', async () => {
    const { context, page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);
    const big = `id,label\n${Array.from({ length: 400_000 }, (_, i) => `${i},row number ${i}`).join('\n')}\n`;
    await dropFiles(page, [{ name: 'grande.csv', text: big }]);
    await page.getByRole('status').filter({ hasText: /^Saving…$/ }).waitFor();
    await page.close({ runBeforeUnload: false });

    const reopened = await openApp(context, baseURL);
    await tableButton(reopened, 'ventas').waitFor({ timeout: 30_000 });
    const hasBig = (await tableButton(reopened, 'grande').count()) > 0;
    if (hasBig) {
      await runQuery(reopened, 'SELECT count(*) AS n FROM grande');
      expect(await gridRows(reopened)).toEqual([['400000']]);
    }
    expect(await reopened.getByRole('status').filter({ hasText: 'Could not restore' }).count()).toBe(0);
  });

  it('starts and works with the network off after the first visit, saved workspace included', async () => {
    const { context, page } = await freshApp();
    // The service worker has cached the app and the engine, and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);

    await context.setOffline(true);
    try {
      // Offline is real for the worker too: anything not cached fails.
      expect(await page.evaluate(() => fetch('/favicon.svg?not-cached').then(() => 'fetched', () => 'failed'))).toBe('failed');
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await waitForEngine(page);
      await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
      await runQuery(page, 'SELECT count(*) AS n, sum(monto) AS total FROM ventas');
      expect(await gridRows(page)).toEqual([['3', '34.75']]);
      await page.getByRole('button', { name: 'Sample data' }).click();
      await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load CARSI budget, 2008–2013' }).click();
      await page.getByText('24 rows × 4 columns').waitFor();
    } finally {
      await context.setOffline(false);
    }
  });

  it('keeps several workspaces: new, switch, duplicate, and delete with Undo', async () => {
    const { page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);
    const menu = () => page.getByRole('button', { name: /^Workspace:/ }).click();

    await menu();
    await page.getByRole('button', { name: 'New workspace' }).click();
    await page.getByText('No tables yet.', { exact: false }).waitFor();
    await menu();
    await page.getByRole('button', { name: 'Rename workspace' }).click();
    await page.getByRole('textbox', { name: 'Name of this workspace' }).fill('Costos');
    await page.keyboard.press('Enter');
    await dropFiles(page, [{ name: 'costos.csv', text: 'item,costo\na,1\nb,2\n' }]);
    await tableButton(page, 'costos').waitFor();
    await saved(page);

    await menu();
    await page.getByRole('region', { name: 'Workspaces' }).getByRole('button', { name: /^Untitled workspace/ }).click();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    expect(await tableButton(page, 'costos').count()).toBe(0);

    await menu();
    await page.getByRole('button', { name: 'Duplicate workspace' }).click();
    await page.getByRole('button', { name: 'Workspace: Copy of Untitled workspace' }).waitFor();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT count(*) AS n FROM ventas');
    expect(await gridRows(page)).toEqual([['3']]);

    await menu();
    await page.getByRole('button', { name: 'Delete workspace' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Deleted workspace “Copy of Untitled workspace”.' });
    await notice.waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Workspace: Copy of Untitled workspace' }).count()).toBe(0);
    await notice.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Workspace: Copy of Untitled workspace' }).waitFor();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
  });

  it('says so when the browser has cleared the saved workspaces, rather than showing an empty app', async () => {
    const { context, page } = await freshApp();
    await dropFiles(page, [VENTAS]);
    await tableButton(page, 'ventas').waitFor();
    await saved(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL).origin, storageTypes: 'indexeddb' });
    await reload(page);
    await page.getByRole('status').filter({ hasText: 'Your saved workspaces are gone' }).waitFor({ timeout: 30_000 });
  });
});
