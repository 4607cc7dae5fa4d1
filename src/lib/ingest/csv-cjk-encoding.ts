/**
 * Text that is neither UTF-8 nor UTF-16 is read as Windows-1252 unless it is
 * clearly one of the East Asian legacy encodings Excel writes on Japanese,
 * Chinese or Korean machines. Kept conservative: a wrong guess turns a Latin
 * file into nonsense, so every test below must pass before we name one.
 */
export type CjkEncoding = 'shift_jis' | 'gb18030' | 'euc-kr';

const isHigh = (byte: number) => byte >= 0x80;

/**
 * Mojibake in the Windows-1252 reading: Latin text has an accented letter
 * here and there between plain letters, while double-byte text has its high
 * bytes side by side (a lead byte and its trail byte), or, in Shift-JIS,
 * lead bytes 0x81–0x9F that Windows-1252 reads as rare signs (ƒ ‚ „ …).
 */
function highBytesLookDoubleByte(bytes: Uint8Array): boolean {
  let high = 0;
  let paired = 0;
  let signs = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (!isHigh(byte)) continue;
    high += 1;
    if (isHigh(bytes[i - 1] ?? 0) || isHigh(bytes[i + 1] ?? 0)) paired += 1;
    if (byte <= 0x9f) signs += 1;
  }
  return high >= 4 && (paired / high >= 0.5 || signs / high >= 0.3);
}

/** Decodes, or undefined at the first byte sequence the encoding does not allow. A character cut at the end is fine. */
function decodeStrict(bytes: Uint8Array, encoding: CjkEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

function shareOf(text: string, inRange: (code: number) => boolean): { matching: number; share: number } {
  let nonAscii = 0;
  let matching = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) continue;
    nonAscii += 1;
    if (inRange(code)) matching += 1;
  }
  return { matching, share: nonAscii === 0 ? 0 : matching / nonAscii };
}

const isKana = (code: number) => code >= 0x3041 && code <= 0x30ff;
const isIdeograph = (code: number) => code >= 0x4e00 && code <= 0x9fff;
/** Ideographic punctuation and full-width forms (not the half-width katakana a wrong decoder produces). */
const isCjkPunctuation = (code: number) => (code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff5e);
const isHangul = (code: number) => code >= 0xac00 && code <= 0xd7a3;

/** Share of double-byte pairs (lead, trail) inside the given ranges, ignoring the symbol rows (lead 0xA1–0xA9). */
function pairShare(bytes: Uint8Array, lead: [number, number], trail: [number, number]): number {
  let pairs = 0;
  let inside = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const first = bytes[i] ?? 0;
    if (!isHigh(first)) continue;
    const second = bytes[i + 1] ?? 0;
    i += 1;
    if (first >= 0xa1 && first <= 0xa9) continue;
    pairs += 1;
    if (first >= lead[0] && first <= lead[1] && second >= trail[0] && second <= trail[1]) inside += 1;
  }
  return pairs === 0 ? 0 : inside / pairs;
}

/** Japanese: kana are in nearly every sentence; Latin text read as Shift-JIS never makes them. */
function looksJapanese(bytes: Uint8Array): boolean {
  const text = decodeStrict(bytes, 'shift_jis');
  if (text === undefined) return false;
  const japanese = shareOf(text, (code) => isKana(code) || isIdeograph(code) || isCjkPunctuation(code));
  const kana = shareOf(text, isKana);
  return japanese.share >= 0.9 && kana.matching > 0 && kana.share >= 0.1;
}

/** Korean (EUC-KR): the Hangul syllables of KS X 1001 sit on lead bytes 0xB0–0xC8. */
function looksKorean(bytes: Uint8Array): boolean {
  const text = decodeStrict(bytes, 'euc-kr');
  if (text === undefined) return false;
  return shareOf(text, isHangul).share >= 0.8 && pairShare(bytes, [0xb0, 0xc8], [0xa1, 0xfe]) >= 0.95;
}

/** Simplified Chinese (GBK/GB18030): common characters are in the GB2312 block, lead 0xB0–0xF7, trail 0xA1–0xFE. */
function looksChinese(bytes: Uint8Array): boolean {
  const text = decodeStrict(bytes, 'gb18030');
  if (text === undefined) return false;
  return shareOf(text, (code) => isIdeograph(code) || isCjkPunctuation(code)).share >= 0.9 && pairShare(bytes, [0xb0, 0xf7], [0xa1, 0xfe]) >= 0.8;
}

/**
 * The East Asian encoding of text that failed as UTF-8, judged from a sample
 * of it, or undefined when it is not clearly one (then it is Windows-1252).
 * Korean is tried before Chinese: its Hangul block is inside GB2312's range.
 */
export function detectCjkEncoding(sample: Uint8Array): CjkEncoding | undefined {
  if (!highBytesLookDoubleByte(sample)) return undefined;
  if (looksJapanese(sample)) return 'shift_jis';
  if (looksKorean(sample)) return 'euc-kr';
  if (looksChinese(sample)) return 'gb18030';
  return undefined;
}
