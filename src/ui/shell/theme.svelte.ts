/**
 * Light or dark: the person's choice (System, Light or Dark), remembered in
 * this browser, and the theme it comes to, written on <html> as
 * `data-theme="light|dark"` where theme.css reads it.
 *
 * index.html loads this module before the app, so a remembered choice is on
 * <html> before anything is drawn (no flash of the other theme). Without
 * script, theme.css follows the system setting by itself.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const STORAGE_KEY = 'atalaya.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
/** The browser's own colour for its bar (Android, installed app), matching the header's surface. */
const BAR_COLOURS: Record<ResolvedTheme, string> = { light: '#ffffff', dark: '#161a20' };

function isChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value);
}

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isChoice(stored) ? stored : 'system';
  } catch {
    // Storage blocked (some private modes): follow the system.
    return 'system';
  }
}

function storeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Not remembered, but still applied for this visit.
  }
}

function systemQuery(): MediaQueryList | undefined {
  return typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : undefined;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

function writeToDocument(theme: ResolvedTheme): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = theme;
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', BAR_COLOURS[theme]);
}

export class ThemeState {
  choice = $state<ThemeChoice>(readChoice());
  systemDark = $state(systemQuery()?.matches ?? false);
  readonly resolved = $derived(resolveTheme(this.choice, this.systemDark));

  constructor() {
    writeToDocument(this.resolved);
    // A change of the system setting shows at once when the choice is System.
    systemQuery()?.addEventListener('change', (event) => {
      this.systemDark = event.matches;
      writeToDocument(this.resolved);
    });
  }

  choose(choice: ThemeChoice): void {
    this.choice = choice;
    storeChoice(choice);
    writeToDocument(this.resolved);
  }
}

/** The one theme of the page (a module singleton: the page has one <html>). */
export const theme = new ThemeState();
