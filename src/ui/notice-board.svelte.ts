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

/** A notice as the history keeps it: what was said, how, and when (its action is not kept: it may be stale). */
export interface PastNotice {
  id: number;
  kind: Notice['kind'];
  text: Wording;
  /** When it was given, in epoch milliseconds. */
  at: number;
}

/** Informational notices fade after this. */
export const INFO_NOTICE_MS = 6000;
/** How long an action such as Undo stays on offer. */
export const ACTION_NOTICE_MS = 15000;
/**
 * Warnings stay long enough to be read and acted on, then go: what they say
 * about a dataset stays available in its profile (and its type fix there)
 * and in the history. Errors stay until dismissed.
 */
export const WARNING_NOTICE_MS = 30000;
/** Notices shown at once: more would crowd the work area; the rest are in the history. */
export const MAX_NOTICES = 3;
/** Past notices kept for the history (the oldest go first). */
export const MAX_HISTORY = 100;

let nextNoticeId = 0;

/** How long a notice of this kind stays on screen by itself (undefined: until dismissed). */
function lifetimeOf(kind: Notice['kind'], extra: NoticeExtras): number | undefined {
  if (kind === 'info') return extra.action ? ACTION_NOTICE_MS : INFO_NOTICE_MS;
  return kind === 'warning' ? WARNING_NOTICE_MS : undefined;
}

/** A running countdown to a notice's dismissal, which can be paused (while the person reads it). */
interface Countdown {
  remaining: number;
  startedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** The notices shown beside the work area, with their actions and expiry, and the history of every notice given. */
export class NoticeBoard {
  notices = $state<Notice[]>([]);
  /** Every notice given (up to MAX_HISTORY), oldest first, whether still shown or gone. */
  history = $state<PastNotice[]>([]);
  /** Notices given since the history was last looked at. */
  unseen = $state(0);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- timers, never shown: nothing on screen depends on them
  #countdowns = new Map<number, Countdown>();
  #paused = false;

  notify(kind: Notice['kind'], text: Wording, extra: NoticeExtras = {}): void {
    const id = ++nextNoticeId;
    this.#remember({ id, kind, text, at: Date.now() });
    let notices = [...this.notices, { id, kind, text, ...extra }];
    while (notices.length > MAX_NOTICES) {
      // The oldest goes first, but an error only when nothing else is left: a load's many notices must not push it out.
      const dropped = notices.find((notice) => notice.kind !== 'error' && notice.id !== id) ?? notices.find((notice) => notice.id !== id);
      if (!dropped) break;
      this.#stopCountdown(dropped.id);
      dropped.onExpire?.();
      notices = notices.filter((notice) => notice !== dropped);
    }
    this.notices = notices;
    const lifetime = lifetimeOf(kind, extra);
    if (lifetime !== undefined) this.#startCountdown(id, lifetime);
  }

  dismiss(id: number): void {
    this.#stopCountdown(id);
    this.notices.find((notice) => notice.id === id)?.onExpire?.();
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  /** Takes a notice's action; its expiry no longer applies. */
  act(id: number): void {
    this.#stopCountdown(id);
    const notice = this.notices.find((candidate) => candidate.id === id);
    this.notices = this.notices.filter((candidate) => candidate.id !== id);
    notice?.action?.run();
  }

  /** Drops the offers that relied on a stopped engine's tables (their expiry has nothing left to do). */
  withdrawEngineBound(): void {
    for (const notice of this.notices) if (notice.engineBound) this.#stopCountdown(notice.id);
    this.notices = this.notices.filter((notice) => !notice.engineBound);
  }

  /**
   * Stops (true) or resumes (false) every countdown: while the pointer is over
   * the notices or focus is in them, none disappears under the person reading
   * it or reaching for its button. Each resumes with the time it had left.
   */
  pause(paused: boolean): void {
    if (paused === this.#paused) return;
    this.#paused = paused;
    for (const [id, countdown] of this.#countdowns) {
      if (paused) {
        clearTimeout(countdown.timer);
        countdown.timer = undefined;
        countdown.remaining -= Date.now() - countdown.startedAt;
      } else {
        this.#run(id, countdown);
      }
    }
  }

  /** The history has been looked at: nothing in it is new any more. */
  markSeen(): void {
    this.unseen = 0;
  }

  clearHistory(): void {
    this.history = [];
    this.unseen = 0;
  }

  #remember(entry: PastNotice): void {
    this.history = [...this.history, entry].slice(-MAX_HISTORY);
    this.unseen = Math.min(this.unseen + 1, this.history.length);
  }

  #startCountdown(id: number, lifetime: number): void {
    const countdown: Countdown = { remaining: lifetime, startedAt: Date.now() };
    this.#countdowns.set(id, countdown);
    if (!this.#paused) this.#run(id, countdown);
  }

  #run(id: number, countdown: Countdown): void {
    countdown.startedAt = Date.now();
    countdown.timer = setTimeout(() => this.dismiss(id), Math.max(0, countdown.remaining));
  }

  #stopCountdown(id: number): void {
    clearTimeout(this.#countdowns.get(id)?.timer);
    this.#countdowns.delete(id);
  }
}
