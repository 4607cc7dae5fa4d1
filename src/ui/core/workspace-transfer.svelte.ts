import { quoteIdentifier } from '../../lib/engine';
import { m } from '../i18n/paraglide/messages.js';
import { formatBytes } from '../i18n/format';
import { tableToParquet } from '../../lib/results';
import { buildWorkspaceFile, encodeWorkspaceLink, mayTravelInline, readWorkspaceFile, WORKSPACE_FILE_EXTENSION } from '../../lib/share';
import { downloadBytes } from '../download';
import { describeError } from '../i18n/describe';
import type { LinkReview } from './link-review.svelte';
import type { CoreContext } from './context';

/**
 * The open workspace leaving this browser (as a link or a `.atalaya` file)
 * and a workspace file arriving (read, checked and handed to the protected view).
 */
export class WorkspaceTransfer {
  /** An export or import under way, for the status line. */
  busy = $state('');

  readonly #core: CoreContext;
  readonly #review: LinkReview;

  constructor(core: CoreContext, review: LinkReview) {
    this.#core = core;
    this.#review = review;
  }

  /** Downloads the workspace as one `.atalaya` file (datasets as Parquet). */
  async exportFile(): Promise<void> {
    const doc = this.#core.session.doc;
    this.busy = m.workspace_exporting();
    try {
      const codec = await this.#core.deps.loadParquet();
      const bytes = await buildWorkspaceFile(doc, (dataset) => tableToParquet(this.#core.engine, codec, quoteIdentifier(dataset.table)));
      const name = `${doc.title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'workspace'}${WORKSPACE_FILE_EXTENSION}`;
      downloadBytes(bytes, name, 'application/zip');
      this.#core.notify('info', () => m.workspace_exported({ file: name, size: formatBytes(bytes.length) }));
    } catch (error) {
      this.#core.notify('error', () => describeError(error));
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
      this.#core.notify('error', () => describeError(error, { file: file.name }));
    } finally {
      this.busy = '';
    }
  }

  /** The link text (`#w=…` payload) for the open workspace. */
  async shareLink(): Promise<string> {
    return encodeWorkspaceLink(this.#core.session.doc, async (dataset) => {
      // Only small files are worth reading: larger ones cannot travel inline anyway.
      if (!mayTravelInline(dataset)) return undefined;
      return this.#core.bytes.opened(dataset.hash) ?? (await this.#core.session.store.getBytes(dataset.hash).catch(() => undefined));
    });
  }
}
