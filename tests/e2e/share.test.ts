import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { encodeWorkspaceLink } from '../../src/lib/share';
import { addChart, addDataset, addNote, addQuery, contentHash, createWorkspace, editChart, type DatasetEntry } from '../../src/lib/workspace';
import { dropFiles, foreignRequests, gridRows, openApp, runQuery, useFreshContexts, useSession, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const current = useSession(baseURL);

const { freshContext, requests } = useFreshContexts(current);

const VENTAS = { name: 'ventas.csv', text: 'region,monto\nNorte,10.5\nSur,20\nCentro,4.25\n' };
const tableButton = (page: Page, name: string) => page.getByRole('button', { name: `Insert ${name} into the editor` });

async function openLink(context: BrowserContext, link: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(link);
  await waitForEngine(page);
  return page;
}

describe('workspaces shared as links, in Chromium', () => {
  it('opens a link made in one profile in a fresh profile, in a protected view first, with the same data', async () => {
    const maker = await openApp(await freshContext(), baseURL);
    await dropFiles(maker, [VENTAS]);
    await tableButton(maker, 'ventas').waitFor();
    await runQuery(maker, 'SELECT region, monto FROM ventas ORDER BY monto DESC');
    await maker.getByRole('button', { name: 'New chart', exact: true }).click();
    await maker.getByRole('figure', { name: 'Bar chart: sum of monto by region', exact: true }).waitFor({ timeout: 30_000 });
    await maker.getByRole('button', { name: 'Close chart' }).click();
    await maker.getByRole('button', { name: '+ Note' }).click();
    await maker.getByRole('textbox', { name: 'Note text (Markdown)' }).fill('# Ventas\n\nBy **region**.');
    await maker.getByRole('button', { name: 'Share', exact: true }).click();
    const field = maker.getByRole('textbox', { name: 'Link to this workspace' });
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(/#w=1\./);
    expect(await maker.getByRole('dialog').getByRole('status').textContent()).toMatch(/^[\d,]+ characters$/);
    // The presentation link is the same workspace, opening into the presenter (after the protected view).
    await maker.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
    await maker.getByRole('button', { name: 'Copy presentation link' }).click();
    await maker.getByRole('button', { name: 'Link copied.' }).waitFor();
    expect(await maker.evaluate(() => navigator.clipboard.readText())).toBe(link.replace('#w=', '#present&w='));

    const page = await openLink(await freshContext(), link);
    const review = page.getByRole('dialog', { name: 'Shared workspace: Untitled workspace' });
    await review.waitFor();
    expect(await review.textContent()).toContain('SELECT region, monto FROM ventas ORDER BY monto DESC');
    expect(await review.textContent()).toContain('Chart 1 — Bar of Query 1');
    await review.getByRole('heading', { name: 'Ventas' }).waitFor();
    expect(await tableButton(page, 'ventas').count()).toBe(0); // nothing ran yet
    await review.getByRole('button', { name: 'Run workspace' }).click();
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT region, monto FROM ventas ORDER BY monto DESC');
    expect(await gridRows(page)).toEqual([['Sur', '20.0'], ['Norte', '10.5'], ['Centro', '4.25']]);
    // The same chart, drawn from the same query over the same data.
    await page.getByRole('button', { name: 'Open Chart 1' }).click();
    await page.getByRole('figure', { name: 'Bar chart: sum of monto by region', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    const drawn = await page.getByRole('table', { name: 'Rows drawn: Bar chart: sum of monto by region' }).getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent)));
    expect(drawn.slice(1)).toEqual([['Sur', '20'], ['Norte', '10.5'], ['Centro', '4.25']]);
    await page.getByRole('button', { name: 'Close chart' }).click();

    // Not saved until kept; kept, it survives a reload.
    await page.getByRole('button', { name: 'Keep this workspace' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();
    await page.reload();
    await waitForEngine(page);
    await tableButton(page, 'ventas').waitFor({ timeout: 30_000 });
  });

  it('opens a hostile link without a request to another origin or any script running', async () => {
    const csv = 'name,"<img src=x onerror=window.__pwned=1>"\na,1\n';
    const blob = new Blob([csv]);
    const entry: DatasetEntry = {
      id: 'd1',
      table: 'datos',
      fileName: '<script>window.__pwned=1</script>.csv',
      format: 'csv',
      size: blob.size,
      hash: await contentHash(blob),
      columns: [{ name: '<img src=x onerror=window.__pwned=1>', type: 'BIGINT' }],
      rowCount: 1,
      fixes: [],
    };
    let workspace = addDataset(createWorkspace('<img src=x onerror=window.__pwned=1>'), entry);
    workspace = addQuery(workspace, "SELECT * FROM read_csv('https://evil.example/steal.csv')");
    workspace = addNote(workspace, '<script>window.__pwned=1</script>\n\n[click](javascript:window.__pwned=1) ![x](https://evil.example/pixel.png)');
    workspace = addChart(workspace, { kind: 'table', table: 'datos' }, { mark: 'bar', encoding: { x: { field: 'name' }, y: { aggregate: 'count' } } });
    workspace = editChart(workspace, workspace.charts[0]!.id, {
      vegaLite: {
        data: { url: 'https://evil.example/data.csv' },
        usermeta: { embedOptions: { loader: { baseURL: 'https://evil.example/' } } },
        layer: [
          { mark: 'bar', encoding: { x: { field: 'x_0', type: 'nominal' }, y: { field: 'y_1', type: 'quantitative' }, href: { value: 'javascript:window.__pwned=1' } } },
          { mark: 'image', encoding: { url: { value: 'https://evil.example/pixel.png' } } },
          { data: { url: 'https://evil.example/more.json' }, mark: 'rule', encoding: { y: { field: 'v', type: 'quantitative' } } },
        ],
      },
    });
    const link = `${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => blob)}`;

    const context = await freshContext();
    const page = await openLink(context, link);
    const review = page.getByRole('dialog', { name: /^Shared workspace:/ });
    await review.waitFor();
    const risky = review.getByRole('group', { name: /They stay blocked unless you allow them/ });
    expect(await risky.textContent()).toContain("read_csv('https://evil.example/steal.csv')");
    expect(await review.textContent()).toMatch(/its Vega-Lite spec loses: data, usermeta, layer\[0\]\.encoding\.href, layer\[1\]: image mark, layer\[2\]\.data/);
    await review.getByRole('button', { name: 'Run workspace' }).click();
    await tableButton(page, 'datos').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Open Query 2' }).click();
    const editor = page.getByRole('textbox', { name: 'SQL editor' });
    await editor.click();
    await page.keyboard.press('Control+Enter');
    await page.getByText(/^Blocked: this workspace came from a link/).waitFor();
    await page.getByRole('button', { name: 'Open Chart 1' }).click();
    await page.getByText('Removed from the spec before drawing').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('figure').locator('.mark-rect path').count()).toBeGreaterThan(0);
    expect(await page.locator('svg image, svg a').count()).toBe(0);
    await page.getByRole('button', { name: 'Close chart' }).click();
    await page.getByRole('button', { name: 'Open Note 1' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('<script>window.__pwned=1</script>').waitFor();

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('explains a damaged link and opens nothing', async () => {
    const page = await openLink(await freshContext(), `${baseURL}#w=1.AAAA.BBBB`);
    await page.getByRole('alert').filter({ hasText: 'This link is damaged' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('presents a workspace from a #present link once Present is chosen, driven by the keyboard', async () => {
    const blob = new Blob([VENTAS.text]);
    const entry: DatasetEntry = { id: 'd1', table: 'ventas', fileName: VENTAS.name, format: 'csv', size: blob.size, hash: await contentHash(blob), columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'monto', type: 'DOUBLE' }], rowCount: 3, fixes: [] };
    let workspace = addDataset(createWorkspace('Cooperación'), entry);
    workspace = addNote(workspace, '# Mérida\n\nUSD 400 million in 2008.');
    workspace = addNote(workspace, '# CARSI\n\nCentral America.');
    workspace = addChart(workspace, { kind: 'table', table: 'ventas' }, { mark: 'bar', encoding: { x: { field: 'region' }, y: { field: 'monto', aggregate: 'sum' } } });
    const link = `${baseURL}#present&w=${await encodeWorkspaceLink(workspace, async () => blob)}`;
    const page = await openLink(await freshContext(), link);
    // Consent first: the protected view, with Present as its main choice; nothing is drawn or loaded yet.
    const review = page.getByRole('dialog', { name: 'Shared workspace: Cooperación' });
    await review.waitFor();
    const presenter = page.getByRole('dialog', { name: 'Presenting Cooperación' });
    expect(await presenter.count()).toBe(0);
    expect(await tableButton(page, 'ventas').count()).toBe(0);
    expect(await review.getByRole('button', { name: 'Present', exact: true }).getAttribute('class')).toContain('primary');
    await review.getByRole('button', { name: 'Present', exact: true }).click();
    await presenter.waitFor();
    const counter = presenter.getByRole('status');
    expect(await counter.textContent()).toBe('1 / 3');
    expect(await presenter.getByRole('heading', { level: 1 }).textContent()).toBe('Mérida');
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe('2 / 3');
    await presenter.getByText('Central America.').waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe('3 / 3');
    await presenter.getByRole('figure', { name: 'Bar chart: sum of monto by region' }).locator('.mark-rect path').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe('3 / 3');
    await page.keyboard.press('Home');
    expect(await counter.textContent()).toBe('1 / 3');
    await page.keyboard.press('Escape');
    await expect.poll(() => presenter.count()).toBe(0);
    // Back to the workspace, unsaved until kept.
    await page.getByRole('button', { name: 'Keep this workspace' }).waitFor();
  });

  it('keeps the choices made in the protected view with the kept workspace, across a reload', async () => {
    const allowedSql = "SET VARIABLE chosen = 'yes'";
    const refusedSql = "SET VARIABLE sneaky = 'yes'";
    const workspace = addQuery(addQuery(createWorkspace('Choices'), allowedSql), refusedSql);
    const page = await openLink(await freshContext(), `${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => undefined)}`);
    const review = page.getByRole('dialog', { name: 'Shared workspace: Choices' });
    const risky = review.getByRole('group', { name: /These statements could reach the network/ });
    await risky.getByRole('checkbox').first().waitFor();
    expect(await risky.getByRole('checkbox').count()).toBe(2);
    await risky.getByRole('checkbox').first().check();
    await review.getByRole('button', { name: 'Run and keep as a new workspace' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 30_000 });
    for (const round of ['before reload', 'after reload']) {
      await runQuery(page, refusedSql);
      await page.getByRole('alert').filter({ hasText: 'Blocked: this workspace came from a link or a file' }).waitFor();
      await runQuery(page, allowedSql);
      expect(await page.getByRole('alert').filter({ hasText: 'Blocked' }).count(), round).toBe(0);
      if (round === 'before reload') {
        await page.reload();
        await waitForEngine(page);
      }
    }
  });

  it("keeps a link away from the recipient's other tables, results and stored data", async () => {
    const context = await freshContext();
    const page = await openApp(context, baseURL);
    const PAYROLL = { name: 'payroll.csv', text: 'name,pay\nAna,5100\nLuis,4800\n' };
    await dropFiles(page, [PAYROLL]);
    await tableButton(page, 'payroll').waitFor();
    await runQuery(page, 'CREATE TABLE secret_notes AS SELECT 42 AS s');
    await runQuery(page, 'SELECT * FROM payroll');
    expect(await gridRows(page)).toEqual([['Ana', '5100'], ['Luis', '4800']]);
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();

    // The attacker names the recipient's payroll by its fingerprint only, hoping it is found in this browser.
    const blob = new Blob([PAYROLL.text]);
    const entry: DatasetEntry = { id: 'd1', table: 'payroll', fileName: PAYROLL.name, format: 'csv', size: blob.size, hash: await contentHash(blob), columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'pay', type: 'BIGINT' }], rowCount: 2, fixes: [] };
    const workspace = addQuery(addDataset(createWorkspace('Harmless'), entry), 'SELECT * FROM payroll');
    await page.goto(`${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => undefined)}`);
    await waitForEngine(page);
    const review = page.getByRole('dialog', { name: 'Shared workspace: Harmless' });
    await review.getByText('not carried: attach payroll.csv').waitFor();
    // The person may choose this browser's copy, but nothing takes it unasked.
    await review.getByRole('button', { name: 'Use the copy of payroll.csv saved in this browser' }).waitFor();
    await review.getByRole('button', { name: 'Run workspace' }).click();
    await page.getByRole('button', { name: 'Keep this workspace' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'The data of payroll.csv was not carried' }).waitFor({ timeout: 30_000 });
    for (const table of ['payroll', 'secret_notes', 'atalaya_results.result_1', 'atalaya_results.result_2']) {
      await runQuery(page, `SELECT * FROM ${table}`);
      const name = table.split('.').at(-1) ?? table;
      await page.getByRole('alert').filter({ hasText: new RegExp(`${name}\\b.*does not exist`) }).waitFor();
    }
    expect(await tableButton(page, 'payroll').count()).toBe(0);

    // Chosen in the protected view, the copy loads.
    await page.goto(`${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => undefined)}`);
    await waitForEngine(page);
    await review.getByRole('button', { name: 'Use the copy of payroll.csv saved in this browser' }).click();
    await review.getByText('attached: the same file').waitFor();
    await review.getByRole('button', { name: 'Run workspace' }).click();
    await tableButton(page, 'payroll').waitFor({ timeout: 30_000 });
  });

  it('asks for a dataset the link does not carry, and explains a file that is not the one named', async () => {
    // Pseudo-random digits: too large to travel inline once compressed.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647), seed);
    const csv = `id,value\n${Array.from({ length: 12_000 }, (_, i) => `${i},${random()}`).join('\n')}\n`;
    const blob = new Blob([csv]);
    const entry: DatasetEntry = {
      id: 'd1', table: 'medidas', fileName: 'medidas.csv', format: 'csv', size: blob.size, hash: await contentHash(blob),
      columns: [{ name: 'id', type: 'BIGINT' }, { name: 'value', type: 'BIGINT' }], rowCount: 12_000, fixes: [],
    };
    const workspace = addQuery(addDataset(createWorkspace('Medidas'), entry), 'SELECT count(*) AS n FROM medidas');
    const page = await openLink(await freshContext(), `${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => blob)}`);
    const review = page.getByRole('dialog', { name: 'Shared workspace: Medidas' });
    await review.getByText('not carried: attach medidas.csv').waitFor();
    const attach = review.getByLabel('Attach medidas.csv…');

    await attach.setInputFiles({ name: 'otra.csv', mimeType: 'text/csv', buffer: Buffer.from('id,amount\n1,2\n') });
    await review.getByRole('alert').filter({ hasText: 'does not have the columns of the medidas the link names (missing: value; not expected: amount)' }).waitFor();
    await attach.setInputFiles({ name: 'casi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('0,', '0,1')) });
    await review.getByRole('alert').filter({ hasText: /has the columns of medidas but is .*its content differs/ }).waitFor();
    await attach.setInputFiles({ name: 'medidas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await review.getByText('attached: the same file').waitFor();

    await review.getByRole('button', { name: 'Run workspace' }).click();
    await tableButton(page, 'medidas').waitFor({ timeout: 30_000 });
    await runQuery(page, 'SELECT count(*) AS n FROM medidas');
    expect(await gridRows(page)).toEqual([['12000']]);
  });
});
