/**
 * Data for a component from the query coordinator. It replaces the
 * hand-written `$effect` + generation counter: the coordinator makes sure a
 * stale answer never arrives, so a component only says what to ask for.
 */
import { untrack } from 'svelte';
import { coordinatorFor, isSuperseded, type QueryKind, type QueryPriority, type QueryRunner, type QueryScope } from '../../lib/engine';
import { describeError } from '../i18n/describe';

export interface QuerySpec<T> {
  engine: QueryRunner;
  kind: QueryKind;
  /**
   * The work, on `scope.engine`. `partial` shows what is known so far (a
   * profile filling in); it is ignored once the request is superseded.
   */
  run: (scope: QueryScope, partial: (value: T) => void) => Promise<T>;
  priority?: QueryPriority;
  /** Waited for before the request queues for its lane (see RequestOptions.after). */
  after?: () => Promise<unknown>;
}

/**
 * One consumer's answer. `data` stays while a newer request runs, and after
 * it fails, so a chart does not blink while redrawing; components that must
 * not show an older answer look at `loading` or `error`.
 */
export class Query<T> {
  data = $state.raw<T | undefined>();
  error = $state.raw<unknown>();
  loading = $state(false);
  /** Set by cancel(), until the next request. */
  cancelled = $state(false);
  /** The error in words for the person, or ''. */
  readonly message = $derived(this.error === undefined ? '' : describeError(this.error));

  /** Each consumer is its own key: two views of one chart must not supersede each other. */
  readonly #key: string;
  #stop: (() => void) | undefined;

  constructor(key: string) {
    this.#key = key;
  }

  /** Stops the request in flight; the last data stays. */
  cancel(): void {
    this.#stop?.();
    this.#stop = undefined;
    if (this.loading) this.cancelled = true;
    this.loading = false;
  }

  ask(spec: QuerySpec<T>): () => void {
    const coordinator = coordinatorFor(spec.engine);
    const key = this.#key;
    this.loading = true;
    this.cancelled = false;
    const run = (scope: QueryScope) =>
      spec.run(scope, (value) => {
        if (!scope.signal.aborted) this.data = value;
      });
    coordinator.request(key, spec.kind, run, { priority: spec.priority, after: spec.after?.() }).then(
      (value) => {
        this.data = value;
        this.error = undefined;
        this.loading = false;
      },
      (error: unknown) => {
        if (isSuperseded(error)) return;
        this.error = error;
        this.loading = false;
      },
    );
    this.#stop = () => coordinator.cancel(key);
    return () => coordinator.cancel(key);
  }

  clear(): void {
    this.cancel();
    this.data = undefined;
    this.error = undefined;
    this.cancelled = false;
  }
}

let consumers = 0;

/**
 * Asks again whenever what `describe` reads changes, and cancels when the
 * component goes away. `describe` returns undefined when there is nothing to
 * ask (the answer is then cleared). Call it while the component initialises.
 * Everything the request depends on must be read inside `describe` itself:
 * `run` starts later, outside the component's tracking.
 */
export function useQuery<T>(describe: () => QuerySpec<T> | undefined): Query<T> {
  const query = new Query<T>(`consumer-${++consumers}`);
  $effect(() => {
    const spec = describe();
    // The request may start at once; what its work reads must not become a dependency.
    return untrack(() => {
      if (!spec) {
        query.clear();
        return undefined;
      }
      return query.ask(spec);
    });
  });
  return query;
}
