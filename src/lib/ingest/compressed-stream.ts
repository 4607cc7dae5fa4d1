/**
 * Compressed text (`data.csv.gz`, `data.csv.zst`), decompressed in the page
 * with streaming decoders (fflate's Gunzip, fzstd's Decompress): a slice at a
 * time, so a cancel lands between slices and a file that inflates past what
 * the engine can hold stops early.
 */
import { Gunzip } from 'fflate';
import { Decompress } from 'fzstd';
import { concatBytes } from '../bytes';

export type Compression = 'gzip' | 'zstd';

/** The compression a file's first bytes announce, if any. */
export function compressionOf(bytes: Uint8Array): Compression | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return 'zstd';
  return undefined;
}

/** Thrown when the content is larger than `limit` once decompressed. */
export class InflateTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`decompressed content exceeds ${limit} bytes`);
    this.name = 'InflateTooLarge';
  }
}

/** Thrown when the bytes are not a complete, valid compressed stream (truncated or damaged). */
export class InflateCorrupt extends Error {
  constructor(
    readonly compression: Compression,
    cause: unknown,
  ) {
    super(`${compression} data is damaged or truncated`, { cause });
    this.name = 'InflateCorrupt';
  }
}

interface InflateStream {
  push(chunk: Uint8Array, final: boolean): void;
}

/** Both decoders take slices and hand out what they decompressed; gzip files may hold several members. */
function streamFor(compression: Compression, ondata: (chunk: Uint8Array) => void): InflateStream {
  if (compression === 'gzip') return new Gunzip(ondata);
  const zstd = new Decompress(ondata);
  return { push: (chunk, final) => zstd.push(chunk, final) };
}

const SLICE = 1 << 20;

/**
 * The first `want` bytes of the decompressed content, from the first bytes of
 * the compressed file (for format detection). Empty when they cannot be inflated.
 */
export function inflateHead(compression: Compression, head: Uint8Array, want = 65536): Uint8Array {
  const parts: Uint8Array[] = [];
  let got = 0;
  const stream = streamFor(compression, (chunk) => {
    parts.push(chunk);
    got += chunk.length;
  });
  try {
    for (let offset = 0; offset < head.length && got < want; offset += 4096) {
      stream.push(head.subarray(offset, offset + 4096), false);
    }
  } catch {
    // Damaged data: what came out before the damage is still worth looking at.
  }
  return concatBytes(parts).subarray(0, want);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Decompresses a whole file, checking `signal` between slices. */
export async function inflateBytes(compression: Compression, bytes: Uint8Array, limit: number, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const stream = streamFor(compression, (chunk) => {
    size += chunk.length;
    if (size > limit) throw new InflateTooLarge(size, limit);
    parts.push(chunk);
  });
  for (let offset = 0; offset < bytes.length || offset === 0; offset += SLICE) {
    signal?.throwIfAborted();
    const last = offset + SLICE >= bytes.length;
    try {
      stream.push(bytes.subarray(offset, offset + SLICE), last);
    } catch (error) {
      if (error instanceof InflateTooLarge) throw error;
      throw new InflateCorrupt(compression, error);
    }
    if (!last) await nextTask();
  }
  return concatBytes(parts);
}
