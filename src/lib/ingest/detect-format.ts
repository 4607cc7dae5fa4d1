import { compressionOf, inflateHead, type Compression } from './compressed-stream';

export type FileFormat = 'delimited' | 'json' | 'ndjson' | 'parquet' | 'arrow' | 'xlsx';

export type FormatProblem = 'empty' | 'binary' | 'xls' | 'gzip' | 'encryptedXlsx' | 'feather1' | 'unknown';

const PROBLEMS: readonly string[] = ['empty', 'binary', 'xls', 'gzip', 'encryptedXlsx', 'feather1', 'unknown'];

export type Detection =
  | { format: FileFormat; /** Set when the name promised another format than the bytes hold. */ namedAs?: FileFormat }
  | { problem: FormatProblem };

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'delimited',
  tsv: 'delimited',
  tab: 'delimited',
  txt: 'delimited',
  psv: 'delimited',
  dat: 'delimited',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
  parq: 'parquet',
  arrow: 'arrow',
  arrows: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
};

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

function isProblem(value: FileFormat | FormatProblem): value is FormatProblem {
  return PROBLEMS.includes(value);
}

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENCRYPTED_PACKAGE = Array.from('EncryptedPackage\0', (ch) => [ch.charCodeAt(0), 0]).flat();

/**
 * An OLE/CFB container is a legacy .xls workbook, or an .xlsx that Excel
 * encrypted with a password: then its directory lists an `EncryptedPackage`
 * stream (the name in UTF-16LE, in a 128-byte directory entry whose name
 * length field, at byte 64, counts the closing NUL).
 */
function holdsEncryptedPackage(head: Uint8Array): boolean {
  for (let at = 512; at + 128 <= head.length; at += 128) {
    const nameBytes = (head[at + 64] ?? 0) | ((head[at + 65] ?? 0) << 8);
    if (nameBytes === ENCRYPTED_PACKAGE.length && startsWith(head, ENCRYPTED_PACKAGE, at)) return true;
  }
  return false;
}

/** What the first bytes prove about a file, whatever its name says. */
function formatFromMagic(head: Uint8Array): FileFormat | FormatProblem | undefined {
  // `PARE` opens a Parquet file with an encrypted footer: the Parquet reader
  // finds the same magic at its end and says it is encrypted (not binary junk).
  if (startsWith(head, ascii('PAR1')) || startsWith(head, ascii('PARE'))) return 'parquet';
  if (startsWith(head, ascii('ARROW1'))) return 'arrow';
  if (startsWith(head, [0xff, 0xff, 0xff, 0xff]) && head.length >= 8) return 'arrow'; // IPC stream
  if (startsWith(head, ascii('FEA1'))) return 'feather1';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'; // zip container
  if (startsWith(head, CFB_SIGNATURE)) return holdsEncryptedPackage(head) ? 'encryptedXlsx' : 'xls';
  return undefined;
}

const isControl = (byte: number) => byte < 7 || (byte > 13 && byte < 27) || byte === 127;

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * True for binary data, false for text. Text may hold a few NUL and other
 * control bytes (DuckDB reads them as characters): valid UTF-8 is text
 * unless such bytes are more than a quarter of it (UTF-16 without its BOM,
 * zero-filled data); other text, Latin-1 say, has next to none of them,
 * while random bytes have one in twelve.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return false; // UTF-16 text
  const sample = head.subarray(0, 8192);
  const n = sample.length;
  let suspicious = 0;
  for (const byte of sample) if (isControl(byte)) suspicious += 1;
  if (isUtf8(sample)) return suspicious > 16 && suspicious / n > 0.25;
  return n > 0 && suspicious / n > 0.01;
}

function firstNonBlank(head: Uint8Array): string | undefined {
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  for (; i < head.length; i++) {
    const ch = String.fromCharCode(head[i] ?? 32);
    if (!/\s/.test(ch)) return ch;
  }
  return undefined;
}

/** JSON text whose first line is a complete object followed by another line is NDJSON. */
function jsonFlavour(head: Uint8Array): 'json' | 'ndjson' {
  const text = new TextDecoder().decode(head.subarray(0, 65536));
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length >= 2 && lines[0]?.startsWith('{') && lines[0].endsWith('}') && lines[1]?.startsWith('{')) {
    try {
      JSON.parse(lines[0]);
      return 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'json';
}

/**
 * Decides how to read a file from its first bytes and its name. Content wins
 * over the name: a Parquet file called data.csv is read as Parquet.
 */
export function detectFormat(fileName: string, head: Uint8Array, size: number): Detection {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const named = EXTENSIONS[extension];
  if (size === 0) return { problem: 'empty' };
  const compression = compressionOf(head);
  if (compression) return compressedContent(fileName, compression, head);
  const magic = formatFromMagic(head);
  if (magic !== undefined && isProblem(magic)) return { problem: magic };
  if (magic !== undefined) {
    return named !== undefined && named !== magic ? { format: magic, namedAs: named } : { format: magic };
  }
  if (looksBinary(head)) return { problem: 'binary' };
  const first = firstNonBlank(head);
  if (first === undefined) return { problem: 'empty' };
  if (named === 'json' || named === 'ndjson') return { format: first === '{' ? jsonFlavour(head) : named };
  if (named === 'parquet' || named === 'arrow' || named === 'xlsx') {
    // Text where a binary format was promised: read it as text if it looks like text data.
    return { format: first === '[' || first === '{' ? jsonFlavour(head) : 'delimited', namedAs: named };
  }
  if (named === 'delimited') return { format: 'delimited' };
  if (first === '[' || first === '{') return { format: jsonFlavour(head) };
  return { format: 'delimited' };
}

/**
 * Compressed delimited text (`data.csv.gz`, `data.csv.zst`) is read after
 * decompressing it; other formats inside are not (decompress them first:
 * problem 'gzip', which stands for any compression). Content that cannot be
 * inflated from the head is left to the reader to report.
 */
function compressedContent(fileName: string, compression: Compression, head: Uint8Array): Detection {
  const inner = inflateHead(compression, head);
  if (inner.length === 0) return { format: 'delimited' };
  const detected = detectFormat(fileName.replace(/\.(gz|zst)$/i, ''), inner, inner.length);
  return 'format' in detected && detected.format === 'delimited' ? { format: 'delimited' } : { problem: 'gzip' };
}
