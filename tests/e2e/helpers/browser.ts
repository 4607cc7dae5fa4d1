import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromiumPath } from './chromium-path';

/** Flags verified on these machines (design.md): no sandbox as root, no background network. */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, to prove nothing left the origin. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * One browser session for a test file: opened before its tests, closed after.
 * The getter gives the live session inside the tests.
 */
export function useSession(baseURL: string): () => Session {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await openSession(baseURL);
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('The browser session is not open');
    return session;
  };
}

export async function openSession(baseURL: string): Promise<Session> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Playwright gives every launch a fresh, empty profile of its own.
    args: FLAGS,
  });
  const context = await newAppContext(browser);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await openApp(context, baseURL);
  return { browser, context, page, requests, close: () => browser.close() };
}

/**
 * Fresh profiles for a test file's tests, closed after each test, and every
 * URL their pages requested (Playwright's view, workers included), emptied
 * after each test too.
 */
export function useFreshContexts(current: () => Session): { freshContext: () => Promise<BrowserContext>; requests: string[] } {
  const contexts: BrowserContext[] = [];
  const requests: string[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    requests.splice(0);
  });
  return {
    requests,
    async freshContext() {
      const context = await newAppContext(current().browser);
      context.on('request', (request) => requests.push(request.url()));
      contexts.push(context);
      return context;
    },
  };
}

/** A fresh browser profile of its own (empty storage), sized like a laptop screen (English unless `options` say otherwise). */
export function newAppContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 }, ...options });
}

/** Opens the app in a new tab of the context and waits for the engine. */
export async function openApp(context: BrowserContext, baseURL: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(baseURL);
  await waitForEngine(page);
  return page;
}

/** Waits for the engine badge to say it is ready (in English unless told the words). */
export async function waitForEngine(page: Page, ready = 'Engine ready'): Promise<void> {
  await page.getByRole('status').filter({ hasText: ready }).waitFor({ timeout: 60_000 });
}

/** Drops files on the window, as a user dragging them from the desktop. */
export async function dropFiles(page: Page, files: Array<{ name: string; text: string }>): Promise<void> {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: 'text/csv' }));
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, files);
}

/** Drops files given as bytes (binary formats, any encoding) on the window, as a person dragging them in would. */
export async function dropBytes(page: Page, files: Array<{ name: string; bytes: Uint8Array }>): Promise<void> {
  const encoded = files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') }));
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name));
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, encoded);
}

/** Requests to anything other than the app's own origin (blob: and data: stay in the tab). */
export function foreignRequests(requests: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
}

/** Types SQL into the editor (replacing what is there) and starts it with Ctrl+Enter, without waiting for it. */
export async function startQuery(page: Page, sql: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
}

/** Types SQL into the editor (replacing what is there) and runs it with Ctrl+Enter. */
export async function runQuery(page: Page, sql: string): Promise<void> {
  await startQuery(page, sql);
  // Wait until the Run button is back (the query finished or failed).
  await page.getByRole('button', { name: /^Run/ }).waitFor({ timeout: 60_000 });
}

/**
 * The visible cells of the results grid, row by row (header excluded), as
 * DuckDB's exact text: what Copy gives, kept in a cell's tooltip wherever
 * the shown text differs (grouped digits, a rounded DOUBLE, a local date).
 */
export async function gridRows(page: Page, name = 'Results'): Promise<string[][]> {
  const grid = page.getByRole('grid', { name });
  await grid.waitFor();
  // Rows arrive a page at a time; read them once the visible ones are filled.
  await page.locator('[role="grid"][aria-busy="false"]').waitFor();
  return grid.locator('[role="row"]:not(.header)').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('[role="gridcell"]'), (cell) => cell.getAttribute('title') ?? cell.textContent?.trim() ?? '')),
  );
}

/** The visible cells of the results grid as shown on screen, row by row. */
export async function gridShown(page: Page, name = 'Results'): Promise<string[][]> {
  await page.locator('[role="grid"][aria-busy="false"]').waitFor();
  return page
    .getByRole('grid', { name })
    .locator('[role="row"]:not(.header)')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('[role="gridcell"]'), (cell) => cell.textContent?.trim() ?? '')));
}

export async function gridHeaders(page: Page): Promise<string[]> {
  return page
    .getByRole('grid', { name: 'Results' })
    .getByRole('columnheader')
    .evaluateAll((cells) => cells.slice(1).map((cell) => cell.querySelector('.name')?.textContent ?? ''));
}
