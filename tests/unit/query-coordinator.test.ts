/**
 * The query coordinator on the real engine (DuckDB-WASM's Node build).
 *
 * The Node build runs each statement to completion and cannot interrupt one,
 * so a long statement is played by the backend below: a statement marked
 * `/* hold N *\/` waits N ms before DuckDB runs it, and on the lanes the
 * browser can interrupt (pending queries: every lane but internal) a cancel
 * ends the wait with DuckDB's own "INTERRUPT Error", as the worker does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, EngineError, QueryCoordinator, coordinatorFor, isSuperseded, Superseded, type DuckBackend, type Lane, type QueryKind, type QueryPriority } from '../../src/lib/engine';
import { createNodeBackend } from './helpers/node-engine';

interface Held {
  lane: Lane;
  interrupt: () => void;
}

/** Every statement the backend was asked to run, in order: what never reaches it never ran. */
const ran: string[] = [];
const held = new Set<Held>();
let cancels: Lane[] = [];

function holdingBackend(): DuckBackend {
  const real = createNodeBackend();
  const query: DuckBackend['query'] = (sql, lane, options) => {
    ran.push(sql);
    const hold = /\/\* hold (\d+) \*\//.exec(sql);
    if (!hold) return real.query(sql, lane, options);
    return new Promise((resolve, reject) => {
      const entry: Held = {
        lane,
        interrupt: () => {
          clearTimeout(timer);
          held.delete(entry);
          reject(new Error('INTERRUPT Error: Interrupted!'));
        },
      };
      const timer = setTimeout(() => {
        held.delete(entry);
        real.query(sql, lane, options).then(resolve, reject);
      }, Number(hold[1]));
      held.add(entry);
    });
  };
  const cancel: DuckBackend['cancel'] = async (lane) => {
    cancels.push(lane);
    if (lane === 'internal') return;
    for (const entry of [...held]) if (entry.lane === lane) entry.interrupt();
  };
  return { ...real, query, cancel };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The single value of a one-row, one-column result. */
async function valueOf(engine: { query: Engine['query'] }, sql: string): Promise<number> {
  const table = await engine.query(sql);
  return Number(table.getChildAt(0)?.get(0));
}

/** Settles to the error, or fails the test when the promise resolves. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('query coordinator (real DuckDB-WASM)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = new Engine(holdingBackend);
    await engine.start();
  });
  afterAll(() => engine.terminate());

  const fresh = () => {
    ran.length = 0;
    cancels = [];
    return new QueryCoordinator(engine);
  };

  it.each([
    { when: 'in the same moment', blocker: false, olderSql: 'SELECT 1 AS older', pause: 0, olderRan: false },
    { when: 'while queued behind other work', blocker: true, olderSql: 'SELECT 1 AS older', pause: 20, olderRan: false },
    { when: 'while running', blocker: false, olderSql: 'SELECT /* hold 200 */ 1 AS older', pause: 20, olderRan: true },
  ])('a newer request for a key supersedes the older one $when; the older never delivers', async ({ blocker, olderSql, pause, olderRan }) => {
    const coordinator = fresh();
    const blocking = blocker ? coordinator.request('other', 'chart', ({ engine }) => valueOf(engine, 'SELECT /* hold 200 */ 0')) : undefined;
    const older = failureOf(coordinator.request('chart-1', 'chart', ({ engine }) => valueOf(engine, olderSql)));
    if (pause) await sleep(pause);
    const newer = coordinator.request('chart-1', 'chart', ({ engine }) => valueOf(engine, 'SELECT 2 AS newer'));
    const error = await older;
    expect(isSuperseded(error)).toBe(true);
    expect(error).toBeInstanceOf(Superseded);
    expect(await newer).toBe(2);
    if (blocking) expect(await blocking).toBe(0);
    // A request that had not started never reaches DuckDB; one already running finishes its statement, undelivered.
    expect(ran.includes(olderSql)).toBe(olderRan);
  });

  it.each([
    { how: 'cancel(key)', stop: (coordinator: QueryCoordinator) => coordinator.cancel('profile-1') },
    { how: 'cancelAll()', stop: (coordinator: QueryCoordinator) => coordinator.cancelAll() },
    { how: 'dispose()', stop: (coordinator: QueryCoordinator) => coordinator.dispose() },
  ])('$how aborts a running request, which rejects as superseded and frees its lane', async ({ stop }) => {
    const coordinator = fresh();
    let signal: AbortSignal | undefined;
    const running = failureOf(
      coordinator.request('profile-1', 'profile', (scope) => {
        signal = scope.signal;
        return valueOf(scope.engine, 'SELECT /* hold 60000 */ 1');
      }),
    );
    await sleep(20);
    stop(coordinator);
    expect(isSuperseded(await running)).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(cancels).toContain('profile');
    expect(held.size).toBe(0);
    // The profile lane is free: a plain engine query on it answers at once.
    expect(await valueOf({ query: (sql) => engine.query(sql, { lane: 'profile' }) }, 'SELECT 7')).toBe(7);
  });

  it('a disposed coordinator refuses new requests', async () => {
    const coordinator = fresh();
    coordinator.dispose();
    expect(isSuperseded(await failureOf(coordinator.request('late', 'chart', async () => 1)))).toBe(true);
    expect(ran).toEqual([]);
  });

  it('a superseded long query on an interruptible lane is interrupted: the quick one after it delivers at once', async () => {
    const coordinator = fresh();
    const generation = engine.generation;
    const started = performance.now();
    const slow = failureOf(coordinator.request('profile-2', 'profile', ({ engine }) => valueOf(engine, 'SELECT /* hold 60000 */ count(*) FROM range(1000)')));
    await sleep(20);
    const quick = coordinator.request('profile-2', 'profile', ({ engine }) => valueOf(engine, 'SELECT 42'));
    expect(await quick).toBe(42);
    expect(isSuperseded(await slow)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Interrupted, not escaped by replacing the engine's instance.
    expect(engine.generation).toBe(generation);
  });

  it('on the internal lane, which cannot interrupt, a superseded statement finishes, the next then runs, and the instance is kept', async () => {
    const coordinator = fresh();
    const generation = engine.generation;
    // Longer than the engine's grace for a cancelled statement: had the abort reached the engine, it would replace the instance.
    const slow = failureOf(coordinator.request('chart-2', 'chart', ({ engine }) => valueOf(engine, 'SELECT /* hold 1300 */ 1')));
    await sleep(20);
    const quick = coordinator.request('chart-2', 'chart', ({ engine }) => valueOf(engine, 'SELECT 2'));
    expect(isSuperseded(await slow)).toBe(true);
    expect(await quick).toBe(2);
    expect(engine.generation).toBe(generation);
    expect(cancels).toEqual([]);
  });

  it('a request stops at its next statement once superseded', async () => {
    const coordinator = fresh();
    let second: unknown;
    const first = failureOf(
      coordinator.request('chart-3', 'chart', async ({ engine }) => {
        await valueOf(engine, 'SELECT /* hold 100 */ 1');
        second = await failureOf(valueOf(engine, 'SELECT 2 AS never'));
        return 0;
      }),
    );
    await sleep(20);
    const next = coordinator.request('chart-3', 'chart', ({ engine }) => valueOf(engine, 'SELECT 3'));
    expect(await next).toBe(3);
    expect(isSuperseded(await first)).toBe(true);
    expect(isSuperseded(second)).toBe(true);
    expect(ran).not.toContain('SELECT 2 AS never');
  });

  it('different keys run independently, and each kind waits only for its own lane', async () => {
    const coordinator = fresh();
    const delivered: string[] = [];
    const note = (name: string) => (value: number) => {
      delivered.push(name);
      return value;
    };
    const chart = coordinator.request('chart-a', 'chart', ({ engine }) => valueOf(engine, 'SELECT /* hold 400 */ 1')).then(note('chart-a'));
    const profile = coordinator.request('profile-a', 'profile', ({ engine }) => valueOf(engine, 'SELECT 2')).then(note('profile-a'));
    const page = coordinator.request('page-a', 'page', ({ engine }) => valueOf(engine, 'SELECT 3')).then(note('page-a'));
    expect(await Promise.all([chart, profile, page])).toEqual([1, 2, 3]);
    // The profile lane did not wait for the chart; the page, on the chart's lane, did.
    expect(delivered).toEqual(['profile-a', 'chart-a', 'page-a']);
  });

  it('runs each request on its kind’s lane, whatever lane the work asks for', async () => {
    const coordinator = fresh();
    const kinds: QueryKind[] = ['page', 'chart', 'preview', 'profile'];
    const lanes = await Promise.all(kinds.map((kind) => coordinator.request(`lane-${kind}`, kind, async (scope) => scope.lane)));
    expect(lanes).toEqual(['internal', 'internal', 'internal', 'profile']);
    // The lane the coordinator chose holds: work asking for 'user' still runs on the profile lane, whose cancel then interrupts it.
    const slow = failureOf(coordinator.request('lane-check', 'profile', ({ engine }) => engine.query('SELECT /* hold 60000 */ 1', { lane: 'user' })));
    await sleep(20);
    coordinator.cancel('lane-check');
    await slow;
    expect(cancels).toEqual(['profile']);
  });

  const orders: Array<{ name: string; queued: Array<[string, QueryKind, QueryPriority?]>; expected: string[] }> = [
    {
      name: 'grid pages, then the chart, then previews in the order asked',
      queued: [
        ['preview-1', 'preview'],
        ['preview-2', 'preview'],
        ['chart', 'chart'],
        ['page', 'page'],
        ['preview-3', 'preview'],
      ],
      expected: ['page', 'chart', 'preview-1', 'preview-2', 'preview-3'],
    },
    {
      name: 'a priority given with the request overrides its kind’s',
      queued: [
        ['chart', 'chart'],
        ['urgent-preview', 'preview', 'high'],
        ['page', 'page', 'low'],
      ],
      expected: ['urgent-preview', 'chart', 'page'],
    },
    {
      name: 'equal priorities run first come, first served',
      queued: [
        ['chart-1', 'chart'],
        ['chart-2', 'chart'],
        ['chart-3', 'chart'],
      ],
      expected: ['chart-1', 'chart-2', 'chart-3'],
    },
  ];

  it.each(orders)('queued work runs by priority: $name', async ({ queued, expected }) => {
    const coordinator = fresh();
    const started: string[] = [];
    const blocker = coordinator.request('blocker', 'chart', ({ engine }) => valueOf(engine, 'SELECT /* hold 150 */ 0'));
    const all = queued.map(([key, kind, priority]) =>
      coordinator.request(
        key,
        kind,
        ({ engine }) => {
          started.push(key);
          return valueOf(engine, 'SELECT 1');
        },
        { priority },
      ),
    );
    await Promise.all([blocker, ...all]);
    expect(started).toEqual(expected);
  });

  it('a flood of previews delays a grid page by one preview at most', async () => {
    const coordinator = fresh();
    const previews = Array.from({ length: 6 }, (_, i) => coordinator.request(`preview-${i}`, 'preview', ({ engine }) => valueOf(engine, `SELECT /* hold 200 */ ${i}`)));
    await sleep(20);
    const started = performance.now();
    expect(await coordinator.request('page', 'page', ({ engine }) => valueOf(engine, 'SELECT 9'))).toBe(9);
    // One preview was running (200 ms); the other five (1 s) wait behind the page.
    expect(performance.now() - started).toBeLessThan(700);
    await Promise.all(previews);
  });

  it('delivers per key in order: a stale run that finishes last is never delivered, nor disturbs the newer request', async () => {
    const coordinator = fresh();
    const delivered: string[] = [];
    const settled: Array<Promise<unknown>> = [];
    const ask = (kind: QueryKind, run: () => Promise<string>) => settled.push(coordinator.request('mixed', kind, run).then((value) => delivered.push(value), () => undefined));
    // A run that ignores its signal and answers late, on the profile lane…
    ask('profile', async () => {
      await sleep(300);
      return 'stale';
    });
    // …then newer ones for the same key on another lane, the last still running when the stale one answers.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    for (const value of ['second', 'third']) ask('chart', async () => value);
    ask('chart', async () => {
      await gate;
      return 'latest';
    });
    await sleep(350);
    // The stale answer came and went; the key's request is still the latest one, and a newer request supersedes it.
    ask('chart', async () => 'final');
    open();
    await Promise.all(settled);
    expect(delivered).toEqual(['final']);
  });

  it.each([
    {
      name: 'a SQL error, with its SQL',
      run: (engine: { query: Engine['query'] }) => engine.query('SELECT * FROM no_such_table'),
      check: (error: unknown) => {
        expect(error).toBeInstanceOf(EngineError);
        expect((error as EngineError).kind).toBe('sql');
        expect((error as EngineError).sql).toBe('SELECT * FROM no_such_table');
      },
    },
    {
      name: 'an error the work throws before any query',
      run: (): Promise<never> => {
        throw new RangeError('bad design');
      },
      check: (error: unknown) => expect(error).toEqual(new RangeError('bad design')),
    },
  ])('errors reach the caller: $name; the lane goes on', async ({ run, check }) => {
    const coordinator = fresh();
    const error = await failureOf(coordinator.request('failing', 'chart', ({ engine }) => run(engine)));
    expect(isSuperseded(error)).toBe(false);
    check(error);
    expect(await coordinator.request('failing', 'chart', ({ engine }) => valueOf(engine, 'SELECT 5'))).toBe(5);
  });

  it('waits for `after` without holding the lane, and never queues when superseded while waiting', async () => {
    const coordinator = fresh();
    let ready: () => void = () => undefined;
    const synced = new Promise<void>((resolve) => (ready = resolve));
    const started: string[] = [];
    const waiting = coordinator.request(
      'after',
      'chart',
      ({ engine }) => {
        started.push('after');
        return valueOf(engine, 'SELECT 1');
      },
      { after: synced },
    );
    expect(await coordinator.request('meanwhile', 'chart', ({ engine }) => valueOf(engine, 'SELECT 2'))).toBe(2);
    expect(started).toEqual([]);
    ready();
    expect(await waiting).toBe(1);

    let never: () => void = () => undefined;
    const dropped = failureOf(
      coordinator.request(
        'after',
        'chart',
        async () => {
          started.push('dropped');
          return 0;
        },
        { after: new Promise<void>((resolve) => (never = resolve)) },
      ),
    );
    coordinator.cancel('after');
    never();
    expect(isSuperseded(await dropped)).toBe(true);
    await sleep(10);
    expect(started).toEqual(['after']);
  });

  it('coordinatorFor gives every holder of an engine the same coordinator', () => {
    const other = new Engine(holdingBackend);
    expect(coordinatorFor(engine)).toBe(coordinatorFor(engine));
    expect(coordinatorFor(other)).not.toBe(coordinatorFor(engine));
  });
});
