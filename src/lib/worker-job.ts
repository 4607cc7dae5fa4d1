/**
 * One job in a worker of its own: the message goes in, one reply comes out,
 * and the worker ends whatever happens. Cancel (the signal) ends it at once,
 * whatever loop its parser is in; a worker that dies (a wasm trap, out of
 * memory) rejects with what `died` makes of the browser's message, and that
 * error is handled here so it is not logged as uncaught.
 *
 * The caller makes the Worker: `new Worker(new URL('./x.worker.ts',
 * import.meta.url))` must be written out where it is used, for the bundler.
 */
export interface WorkerJob<Reply, Result> {
  /** What the reply means: a result, or an error to reject with. */
  settle: (reply: Reply) => { ok: true; value: Result } | { ok: false; error: unknown };
  /** The error for a worker that stopped without replying (its message, when the browser gives one). */
  died: (message: string | undefined) => unknown;
  /** The error for a cancelled job; the signal's reason when omitted. */
  cancelled?: () => unknown;
  signal?: AbortSignal;
}

export function runWorkerJob<Reply, Result>(worker: Worker, message: unknown, job: WorkerJob<Reply, Result>): Promise<Result> {
  const { signal } = job;
  return new Promise<Result>((resolve, reject) => {
    const cancel = () => reject(job.cancelled ? job.cancelled() : signal?.reason);
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const settled = job.settle(event.data);
      if (settled.ok) resolve(settled.value);
      else reject(settled.error);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(job.died(event.message || undefined));
    };
    worker.onmessageerror = () => reject(job.died(undefined));
    worker.postMessage(message);
  }).finally(() => worker.terminate());
}
