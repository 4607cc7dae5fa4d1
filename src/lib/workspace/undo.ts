import type { Workspace } from './types';

export interface UndoEntry {
  /** What the edit did, for the Undo button's title ("Rename table"). */
  label: string;
  before: Workspace;
  after: Workspace;
  /** Consecutive edits with the same key merge into one step (typing in one query). */
  mergeKey?: string;
  at: number;
}

/** Typing pauses longer than this start a new undo step. */
const MERGE_WINDOW_MS = 1500;
const MAX_ENTRIES = 200;

/**
 * Undo and redo over whole documents. Documents are immutable and share
 * structure, so keeping each step's before/after costs little.
 */
export class UndoHistory {
  #past: UndoEntry[] = [];
  #future: UndoEntry[] = [];

  record(label: string, before: Workspace, after: Workspace, mergeKey?: string, now = Date.now()): void {
    if (before === after) return;
    const last = this.#past.at(-1);
    if (mergeKey && last && last.mergeKey === mergeKey && last.after === before && now - last.at < MERGE_WINDOW_MS) {
      this.#past[this.#past.length - 1] = { ...last, after, at: now };
    } else {
      this.#past.push({ label, before, after, at: now, ...(mergeKey ? { mergeKey } : {}) });
      if (this.#past.length > MAX_ENTRIES) this.#past.shift();
    }
    this.#future = [];
  }

  /** The document to go back to, or undefined when there is nothing to undo. */
  undo(): UndoEntry | undefined {
    const entry = this.#past.pop();
    if (entry) this.#future.push(entry);
    return entry;
  }

  redo(): UndoEntry | undefined {
    const entry = this.#future.pop();
    if (entry) this.#past.push(entry);
    return entry;
  }

  get nextUndo(): string | undefined {
    return this.#past.at(-1)?.label;
  }

  get nextRedo(): string | undefined {
    return this.#future.at(-1)?.label;
  }

  /** Whether the newest step is still the one that produced this document. */
  isLatest(after: Workspace): boolean {
    return this.#past.at(-1)?.after === after;
  }

  clear(): void {
    this.#past = [];
    this.#future = [];
  }
}
