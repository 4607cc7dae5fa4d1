import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeBoard, worded } from '../../src/ui/notice-board.svelte';

afterEach(() => {
  vi.useRealTimers();
});

describe('the notice board', () => {
  it('lets information and warnings go in time, and keeps errors until dismissed', () => {
    vi.useFakeTimers();
    const board = new NoticeBoard();
    board.notify('info', 'loaded');
    board.notify('warning', 'decoded from Windows-1252');
    board.notify('error', 'could not read');
    vi.advanceTimersByTime(7000);
    expect(board.notices.map((notice) => notice.text)).toEqual(['decoded from Windows-1252', 'could not read']);
    vi.advanceTimersByTime(30_000);
    expect(board.notices.map((notice) => notice.text)).toEqual(['could not read']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(board.notices.map((notice) => notice.text)).toEqual(['could not read']);
  });

  it('makes room by dropping the oldest notice that is not an error', () => {
    const board = new NoticeBoard();
    const expired: string[] = [];
    board.notify('error', 'error 1');
    for (let index = 1; index <= 6; index++) board.notify('warning', `warning ${index}`, { onExpire: () => expired.push(`warning ${index}`) });
    expect(board.notices.map((notice) => notice.text)).toEqual(['error 1', 'warning 3', 'warning 4', 'warning 5', 'warning 6']);
    expect(expired).toEqual(['warning 1', 'warning 2']);
  });

  it('words a notice when it is shown, so it follows the language', () => {
    let language = 'en';
    const board = new NoticeBoard();
    board.notify('warning', () => (language === 'en' ? 'Loaded' : 'Cargado'));
    const notice = board.notices[0];
    expect(notice && worded(notice.text)).toBe('Loaded');
    language = 'es';
    expect(notice && worded(notice.text)).toBe('Cargado');
  });
});
