import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { dropFiles, runQuery, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

const VENTAS = { name: 'ventas.csv', text: 'region,monto\nNorte,10.5\nSur,20\nCentro,4.25\n' };
const CHART_TITLE = 'Sum of monto by region';

/** Who has focus: its accessible label, else its text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'BODY';
    return active.getAttribute('aria-label') ?? active.textContent?.trim() ?? active.tagName;
  });
}

const presenterOf = (page: Page) => page.getByRole('dialog', { name: /^Presenting / });
const slideTitle = (presenter: Locator) => presenter.getByRole('heading', { level: 1 }).textContent();

/** A finger swiping across the slide: pointer events of type touch, as a phone sends them. */
async function swipe(page: Page, from: number, to: number): Promise<void> {
  await page.evaluate(
    ([start, end]) => {
      const slide = document.querySelector('[aria-roledescription="slide"]');
      const event = (type: string, x: number) => new PointerEvent(type, { pointerType: 'touch', pointerId: 7, clientX: x, clientY: 300, bubbles: true });
      slide?.dispatchEvent(event('pointerdown', start ?? 0));
      slide?.dispatchEvent(event('pointerup', end ?? 0));
    },
    [from, to],
  );
}

async function present(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  const presenter = presenterOf(page);
  await presenter.waitFor();
  return presenter;
}

describe('the presenter, in Chromium', () => {
  // One failure leaves the presenter open over the page; the tests after it start from the workspace anyway.
  beforeEach(async () => {
    const { page } = current();
    if (await presenterOf(page).isVisible()) {
      await page.keyboard.press('Escape');
      await presenterOf(page).waitFor({ state: 'detached' });
    }
  });

  it('titles slides by the note heading and the chart, and moves by keys, buttons, clicks and swipes', async () => {
    const { page } = current();
    await page.getByRole('button', { name: '+ Note' }).click();
    await page.getByRole('textbox', { name: 'Note text (Markdown)' }).fill('# Ventas\n\nBy **region**, in millions.');
    await page.getByRole('button', { name: 'Open Query 1' }).click();
    await dropFiles(page, [VENTAS]);
    await page.getByRole('button', { name: 'Insert ventas into the editor' }).waitFor();
    await runQuery(page, 'SELECT region, monto FROM ventas ORDER BY monto DESC');
    await page.getByRole('button', { name: 'New chart', exact: true }).click();
    await page.getByRole('figure', { name: 'Bar chart: sum of monto by region', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Close chart' }).click();
    await page.getByRole('button', { name: '+ Note' }).click();
    await page.getByRole('textbox', { name: 'Note text (Markdown)' }).fill('Thanks for listening.');

    const presenter = await present(page);
    const counter = presenter.getByRole('status');
    expect(await counter.getAttribute('aria-live')).toBe('polite');
    expect(await counter.textContent()).toBe('1 / 3');
    // The note's heading titles its slide, and is not repeated above its text.
    expect(await slideTitle(presenter)).toBe('Ventas');
    expect(await presenter.getByRole('heading', { name: 'Ventas' }).count()).toBe(1);
    await presenter.getByText('in millions.').waitFor();

    // Keyboard.
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe('2 / 3');
    expect(await slideTitle(presenter)).toBe(CHART_TITLE);
    const figure = presenter.getByRole('figure', { name: 'Bar chart: sum of monto by region' });
    await figure.locator('.mark-rect path').first().waitFor({ timeout: 30_000 });
    // The chart fills the slide: nearly the presenter's width, and most of the height left under the title.
    // The chart follows the slide's size once it settles (and is drawn anew then), so this is polled.
    const svg = figure.locator('svg').first();
    const viewport = page.viewportSize();
    await expect.poll(async () => (await svg.boundingBox())?.width ?? 0).toBeGreaterThan((viewport?.width ?? 0) * 0.75);
    await expect.poll(async () => (await svg.boundingBox())?.height ?? 0).toBeGreaterThan((viewport?.height ?? 0) * 0.45);
    await page.keyboard.press('PageDown');
    expect(await counter.textContent()).toBe('3 / 3');
    expect(await slideTitle(presenter)).toBe('Note 2'); // nothing else names this note
    await page.keyboard.press('Space');
    expect(await counter.textContent()).toBe('3 / 3');
    await page.keyboard.press('Home');
    expect(await counter.textContent()).toBe('1 / 3');
    await page.keyboard.press('End');
    expect(await counter.textContent()).toBe('3 / 3');
    await page.keyboard.press('PageUp');
    expect(await counter.textContent()).toBe('2 / 3');
    await page.keyboard.press('ArrowLeft');
    expect(await counter.textContent()).toBe('1 / 3');
    await page.keyboard.press('Space');
    expect(await counter.textContent()).toBe('2 / 3');

    // Buttons, named for screen readers; Space on Previous presses it rather than moving forward.
    await presenter.getByRole('button', { name: 'Next slide' }).click();
    expect(await counter.textContent()).toBe('3 / 3');
    await presenter.getByRole('button', { name: 'Previous slide' }).click();
    expect(await counter.textContent()).toBe('2 / 3');
    await page.keyboard.press('Space');
    expect(await counter.textContent()).toBe('1 / 3');

    // A click on the slide's right half moves forward, on its left half back.
    const slide = presenter.locator('[aria-roledescription="slide"]');
    const box = await slide.boundingBox();
    if (!box) throw new Error('the slide is not on screen');
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.5);
    expect(await counter.textContent()).toBe('2 / 3');
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.5);
    expect(await counter.textContent()).toBe('1 / 3');

    // Swipes: right to left moves forward.
    await swipe(page, 700, 300);
    expect(await counter.textContent()).toBe('2 / 3');
    await swipe(page, 300, 700);
    expect(await counter.textContent()).toBe('1 / 3');
    await swipe(page, 300, 320); // a tap, not a swipe
    expect(await counter.textContent()).toBe('1 / 3');

    // Esc leaves, and focus goes back to Present.
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('Present');
  });

  it('leaves by its close button too, focus back on Present', async () => {
    const { page } = current();
    const presenter = await present(page);
    await presenter.getByRole('button', { name: 'Leave the presentation' }).click();
    await presenter.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('Present');
  });

  it('fits a 390 px wide phone screen: nothing overflows sideways, the chart is not cropped', async () => {
    const { page } = current();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      // A phone's header gathers Present into More.
      await page.getByRole('button', { name: 'More', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Present' }).click();
      const presenter = presenterOf(page);
      await presenter.waitFor();
      const counter = presenter.getByRole('status');
      for (const expected of ['1 / 3', '2 / 3', '3 / 3']) {
        expect(await counter.textContent()).toBe(expected);
        if (expected === '2 / 3') {
          const svg = presenter.getByRole('figure').locator('svg').first();
          await presenter.locator('.mark-rect path').first().waitFor({ timeout: 30_000 });
          // Drawn anew once the slide's size settles: wait for the chart at the slide's height, then check it fits.
          await expect.poll(async () => (await svg.boundingBox())?.height ?? 0).toBeGreaterThan(300);
          const drawn = await svg.boundingBox();
          expect(drawn?.x ?? -1).toBeGreaterThanOrEqual(0);
          expect((drawn?.x ?? 0) + (drawn?.width ?? 999)).toBeLessThanOrEqual(390);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `slide ${expected}`).toBeLessThanOrEqual(390);
        const title = await presenter.getByRole('heading', { level: 1 }).boundingBox();
        expect((title?.x ?? 0) + (title?.width ?? 999)).toBeLessThanOrEqual(390);
        for (const name of ['Previous slide', 'Next slide']) {
          const button = await presenter.getByRole('button', { name }).boundingBox();
          expect((button?.y ?? 9999) + (button?.height ?? 0), name).toBeLessThanOrEqual(844);
        }
        await page.keyboard.press('ArrowRight');
      }
      await page.keyboard.press('Escape');
      await presenter.waitFor({ state: 'detached' });
      await expect.poll(() => focused(page)).toBe('More');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
