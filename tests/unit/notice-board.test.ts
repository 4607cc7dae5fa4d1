import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_HISTORY, NoticeBoard, worded } from '../../src/ui/notice-board.svelte';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const shown = (board: NoticeBoard) => board.notices.map((notice) => worded(notice.text));

describe('the notice board', () => {
  it('lets information go after a few seconds and warnings after longer, and keeps errors until dismissed', () => {
    const board = new NoticeBoard();
    board.notify('info', 'loaded');
    board.notify('warning', 'decoded from Windows-1252');
    board.notify('error', 'could not read');
    vi.advanceTimersByTime(5900);
    expect(shown(board)).toEqual(['loaded', 'decoded from Windows-1252', 'could not read']);
    vi.advanceTimersByTime(200);
    expect(shown(board)).toEqual(['decoded from Windows-1252', 'could not read']);
    vi.advanceTimersByTime(30_000);
    expect(shown(board)).toEqual(['could not read']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(shown(board)).toEqual(['could not read']);
    board.dismiss(board.notices[0]!.id);
    expect(shown(board)).toEqual([]);
  });

  it('keeps an offer such as Undo longer than plain information, and runs its expiry once when it goes', () => {
    const board = new NoticeBoard();
    const expired = vi.fn();
    board.notify('info', 'removed', { action: { label: 'Undo', run: () => {} }, onExpire: expired });
    vi.advanceTimersByTime(14_000);
    expect(shown(board)).toEqual(['removed']);
    vi.advanceTimersByTime(1000);
    expect(shown(board)).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('takes an action without running the expiry, and no timer fires for it later', () => {
    const board = new NoticeBoard();
    const run = vi.fn();
    const expired = vi.fn();
    board.notify('info', 'removed', { action: { label: 'Undo', run }, onExpire: expired });
    board.act(board.notices[0]!.id);
    vi.advanceTimersByTime(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(expired).not.toHaveBeenCalled();
  });

  it('shows at most three, making room by dropping the oldest notice that is not an error', () => {
    const board = new NoticeBoard();
    const expired: string[] = [];
    board.notify('error', 'error 1');
    for (let index = 1; index <= 6; index++) board.notify('warning', `warning ${index}`, { onExpire: () => expired.push(`warning ${index}`) });
    expect(shown(board)).toEqual(['error 1', 'warning 5', 'warning 6']);
    expect(expired).toEqual(['warning 1', 'warning 2', 'warning 3', 'warning 4']);
    // The dropped ones' timers are gone too: they expire once, not again when their time comes.
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual(['warning 1', 'warning 2', 'warning 3', 'warning 4', 'warning 5', 'warning 6']);
    expect(shown(board)).toEqual(['error 1']);
  });

  it('drops the oldest error when only errors are left, never the new notice', () => {
    const board = new NoticeBoard();
    for (let index = 1; index <= 4; index++) board.notify('error', `error ${index}`);
    expect(shown(board)).toEqual(['error 2', 'error 3', 'error 4']);
  });

  it('pauses every countdown while held, and resumes each with the time it had left', () => {
    const board = new NoticeBoard();
    board.notify('info', 'loaded');
    vi.advanceTimersByTime(4000);
    board.pause(true);
    board.notify('info', 'also loaded');
    vi.advanceTimersByTime(60_000);
    expect(shown(board)).toEqual(['loaded', 'also loaded']);
    board.pause(false);
    vi.advanceTimersByTime(1900);
    expect(shown(board)).toEqual(['loaded', 'also loaded']);
    vi.advanceTimersByTime(200);
    expect(shown(board)).toEqual(['also loaded']);
    vi.advanceTimersByTime(4000);
    expect(shown(board)).toEqual([]);
  });

  it('pausing twice or resuming twice changes nothing', () => {
    const board = new NoticeBoard();
    board.notify('info', 'loaded');
    board.pause(false);
    vi.advanceTimersByTime(3000);
    board.pause(true);
    board.pause(true);
    vi.advanceTimersByTime(3000);
    board.pause(false);
    board.pause(false);
    vi.advanceTimersByTime(2900);
    expect(shown(board)).toEqual(['loaded']);
    vi.advanceTimersByTime(200);
    expect(shown(board)).toEqual([]);
  });

  it('keeps every notice in the history, with its kind and time, after it has gone', () => {
    const board = new NoticeBoard();
    board.notify('info', 'loaded');
    vi.advanceTimersByTime(1000);
    board.notify('error', 'could not read');
    vi.advanceTimersByTime(10_000);
    expect(shown(board)).toEqual(['could not read']);
    expect(board.history.map(({ kind, text, at }) => ({ kind, text, at: new Date(at).toISOString() }))).toEqual([
      { kind: 'info', text: 'loaded', at: '2026-03-01T12:00:00.000Z' },
      { kind: 'error', text: 'could not read', at: '2026-03-01T12:00:01.000Z' },
    ]);
    // Notices pushed out to make room stay in the history too.
    for (let index = 1; index <= 5; index++) board.notify('warning', `warning ${index}`);
    expect(board.history.map((entry) => entry.text)).toContain('warning 1');
  });

  it('counts the notices given since the history was looked at, and forgets the oldest beyond its size', () => {
    const board = new NoticeBoard();
    board.notify('info', 'one');
    board.notify('warning', 'two');
    expect(board.unseen).toBe(2);
    board.markSeen();
    expect(board.unseen).toBe(0);
    board.notify('error', 'three');
    expect(board.unseen).toBe(1);
    for (let index = 0; index < MAX_HISTORY + 5; index++) board.notify('info', `more ${index}`);
    expect(board.history).toHaveLength(MAX_HISTORY);
    expect(board.history.at(-1)?.text).toBe(`more ${MAX_HISTORY + 4}`);
    expect(board.unseen).toBe(MAX_HISTORY);
    board.clearHistory();
    expect(board.history).toEqual([]);
    expect(board.unseen).toBe(0);
  });

  it('withdraws the offers bound to a stopped engine, whose timers then do nothing', () => {
    const board = new NoticeBoard();
    const expired = vi.fn();
    board.notify('info', 'removed', { action: { label: 'Undo', run: () => {} }, onExpire: expired, engineBound: true });
    board.notify('info', 'loaded');
    board.withdrawEngineBound();
    expect(shown(board)).toEqual(['loaded']);
    vi.advanceTimersByTime(60_000);
    expect(expired).not.toHaveBeenCalled();
  });

  it('words a notice when it is shown, so it follows the language', () => {
    let language = 'en';
    const board = new NoticeBoard();
    board.notify('warning', () => (language === 'en' ? 'Loaded' : 'Cargado'));
    const notice = board.notices[0];
    expect(notice && worded(notice.text)).toBe('Loaded');
    language = 'es';
    expect(notice && worded(notice.text)).toBe('Cargado');
    expect(worded(board.history[0]!.text)).toBe('Cargado');
  });
});
