import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { newAppContext, openApp, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Sideways scrolling of the page itself (a grid scrolling inside its own box does not count). */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The first sample, from the welcome panel of a first visit; its starter query runs and its rows show. */
async function exploreSample(page: Page) {
  await page.getByRole('region', { name: 'Welcome to Atalaya' }).getByRole('button', { name: /Explore a sample/ }).click();
  await page.getByText(/^\d+ rows × 14 columns$/).waitFor({ timeout: 60_000 });
  await page.locator('[role="grid"][aria-busy="false"]').waitFor();
}

/** The header's controls by role and name; on a narrow screen Samples, Present and Share are in the More menu. */
async function expectHeaderReachable(page: Page, narrow: boolean) {
  for (const name of ['Help', 'Open files', 'Undo last edit', 'Redo last undone edit']) expect(await page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
  expect(await page.getByRole('button', { name: /^Workspace/ }).first().isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: /^Notice history/ }).isVisible()).toBe(true);
  expect(await page.getByRole('combobox', { name: 'Language' }).isVisible()).toBe(true);
  const moved = ['Sample data', 'Present', 'Share'];
  if (!narrow) {
    for (const name of moved) expect(await page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
    expect(await page.getByRole('button', { name: 'More', exact: true }).count()).toBe(0);
    return;
  }
  for (const name of moved) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
  await page.getByRole('button', { name: 'More', exact: true }).click();
  const menu = page.getByRole('menu', { name: 'More' });
  for (const name of moved) expect(await menu.getByRole('menuitem', { name, exact: true }).isVisible(), name).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => menu.count()).toBe(0);
}

describe('every screen size, in Chromium', () => {
  for (const width of [1400, 1024, 768, 390]) {
    const narrow = width <= 1100;
    it(`works at ${width} px: results, a chart and the header, with nothing wider than the window`, async () => {
      const context = await newAppContext(current().browser, { viewport: { width, height: width < 500 ? 844 : 800 } });
      try {
        const page = await openApp(context, baseURL);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await exploreSample(page);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await expectHeaderReachable(page, narrow);

        // The grid scrolls inside its own box: its right edge stays in the window even with 14 columns.
        const grid = page.getByRole('grid', { name: 'Results' });
        const box = await grid.boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(width);
        expect(await grid.evaluate((element) => element.scrollWidth > element.clientWidth || element.querySelector('[role="row"]') !== null)).toBe(true);

        // A chart of the result shows, and still nothing overflows.
        await page.getByRole('button', { name: 'New chart', exact: true }).click();
        await page.getByRole('region', { name: 'Chart: Chart 1' }).waitFor();
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await page.getByRole('button', { name: 'Close chart', exact: true }).click();

        if (width < 500) {
          // The sidebar folds away above the work area; its button opens it and says so.
          const toggle = page.getByRole('button', { name: 'Queries, notes and datasets' });
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          expect(await page.getByRole('button', { name: 'Open Query 1' }).isVisible()).toBe(false);
          await toggle.click();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
          await page.getByRole('button', { name: 'Open Chart 1' }).click();
          // Opening an item folds the sidebar again and shows the item.
          await page.getByRole('region', { name: 'Chart: Chart 1' }).waitFor();
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          // A drawn chart fits the phone's width (designed through the app's test hook: building one by hand is another test's job).
          await page.evaluate(() =>
            (window as unknown as { atalayaDebug: { openChart: (table: string, design: unknown) => void } }).atalayaDebug.openChart('plan_colombia_us_assistance', {
              mark: 'bar',
              encoding: { x: { field: 'year' }, y: { field: 'amount_usd_millions', aggregate: 'sum' } },
            }),
          );
          const figure = page.getByRole('figure', { name: /^Bar chart/ });
          await figure.waitFor({ timeout: 30_000 });
          const drawn = await figure.boundingBox();
          expect(drawn && drawn.x + drawn.width).toBeLessThanOrEqual(width);
          expect(await pageOverflow(page)).toBeLessThanOrEqual(0);

          // The presenter, from the More menu, fits the phone too.
          await page.getByRole('button', { name: 'More', exact: true }).click();
          await page.getByRole('menuitem', { name: 'Present', exact: true }).click();
          const presenter = page.getByRole('dialog', { name: /^Presenting/ });
          await presenter.waitFor();
          expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
          await presenter.getByRole('button', { name: 'Leave the presentation' }).click();
          await expect.poll(() => presenter.count()).toBe(0);
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('notices, in Chromium', () => {
  it('lets information fade, keeps an error until dismissed, never over the grid, and keeps both in the history', async () => {
    const { page } = current();
    await exploreSample(page);
    const loaded = page.getByRole('status').filter({ hasText: /^Loaded plan_colombia_us_assistance/ });
    await loaded.waitFor();
    // The pointer rests on it from now on: it must not fade while it is there.
    await loaded.hover();

    // The notices lie under the work area, not over the results grid.
    const grid = await page.getByRole('grid', { name: 'Results' }).boundingBox();
    const tray = await page.getByRole('region', { name: 'Notices' }).boundingBox();
    expect(grid && tray && tray.y).toBeGreaterThanOrEqual((grid?.y ?? 0) + (grid?.height ?? 0) - 1);

    // A file that is not text: an error, which stays.
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 255, 0, 7])], 'broken.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    const broken = page.getByRole('alert').filter({ hasText: 'broken.csv' });
    await broken.waitFor();

    // While the pointer rests on it, the information stays; once it leaves, it fades after a few seconds.
    await page.waitForTimeout(7000);
    expect(await loaded.count()).toBe(1);
    await page.mouse.move(5, 5);
    await expect.poll(() => loaded.count(), { timeout: 10_000 }).toBe(0);
    expect(await broken.count()).toBe(1);

    // The history lists both, with their kind; opening it marks them seen.
    const historyButton = page.getByRole('button', { name: /^Notice history, unread: \d+$/ });
    await historyButton.click();
    const history = page.getByRole('dialog', { name: 'Notice history' });
    await history.waitFor();
    const entries = await history.getByRole('listitem').allTextContents();
    expect(entries.some((entry) => entry.startsWith('Information') && entry.includes('Loaded plan_colombia_us_assistance'))).toBe(true);
    expect(entries.some((entry) => entry.startsWith('Error') && entry.includes('broken.csv'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Notice history', exact: true }).waitFor();

    await broken.getByRole('button', { name: 'Dismiss' }).click();
    expect(await broken.count()).toBe(0);
  });
});
