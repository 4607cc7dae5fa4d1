import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One request that reached the other origin: proof that something left the tab. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** The Origin header, when the browser sent one (it says which page asked). */
  origin: string | undefined;
  body: string;
}

export interface OtherOrigin {
  /** Absolute URL of a path on this server, e.g. `url('/leak?d=1')`. */
  url(path: string): string;
  /** Every request received so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Forgets the requests so far (after a deliberate control request). */
  clear(): void;
}

/** What a request that got through would read: plausible CSV, so nothing fails for want of data. */
const CSV = 'secret,value\nleaked,1\n';

/**
 * A server at another origin (its own loopback port) that answers every
 * request with 200, CSV and `Access-Control-Allow-Origin: *` (preflights
 * included): if a request from the app ever got out, it would succeed, so a
 * test that sees no request here is not comforted by a server that refuses.
 * Started before the file's tests, closed after them.
 */
export function useOtherOrigin(): () => OtherOrigin {
  let server: Server | undefined;
  let origin = '';
  const requests: RecordedRequest[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const header = request.headers.origin;
        requests.push({ method: request.method ?? '', url: request.url ?? '', origin: Array.isArray(header) ? header[0] : header, body });
        response.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': '*',
          'Access-Control-Allow-Headers': '*',
          // Chromium's Private Network Access preflight: say yes to that too.
          'Access-Control-Allow-Private-Network': 'true',
        });
        response.end(CSV);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const handle: OtherOrigin = {
    url: (path) => {
      if (!origin) throw new Error('The other-origin server is not started');
      return new URL(path, origin).href;
    },
    requests,
    clear: () => void requests.splice(0),
  };
  return () => handle;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
