/**
 * Two layouts other spreadsheet readers accept and both of ours refuse,
 * undone before a last attempt (see xlsx-parse.ts):
 * - zip entries named with Windows separators (`xl\workbook.xml`), as some
 *   generators write them;
 * - rows and cells without their `r` address (the format makes it
 *   optional: each then follows the one before).
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

/** The workbook with both repaired, or undefined when it has neither (or is no zip). */
export function repairWorkbook(bytes: Uint8Array): Uint8Array | undefined {
  let entries: Unzipped;
  try {
    entries = unzipSync(bytes);
  } catch {
    return undefined;
  }
  let changed = false;
  const repaired: Unzipped = {};
  for (const [name, content] of Object.entries(entries)) {
    const path = name.replace(/\\/g, '/');
    let data = content;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(path)) {
      const xml = strFromU8(content);
      const addressed = addCellAddresses(xml);
      if (addressed !== xml) data = strToU8(addressed);
    }
    changed ||= path !== name || data !== content;
    repaired[path] = data;
  }
  return changed ? zipSync(repaired, { level: 1 }) : undefined;
}

const ROW_OR_CELL = /<(row|c)(\s[^>]*?)?(\/?)>/g;
const ADDRESS = /\sr="([A-Z]*)(\d+)"/;

/** Sheet XML with an `r` on every row and cell, counted on from the last one given. */
export function addCellAddresses(xml: string): string {
  let row = 0;
  let column = 0;
  return xml.replace(ROW_OR_CELL, (tag: string, name: string, attributes: string | undefined, selfClosing: string) => {
    const attrs = attributes ?? '';
    const given = ADDRESS.exec(attrs);
    if (name === 'row') {
      row = given ? Number(given[2]) : row + 1;
      column = 0;
      return given ? tag : `<row r="${row}"${attrs}${selfClosing}>`;
    }
    if (given) {
      column = columnNumber(given[1] ?? '');
      return tag;
    }
    column += 1;
    return `<c r="${columnLetters(column)}${row}"${attrs}${selfClosing}>`;
  });
}

/**
 * A column number as letters: 1 → A, 27 → AA. (Not sheet-to-arrow's
 * columnLetter: that module brings apache-arrow into the worker.)
 */
function columnLetters(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** A column's letters as a number: A → 1, AA → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}
