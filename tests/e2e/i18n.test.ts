/**
 * The interface in the browser's language: Chromium started with
 * --lang=es-419 shows Latin American Spanish, with --lang=pt-BR Brazilian
 * Portuguese (buttons found by their translated accessible names), numbers
 * follow the language, and the language menu switches in place and is
 * remembered.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chromiumPath } from './helpers/chromium-path';
import { dropFiles, FLAGS, gridRows, gridShown, newAppContext, waitForEngine } from './helpers/browser';

const baseURL = inject('baseURL');
const browsers: Browser[] = [];

afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

/**
 * A browser whose language is `lang`, as a person's would be, and the app
 * opened in it. Headless Chromium ignores --lang for navigator.languages, so
 * the profile's locale says it too (what a browser set to that language sends).
 */
async function openIn(lang: string, ready: string): Promise<Page> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...FLAGS, `--lang=${lang}`] });
  browsers.push(browser);
  const page = await (await newAppContext(browser, { locale: lang })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(baseURL);
  await waitForEngine(page, ready);
  return page;
}

/** Runs SQL from the editor (found by its translated name) and waits for the Run button to come back. */
async function runQuery(page: Page, words: { editor: string; run: string }, sql: string): Promise<void> {
  await page.getByRole('textbox', { name: words.editor }).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: new RegExp(`^${words.run}`) }).waitFor({ timeout: 60_000 });
}

/** A CSV of `rows` rows, to see the count of a loaded file in the notice. */
function csv(rows: number): string {
  return ['pais,monto', ...Array.from({ length: rows }, (_, index) => `COL,${index}`)].join('\n');
}

describe('the interface in the browser’s language, in Chromium', () => {
  it('speaks Latin American Spanish to a browser set to es-419', async () => {
    const page = await openIn('es-419', 'Motor listo');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-419');
    for (const name of ['Abrir archivos', 'Datos de ejemplo', 'Compartir', 'Presentar', 'Ayuda', 'Deshacer el último cambio']) {
      await page.getByRole('button', { name, exact: true }).waitFor();
    }
    expect(await page.getByRole('combobox', { name: 'Idioma' }).getAttribute('data-value')).toBe('es-419');

    const welcome = page.getByRole('region', { name: 'Te damos la bienvenida a Atalaya' });
    await welcome.getByRole('button', { name: /Explorar un ejemplo/ }).click();
    await page.getByText('3 filas × 14 columnas').waitFor();

    // Counts in the status bar and in notices, written the Latin American way.
    await runQuery(page, { editor: 'Editor SQL', run: 'Ejecutar' }, 'SELECT * FROM range(12345)');
    await page.getByText('12,345 filas × 1 columna').waitFor();
    expect(await page.getByText(/^12,345 filas en \d+(\.\d)? m?s$/).count()).toBe(1);
    await dropFiles(page, [{ name: 'montos.csv', text: csv(1234) }]);
    await page.getByText('Se cargó montos.csv como montos (1,234 filas).').waitFor();

    // The sample data in Spanish: titles, descriptions, sources and starter queries; numbers and SQL unchanged.
    await page.getByRole('button', { name: 'Datos de ejemplo', exact: true }).click();
    const gallery = page.getByRole('dialog', { name: 'Datos de ejemplo' });
    await gallery.getByRole('heading', { name: 'Presupuesto de la CARSI, 2008–2013', exact: true }).waitFor();
    const cards = await gallery.textContent();
    expect(cards).toContain('Asistencia de EE. UU. al Plan Colombia, 2000–2012');
    expect(cards).toContain('Instituto Igarapé, Artículo Estratégico, 2014');
    expect(cards).not.toContain('CARSI budget');
    await gallery.getByRole('button', { name: 'Cargar Presupuesto de la CARSI, 2008–2013', exact: true }).click();
    await page.getByText('24 filas × 4 columnas').waitFor();
    await page.getByRole('button', { name: 'Acciones de carsi_budget', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Acerca de carsi_budget', exact: true }).click();
    const about = page.getByRole('dialog', { name: 'Acerca de estos datos: carsi_budget' });
    expect(await about.textContent()).toContain('están vacías (faltantes), no en cero');
    await about.getByRole('button', { name: 'Abrir “Las cuentas de la Figura 8, años en columnas” en el editor y ejecutarla' }).click();
    await page.getByText('4 filas × 7 columnas').waitFor();
  });

  it('speaks Brazilian Portuguese to a browser set to pt-BR', async () => {
    const page = await openIn('pt-BR', 'Motor pronto');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
    for (const name of ['Abrir arquivos', 'Dados de exemplo', 'Compartilhar', 'Apresentar', 'Ajuda', 'Desfazer a última alteração']) {
      await page.getByRole('button', { name, exact: true }).waitFor();
    }
    const welcome = page.getByRole('region', { name: 'Boas-vindas ao Atalaya' });
    await welcome.getByRole('button', { name: /Explorar um exemplo/ }).click();
    await page.getByText('3 linhas × 14 colunas').waitFor();

    await runQuery(page, { editor: 'Editor SQL', run: 'Executar' }, 'SELECT * FROM range(12345)');
    await page.getByText('12.345 linhas × 1 coluna').waitFor();
    expect(await page.getByText(/^12\.345 linhas em \d+(,\d)? m?s$/).count()).toBe(1);
    await dropFiles(page, [{ name: 'valores.csv', text: csv(1) }]);
    await page.getByText('valores.csv carregado como valores (1 linha).').waitFor();
  });

  it('switches language in place from the menu, and remembers the choice', async () => {
    const page = await openIn('pt-BR', 'Motor pronto');
    await page.getByRole('button', { name: 'Fechar o painel de boas-vindas' }).click();
    await runQuery(page, { editor: 'Editor SQL', run: 'Executar' }, 'SELECT * FROM range(2500)');
    await page.getByText('2.500 linhas × 1 coluna').waitFor();

    // No reload: the result stays, and its words and numbers change language.
    await page.getByRole('combobox', { name: 'Idioma' }).click();
    await page.getByRole('option', { name: 'Español', exact: true }).click();
    await page.getByRole('button', { name: 'Abrir archivos', exact: true }).waitFor();
    await page.getByText('2,500 filas × 1 columna').waitFor();
    await page.getByText(/^2,500 filas en/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-419');
    await page.getByRole('combobox', { name: 'Idioma' }).click();
    await page.getByRole('option', { name: 'English', exact: true }).click();
    await page.getByRole('button', { name: 'Open files', exact: true }).waitFor();
    await page.getByText('2,500 rows × 1 column').waitFor();
    await page.getByRole('textbox', { name: 'SQL editor' }).waitFor();

    // A notice on screen follows the language too (a warning stays half a minute).
    await dropFiles(page, [{ name: 'mixto.csv', text: 'valor;nome\n5,5;a\n5.555;b\n' }]);
    await page.getByText('In mixto.csv, column valor holds numbers').waitFor();
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Português', exact: true }).click();
    await page.getByText('Em mixto.csv, a coluna valor tem números').waitFor();
    expect(await page.getByText('In mixto.csv, column valor holds numbers').count()).toBe(0);

    // The grid writes numbers and dates the language's way; the exact text is in the tooltip and in Copy.
    await runQuery(page, { editor: 'Editor SQL', run: 'Executar' }, "SELECT 1234567.891::DOUBLE AS valor, 2024 AS ano, 1234567 AS n, DATE '2012-01-31' AS dia, 12.50::DECIMAL(9,2) AS preco");
    await page.getByText('1 linha × 5 colunas').waitFor();
    expect(await gridShown(page, 'Resultados')).toEqual([['1.234.567,89', '2024', '1.234.567', '31/01/2012', '12,50']]);
    expect(await gridRows(page, 'Resultados')).toEqual([['1234567.891', '2024', '1234567', '2012-01-31', '12.50']]);
    const copied = await page.evaluate(() => {
      const cells = document.querySelectorAll('[role="gridcell"]');
      const range = document.createRange();
      range.setStartBefore(cells[0]!);
      range.setEndAfter(cells[3]!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      let text = '';
      document.addEventListener('copy', (event) => (text = event.clipboardData?.getData('text/plain') ?? ''), { once: true });
      document.execCommand('copy');
      return text;
    });
    expect(copied).toBe('1234567.891\t2024\t1234567\t2012-01-31');
    await page.getByRole('checkbox', { name: 'Datas como 2012-01-31' }).check();
    expect((await gridShown(page, 'Resultados'))[0]?.[3]).toBe('2012-01-31');
    await page.getByRole('combobox', { name: 'Idioma' }).click();
    await page.getByRole('option', { name: 'English', exact: true }).click();

    // The choice outlives a reload, over the browser's own language.
    await page.reload();
    await waitForEngine(page);
    expect(await page.getByRole('combobox', { name: 'Language' }).getAttribute('data-value')).toBe('en');
    await page.getByRole('button', { name: 'Sample data', exact: true }).waitFor();
  });
});
