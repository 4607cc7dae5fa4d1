/**
 * Whether a dashboard is settled: none of its tiles is waiting for data and
 * no chart is being drawn. The benchmark times a brush move to this moment
 * ("every other view painted"); browser tests wait on it.
 */
import { tick } from 'svelte';
import { drawsInFlight } from '../charts/draws-in-flight';

/** What BusyTiles watches of a tile's data: whether it is being asked for. */
interface Loading {
  readonly loading: boolean;
}

export class BusyTiles {
  readonly #watched = new Set<Loading>();

  /** Watches a tile's data until the returned function is called (the tile left). */
  watch(query: Loading): () => void {
    this.#watched.add(query);
    return () => this.#watched.delete(query);
  }

  get busy(): boolean {
    return drawsInFlight() > 0 || [...this.#watched].some((query) => query.loading);
  }

  /**
   * Resolves once nothing is loading or being drawn. Checked between tasks,
   * not frames, so that waiting adds no frame of its own to what is timed:
   * a query's answer starts its chart's draw in the same task's microtasks,
   * before the next check.
   */
  async settled(): Promise<void> {
    await tick();
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
