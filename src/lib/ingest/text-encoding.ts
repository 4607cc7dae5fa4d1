/**
 * CSV files arrive as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
 * text") or Windows-1252, which Excel writes on many machines in the region,
 * and now and then in an East Asian legacy encoding (Shift-JIS, GB18030,
 * EUC-KR). DuckDB's sniffer detects none of these by itself, so we decide
 * here and hand DuckDB UTF-8 in every case.
 */
import { concatBytes } from '../bytes';
import { detectCjkEncoding, type CjkEncoding } from './csv-cjk-encoding';

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | CjkEncoding;

/** How much of a file that is not UTF-8 is looked at to tell an East Asian encoding from Windows-1252. */
const CJK_SAMPLE = 256 * 1024;

const CHUNK = 1 << 20;

/**
 * The encoding of text, judged from all of it (`complete`) or from its first
 * bytes only, in which case a character cut at the end does not count.
 */
export function detectEncoding(bytes: Uint8Array, complete = true): DetectedEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (decodesStrictly(bytes, 'utf-8', complete)) return 'utf-8';
  const cjk = detectCjkEncoding(bytes.subarray(0, CJK_SAMPLE));
  // The sample decided; the rest of the file must agree, or it is read as Windows-1252.
  return cjk !== undefined && decodesStrictly(bytes, cjk, complete) ? cjk : 'windows-1252';
}

/** Validates in chunks so a large file never becomes one giant string. */
function decodesStrictly(bytes: Uint8Array, encoding: 'utf-8' | CjkEncoding, complete: boolean): boolean {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      const last = offset + CHUNK >= bytes.length;
      decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: !(last && complete) });
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F, where Excel puts
 * €, curly quotes, dashes and the like. Browsers' TextDecoder knows this
 * table but Node's does not, so we decode it ourselves, the same everywhere.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    codes[i] = byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte;
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.subarray(i, i + 8192));
  return text;
}

/** Re-encodes text in the given encoding as UTF-8 (BOM dropped), chunk by chunk. */
export function toUtf8(bytes: Uint8Array, encoding: Exclude<DetectedEncoding, 'utf-8'>): Uint8Array {
  const decoder = encoding === 'windows-1252' ? undefined : new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const chunk = bytes.subarray(offset, offset + CHUNK);
    const text = decoder ? decoder.decode(chunk, { stream: offset + CHUNK < bytes.length }) : decodeWindows1252(chunk);
    parts.push(encoder.encode(text));
  }
  return concatBytes(parts);
}

/** Human name of an encoding for messages. */
export function encodingLabel(encoding: DetectedEncoding): string {
  return {
    'utf-8': 'UTF-8',
    'utf-16le': 'UTF-16',
    'utf-16be': 'UTF-16',
    'windows-1252': 'Windows-1252 (Latin-1)',
    shift_jis: 'Shift-JIS',
    gb18030: 'GB18030 (GBK)',
    'euc-kr': 'EUC-KR',
  }[encoding];
}
