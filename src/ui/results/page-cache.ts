import type { CellText } from '../../lib/results';

export const PAGE_ROWS = 100;
const MAX_PAGES = 60;

/**
 * Pages of result rows fetched on demand, each requested once, the oldest
 * dropped beyond a limit so scrolling a million rows holds only a few
 * thousand in memory.
 */
export class PageCache {
  readonly #pages = new Map<number, CellText[][]>();
  readonly #inFlight = new Set<number>();
  readonly #fetchPage: (page: number) => Promise<CellText[][]>;
  readonly #onLoaded: () => void;
  #closed = false;

  constructor(fetchPage: (page: number) => Promise<CellText[][]>, onLoaded: () => void) {
    this.#fetchPage = fetchPage;
    this.#onLoaded = onLoaded;
  }

  /** The row if its page is here; otherwise starts fetching the page. */
  row(index: number): CellText[] | undefined {
    const page = Math.floor(index / PAGE_ROWS);
    const rows = this.#pages.get(page);
    if (rows) {
      // Refresh recency: Map iteration order is insertion order.
      this.#pages.delete(page);
      this.#pages.set(page, rows);
      return rows[index - page * PAGE_ROWS];
    }
    this.#request(page);
    return undefined;
  }

  /** The row if its page is already here; never fetches. */
  peek(index: number): CellText[] | undefined {
    const page = Math.floor(index / PAGE_ROWS);
    return this.#pages.get(page)?.[index - page * PAGE_ROWS];
  }

  close(): void {
    this.#closed = true;
    this.#pages.clear();
  }

  #request(page: number): void {
    if (this.#inFlight.has(page) || this.#closed) return;
    this.#inFlight.add(page);
    this.#fetchPage(page)
      .then((rows) => {
        if (this.#closed) return;
        this.#pages.set(page, rows);
        while (this.#pages.size > MAX_PAGES) {
          const oldest = this.#pages.keys().next().value;
          if (oldest === undefined) break;
          this.#pages.delete(oldest);
        }
        this.#onLoaded();
      })
      .catch(() => undefined)
      .finally(() => this.#inFlight.delete(page));
  }
}
