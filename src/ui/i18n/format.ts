/**
 * Numbers, sizes, durations and dates in the interface's language (the
 * locale Paraglide's getLocale() returns, which src/ui/i18n/locale.svelte.ts
 * keeps reactive: a template that formats re-renders when the language
 * changes). Counts inside sentences are formatted by the messages themselves
 * (`local countText = count: number`), with the same Intl rules.
 *
 * Every function takes an optional locale, for tests and for text that must
 * stay in one language.
 */
import type { ChartLocale } from '../../lib/charts/render';
import { getLocale, type Locale } from './paraglide/runtime.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A whole count: 1,234,567 (en), 1,234,567 (es-419), 1.234.567 (pt-BR). */
export function formatCount(value: number | bigint, locale: Locale = getLocale()): string {
  return numberFormat(locale).format(value);
}

/** A number shortened to four significant digits (histogram bounds, means). */
export function formatCompact(value: number, locale: Locale = getLocale()): string {
  return numberFormat(locale, { maximumSignificantDigits: 4 }).format(value);
}

/** A share of a whole, 0..1: 12%, 3.4%, <0.1%. */
export function formatShare(share: number, locale: Locale = getLocale()): string {
  if (share === 0) return numberFormat(locale, { style: 'percent' }).format(0);
  if (share < 0.001) return `<${numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(0.001)}`;
  const digits = share < 0.1 ? 1 : 0;
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}

/** A percentage as given, 0..100, with no more decimals than it has (up to two): 10%, 12.5%, 0.01%. */
export function formatPercent(percent: number, locale: Locale = getLocale()): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(percent / 100);
}

/** A byte size, in binary multiples with their usual symbols: 512 B, 12.3 MB (12,3 MB in pt-BR). */
export function formatBytes(bytes: number, locale: Locale = getLocale()): string {
  if (bytes < 1024) return `${numberFormat(locale).format(bytes)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A duration: 850 ms, 2.4 s (2,4 s in pt-BR), 3 min 5 s (SI symbols, the same in every language). */
export function formatDuration(ms: number, locale: Locale = getLocale()): string {
  if (ms < 1000) return `${numberFormat(locale).format(Math.round(ms))} ms`;
  if (ms < 60_000) return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  return `${numberFormat(locale).format(Math.floor(ms / 60_000))} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar date, or a date and time, written out so that no reader mistakes
 * day for month: Jan 31, 2012 · 31 ene 2012 · 31 de jan. de 2012. DuckDB's
 * DATE and TIMESTAMP values carry no time zone, so they are shown as UTC.
 */
export function formatDate(date: Date, options: { time?: boolean } = {}, locale: Locale = getLocale()): string {
  const key = `${locale}|${options.time ? 'time' : 'date'}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(options.time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      timeZone: 'UTC',
    });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** A list joined the way the language does: a, b, and c · a, b y c · a, b e c. */
export function formatList(items: string[], locale: Locale = getLocale()): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

/**
 * How Vega writes numbers and dates in charts, in the language: d3's locale
 * definitions, read from Intl (separators, month and weekday names).
 */
export function chartLocale(locale: Locale = getLocale()): ChartLocale {
  // Made once per language: every chart draw asks, and building it takes a dozen Intl formatters.
  let made = chartLocales.get(locale);
  if (!made) chartLocales.set(locale, (made = makeChartLocale(locale)));
  return made;
}

const chartLocales = new Map<Locale, ChartLocale>();

function makeChartLocale(locale: Locale): ChartLocale {
  const parts = numberFormat(locale).formatToParts(1234567.5);
  const part = (type: string, fallback: string) => parts.find((entry) => entry.type === type)?.value ?? fallback;
  const names = (count: number, date: (index: number) => Date, options: Intl.DateTimeFormatOptions) => {
    const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    return Array.from({ length: count }, (_, index) => format.format(date(index)));
  };
  // 2023-01-01 was a Sunday: d3 lists days from Sunday.
  const day = (index: number) => new Date(Date.UTC(2023, 0, 1 + index));
  const month = (index: number) => new Date(Date.UTC(2023, index, 1));
  const twelveHour = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 === true;
  const dayFirst = new Intl.DateTimeFormat(locale).formatToParts(new Date(Date.UTC(2012, 0, 31)))[0]?.type === 'day';
  return {
    number: { decimal: part('decimal', '.'), thousands: part('group', ','), grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: '%x, %X',
      date: dayFirst ? '%d/%m/%Y' : '%-m/%-d/%Y',
      time: twelveHour ? '%-I:%M:%S %p' : '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: names(7, day, { weekday: 'long' }),
      shortDays: names(7, day, { weekday: 'short' }),
      months: names(12, month, { month: 'long' }),
      shortMonths: names(12, month, { month: 'short' }),
    },
  };
}
