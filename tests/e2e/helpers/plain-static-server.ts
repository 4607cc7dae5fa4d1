import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const DIST = resolve('dist');

/** Content types by extension, as any static host sends them; nothing else. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the build in dist/ the way a bare static host does: the file and its
 * Content-Type, and no security header at all (no CSP, no _headers rules).
 * The app must stay in its tab with only what it carries itself (the <meta>
 * policy, the engine's bootstrap worker, DuckDB's lockdown).
 * Returns a getter for the server's base URL (`http://127.0.0.1:PORT/`).
 */
export function usePlainStaticServer(): () => string {
  let server: Server | undefined;
  let baseURL = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
      const file = normalize(join(DIST, path.endsWith('/') ? `${path}index.html` : path));
      if (!file.startsWith(DIST + sep)) {
        response.writeHead(404).end();
        return;
      }
      readFile(file).then(
        (bytes) => {
          response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
          response.end(bytes);
        },
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((ready) => server?.listen(0, '127.0.0.1', ready));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  return () => {
    if (!baseURL) throw new Error('The plain static server is not started');
    return baseURL;
  };
}
