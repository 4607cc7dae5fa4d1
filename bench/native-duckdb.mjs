/**
 * Native DuckDB (@duckdb/node-api, the same DuckDB version as DuckDB-WASM
 * 1.32), for the benchmark and for the corpus test that compares every
 * reader with it. It is installed into bench/.native on first use rather
 * than being a project dependency: npm leaves its per-platform optional
 * packages out of the lock file, which would break `npm ci` on a clean
 * machine (the npm registry is all it needs).
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NATIVE_PACKAGE = '@duckdb/node-api@1.4.3-r.3';
const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '.native');

export async function loadNativeDuckDB() {
  const require = createRequire(join(nativeDir, 'package.json'));
  try {
    require.resolve('@duckdb/node-api');
  } catch {
    console.log(`Installing ${NATIVE_PACKAGE} into bench/.native…`);
    mkdirSync(nativeDir, { recursive: true });
    execSync(`npm install --no-save --no-package-lock --prefix "${nativeDir}" ${NATIVE_PACKAGE}`, { stdio: 'ignore' });
  }
  return import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
}
