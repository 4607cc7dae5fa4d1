/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Content Security Policy the preview server sends as a header (index.html
// carries the same policy as a <meta> tag, minus frame-ancestors which only
// works as a header). See design.md, Safety rules.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // blob:/data: because DuckDB and exports read back Blob URLs we create.
  "connect-src 'self' blob: data:",
  // 'wasm-unsafe-eval' lets DuckDB, parquet-wasm compile WebAssembly; nothing else is eval'd.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  // Svelte and CodeMirror set element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The DuckDB worker's own policy. A dedicated worker loaded from a URL takes
 * its CSP from its own response, not from the page. DuckDB-WASM's embind glue
 * builds method callers with `new Function`, so this one script needs
 * 'unsafe-eval'; the page and every other script keep the strict policy.
 */
export const DUCKDB_WORKER_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self' 'wasm-unsafe-eval'",
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
);

/** Sends the CSP as a header from the preview server, per response. */
function contentSecurityPolicyHeaders(): Plugin {
  return {
    name: 'atalaya-csp-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const isDuckDBWorker = /\/assets\/duckdb-browser-[\w-]+\.worker-[\w-]+\.js/.test(req.url ?? '');
        res.setHeader('Content-Security-Policy', isDuckDBWorker ? DUCKDB_WORKER_POLICY : CONTENT_SECURITY_POLICY);
        next();
      });
    },
  };
}

/** Files in public/ that the app never loads (the README's screenshot). */
const NOT_PRECACHED = new Set(['screenshot.png']);

/**
 * Emits sw.js (src/sw/service-worker.js) with the list of every built file, so
 * that after one visit the app, the engine's wasm and the samples load offline.
 */
function precacheServiceWorker(): Plugin {
  return {
    name: 'atalaya-precache-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const publicFiles = readdirSync('public', { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `${entry.parentPath.slice('public'.length + 1)}/${entry.name}`.replace(/^\//, ''))
        .filter((name) => !NOT_PRECACHED.has(name));
      const files = [...Object.keys(bundle), ...publicFiles].filter((name) => !name.endsWith('.map')).sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync('src/sw/service-worker.js', 'utf8')
        .replace('/* __PRECACHE_MANIFEST__ */ []', JSON.stringify(files.map((name) => `./${name}`)))
        .replace('__VERSION__', version);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicyHeaders(), precacheServiceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  optimizeDeps: {
    // duckdb-wasm and parquet-wasm ship their own wasm; pre-bundling breaks their URLs.
    exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
