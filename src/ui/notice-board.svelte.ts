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

/** Informational notices fade after this. */
const INFO_NOTICE_MS = 6000;
/** How long an action such as Undo stays on offer. */
const ACTION_NOTICE_MS = 15000;
/**
 * Warnings stay long enough to be read and acted on, then go: what they say
 * about a dataset stays available in its profile (and its type fix there).
 * Errors stay until dismissed.
 */
const WARNING_NOTICE_MS = 30000;
/** Notices shown at once. */
const MAX_NOTICES = 5;

let nextNoticeId = 0;

/** The notices shown in the corner of the window, with their actions and expiry. */
export class NoticeBoard {
  notices = $state<Notice[]>([]);

  notify(kind: Notice['kind'], text: Wording, extra: NoticeExtras = {}): void {
    const id = ++nextNoticeId;
    let notices = [...this.notices, { id, kind, text, ...extra }];
    while (notices.length > MAX_NOTICES) {
      // The oldest goes first, but an error only when nothing else is left: a load's many notices must not push it out.
      const dropped = notices.find((notice) => notice.kind !== 'error' && notice.id !== id) ?? notices.find((notice) => notice.id !== id);
      if (!dropped) break;
      dropped.onExpire?.();
      notices = notices.filter((notice) => notice !== dropped);
    }
    this.notices = notices;
    const lifetime = kind === 'info' ? (extra.action ? ACTION_NOTICE_MS : INFO_NOTICE_MS) : kind === 'warning' ? WARNING_NOTICE_MS : undefined;
    if (lifetime !== undefined) setTimeout(() => this.dismiss(id), lifetime);
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
