/**
 * Serves the production build (npm run test:e2e builds it first) with Vite's
 * preview server on a free loopback port, for the browser tests.
 */
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './helpers/chromium-path';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  chromiumPath(); // fail early, with the install hint, when there is no browser
  // ATALAYA_DIST lets several people test their own builds side by side on one checkout.
  const dist = process.env.ATALAYA_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) throw new Error(`No build in ${dist}/: run \`npm run test:e2e\` (it builds first).`);
  const server = await preview({ build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its URL');
  project.provide('baseURL', url);
  return async () => {
    await server.close();
  };
}
