/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
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

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  optimizeDeps: {
    // duckdb-wasm and parquet-wasm ship their own wasm; pre-bundling breaks their URLs.
    exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
  },
  preview: {
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
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
