import { dropTableSql } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { formatBytes } from '../i18n/format';
import { ingestFile } from '../../lib/ingest';
import { describeTable } from '../../lib/results';
import { decodeWorkspaceLink, riskySql, type DecodedLink, type RiskySql } from '../../lib/share';
import { contentHashOffThread, newId, type DatasetEntry, type WorkspaceOrigin } from '../../lib/workspace';
import { describeError } from '../i18n/describe';
import { scratchName } from './engine-sync.svelte';
import type { CoreContext } from './context';

export interface LinkReviewState {
  link: DecodedLink;
  /** Where it came from: the protected view and the saved origin say so. */
  kind: WorkspaceOrigin['kind'];
  /** Opened from a `#present` link: Present is the main choice. */
  present: boolean;
  risky: RiskySql[];
  /** Datasets the link names but does not carry whose bytes this browser holds (the person may choose to use them). */
  storedHere: string[];
}

/**
 * A workspace from a link or a `.atalaya` file, from the moment it is read
 * to the moment the person runs, presents, keeps or closes it. Nothing in it
 * runs before that choice, and until it is kept its datasets load only from
 * what it carried and what the person attached.
 */
export class LinkReview {
  /** The workspace shown in the protected view, if one is. */
  current = $state.raw<LinkReviewState | undefined>(undefined);


  readonly #core: CoreContext;
  constructor(core: CoreContext) {
    this.#core = core;
  }

  /** Reads a link; a bad one is explained and nothing is opened. `present` makes Present the protected view's main choice. */
  async openLink(fragment: string, options: { present?: boolean } = {}): Promise<void> {
    try {
      const link = await decodeWorkspaceLink(fragment);
      // A new id: opening your own link never lands on the workspace it came from.
      await this.show({ ...link, workspace: { ...link.workspace, id: newId('ws') } }, 'link', options.present === true);
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
    }
  }

  /** Shows a read link or workspace file in the protected view. */
  async show(link: DecodedLink, kind: WorkspaceOrigin['kind'], present = false): Promise<void> {
    // Whatever the sender wrote about allowed statements is dropped: only the person decides.
    const workspace = { ...link.workspace, origin: { kind, allowed: [] } };
    const storedHere: string[] = [];
    for (const dataset of link.missing) if (await this.#core.session.store.hasBytes(dataset.hash).catch(() => false)) storedHere.push(dataset.id);
    // Reading a large link took a task of its own; the protected view renders in the next one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.current = { link: { ...link, workspace }, kind, present, risky: workspace.queries.flatMap((query) => riskySql(query.sql)), storedHere };
  }

  close(): void {
    this.current = undefined;
  }

  /** The person chose to use this browser's own copy of a dataset the link names by fingerprint only. */
  async useStoredCopy(dataset: DatasetEntry): Promise<boolean> {
    if (!this.current) return false;
    try {
      this.#attach(dataset, await this.#core.session.store.getBytes(dataset.hash));
      return true;
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
      return false;
    }
  }

  /** Attaches a local file for a dataset the link names but does not carry, if it is the same file; else says why not. */
  async attachFile(dataset: DatasetEntry, file: File): Promise<string | undefined> {
    if (!this.current) return undefined;
    if ((await contentHashOffThread(file)) !== dataset.hash) return this.#explainMismatch(dataset, file);
    this.#attach(dataset, file);
    return undefined;
  }

  #attach(dataset: DatasetEntry, blob: Blob): void {
    const review = this.current;
    if (!review) return;
    review.link.inline.set(dataset.hash, blob);
    const missing = review.link.missing.filter((entry) => entry.id !== dataset.id);
    this.current = { ...review, link: { ...review.link, missing }, storedHere: review.storedHere.filter((id) => id !== dataset.id) };
  }

  /** Why an attached file is not the one a link names: different columns, or the same columns with other content. */
  async #explainMismatch(dataset: DatasetEntry, file: File): Promise<string> {
    const staging = scratchName('attach');
    try {
      await ingestFile(this.#core.engine, this.#core.deps, { fileName: file.name, file, existingTables: [], replay: [{ table: staging, ...(dataset.sheet ? { sheet: dataset.sheet, headerRow: dataset.headerRow } : {}) }], subset: dataset.subset });
      const columns = (await describeTable(this.#core.engine, staging, 'main')).map((column) => column.name);
      const expected = dataset.columns.map((column) => column.name);
      const missing = expected.filter((name) => !columns.includes(name));
      const extra = columns.filter((name) => !expected.includes(name));
      if (missing.length + extra.length > 0) {
        return m.link_attach_columns({ file: file.name, table: dataset.table, missing: missing.join(', ') || '—', extra: extra.join(', ') || '—' });
      }
    } catch (error) {
      return `${file.name}: ${describeError(error)}`;
    } finally {
      await this.#core.engine.query(dropTableSql(staging)).catch(() => undefined);
    }
    return file.size !== dataset.size
      ? m.link_attach_size({ file: file.name, table: dataset.table, size: formatBytes(file.size), expected: formatBytes(dataset.size) })
      : m.link_attach_content({ file: file.name, table: dataset.table });
  }

  /**
   * Runs the reviewed workspace, unsaved until kept, with the statements the
   * person allowed, in a fresh engine instance that holds only its own data.
   * Presenting (`allowed` empty) is the same run, with nothing allowed.
   */
  async run(allowed: string[], keep: boolean): Promise<void> {
    const review = this.current;
    if (!review) return;
    this.current = undefined;
    // A copy, so that nothing attached to a later review can join this workspace.
    this.#core.bytes.confine(review.link.inline);
    // A plain copy: the list may be a component's state proxy, which IndexedDB cannot store.
    const workspace = { ...review.link.workspace, origin: { kind: review.kind, allowed: [...allowed] } };
    await this.#core.session.switchTo({ adopt: workspace, unkept: true });
    if (keep) await this.keep();
  }

  /**
   * Makes the workspace from a link or file a saved workspace of this
   * browser, with its data and the person's choices (its origin). A dataset
   * whose data never arrived (not carried, not attached) is left out: kept,
   * it would name bytes by a fingerprint the sender chose.
   */
  async keep(): Promise<void> {
    const files = this.#core.bytes.confined;
    const datasets = this.#core.session.doc.datasets;
    const absent = datasets.filter((dataset) => !dataset.sampleId && !files.has(dataset.hash));
    try {
      for (const dataset of datasets) {
        const file = files.get(dataset.hash);
        if (file && !dataset.sampleId) await this.#core.session.track(this.#core.session.store.putBytes(file, { hash: dataset.hash }));
      }
      if (absent.length > 0) this.#core.session.forgetDatasets(absent.map((dataset) => dataset.id));
      await this.#core.session.keep();
    } catch (error) {
      this.#core.session.reportStoreError(error);
      return;
    }
    this.#core.bytes.release();
    for (const dataset of absent) this.#core.notify('warning', () => m.link_not_kept({ table: dataset.table, file: dataset.fileName }));
  }
}
