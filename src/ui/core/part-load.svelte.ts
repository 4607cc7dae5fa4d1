import { engineMemoryBytes, subsetColumnChoices, type FileFormat, type IngestError, type LoadSubset } from '../../lib/ingest';
import { m } from '../i18n/paraglide/messages.js';
import type { CoreContext } from './context';
import type { EngineSync } from './engine-sync.svelte';

/** A file too large to load whole, with what a person needs to choose a part of it. */
export interface PartRequest {
  fileName: string;
  format: FileFormat;
  /** The file's size, in bytes. */
  size: number;
  /** The file's columns, in order, as its reader names them. */
  columns: string[];
  /** What the engine holds now and may hold at most (memory-budget.ts), in bytes. */
  held: number;
  budget: number;
  /** The chosen part, or undefined when the person gave up. */
  resolve: (subset: LoadSubset | undefined) => void;
}

type MemoryShort = Extract<IngestError['problem'], { code: 'memoryShort' }>['params'];

/**
 * Offers to load part of a file that the engine cannot hold whole: its
 * columns are read (as the load will name them: a CSV's first records, a
 * Parquet file's footer), the person chooses columns and a sample of rows in a dialog, and
 * `load` opens the file again with that part.
 */
export class PartLoads {
  request = $state.raw<PartRequest | undefined>(undefined);

  readonly #core: CoreContext;
  readonly #sync: EngineSync;
  readonly #load: (file: File, subset: LoadSubset) => Promise<unknown>;
  /** Offers one after another: a second refused file waits until the first dialog is answered. */
  #queue: Promise<void> = Promise.resolve();

  constructor(core: CoreContext, sync: EngineSync, load: (file: File, subset: LoadSubset) => Promise<unknown>) {
    this.#core = core;
    this.#sync = sync;
    this.#load = load;
  }

  /** The action a memory refusal's notice carries, for formats whose reading can be cut. */
  actionFor(file: File, refusal: MemoryShort): { label: () => string; run: () => void } | undefined {
    if (!refusal.partial) return undefined;
    return { label: m.files_part_offer, run: () => void this.offer(file, refusal.format, refusal.budget) };
  }

  offer(file: File, format: FileFormat, budget: number): Promise<void> {
    this.#queue = this.#queue.then(() => this.#offerNow(file, format, budget));
    return this.#queue;
  }

  async #offerNow(file: File, format: FileFormat, budget: number): Promise<void> {
    // On the ordered path: the sniff registers a file of its own in the engine.
    const found = await this.#sync
      .exclusive(async () => ({ columns: await subsetColumnChoices(this.#core.engine, format, file), held: await engineMemoryBytes(this.#core.engine) }))
      .catch(() => undefined);
    if (!found?.columns || found.columns.length === 0) {
      this.#core.notify('error', () => m.files_part_no_columns({ file: file.name }));
      return;
    }
    const subset = await new Promise<LoadSubset | undefined>((resolve) => {
      this.request = {
        fileName: file.name,
        format,
        size: file.size,
        columns: found.columns ?? [],
        held: found.held,
        budget,
        resolve: (chosen) => {
          this.request = undefined;
          resolve(chosen);
        },
      };
    });
    if (subset) await this.#load(file, subset);
  }
}
