/**
 * The one place components ask for data (charts, Show me previews, profiles,
 * grid pages), modelled on Mosaic's QueryManager: every request has a key
 * naming its consumer, and a newer request for a key supersedes the older
 * one; each kind of work has a lane and a priority; a lane runs one request
 * at a time, the most urgent first.
 *
 * Why a queue of our own in front of the engine's: the engine runs a lane
 * strictly in the order work arrives, so once six Show me previews are handed
 * to it, a grid page asked for afterwards waits for all six. Holding requests
 * here until the lane is free lets the page go next, and lets a superseded
 * request that has not started simply disappear.
 */
import type { Lane } from './backend';
import type { Engine, QueryOptions } from './engine';

/** What a request needs of the engine; lib functions take this, so they run the same inside a request or outside one. */
export type QueryRunner = Pick<Engine, 'query'>;

export type QueryKind = 'page' | 'chart' | 'preview' | 'profile' | 'index';
export type QueryPriority = 'high' | 'normal' | 'low';

/**
 * Grid pages are what the person is looking at and are cheap; the chart being
 * edited or presented comes next; previews only suggest. Profiles scan whole
 * tables, so they keep their own lane and never hold up the other three.
 */
export const QUERY_KINDS: Readonly<Record<QueryKind, { lane: Lane; priority: QueryPriority }>> = {
  page: { lane: 'internal', priority: 'high' },
  chart: { lane: 'internal', priority: 'normal' },
  preview: { lane: 'internal', priority: 'low' },
  profile: { lane: 'profile', priority: 'normal' },
  // Dashboard indexes scan whole tables too; the brushing they speed up answers exactly meanwhile.
  index: { lane: 'index', priority: 'normal' },
};

const RANK: Record<QueryPriority, number> = { high: 0, normal: 1, low: 2 };

/**
 * Lanes whose running statement DuckDB can interrupt (see worker-backend.ts:
 * they run as pending queries). The internal lane runs each statement in one
 * round trip that nothing can stop, and the engine replaces an instance whose
 * cancelled statement keeps running past a grace period; so a superseded
 * request there finishes its current statement and is stopped before its next.
 */
const INTERRUPTIBLE: ReadonlySet<Lane> = new Set<Lane>(['user', 'load', 'profile', 'index']);

/** What a request's work receives. */
export interface QueryScope {
  /** Aborted once the request is superseded or cancelled. */
  readonly signal: AbortSignal;
  readonly lane: Lane;
  /**
   * The engine as this request should use it: on the request's lane, refusing
   * to start a statement once the request is superseded, and interrupting a
   * running one where the lane allows.
   */
  readonly engine: QueryRunner;
}

export interface RequestOptions {
  priority?: QueryPriority;
  /**
   * Waited for before the request takes its place in the lane (say, the
   * engine holding the workspace's tables), so that waiting never keeps the
   * lane from other work. A request superseded meanwhile never queues.
   */
  after?: Promise<unknown>;
}

/**
 * How a superseded or cancelled request settles. Callers recognise it with
 * isSuperseded() and ignore it: a newer request for the same key, or nobody,
 * wants the answer now.
 */
export class Superseded extends Error {
  override name = 'Superseded';
  constructor(readonly key: string) {
    super(`The request "${key}" was superseded or cancelled.`);
  }
}

export function isSuperseded(error: unknown): error is Superseded {
  return error instanceof Superseded;
}

interface Pending {
  key: string;
  lane: Lane;
  rank: number;
  /** Breaks ties in rank: first asked, first run. */
  order: number;
  controller: AbortController;
  start(): Promise<void>;
}

interface LaneState {
  queue: Pending[];
  /** The request whose work is running; it keeps the lane until that work settles, even when superseded. */
  running: Pending | undefined;
}

export class QueryCoordinator {
  readonly #engine: QueryRunner;
  /** The current request for each key: only it may deliver a result. */
  readonly #current = new Map<string, Pending>();
  readonly #lanes = new Map<Lane, LaneState>();
  #order = 0;
  #disposed = false;

  constructor(engine: QueryRunner) {
    this.#engine = engine;
  }

  /**
   * Runs `run` on the kind's lane when its turn comes. Resolves with its result
   * only while this is still the key's latest request: a stale result never
   * reaches the caller, so results arrive in order per key. Rejects with
   * Superseded when a newer request for the key (or cancel) takes its place,
   * and with the run's own error otherwise.
   */
  request<T>(key: string, kind: QueryKind, run: (scope: QueryScope) => Promise<T>, options: RequestOptions = {}): Promise<T> {
    if (this.#disposed) return Promise.reject(new Superseded(key));
    this.cancel(key);
    const { lane, priority } = QUERY_KINDS[kind];
    const controller = new AbortController();
    let resolve: (value: T) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<T>((onValue, onError) => {
      resolve = onValue;
      reject = onError;
    });
    const pending: Pending = {
      key,
      lane,
      rank: RANK[options.priority ?? priority],
      order: this.#order++,
      controller,
      start: () => {
        const scope: QueryScope = { signal: controller.signal, lane, engine: this.#scopedEngine(key, lane, controller.signal) };
        // A superseded run that ends late must neither deliver nor clear the entry of the request that replaced it.
        const settle = (deliver: () => void) => {
          if (this.#current.get(key) !== pending) return;
          this.#current.delete(key);
          deliver();
        };
        // Started a tick later: a request superseded in the same moment never
        // runs, and a run that throws instead of rejecting still frees the lane.
        return Promise.resolve()
          .then(() => run(scope))
          .then(
            (value) => settle(() => resolve(value)),
            (error: unknown) => settle(() => reject(error)),
          )
          .finally(() => this.#finished(lane, pending));
      },
    };
    controller.signal.addEventListener('abort', () => reject(new Superseded(key)), { once: true });
    this.#current.set(key, pending);
    if (options.after) {
      const enqueue = () => {
        if (!controller.signal.aborted) this.#enqueue(pending);
      };
      options.after.then(enqueue, enqueue);
    } else {
      this.#enqueue(pending);
    }
    return promise;
  }

  /** Aborts the key's request, queued or running; its promise rejects with Superseded. */
  cancel(key: string): void {
    const pending = this.#current.get(key);
    if (!pending) return;
    this.#current.delete(key);
    const lane = this.#lanes.get(pending.lane);
    if (lane) lane.queue = lane.queue.filter((queued) => queued !== pending);
    pending.controller.abort();
  }

  cancelAll(): void {
    for (const key of [...this.#current.keys()]) this.cancel(key);
  }

  /** Cancels everything and refuses new requests. */
  dispose(): void {
    this.#disposed = true;
    this.cancelAll();
  }

  #enqueue(pending: Pending): void {
    let lane = this.#lanes.get(pending.lane);
    if (!lane) {
      lane = { queue: [], running: undefined };
      this.#lanes.set(pending.lane, lane);
    }
    lane.queue.push(pending);
    this.#pump(lane);
  }

  #pump(lane: LaneState): void {
    if (lane.running || lane.queue.length === 0) return;
    let next = 0;
    for (let i = 1; i < lane.queue.length; i++) {
      const candidate = lane.queue[i] as Pending;
      const best = lane.queue[next] as Pending;
      if (candidate.rank < best.rank || (candidate.rank === best.rank && candidate.order < best.order)) next = i;
    }
    const [pending] = lane.queue.splice(next, 1) as [Pending];
    lane.running = pending;
    pending.start();
  }

  #finished(laneName: Lane, pending: Pending): void {
    const lane = this.#lanes.get(laneName);
    if (!lane || lane.running !== pending) return;
    lane.running = undefined;
    this.#pump(lane);
  }

  #scopedEngine(key: string, lane: Lane, signal: AbortSignal): QueryRunner {
    const interrupt = INTERRUPTIBLE.has(lane) ? signal : undefined;
    return {
      query: (sql: string, options: QueryOptions = {}) => {
        if (signal.aborted) return Promise.reject(new Superseded(key));
        return this.#engine.query(sql, { ...options, lane, signal: eitherSignal(options.signal, interrupt) });
      },
    };
  }
}

/** Aborted when either is. */
function eitherSignal(first: AbortSignal | undefined, second: AbortSignal | undefined): AbortSignal | undefined {
  return first && second ? AbortSignal.any([first, second]) : (first ?? second);
}

const coordinators = new WeakMap<QueryRunner, QueryCoordinator>();

/** The engine's coordinator, made on first use: every component holding the engine shares it. */
export function coordinatorFor(engine: QueryRunner): QueryCoordinator {
  let coordinator = coordinators.get(engine);
  if (!coordinator) {
    coordinator = new QueryCoordinator(engine);
    coordinators.set(engine, coordinator);
  }
  return coordinator;
}
