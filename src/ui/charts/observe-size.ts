import type { Box } from './fit-spec';

/**
 * Follows the size a chart may take inside `element`, once it settles:
 * redrawing on every pixel of a drag would queue dozens of Vega draws.
 * `reserved` is the height kept for the caption under the plot; the box is a
 * few pixels short of the element, so that Vega's rounding never brings up
 * scroll bars. Changes under 5 px are ignored. Returns the cleanup.
 */
export function observeChartBox(element: HTMLElement, reserved: number, settleMs: number, current: () => Box, onBox: (box: Box) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(([entry]) => {
    if (!entry) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const width = Math.floor(entry.contentRect.width) - 6;
      const height = Math.floor(entry.contentRect.height) - reserved;
      const box = current();
      if (Math.abs(width - box.width) > 4 || Math.abs(height - box.height) > 4) onBox({ width, height });
    }, settleMs);
  });
  observer.observe(element);
  return () => {
    clearTimeout(timer);
    observer.disconnect();
  };
}
