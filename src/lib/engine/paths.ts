/**
 * The one virtual directory DuckDB may read and write. Every file the app
 * registers with the engine (dropped files, scratch files, exports) lives
 * under it; the lockdown run at every start (see START_STATEMENTS) makes
 * DuckDB refuse any other path and every URL.
 */
export const ENGINE_DIRECTORY = '/atalaya/';

/** The engine path for a file name of ours (never a user's path: names are app-made). */
export function enginePath(name: string): string {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`not an engine file name: ${name}`);
  return `${ENGINE_DIRECTORY}${name}`;
}
