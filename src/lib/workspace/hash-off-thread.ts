/**
 * contentHash in a worker of its own where there are workers (the browser),
 * in place where there are none (Node, the unit tests). The Blob is handed
 * over without copying its bytes; Cancel (the signal) ends the worker at once.
 */
import { contentHash } from './content-hash';
import type { HashReply } from './content-hash.worker';

export function contentHashOffThread(blob: Blob, signal?: AbortSignal): Promise<string> {
  if (typeof Worker === 'undefined') return contentHash(blob, signal);
  signal?.throwIfAborted();
  const worker = new Worker(new URL('./content-hash.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<string>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    worker.onmessage = (event: MessageEvent<HashReply>) => {
      if (event.data.ok) resolve(event.data.hash);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || 'the file could not be read'));
    };
    worker.postMessage(blob);
  }).finally(() => worker.terminate());
}
