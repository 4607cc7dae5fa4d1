import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dropFiles, gridRows, newAppContext, openApp, runQuery, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);
const contexts: BrowserContext[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** A CSV above the snapshot threshold (8 MiB): 200,000 rows of mixed types. */
function bigCsv(): string {
  const lines = ['id,city,amount,day,flag'];
  for (let i = 0; i < 200_000; i++) lines.push(`${i},city number ${i % 311},${(i * 0.37).toFixed(2)},2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${i % 3 === 0}`);
  return lines.join('\n');
}

const CHECKSUM = 'SELECT count(*) AS n, sum(hash(id, city, amount, day, flag))::VARCHAR AS h FROM grande';
const marks = (page: import('playwright-core').Page, name: string) => page.evaluate((mark) => performance.getEntriesByName(mark).length, name);

describe('reopening a workspace without parsing its files again, in Chromium', () => {
  it('restores a large dataset from its stored snapshot after a reload, with every value', async () => {
    const context = await newAppContext(current().browser);
    contexts.push(context);
    const page = await openApp(context, baseURL);
    await page.getByRole('button', { name: 'Close the welcome panel' }).click();
    // The file's content hash is computed in a worker, not on the page (a digest per 4 MiB made long tasks).
    const hashWorker = page.waitForRequest((request) => request.url().includes('content-hash.worker'));
    await dropFiles(page, [{ name: 'grande.csv', text: bigCsv() }]);
    await hashWorker;
    await runQuery(page, CHECKSUM);
    const before = await gridRows(page);
    expect(before[0]?.[0]).toBe('200000');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 60_000 });

    await page.reload();
    await waitForEngine(page);
    await runQuery(page, CHECKSUM);
    expect(await gridRows(page)).toEqual(before);
    // Loaded from the snapshot, not parsed: the restore marks say which path it took.
    expect(await marks(page, 'atalaya:restore-snapshot:grande')).toBe(1);
    expect(await marks(page, 'atalaya:restore-load:grande')).toBe(0);
  }, 300_000);
});
