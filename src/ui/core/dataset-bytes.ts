import { fetchSample, findSample } from '../../lib/samples';
import type { WorkspaceStore } from '../../lib/store';
import type { DatasetEntry } from '../../lib/workspace';

/** Why a dataset's bytes could not be found (the UI words it). */
export class DatasetBytesError extends Error {
  constructor(
    readonly code: 'unknownSample' | 'linkDataAbsent',
    readonly params: Record<string, string>,
  ) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.name = 'DatasetBytesError';
  }
}

/**
 * Where a dataset's bytes come from when its table is (re)built: the file the
 * person opened in this session, the bundled sample, or the stored copy — and,
 * while an unkept workspace from a link or file is open, only what that link
 * or file carried and what the person attached to it.
 */
export class DatasetBytes {
  /** Files opened in this session, by content hash (store-read blobs are not kept: memory). */
  readonly #files = new Map<string, Blob>();
  /**
   * While the open workspace is an unkept one from a link or file: the only
   * bytes its datasets may load from. Never this browser's other files or
   * storage, found by a hash the sender wrote.
   */
  #untrusted: Map<string, Blob> | undefined;
  readonly #store: WorkspaceStore;

  constructor(store: WorkspaceStore) {
    this.#store = store;
  }

  /** Keeps a file the person opened (its tables rebuild from it, not from storage). */
  remember(hash: string, blob: Blob): void {
    this.#files.set(hash, blob);
  }

  /** This session's own copy, if it has one (for links: only small files are read at all). */
  opened(hash: string): Blob | undefined {
    return this.#files.get(hash);
  }

  /** From now on, while the workspace is unkept, datasets load only from `files`. */
  confine(files: ReadonlyMap<string, Blob>): void {
    this.#untrusted = new Map(files);
  }

  /** What an unkept workspace may load from (empty when none is open). */
  get confined(): ReadonlyMap<string, Blob> {
    return this.#untrusted ?? new Map();
  }

  /** The workspace was kept: what it carried becomes this session's own files. */
  release(): void {
    for (const [hash, blob] of this.#untrusted ?? []) this.#files.set(hash, blob);
    this.#untrusted = undefined;
  }

  async bytesOf(dataset: DatasetEntry, unkept: boolean): Promise<Blob> {
    const untrusted = unkept ? this.#untrusted : undefined;
    const inMemory = (untrusted ?? this.#files).get(dataset.hash);
    if (inMemory) return inMemory;
    if (dataset.sampleId) {
      const sample = findSample(dataset.sampleId);
      if (!sample) throw new DatasetBytesError('unknownSample', { id: dataset.sampleId });
      const file = await fetchSample(sample);
      this.#files.set(dataset.hash, file);
      return file;
    }
    if (untrusted) throw new DatasetBytesError('linkDataAbsent', { file: dataset.fileName });
    return this.#store.getBytes(dataset.hash);
  }
}
