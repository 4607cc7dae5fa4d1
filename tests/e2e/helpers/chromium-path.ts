import { existsSync } from 'node:fs';

/** Chromium from CHROME_PATH or Debian's package; a one-line hint when there is none. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (path): path is string => Boolean(path),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error('Browser tests need Chromium: run `sudo apt-get install chromium` (or set CHROME_PATH to a Chromium binary).');
  }
  return found;
}
