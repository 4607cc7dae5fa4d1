import type { Table } from 'apache-arrow';
import type { ArrowTarget, BackendFactory, DuckBackend, ExecutionProgress, Lane } from './backend';
import { ARROW_STREAM_END } from './arrow-stream';
import { EngineError, isFatalEngineMessage, parseErrorPosition, type EngineStop } from './errors';
import { ENGINE_DIRECTORY } from './paths';
import { quoteLiteral } from './sql';

export type EngineStatus = 'off' | 'starting' | 'ready' | 'restarting' | 'failed';

export interface QueryOptions {
  signal?: AbortSignal;
  lane?: Lane;
  /** Refuse more than one statement (run as a prepared statement): for SQL built around text the app did not write. */
  single?: boolean;
}

/** How long a cancelled query may keep running before the worker is replaced. */
const CANCEL_GRACE_MS = 1000;

/**
 * Statements run once on every fresh instance, before anything else can reach
 * it. Auto-install and auto-load go first: with them on, DuckDB would download
 * extensions from the internet. Then the lockdown: DuckDB itself refuses every
 * path outside ENGINE_DIRECTORY and every URL ("Permission Error … disabled by
 * configuration"), whatever the SQL looks like, and locking the configuration
 * last means no statement — a link's, a file's, the user's — can undo it.
 */
export const START_STATEMENTS: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET enable_progress_bar = true',
  'SET progress_bar_time = 0',
  `SET allowed_directories = [${quoteLiteral(ENGINE_DIRECTORY)}]`,
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];

type Listener<T> = (value: T) => void;

/** An Arrow export is kept as Blobs of about this size (see exportArrowIPC). */
const EXPORT_BLOB_BYTES = 1024 * 1024;

/**
 * The one owner of the DuckDB instance. Starts it lazily, maps every failure
 * to an EngineError that keeps its SQL, cancels, and replaces an instance that
 * crashed or would not stop — then asks the registered restore hooks to
 * re-create the tables from the inputs they still hold.
 */
export class Engine {
  readonly #createBackend: BackendFactory;
  #backend: DuckBackend | undefined;
  #starting: Promise<DuckBackend> | undefined;
  #restoring: Promise<void> = Promise.resolve();
  #status: EngineStatus = 'off';
  #generation = 0;
  readonly #statusListeners = new Set<Listener<EngineStatus>>();
  readonly #restartListeners = new Set<Listener<string>>();
  readonly #progressListeners = new Set<Listener<ExecutionProgress>>();
  readonly #restoreHooks = new Set<(engine: Engine) => Promise<void>>();
  /**
   * The last task queued on each lane. A DuckDB connection runs one pending
   * query at a time: a second one started on it replaces the first, whose
   * result is then lost. So work on a lane runs strictly in order.
   */
  #laneTails = new Map<Lane, Promise<unknown>>();
  /**
   * Rejects when the current instance is replaced or ended. A terminated
   * worker never answers what was sent to it, so every call races this:
   * work in flight settles with a clear error instead of hanging.
   */
  #gone = instanceLifetime();

  constructor(createBackend: BackendFactory) {
    this.#createBackend = createBackend;
  }

  get status(): EngineStatus {
    return this.#status;
  }

  /** Increases each time the instance is replaced; state kept per instance is keyed by it. */
  get generation(): number {
    return this.#generation;
  }

  onStatusChange(listener: Listener<EngineStatus>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Told the reason each time a crashed or stuck instance was replaced. */
  onRestart(listener: Listener<string>): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  onProgress(listener: Listener<ExecutionProgress>): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  /** Hooks that re-create state (tables) on a fresh instance after a restart. */
  onRestore(hook: (engine: Engine) => Promise<void>): () => void {
    this.#restoreHooks.add(hook);
    return () => this.#restoreHooks.delete(hook);
  }

  /** Starts the instance if needed; resolves once it accepts queries. */
  async start(): Promise<void> {
    await this.#ready();
  }

  async query(sql: string, options: QueryOptions = {}): Promise<Table> {
    const lane = options.lane ?? 'internal';
    const { signal } = options;
    if (lane === 'user') await this.#restoring;
    const backend = await this.#ready();
    if (signal?.aborted) throw cancelledError(sql);
    const generation = this.#generation;
    const running = this.#enqueue(lane, () => {
      if (signal?.aborted) return Promise.reject(cancelledError(sql));
      return backend.query(sql, lane, { single: options.single === true });
    });
    if (!signal) return this.#mapFailure(running, sql, generation);
    return this.#withCancel(running, sql, lane, signal, backend, generation);
  }

  async registerFileBuffer(path: string, bytes: Uint8Array): Promise<void> {
    const backend = await this.#ready();
    await this.#mapFailure(backend.registerFileBuffer(path, bytes), `-- register ${path}`, this.#generation);
  }

  async registerFile(path: string, file: Blob): Promise<void> {
    const backend = await this.#ready();
    await this.#mapFailure(backend.registerFile(path, file), `-- register ${path}`, this.#generation);
  }

  async dropFile(path: string): Promise<void> {
    const backend = await this.#ready();
    await this.#mapFailure(backend.dropFile(path), `-- drop ${path}`, this.#generation);
  }

  async copyFileToBuffer(path: string): Promise<Uint8Array> {
    const backend = await this.#ready();
    return this.#mapFailure(backend.copyFileToBuffer(path), `-- read ${path}`, this.#generation);
  }

  async insertArrowIPC(bytes: Uint8Array, target: ArrowTarget, lane: Lane = 'load'): Promise<void> {
    const backend = await this.#ready();
    const label = `-- insert Arrow into ${target.schema}.${target.name}`;
    const running = this.#enqueue(lane, () => backend.insertArrowIPC(bytes, target, lane));
    await this.#mapFailure(running, label, this.#generation);
  }

  /** A fresh connection for the lane from its next statement on (queued behind what runs on it). */
  async resetLane(lane: Lane): Promise<void> {
    const backend = await this.#ready();
    await this.#mapFailure(this.#enqueue(lane, () => backend.closeLane(lane)), `-- reset ${lane}`, this.#generation);
  }

  async insertJSONRows(path: string, target: { schema: string; name: string }, lane: Lane = 'load'): Promise<void> {
    const backend = await this.#ready();
    const label = `-- insert JSON ${path} into ${target.schema}.${target.name}`;
    const running = this.#enqueue(lane, () => backend.insertJSONRows(path, target, lane));
    await this.#mapFailure(running, label, this.#generation);
  }

  /**
   * A query's result as an Arrow IPC stream in a Blob, never decoded on the
   * page (a table's snapshot). `started` settles once the query runs — its
   * view of the data is fixed from then on, whatever other lanes do next —
   * and `result` gives the Blob, or undefined past `maxBytes` (the rest is
   * not read).
   */
  exportArrowIPC(sql: string, options: { maxBytes: number; lane?: Lane }): { started: Promise<void>; result: Promise<Blob | undefined> } {
    const lane = options.lane ?? 'snapshot';
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const result = this.#ready().then((backend) => {
      const generation = this.#generation;
      const running = this.#enqueue(lane, async () => {
        const next = await backend.streamArrowIPC(sql, lane);
        markStarted();
        // Messages are gathered into Blobs of a few MB as they come: each copy into
        // the browser's blob storage stays short on the main thread, and the
        // page does not hold the whole snapshot as arrays.
        const blobs: Blob[] = [];
        let pending: Uint8Array[] = [];
        let pendingBytes = 0;
        let size = 0;
        for (let message = await next(); message; message = await next()) {
          size += message.byteLength;
          if (size > options.maxBytes) {
            // The next statement on this lane closes the pending result.
            await backend.query('SELECT 1', lane).catch(() => undefined);
            return undefined;
          }
          pending.push(message);
          pendingBytes += message.byteLength;
          if (pendingBytes >= EXPORT_BLOB_BYTES) {
            blobs.push(new Blob(pending as BlobPart[]));
            pending = [];
            pendingBytes = 0;
          }
        }
        return new Blob([...blobs, ...pending, ARROW_STREAM_END] as BlobPart[]);
      });
      return this.#mapFailure(running, sql, generation);
    });
    // A query that fails before it starts must not leave `started` waiting.
    void result.then(markStarted, markStarted);
    return { started, result };
  }

  /** Replaces the instance: terminate, start fresh, run the restore hooks. */
  /**
   * With `restore: false` the caller rebuilds the tables itself (a workspace
   * switch, whose engine sync plans from the fresh, empty catalog).
   */
  async restart(reason: string, options: { restore?: boolean } = {}): Promise<void> {
    this.#endInstance(reason === WORKSPACE_SWITCH ? { code: 'replaced', params: {} } : { code: 'stoppedMidway', params: { reason } });
    this.#generation += 1;
    // Tasks queued on the old instance may never settle; the new one starts clean.
    this.#laneTails = new Map();
    const old = this.#backend;
    this.#backend = undefined;
    this.#starting = undefined;
    this.#setStatus('restarting');
    if (old) await old.terminate().catch(() => undefined);
    let finishRestore: () => void = () => undefined;
    this.#restoring = new Promise<void>((resolve) => (finishRestore = resolve));
    try {
      await this.#ready();
      for (const hook of options.restore === false ? [] : this.#restoreHooks) {
        // A table that cannot be rebuilt must not stop the others.
        await hook(this).catch((error: unknown) => console.error('restore hook failed', error));
      }
    } finally {
      finishRestore();
    }
    for (const listener of this.#restartListeners) listener(reason);
  }

  /** Kills the worker as a crash would; the engine notices and recovers. */
  kill(): void {
    this.#backend?.kill?.();
  }

  async terminate(): Promise<void> {
    this.#endInstance({ code: 'stoppedMidway', params: { reason: 'terminated' } });
    this.#generation += 1;
    const backend = this.#backend;
    this.#backend = undefined;
    this.#starting = undefined;
    this.#setStatus('off');
    if (backend) await backend.terminate();
  }

  /** Fails everything still waiting on the instance that is going away. */
  #endInstance(stop: EngineStop): void {
    this.#gone.end(stop);
    this.#gone = instanceLifetime();
  }

  #enqueue<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    const previous = this.#laneTails.get(lane) ?? Promise.resolve();
    const run = previous.then(task, task);
    this.#laneTails.set(lane, run.catch(() => undefined));
    return run;
  }

  #ready(): Promise<DuckBackend> {
    if (this.#backend) return Promise.resolve(this.#backend);
    if (!this.#starting) this.#starting = this.#boot();
    return this.#starting;
  }

  async #boot(): Promise<DuckBackend> {
    if (this.#status !== 'restarting') this.#setStatus('starting');
    const generation = this.#generation;
    const backend = this.#createBackend();
    backend.onCrash((reason) => {
      if (generation === this.#generation) void this.restart(reason);
    });
    backend.onProgress((progress) => {
      for (const listener of this.#progressListeners) listener(progress);
    });
    try {
      await backend.open();
      for (const statement of START_STATEMENTS) await backend.query(statement, 'internal');
    } catch (error) {
      this.#starting = undefined;
      this.#setStatus('failed');
      await backend.terminate().catch(() => undefined);
      throw new EngineError('start-failed', messageOf(error), '');
    }
    this.#backend = backend;
    this.#setStatus('ready');
    return backend;
  }

  async #withCancel(
    running: Promise<Table>,
    sql: string,
    lane: Lane,
    signal: AbortSignal,
    backend: DuckBackend,
    generation: number,
  ): Promise<Table> {
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void backend.cancel(lane);
        // DuckDB checks for interrupts between tasks; if the statement does
        // not notice within the grace period, the worker is replaced.
        const timer = setTimeout(() => {
          if (generation === this.#generation) void this.restart('cancel');
          reject(cancelledError(sql));
        }, CANCEL_GRACE_MS);
        running.then(
          () => undefined,
          () => undefined,
        ).finally(() => {
          clearTimeout(timer);
          reject(cancelledError(sql));
        });
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.#mapFailure(running, sql, generation), aborted]);
    } catch (error) {
      // Whatever DuckDB says once we asked it to stop ("query was canceled",
      // "INTERRUPT Error"…), to the user it is a cancelled query.
      if (signal.aborted && error instanceof EngineError && error.kind !== 'cancelled') throw cancelledError(sql);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #mapFailure<T>(running: Promise<T>, sql: string, generation: number): Promise<T> {
    try {
      return await Promise.race([running, this.#gone.promise]);
    } catch (error) {
      if (error instanceof InstanceGone) throw new EngineError('crashed', error.message, sql, undefined, error.stop);
      const message = messageOf(error);
      if (isFatalEngineMessage(message)) {
        if (generation === this.#generation) void this.restart(message);
        throw new EngineError('crashed', message, sql);
      }
      if (/^INTERRUPT Error/i.test(message)) throw cancelledError(sql);
      throw new EngineError('sql', message, sql, parseErrorPosition(message, sql));
    }
  }

  #setStatus(status: EngineStatus): void {
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}

/** The reason given to restart() when a workspace switch asks for a fresh instance on purpose. */
export const WORKSPACE_SWITCH = 'workspace-switch';

class InstanceGone extends Error {
  constructor(readonly stop: EngineStop) {
    super(stop.code === 'replaced' ? 'engine replaced' : `engine stopped: ${stop.params.reason}`);
  }
}

function instanceLifetime(): { promise: Promise<never>; end(stop: EngineStop): void } {
  let end: (stop: EngineStop) => void = () => undefined;
  const promise = new Promise<never>((_, reject) => (end = (stop) => reject(new InstanceGone(stop))));
  // Nobody may be waiting when the instance ends; that is not an unhandled failure.
  promise.catch(() => undefined);
  return { promise, end };
}

function cancelledError(sql: string): EngineError {
  return new EngineError('cancelled', 'cancelled', sql);
}

/**
 * The text of a failure. Some duckdb-wasm paths report errors as JSON
 * ({"exception_type": …, "exception_message": …}); those are unwrapped into
 * DuckDB's usual "Type Error: message" form.
 */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  if (!text.startsWith('{"exception_type"')) return text;
  try {
    const parsed = JSON.parse(text) as { exception_type?: string; exception_message?: string };
    return `${parsed.exception_type ?? 'Error'} Error: ${parsed.exception_message ?? text}`;
  } catch {
    return text;
  }
}
