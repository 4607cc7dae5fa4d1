/**
 * CSV files arrive as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
 * text") or Windows-1252, which Excel writes on many machines in the region.
 * DuckDB's sniffer detects none of these by itself, so we decide here and hand
 * DuckDB UTF-8 in every case.
 */

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const CHUNK = 1 << 20;

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** Validates in chunks so a large file never becomes one giant string. */
function isValidUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: offset + CHUNK < bytes.length });
    }
    return true;
  } catch {
    return false;
  }
}

/** Re-encodes text in the given encoding as UTF-8 (BOM dropped), chunk by chunk. */
export function toUtf8(bytes: Uint8Array, encoding: Exclude<DetectedEncoding, 'utf-8'>): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const text = decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: offset + CHUNK < bytes.length });
    const encoded = encoder.encode(text);
    parts.push(encoded);
    total += encoded.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Human name of an encoding for messages. */
export function encodingLabel(encoding: DetectedEncoding): string {
  return { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1252': 'Windows-1252 (Latin-1)' }[encoding];
}
