/**
 * The ordered application core, in Chromium: the cases that lost or corrupted
 * data before (issue 13), each as a person would meet it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { dropFiles, gridRows, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

interface SettledState {
  document: string[];
  engine: string[];
}
const settledState = (page: Page) => page.evaluate(() => (window as unknown as { atalayaDebug: { settledState(): Promise<SettledState> } }).atalayaDebug.settledState());
const tableButton = (page: Page, name: string) => page.getByRole('button', { name: `Insert ${name} into the editor` });

describe('the ordered core, in Chromium', () => {
  it('keeps a dataset that is still being restored when a query runs, across the next reload', async () => {
    const { page } = current();
    // About 30 MB: restoring it after a reload takes long enough for a query to arrive first.
    await page.evaluate(() => {
      const line = '2012,Colombia,123.456,some text that makes the line longer than it needs to be\n';
      const file = new File(['year,country,value,note\n', line.repeat(380_000)], 'grande.csv', { type: 'text/csv' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    await tableButton(page, 'grande').waitFor({ timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 60_000 });

    await page.reload();
    await waitForEngine(page);
    await runQuery(page, 'SELECT 1 AS one');
    expect(await gridRows(page)).toEqual([['1']]);
    expect(await settledState(page)).toEqual({ document: ['grande'], engine: ['grande'] });

    await page.reload();
    await waitForEngine(page);
    await tableButton(page, 'grande').waitFor({ timeout: 60_000 });
    await runQuery(page, 'SELECT count(*) AS n FROM grande');
    expect(await gridRows(page)).toEqual([['380000']]);
  });

  it('leaves engine and document equal after twenty rapid Undo/Redo clicks', async () => {
    const { page } = current();
    await page.getByRole('button', { name: /^Workspace:/ }).click();
    await page.getByRole('button', { name: 'New workspace' }).click();
    await waitForEngine(page);
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
      await dropFiles(page, [{ name: `${name}.csv`, text: `id,${name}\n1,${name.length}\n2,${name.length * 2}\n` }]);
      await tableButton(page, name).waitFor();
    }
    await runQuery(page, 'DROP TABLE beta');
    await runQuery(page, 'ALTER TABLE gamma RENAME TO g2');
    expect(await settledState(page)).toEqual({ document: ['alpha', 'delta', 'g2'], engine: ['alpha', 'delta', 'g2'] });
    // A fixed pattern of clicks 30 ms apart, undoing and redoing past each other.
    const pattern = 'UUURRUUURRRRUURUUURR';
    for (const click of pattern) {
      // A disabled button (nothing left to undo) ignores the click, as it would for a person.
      await page.getByRole('button', { name: click === 'U' ? 'Undo last edit' : 'Redo last undone edit', exact: true }).click({ force: true, noWaitAfter: true, timeout: 2_000 }).catch(() => undefined);
      await page.waitForTimeout(30);
    }
    const state = await settledState(page);
    expect(state.engine).toEqual(state.document);
    // The next query records nothing and keeps Redo available.
    await runQuery(page, 'SELECT 1');
    expect(await settledState(page)).toEqual(state);
  });

  it('shows the new type after convert, Undo, Redo, offers no second conversion, and changes no value', async () => {
    const { page } = current();
    await dropFiles(page, [{ name: 'montos.csv', text: 'pais;monto\nBrasil;228.734,94\nChile;1.234,50\nPerú;n/d\n' }]);
    const profile = page.getByRole('region', { name: 'Profile of montos' });
    const card = profile.getByRole('article', { name: 'monto' });
    await card.getByRole('button', { name: 'Change the type of monto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the type of monto' });
    await dialog.getByText('2 values will convert.').waitFor();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await card.getByText('DOUBLE').waitFor();
    await page.getByRole('button', { name: 'Undo last edit', exact: true }).click();
    await card.getByText('VARCHAR').waitFor();
    await page.getByRole('button', { name: 'Redo last undone edit', exact: true }).click();
    await card.getByText('DOUBLE').waitFor();
    expect(await card.getByRole('button', { name: 'Change the type of monto' }).count()).toBe(0);
    await runQuery(page, 'SELECT sum(monto) AS s FROM montos');
    expect(await gridRows(page)).toEqual([['229969.44']]);
  });
});
