/**
 * contentHash in a worker of its own where there are workers (the browser),
 * in place where there are none (Node, the unit tests). The Blob is handed
 * over without copying its bytes; Cancel (the signal) ends the worker at once.
 */
import { contentHash } from './content-hash';
import type { HashReply } from './content-hash.worker';
import { runWorkerJob } from '../worker-job';

export function contentHashOffThread(blob: Blob, signal?: AbortSignal): Promise<string> {
  if (typeof Worker === 'undefined') return contentHash(blob, signal);
  signal?.throwIfAborted();
  const worker = new Worker(new URL('./content-hash.worker.ts', import.meta.url), { type: 'module' });
  return runWorkerJob<HashReply, string>(worker, blob, {
    signal,
    settle: (reply) => (reply.ok ? { ok: true, value: reply.hash } : { ok: false, error: new Error(reply.message) }),
    died: (message) => new Error(message ?? 'the file could not be read'),
  });
}
