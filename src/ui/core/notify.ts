import type { Notice, NoticeExtras } from '../notice-board.svelte';

/** How a feature tells the person something (the notice board in the corner). */
export type Notify = (kind: Notice['kind'], text: string, extra?: NoticeExtras) => void;
