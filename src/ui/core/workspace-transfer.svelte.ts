import { quoteIdentifier, type Engine } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { formatBytes } from '../i18n/format';
import type { IngestDeps } from '../../lib/ingest';
import { tableToParquet } from '../../lib/results';
import { buildWorkspaceFile, encodeWorkspaceLink, mayTravelInline, readWorkspaceFile, WORKSPACE_FILE_EXTENSION } from '../../lib/share';
import { downloadBytes } from '../download';
import { describeError } from '../i18n/describe';
import type { WorkspaceSession } from '../workspace/session.svelte';
import type { DatasetBytes } from './dataset-bytes';
import type { LinkReview } from './link-review.svelte';
import type { Notify } from './notify';

/**
 * The open workspace leaving this browser (as a link or a `.atalaya` file)
 * and a workspace file arriving (read, checked and handed to the protected view).
 */
export class WorkspaceTransfer {
  /** An export or import under way, for the status line. */
  busy = $state('');

  readonly #engine: Engine;
  readonly #deps: IngestDeps;
  readonly #session: WorkspaceSession;
  readonly #bytes: DatasetBytes;
  readonly #review: LinkReview;
  readonly #notify: Notify;

  constructor(engine: Engine, deps: IngestDeps, session: WorkspaceSession, bytes: DatasetBytes, review: LinkReview, notify: Notify) {
    this.#engine = engine;
    this.#deps = deps;
    this.#session = session;
    this.#bytes = bytes;
    this.#review = review;
    this.#notify = notify;
  }

  /** Downloads the workspace as one `.atalaya` file (datasets as Parquet). */
  async exportFile(): Promise<void> {
    const doc = this.#session.doc;
    this.busy = m.workspace_exporting();
    try {
      const codec = await this.#deps.loadParquet();
      const bytes = await buildWorkspaceFile(doc, (dataset) => tableToParquet(this.#engine, codec, quoteIdentifier(dataset.table)));
      const name = `${doc.title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'workspace'}${WORKSPACE_FILE_EXTENSION}`;
      downloadBytes(bytes, name, 'application/zip');
      this.#notify('info', m.workspace_exported({ file: name, size: formatBytes(bytes.length) }));
    } catch (error) {
      this.#notify('error', describeError(error));
    } finally {
      this.busy = '';
    }
  }

  /**
   * Reads a `.atalaya` file (validated, size-capped, hashes checked) and shows
   * it in the protected view, like a link: nothing runs until the person says,
   * and it becomes a new workspace only when kept.
   */
  async importFile(file: File): Promise<void> {
    this.busy = m.workspace_importing({ file: file.name });
    try {
      const opened = await readWorkspaceFile(file);
      await this.#review.show({ workspace: opened.workspace, inline: opened.data, missing: [] }, 'file');
    } catch (error) {
      this.#notify('error', describeError(error, { file: file.name }));
    } finally {
      this.busy = '';
    }
  }

  /** The link text (`#w=…` payload) for the open workspace. */
  async shareLink(): Promise<string> {
    return encodeWorkspaceLink(this.#session.doc, async (dataset) => {
      // Only small files are worth reading: larger ones cannot travel inline anyway.
      if (!mayTravelInline(dataset)) return undefined;
      return this.#bytes.opened(dataset.hash) ?? (await this.#session.store.getBytes(dataset.hash).catch(() => undefined));
    });
  }
}
