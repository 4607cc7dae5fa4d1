/** Where a table came from, so it can be rebuilt after an engine restart. */
import type { TypeFixOptions } from '../lib/profile/type-fix';

export interface AppliedTypeFix {
  column: string;
  options: TypeFixOptions;
}

export interface TableSource {
  file: Blob;
  fileName: string;
  sheet?: string;
  /** Set when the table is one of the bundled samples. */
  sampleId?: string;
  /** Type fixes applied since loading, in order, replayed when the table is rebuilt. */
  fixes?: AppliedTypeFix[];
}

export interface ReplayGroup {
  file: Blob;
  fileName: string;
  tables: Array<{ table: string; sheet?: string; fixes?: AppliedTypeFix[] }>;
}

/**
 * Remembers, for each file-backed table, the file it was loaded from. Not
 * reactive on purpose: nothing renders it; it is read only to rebuild.
 */
export class TableSources {
  readonly #byTable = new Map<string, TableSource>();

  set(table: string, source: TableSource): void {
    this.#byTable.set(table, source);
  }

  rename(from: string, to: string): void {
    const source = this.#byTable.get(from);
    if (!source) return;
    this.#byTable.delete(from);
    this.#byTable.set(to, source);
  }

  get(table: string): TableSource | undefined {
    return this.#byTable.get(table);
  }

  /** Records a type fix applied to the table (or, with undo, forgets the last one). */
  recordFix(table: string, fix: AppliedTypeFix | 'undo'): void {
    const source = this.#byTable.get(table);
    if (!source) return;
    const fixes = source.fixes ?? [];
    this.#byTable.set(table, { ...source, fixes: fix === 'undo' ? fixes.slice(0, -1) : [...fixes, fix] });
  }

  delete(table: string): void {
    this.#byTable.delete(table);
  }

  /** Forgets tables that no longer exist (dropped with SQL, for instance). */
  keepOnly(existing: Iterable<string>): void {
    const keep = new Set(existing);
    for (const table of [...this.#byTable.keys()]) if (!keep.has(table)) this.#byTable.delete(table);
  }

  /** Sample id by table name, for the tables that are samples. */
  samples(): Record<string, string> {
    const samples: Record<string, string> = {};
    for (const [table, source] of this.#byTable) if (source.sampleId) samples[table] = source.sampleId;
    return samples;
  }

  /** Tables grouped by the file they came from: one re-read per file. */
  groups(): ReplayGroup[] {
    const groups = new Map<Blob, ReplayGroup>();
    for (const [table, source] of this.#byTable) {
      const group = groups.get(source.file) ?? { file: source.file, fileName: source.fileName, tables: [] };
      group.tables.push({ table, ...(source.sheet ? { sheet: source.sheet } : {}), ...(source.fixes?.length ? { fixes: source.fixes } : {}) });
      groups.set(source.file, group);
    }
    return [...groups.values()];
  }
}
