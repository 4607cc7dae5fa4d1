/**
 * parquet-wasm runs in a worker of its own, one per file. A malformed file
 * can make it panic (a wasm `unreachable` trap) inside an async task, where
 * nothing can catch it: the read's promise never settles and the instance is
 * poisoned for every later file. In a worker the trap surfaces as the
 * worker's error event; we fail this file and throw the worker away, and
 * the next file gets a fresh instance.
 */

/** What a row group costs to decode, from the file's footer. */
export interface RowGroupInfo {
  rows: number;
  /** Uncompressed size of its column chunks, in bytes. */
  bytes: number;
}

export type ParquetRequest = { op: 'open'; file: Blob } | { op: 'read'; group: number };

export type ParquetReply =
  | { ok: true; op: 'open'; groups: RowGroupInfo[]; schema: Uint8Array }
  | { ok: true; op: 'read'; ipc: Uint8Array }
  /** `fatal`: the wasm instance trapped and must not be used again. */
  | { ok: false; message: string; fatal?: boolean };

/** The parts of parquet-wasm the worker uses (its browser and Node builds share them). */
export interface ParquetWasmReader {
  ParquetFile: {
    fromFile(file: Blob): Promise<{
      metadata(): { rowGroups(): Array<{ numRows(): number; totalByteSize(): number }> };
      schema(): { intoIPCStream(): Uint8Array };
      read(options: { rowGroups: number[] }): Promise<{ intoIPCStream(): Uint8Array }>;
      free(): void;
    }>;
  };
}

/** A worker seen from the page, whatever its kind (Web Worker, Node worker thread). */
export interface ParquetWorkerPort {
  post(request: ParquetRequest): void;
  /** `onFailure` is for the worker dying (a wasm trap, an uncaught error), not for a reply saying a read failed. */
  listen(onReply: (reply: ParquetReply) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

/** Why the worker stopped without an answer: it crashed or went silent. */
export class ParquetWorkerLost extends Error {
  constructor(readonly reason: 'crashed' | 'stalled', detail: string) {
    super(`parquet worker ${reason}: ${detail}`);
    this.name = 'ParquetWorkerLost';
  }
}

/** A failure parquet-wasm reported in words (a Parquet error): the worker is still sound. */
export class ParquetReadFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParquetReadFailed';
  }
}

/** One request at a time to one worker; a crash or `stallMs` without a reply ends the worker. */
export class ParquetIsolate {
  #port: ParquetWorkerPort;
  #pending: { resolve(reply: ParquetReply): void; reject(error: Error): void } | undefined;
  #lost: ParquetWorkerLost | undefined;

  constructor(
    port: ParquetWorkerPort,
    readonly stallMs: number,
  ) {
    this.#port = port;
    port.listen(
      (reply) => (!reply.ok && reply.fatal ? this.#lose(new ParquetWorkerLost('crashed', reply.message)) : this.#pending?.resolve(reply)),
      (reason) => this.#lose(new ParquetWorkerLost('crashed', reason)),
    );
  }

  async open(file: Blob): Promise<{ groups: RowGroupInfo[]; schema: Uint8Array }> {
    const reply = await this.#ask({ op: 'open', file });
    if (reply.ok && reply.op === 'open') return { groups: reply.groups, schema: reply.schema };
    throw new ParquetReadFailed(reply.ok ? 'unexpected reply' : reply.message);
  }

  async readRowGroup(group: number): Promise<Uint8Array> {
    const reply = await this.#ask({ op: 'read', group });
    if (reply.ok && reply.op === 'read') return reply.ipc;
    throw new ParquetReadFailed(reply.ok ? 'unexpected reply' : reply.message);
  }

  dispose(): void {
    this.#lose(new ParquetWorkerLost('crashed', 'disposed'));
  }

  #lose(error: ParquetWorkerLost): void {
    if (this.#lost) return;
    this.#lost = error;
    this.#port.terminate();
    this.#pending?.reject(error);
  }

  #ask(request: ParquetRequest): Promise<ParquetReply> {
    if (this.#lost) return Promise.reject(this.#lost);
    return new Promise<ParquetReply>((resolve, reject) => {
      // Last resort: a trap is reported at once, but a decoder stuck in a
      // loop says nothing, so a step that gives no answer for this long ends it.
      const timer = setTimeout(() => this.#lose(new ParquetWorkerLost('stalled', `no reply in ${this.stallMs} ms`)), this.stallMs);
      const settle = () => {
        clearTimeout(timer);
        this.#pending = undefined;
      };
      this.#pending = {
        resolve: (reply) => (settle(), resolve(reply)),
        reject: (error) => (settle(), reject(error)),
      };
      this.#port.post(request);
    });
  }
}

/**
 * The worker's side: answers requests with one parquet-wasm instance. Used by
 * the browser worker (parquet-worker.ts); a trap inside `read` escapes as an
 * uncaught error, which is what the page side watches for.
 */
export function serveParquet(module: ParquetWasmReader, reply: (message: ParquetReply, transfer: Transferable[]) => void) {
  let file: Awaited<ReturnType<ParquetWasmReader['ParquetFile']['fromFile']>> | undefined;
  return async (request: ParquetRequest): Promise<void> => {
    try {
      if (request.op === 'open') {
        file?.free();
        file = await module.ParquetFile.fromFile(request.file);
        const groups = file.metadata().rowGroups().map((group) => ({ rows: group.numRows(), bytes: group.totalByteSize() }));
        reply({ ok: true, op: 'open', groups, schema: file.schema().intoIPCStream() }, []);
      } else {
        if (!file) throw new Error('no file open');
        const ipc = (await file.read({ rowGroups: [request.group] })).intoIPCStream();
        reply({ ok: true, op: 'read', ipc }, [ipc.buffer]);
      }
    } catch (error) {
      const fatal = error instanceof WebAssembly.RuntimeError;
      reply({ ok: false, message: error instanceof Error ? error.message : String(error), fatal }, []);
    }
  };
}
