/**
 * The interface's language: English, Latin American Spanish (es-419) or
 * Brazilian Portuguese (pt-BR). Chosen from the browser's languages on a
 * first visit, then from the person's own choice (the language menu),
 * remembered in localStorage.
 *
 * Paraglide's getLocale() is pointed at a Svelte state, so every message
 * function and every format call made in a template or a $derived depends
 * on it: switching the language re-renders the interface in place, without
 * a reload (a reload would lose a protected view, a running query, a result).
 */
import { baseLocale, isLocale, locales, overwriteGetLocale, overwriteSetLocale, type Locale } from './paraglide/runtime.js';

export { locales, type Locale };

/** Where the person's choice is remembered. */
export const LOCALE_STORAGE_KEY = 'atalaya.locale';

/** The names of the languages, each in its own language (the menu shows them so). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'es-419': 'Español',
  'pt-BR': 'Português',
};

/** The interface language for a list of the browser's languages (most preferred first). */
export function localeFor(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === 'es') return 'es-419';
    if (language === 'pt') return 'pt-BR';
    if (language === 'en') return 'en';
  }
  return baseLocale;
}

function remembered(): Locale | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return value && isLocale(value) ? value : undefined;
  } catch {
    // Storage can be off (a privacy setting): the browser's languages decide.
    return undefined;
  }
}

function firstLocale(): Locale {
  const navigatorLanguages = globalThis.navigator?.languages ?? (globalThis.navigator?.language ? [globalThis.navigator.language] : []);
  return remembered() ?? localeFor(navigatorLanguages);
}

const current = $state<{ locale: Locale }>({ locale: baseLocale });

function applyToDocument(locale: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Reads the remembered or the browser's language and makes it the interface's. Call once, before mounting. */
export function startLocale(): Locale {
  current.locale = firstLocale();
  overwriteGetLocale(() => current.locale);
  overwriteSetLocale((locale) => setInterfaceLocale(locale));
  applyToDocument(current.locale);
  return current.locale;
}

/** The interface's language now (reactive). */
export function interfaceLocale(): Locale {
  return current.locale;
}

/** Switches the interface to a language and remembers the choice. */
export function setInterfaceLocale(locale: Locale): void {
  current.locale = locale;
  applyToDocument(locale);
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered when storage is off; the choice holds for this visit.
  }
}
