/**
 * The interface in English, Latin American Spanish and Brazilian Portuguese:
 * every message exists in the three catalogs with the same parameters, every
 * message is used, counts choose their words by the language's plural rules,
 * and numbers, sizes, durations and dates follow the language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_WORDS } from '../../src/ui/i18n/chart-words';
import { chartLocale, formatBytes, formatCompact, formatCount, formatDate, formatDuration, formatList, formatShare } from '../../src/ui/i18n/format';
import { localeFor } from '../../src/ui/i18n/locale.svelte';
import { m } from '../../src/ui/i18n/paraglide/messages.js';
import { baseLocale, locales, overwriteGetLocale, type Locale } from '../../src/ui/i18n/paraglide/runtime.js';

type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Catalog = Record<string, string | Variant[]>;

const I18N = join(__dirname, '../../src/ui/i18n');
const settings = JSON.parse(readFileSync(join(I18N, 'project.inlang/settings.json'), 'utf8')) as { baseLocale: string; locales: string[] };

function catalog(locale: string): Catalog {
  const { $schema: _schema, ...messages } = JSON.parse(readFileSync(join(I18N, 'messages', `${locale}.json`), 'utf8')) as Catalog;
  return messages;
}

const catalogs = Object.fromEntries(settings.locales.map((locale) => [locale, catalog(locale)])) as Record<string, Catalog>;
const en = catalogs.en!;
const keys = Object.keys(en).sort();

/** The {placeholders} of a pattern (escaped braces are text). */
function placeholders(pattern: string): string[] {
  return [...pattern.replace(/\\[{}]/g, '').matchAll(/\{(\w+)\}/g)].map((found) => found[1]!);
}

/** The parameters a message takes: its placeholders, or its declared inputs. */
function parameters(message: string | Variant[]): string[] {
  if (typeof message === 'string') return [...new Set(placeholders(message))].sort();
  const [variant] = message;
  return (variant?.declarations ?? [])
    .filter((declaration) => declaration.startsWith('input '))
    .map((declaration) => declaration.slice('input '.length).trim())
    .sort();
}

/** Every text a message can show. */
function patterns(message: string | Variant[]): string[] {
  return typeof message === 'string' ? [message] : message.flatMap((variant) => Object.values(variant.match));
}

describe('the catalogs', () => {
  it('are English (the base), Latin American Spanish and Brazilian Portuguese', () => {
    expect(settings.baseLocale).toBe('en');
    expect(settings.locales).toEqual(['en', 'es-419', 'pt-BR']);
    expect([...locales]).toEqual(settings.locales);
    expect(baseLocale).toBe('en');
    expect(keys.length).toBeGreaterThan(400);
  });

  it.each(settings.locales.filter((locale) => locale !== 'en'))('%s has every English message and no other', (locale) => {
    expect(Object.keys(catalogs[locale]!).sort()).toEqual(keys);
  });

  it.each(settings.locales.filter((locale) => locale !== 'en'))('%s messages take the same parameters as the English ones', (locale) => {
    const differing = keys.filter((key) => parameters(catalogs[locale]![key]!).join() !== parameters(en[key]!).join());
    expect(differing).toEqual([]);
  });

  it.each(settings.locales)('%s: every placeholder of a variant is a parameter or a local (no typo)', (locale) => {
    const wrong: string[] = [];
    for (const [key, message] of Object.entries(catalogs[locale]!)) {
      if (typeof message === 'string') continue;
      const declared = new Set((message[0]?.declarations ?? []).map((declaration) => declaration.split(/\s+/)[1]!));
      for (const pattern of patterns(message)) for (const name of placeholders(pattern)) if (!declared.has(name)) wrong.push(`${key}: {${name}}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has every message translated: a Spanish or Portuguese text equal to the English one is a name or a symbol', () => {
    const same = (locale: string) => keys.filter((key) => patterns(catalogs[locale]![key]!).join('|') === patterns(en[key]!).join('|'));
    // Names, formats, symbols and placeholders-only messages read the same in every language.
    const universal = [
      'app_title',
      'chart_channel_x',
      'chart_channel_y',
      'chart_description',
      'chart_stack_normalize',
      'chart_view_spec',
      'engine_error_with_hint',
      'files_file_sheet',
      'files_format_arrow',
      'files_format_json',
      'files_format_ndjson',
      'files_format_parquet',
      'ingest_error_full',
      'present_counter',
      'profile_nan',
      'profile_nulls',
      'results_null',
      'workspace_format_at',
    ];
    expect(same('es-419').filter((key) => !universal.includes(key))).toEqual(['chart_channel_color']);
    // Brazilian usage keeps a few English words.
    expect(same('pt-BR').filter((key) => !universal.includes(key))).toEqual(['datasets_view', 'chart_scale_linear', 'present_slide'].sort((a, b) => keys.indexOf(a) - keys.indexOf(b)));
  });

  it('uses every message somewhere in src (and no message is left behind)', () => {
    const root = join(__dirname, '../../src');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.(ts|svelte)$/.test(path) && !path.includes('paraglide'))
      .map((path) => readFileSync(join(root, path), 'utf8'))
      .join('\n');
    const unused = keys.filter((key) => !new RegExp(`\\bm\\.${key}\\b`).test(sources));
    expect(unused).toEqual([]);
  });
});

describe('counts choose their words by the plural rules', () => {
  const done = (rows: number, locale: (typeof locales)[number]) => m.editor_done({ rows, elapsed: '1 s' }, { locale });

  it('in English', () => {
    expect(done(0, 'en')).toBe('0 rows in 1 s');
    expect(done(1, 'en')).toBe('1 row in 1 s');
    expect(done(2, 'en')).toBe('2 rows in 1 s');
    expect(done(1_234_567, 'en')).toBe('1,234,567 rows in 1 s');
    expect(done(1_000_000, 'en')).toBe('1,000,000 rows in 1 s');
  });

  it('in Latin American Spanish (with “de” after an exact million)', () => {
    expect(done(0, 'es-419')).toBe('0 filas en 1 s');
    expect(done(1, 'es-419')).toBe('1 fila en 1 s');
    expect(done(2, 'es-419')).toBe('2 filas en 1 s');
    expect(done(1_234_567, 'es-419')).toBe('1,234,567 filas en 1 s');
    expect(done(1_000_000, 'es-419')).toBe('1,000,000 de filas en 1 s');
  });

  it('in Brazilian Portuguese (0 takes the plural, as Brazilians write it)', () => {
    expect(done(0, 'pt-BR')).toBe('0 linhas em 1 s');
    expect(done(1, 'pt-BR')).toBe('1 linha em 1 s');
    expect(done(2, 'pt-BR')).toBe('2 linhas em 1 s');
    expect(done(1_234_567, 'pt-BR')).toBe('1.234.567 linhas em 1 s');
    expect(done(2_000_000, 'pt-BR')).toBe('2.000.000 de linhas em 1 s');
  });

  it('for two counts in one message', () => {
    expect(m.results_row_count({ rows: 1, columns: 1 }, { locale: 'en' })).toBe('1 row × 1 column');
    expect(m.results_row_count({ rows: 1500, columns: 3 }, { locale: 'en' })).toBe('1,500 rows × 3 columns');
    expect(m.results_row_count({ rows: 1, columns: 4 }, { locale: 'es-419' })).toBe('1 fila × 4 columnas');
    expect(m.results_row_count({ rows: 0, columns: 1 }, { locale: 'pt-BR' })).toBe('0 linhas × 1 coluna');
    expect(m.results_row_count({ rows: 1500, columns: 2 }, { locale: 'pt-BR' })).toBe('1.500 linhas × 2 colunas');
  });

  it('for datasets, sheets, characters and values', () => {
    expect(m.workspace_dataset_count({ count: 1 }, { locale: 'es-419' })).toBe('1 conjunto de datos');
    expect(m.workspace_dataset_count({ count: 3 }, { locale: 'pt-BR' })).toBe('3 conjuntos de dados');
    expect(m.files_sheets_body({ file: 'libro.xlsx', count: 5 }, { locale: 'es-419' })).toContain('5 hojas');
    expect(m.link_length({ count: 2345 }, { locale: 'pt-BR' })).toBe('2.345 caracteres');
    expect(m.fix_preview({ converted: 1 }, { locale: 'es-419' })).toBe('Se convertirá 1 valor.');
    expect(m.fix_preview({ converted: 12 }, { locale: 'es-419' })).toBe('Se convertirán 12 valores.');
    expect(m.fix_preview({ converted: 1 }, { locale: 'pt-BR' })).toBe('1 valor será convertido.');
  });
});

describe('numbers, sizes, durations and dates follow the language', () => {
  it('formats counts', () => {
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(1234567, 'es-419')).toBe('1,234,567');
    expect(formatCount(1234567, 'pt-BR')).toBe('1.234.567');
    expect(formatCount(12345678901234567890n, 'pt-BR')).toBe('12.345.678.901.234.567.890');
  });

  it('formats short numbers and shares', () => {
    expect(formatCompact(1234.5678, 'en')).toBe('1,235');
    expect(formatCompact(0.123456, 'pt-BR')).toBe('0,1235');
    expect(formatShare(0.5, 'en')).toBe('50%');
    expect(formatShare(0.034, 'pt-BR')).toBe('3,4%');
    expect(formatShare(0.034, 'es-419')).toBe('3.4%');
    expect(formatShare(0.0001, 'pt-BR')).toBe('<0,1%');
  });

  it('formats sizes', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(12.34 * 1024 ** 2, 'en')).toBe('12 MB');
    expect(formatBytes(2.5 * 1024, 'en')).toBe('2.5 KB');
    expect(formatBytes(2.5 * 1024, 'es-419')).toBe('2.5 KB');
    expect(formatBytes(2.5 * 1024, 'pt-BR')).toBe('2,5 KB');
    expect(formatBytes(1.5 * 1024 ** 3, 'pt-BR')).toBe('1,5 GB');
  });

  it('formats durations', () => {
    expect(formatDuration(850, 'en')).toBe('850 ms');
    expect(formatDuration(2400, 'en')).toBe('2.4 s');
    expect(formatDuration(2400, 'es-419')).toBe('2.4 s');
    expect(formatDuration(2400, 'pt-BR')).toBe('2,4 s');
    expect(formatDuration(185_000, 'pt-BR')).toBe('3 min 5 s');
  });

  it('formats dates without confusing day and month', () => {
    const date = new Date(Date.UTC(2012, 0, 31, 14, 5));
    expect(formatDate(date, {}, 'en')).toBe('Jan 31, 2012');
    expect(formatDate(date, {}, 'es-419')).toBe('31 ene 2012');
    expect(formatDate(date, {}, 'pt-BR')).toBe('31 de jan. de 2012');
    expect(formatDate(date, { time: true }, 'pt-BR')).toContain('14:05');
  });

  it('gives charts (Vega) the separators and the month and day names', () => {
    expect(chartLocale('en').number).toMatchObject({ decimal: '.', thousands: ',' });
    expect(chartLocale('pt-BR').number).toMatchObject({ decimal: ',', thousands: '.' });
    expect(chartLocale('es-419').number).toMatchObject({ decimal: '.', thousands: ',' });
    expect(chartLocale('en').time.days[0]).toBe('Sunday');
    expect(chartLocale('es-419').time.months[0]).toBe('enero');
    expect(chartLocale('pt-BR').time.months[11]).toBe('dezembro');
    expect(chartLocale('pt-BR').time.date).toBe('%d/%m/%Y');
    expect(chartLocale('en').time.date).toBe('%-m/%-d/%Y');
  });

  it('joins lists', () => {
    expect(formatList(['a', 'b', 'c'], 'en')).toBe('a, b, and c');
    expect(formatList(['a', 'b', 'c'], 'es-419')).toBe('a, b y c');
    expect(formatList(['a', 'b', 'c'], 'pt-BR')).toBe('a, b e c');
  });
});

describe('charts are titled and described in the language', () => {
  /** Runs with the interface in a language, as the app does (getLocale is the app's), then back in English. */
  function inLocale<T>(locale: Locale, run: () => T): T {
    overwriteGetLocale(() => locale);
    try {
      return run();
    } finally {
      overwriteGetLocale(() => 'en');
    }
  }

  it('words field titles and descriptions', () => {
    expect(CHART_WORDS.describe('bar', ['sum of amount'], ['year'])).toBe('Bar chart: sum of amount by year');
    expect(inLocale('es-419', () => CHART_WORDS.fieldTitle({ column: 'monto', aggregate: 'sum' }))).toBe('suma de monto');
    expect(inLocale('es-419', () => CHART_WORDS.describe('bar', ['suma de monto'], ['año', 'país']))).toBe('Gráfico de barras: suma de monto por año y país');
    expect(inLocale('pt-BR', () => CHART_WORDS.fieldTitle({ column: 'data', timeUnit: 'month' }))).toBe('data por mês');
    expect(inLocale('pt-BR', () => CHART_WORDS.describe('point', [], ['x', 'y']))).toBe('Gráfico de dispersão: x versus y');
    expect(inLocale('pt-BR', () => CHART_WORDS.boxPart('q1', 'valor'))).toBe('primeiro quartil de valor');
  });
});

describe('the first language', () => {
  it.each([
    [['es-CO', 'es', 'en'], 'es-419'],
    [['es'], 'es-419'],
    [['es-ES'], 'es-419'],
    [['pt-BR'], 'pt-BR'],
    [['pt-PT', 'en'], 'pt-BR'],
    [['en-US'], 'en'],
    [['fr-FR', 'pt-BR'], 'pt-BR'],
    [['de-DE', 'fr'], 'en'],
    [[], 'en'],
  ])('is %j → %s', (languages, locale) => {
    expect(localeFor(languages)).toBe(locale);
  });
});
