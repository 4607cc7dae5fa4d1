import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, gridHeaders, gridRows, useSession } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

/** Runs a table's action ("About carsi_budget", "Profile carsi_budget") from its Actions menu in the Datasets list. */
async function tableAction(page: Page, table: string, action: 'About' | 'Profile'): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${table}`, exact: true }).click();
  await page.getByRole('menuitem', { name: `${action} ${table}`, exact: true }).click();
}

describe('sample data and the first visit, in Chromium', () => {
  it('greets a first visit and explores Plan Colombia as in Figure 6', async () => {
    const { page } = current();
    const welcome = page.getByRole('region', { name: 'Welcome to Atalaya' });
    await welcome.waitFor();
    await welcome.getByRole('button', { name: /Explore a sample/ }).click();
    await page.getByRole('button', { name: 'Insert plan_colombia_us_assistance into the editor' }).waitFor();
    // The first query needs no other table: the accounts, which add up (the published totals are a table of their own).
    await page.getByText('3 rows × 14 columns').waitFor();
    expect((await gridHeaders(page)).slice(0, 4)).toEqual(['account', '2000', '2001', '2002']);
    const rows = await gridRows(page);
    expect(rows.map((row) => row[0])).toEqual(['ACI/ACP/INCLE', 'DOD', 'Other']);
    expect(rows[0]).toEqual(['ACI/ACP/INCLE', '892', '48', '378', '580', '474', '463', '465', '465', '245', '230', '244', '204', '161']);
    expect(await welcome.count()).toBe(0);
  });

  it('shows Figure 6 as published, its Total row joined from the published totals', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Sample data' }).click();
    await page
      .getByRole('dialog', { name: 'Sample data' })
      .getByRole('button', { name: 'Load US assistance for Plan Colombia, published totals, 2000–2012' })
      .click();
    await page.getByText('13 rows × 3 columns').waitFor();
    await tableAction(page, 'plan_colombia_us_assistance', 'About');
    const about = page.getByRole('dialog', { name: 'About this data: plan_colombia_us_assistance' });
    expect(await about.textContent()).toContain('is in the companion table plan_colombia_us_assistance_totals');
    await about.getByRole('button', { name: 'Open “Figure 6 as published” in the editor and run it' }).click();
    await page.getByText('4 rows × 14 columns').waitFor({ timeout: 60_000 });
    const rows = await gridRows(page);
    expect(rows.map((row) => row[0])).toEqual(['ACI/ACP/INCLE', 'DOD', 'Other', 'Total']);
    expect(rows[3]).toEqual(['Total', '1148', '276', '560', '808', '795', '769', '741', '723', '700', '670', '650', '557', '489']);
  });

  it('loads a sample from the gallery and shows its rows', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Sample data' }).click();
    const gallery = page.getByRole('dialog', { name: 'Sample data' });
    await gallery.getByRole('button', { name: 'Load CARSI budget, 2008–2013' }).click();
    await page.getByText('24 rows × 4 columns').waitFor();
    expect(await gallery.count()).toBe(0);
    expect(await gridHeaders(page)).toEqual(['year', 'account', 'amount_usd_millions', 'is_request']);
    expect((await gridRows(page))[0]).toEqual(['2008', 'ESF', '25.0', 'false']);
  });

  it('tells where a sample comes from, and reproduces Figure 8 from its starter query', async () => {
    const { page } = current();
    await tableAction(page, 'carsi_budget', 'About');
    const about = page.getByRole('dialog', { name: 'About this data: carsi_budget' });
    await about.waitFor();
    const text = await about.textContent();
    // The source named in words (title, authors, institution, year), not by its file name.
    expect(text).toContain('Changes in the Neighborhood: Reviewing Citizen Security Cooperation in Latin America');
    expect(text).toContain('Robert Muggah and Ilona Szabó de Carvalho (Igarapé Institute, Strategic Paper, 2014)');
    expect(text).not.toContain('.txt');
    expect(text).toContain('Figure 8');
    expect(text).toContain('are empty (missing), not zero');
    expect(text).toContain('The published totals are kept apart');
    await about.getByRole('button', { name: 'Open “Figure 8’s accounts, years across” in the editor and run it' }).click();
    await page.getByText('4 rows × 7 columns').waitFor();
    expect((await gridRows(page)).map((row) => row[0])).toEqual(['ESF', 'INCLE', 'NADR', 'FMF']);

    // The published Total row is a sample of its own; with it loaded, the figure is complete.
    await page.getByRole('button', { name: 'Sample data' }).click();
    await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load CARSI budget, published totals by year, 2008–2013' }).click();
    await page.getByText('6 rows × 3 columns').waitFor();
    await tableAction(page, 'carsi_budget', 'About');
    await about.getByRole('button', { name: 'Open “Figure 8 as published” in the editor and run it' }).click();
    await page.getByText('5 rows × 7 columns').waitFor();
    expect(await gridRows(page)).toEqual([
      ['ESF', '25.0', '18.0', '23.0', '30.0', '45.0', '47.5'],
      ['INCLE', '24.8', '70.0', '65.0', '71.5', '60.0', '60.0'],
      ['NADR', '6.2', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'],
      ['FMF', '4.0', '17.0', '7.0', 'NULL', 'NULL', 'NULL'],
      ['Total', '60.0', '105.0', '95.0', '101.5', '105.0', '107.5'],
    ]);
  });

  it('runs the tour to its last step with the keyboard, reopened from Help', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: 'Take the tour' }).click();
    const tour = page.getByRole('dialog', { name: 'Open your own files' });
    await tour.waitFor();
    // The number of steps belongs to the tour, not to the samples: read it from the first step.
    const steps = Number(/Step 1 of (\d+)/.exec((await tour.textContent()) ?? '')?.[1]);
    expect(steps).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < steps; i++) await page.keyboard.press('ArrowRight');
    const last = page.getByRole('dialog').filter({ hasText: `Step ${steps} of ${steps}` });
    await last.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => last.count()).toBe(0);
  });

  it('remembers that the welcome was seen, and shows it again from Help', async () => {
    const { page } = current();
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Engine ready' }).waitFor({ timeout: 60_000 }); // the reloaded page starts its engine again, slowly on a busy machine
    expect(await page.getByRole('region', { name: 'Welcome to Atalaya' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: 'Show the welcome panel' }).click();
    await page.getByRole('region', { name: 'Welcome to Atalaya' }).waitFor();
  });

  it('never made a request to another origin', () => {
    expect(foreignRequests(current().requests, baseURL)).toEqual([]);
  });
});

describe('profiles, in Chromium', () => {
  it('profiles a dataset and turns a histogram bar and a value into queries for those rows', async () => {
    const { page } = current();
    await page.getByRole('button', { name: 'Sample data' }).click();
    await page.getByRole('dialog', { name: 'Sample data' }).getByRole('button', { name: 'Load CARSI budget, 2008–2013' }).click();
    await page.getByText('24 rows × 4 columns').waitFor({ timeout: 60_000 }); // the sample's rows, shown when it loads
    await tableAction(page, 'carsi_budget', 'Profile');
    const profile = page.getByRole('region', { name: 'Profile of carsi_budget', exact: true });
    const amount = profile.getByRole('article', { name: 'amount_usd_millions' });
    await amount.getByRole('group', { name: 'Distribution of amount_usd_millions' }).waitFor();
    const text = await amount.textContent();
    expect(text).toMatch(/NULL\s*8\s*\(33%\)/); // the eight “---” cells
    expect(text).toMatch(/max\s*71\.5/); // INCLE 2011: no Total row among the accounts
    const account = profile.getByRole('article', { name: 'account' });
    await account.getByRole('button', { name: 'ESF: 6 rows. Show them.' }).click();
    await page.getByText('6 rows × 4 columns').waitFor();
    expect(new Set((await gridRows(page)).map((row) => row[1]))).toEqual(new Set(['ESF']));

    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('region', { name: 'Profile of the query result' }).waitFor();
    await tableAction(page, 'carsi_budget', 'Profile');
    const bars = page
      .getByRole('region', { name: 'Profile of carsi_budget', exact: true })
      .getByRole('group', { name: 'Distribution of amount_usd_millions' })
      .getByRole('button');
    const lastBar = bars.last();
    const label = (await lastBar.getAttribute('aria-label')) ?? '';
    const count = Number(/: (\d+) rows/.exec(label)?.[1]);
    await lastBar.click();
    await page.getByText(new RegExp(`^${count} rows? × 4 columns$`)).waitFor();
    expect((await gridRows(page)).every((row) => Number(row[2]) >= 60)).toBe(true);
  });
});

describe('type fixes, in Chromium', () => {
  it('converts a text column of decimal commas to numbers after a preview, and undoes it', async () => {
    const { page } = current();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['pais;monto\nPerú;1.234,5\nChile;987,25\nMéxico;n/d\n'], 'montos.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    const profile = page.getByRole('region', { name: 'Profile of montos' });
    await profile.getByRole('article', { name: 'monto' }).getByRole('button', { name: 'Change the type of monto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the type of monto' });
    await dialog.getByText('2 values will convert.').waitFor();
    expect(await dialog.textContent()).toContain('1 value cannot be read and will become empty (NULL): “n/d”');
    await dialog.getByRole('button', { name: 'Apply' }).click();

    const notice = page.getByRole('status').filter({ hasText: 'Changed monto in montos to DOUBLE; 1 unreadable value is now empty.' });
    await notice.waitFor();
    await page.getByRole('button', { name: 'Columns of montos' }).click();
    const columns = page.getByRole('list', { name: 'Columns of montos' });
    await expect.poll(() => columns.textContent()).toContain('DOUBLE');
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => columns.textContent()).not.toContain('DOUBLE');
    expect(await columns.textContent()).toContain('VARCHAR');

    // Applied again, the fix is recorded: an engine crash rebuilds the table from its file with the fix replayed.
    await page.getByRole('region', { name: 'Profile of montos' }).getByRole('button', { name: 'Change the type of monto' }).click();
    await dialog.getByText('2 values will convert.').waitFor();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => columns.textContent()).toContain('DOUBLE');
    await page.evaluate(() => (window as unknown as { atalayaDebug: { killEngine(): void } }).atalayaDebug.killEngine());
    await page.getByRole('status').filter({ hasText: /engine stopped .* and was restarted/ }).waitFor({ timeout: 60_000 });
    await expect.poll(() => columns.textContent(), { timeout: 10_000 }).toContain('DOUBLE');
    const editor = page.getByRole('textbox', { name: 'SQL editor' });
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('SELECT sum(monto) AS s FROM montos');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await gridRows(page))[0]).toEqual(['2221.75']);
  });
});
