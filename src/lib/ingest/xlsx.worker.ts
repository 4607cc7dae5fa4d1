/// <reference lib="webworker" />
import { parseWorkbook } from './xlsx-parse';

/** Parses workbooks off the main thread, so a large spreadsheet never freezes the page. */
self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  try {
    const sheets = await parseWorkbook(event.data);
    self.postMessage({ ok: true, sheets });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
