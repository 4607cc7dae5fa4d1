/**
 * A notice's words: a function that writes them in the interface's current
 * language, so a notice on screen follows a language switch (a plain string
 * is for text that is already final, such as a name).
 */
export type Wording = string | (() => string);

export function worded(text: Wording): string {
  return typeof text === 'function' ? text() : text;
}

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: Wording;
  /** A button offered with the notice (e.g. Undo). */
  action?: { label: Wording; run: () => void };
  /** Runs when the notice goes away without its action having been taken. */
  onExpire?: () => void;
  /** The action needs state held by this engine instance (hidden tables), so a restart withdraws it. */
  engineBound?: boolean;
}

export type NoticeExtras = Pick<Notice, 'action' | 'onExpire' | 'engineBound'>;

/** Informational notices fade after this; warnings and errors stay until dismissed. */
const INFO_NOTICE_MS = 6000;
/** How long an action such as Undo stays on offer. */
const ACTION_NOTICE_MS = 15000;
/** Notices shown at once; older ones expire. */
const MAX_NOTICES = 5;

let nextNoticeId = 0;

/** The notices shown in the corner of the window, with their actions and expiry. */
export class NoticeBoard {
  notices = $state<Notice[]>([]);

  notify(kind: Notice['kind'], text: Wording, extra: NoticeExtras = {}): void {
    const id = ++nextNoticeId;
    const kept = this.notices.slice(-(MAX_NOTICES - 1));
    for (const dropped of this.notices.slice(0, -(MAX_NOTICES - 1))) dropped.onExpire?.();
    this.notices = [...kept, { id, kind, text, ...extra }];
    if (kind === 'info') setTimeout(() => this.dismiss(id), extra.action ? ACTION_NOTICE_MS : INFO_NOTICE_MS);
  }

  dismiss(id: number): void {
    this.notices.find((notice) => notice.id === id)?.onExpire?.();
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  /** Takes a notice's action; its expiry no longer applies. */
  act(id: number): void {
    const notice = this.notices.find((candidate) => candidate.id === id);
    this.notices = this.notices.filter((candidate) => candidate.id !== id);
    notice?.action?.run();
  }

  /** Drops the offers that relied on a stopped engine's tables (their expiry has nothing left to do). */
  withdrawEngineBound(): void {
    this.notices = this.notices.filter((notice) => !notice.engineBound);
  }
}
