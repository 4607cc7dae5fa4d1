import type { Engine } from '../../lib/engine';
import type { IngestDeps } from '../../lib/ingest';
import type { Notice, NoticeExtras, Wording } from '../notice-board.svelte';
import type { WorkspaceSession } from '../workspace/session.svelte';
import type { DatasetBytes } from './dataset-bytes';

/** How a feature tells the person something (the notice board in the corner). */
export type Notify = (kind: Notice['kind'], text: Wording, extra?: NoticeExtras) => void;

/** What every feature state of the core shares: built once by the composition root. */
export interface CoreContext {
  readonly engine: Engine;
  readonly deps: IngestDeps;
  readonly session: WorkspaceSession;
  readonly bytes: DatasetBytes;
  readonly notify: Notify;
}
