export type FileFormat = 'delimited' | 'json' | 'ndjson' | 'parquet' | 'arrow' | 'xlsx';

export type FormatProblem = 'empty' | 'binary' | 'xls' | 'gzip' | 'feather1' | 'unknown';

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
  return ['empty', 'binary', 'xls', 'gzip', 'feather1', 'unknown'].includes(value);
}

/** What the first bytes prove about a file, whatever its name says. */
function formatFromMagic(head: Uint8Array): FileFormat | FormatProblem | undefined {
  if (startsWith(head, ascii('PAR1'))) return 'parquet';
  if (startsWith(head, ascii('ARROW1'))) return 'arrow';
  if (startsWith(head, [0xff, 0xff, 0xff, 0xff]) && head.length >= 8) return 'arrow'; // IPC stream
  if (startsWith(head, ascii('FEA1'))) return 'feather1';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'; // zip container
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  return undefined;
}

/** True when the bytes contain NUL or other control bytes that text never has. */
export function looksBinary(head: Uint8Array): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return false; // UTF-16 text
  let suspicious = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const byte = head[i] ?? 0;
    if (byte === 0) return true;
    if (byte < 7 || (byte > 13 && byte < 27) || byte === 127) suspicious += 1;
  }
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
  const magic = formatFromMagic(head);
  if (magic === 'xls' || magic === 'gzip' || magic === 'feather1') return { problem: magic };
  if (magic !== undefined && !isProblem(magic)) {
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
