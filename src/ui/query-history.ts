const HISTORY_KEY = 'atalaya.history';
const HISTORY_SIZE = 50;

/** Recent queries, newest first, kept in localStorage between visits. */
export function readHistory(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === 'string').slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

/** The history with `sql` moved to the front, saved. */
export function rememberQuery(history: string[], sql: string): string[] {
  const next = [sql, ...history.filter((entry) => entry !== sql)].slice(0, HISTORY_SIZE);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the history lasts for this session only.
  }
  return next;
}
