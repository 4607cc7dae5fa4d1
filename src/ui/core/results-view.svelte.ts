import { quoteIdentifier } from '../../lib/engine';
import type { RejectedRows } from '../../lib/ingest';
import type { ResultColumn } from '../../lib/results';
import type { EngineSync } from './engine-sync.svelte';

export interface ProfileTarget {
  /** Which table it is (the dataset's name, or a result's table): a key, not words. */
  label: string;
  /** The dataset's table name, when the target is a dataset rather than a query result. */
  dataset?: string;
  /** The table as SQL (quoted, schema-qualified when needed). */
  table: string;
  columns: ResultColumn[];
  rejected?: { file: string; rows: RejectedRows };
}

/**
 * Which view the results panel shows, and which dataset its Profile
 * summarizes. The profiled dataset is held by name only: its columns and
 * types are read from the engine's catalog each time, so after an Undo, a
 * Redo or a type fix the profile shows what the engine has now.
 */
export class ResultsView {
  view = $state<'rows' | 'profile'>('rows');
  /** The column of a dataset whose type-fix dialog is open. */
  fixing = $state.raw<{ table: string; column: string } | undefined>(undefined);
  #chosen = $state.raw<{ table: string; rejected?: ProfileTarget['rejected'] } | undefined>(undefined);
  readonly #sync: EngineSync;

  constructor(sync: EngineSync) {
    this.#sync = sync;
  }

  /** The dataset profiled, as the catalog has it now (undefined once it is gone). */
  get profileTarget(): ProfileTarget | undefined {
    const chosen = this.#chosen;
    if (!chosen) return undefined;
    const info = this.#sync.tables.find((table) => table.name === chosen.table);
    if (!info) return undefined;
    return { label: chosen.table, dataset: chosen.table, table: quoteIdentifier(chosen.table), columns: info.columns, ...(chosen.rejected ? { rejected: chosen.rejected } : {}) };
  }

  /** Shows the profile of a dataset. */
  showProfile(table: string, rejected?: ProfileTarget['rejected']): void {
    if (!this.#sync.tables.some((candidate) => candidate.name === table)) return;
    this.#chosen = { table, ...(rejected ? { rejected } : {}) };
    this.view = 'profile';
  }

  /** Shows a dataset's profile with the type-fix dialog of one of its columns open. */
  askFix(table: string, column: string): void {
    this.showProfile(table);
    if (this.#chosen?.table === table) this.fixing = { table, column };
  }

  /** A new result: its rows show, and Profile summarizes it. */
  showResult(): void {
    this.#chosen = undefined;
    this.view = 'rows';
  }
}
