/**
 * Gzip-compressed text (`data.csv.gz`), decompressed in the page with
 * fflate's streaming Gunzip: a slice at a time, so a cancel lands between
 * slices and a file that inflates past what the engine can hold stops early.
 */
import { Gunzip } from 'fflate';
import { concatBytes } from '../bytes';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Thrown when the content is larger than `limit` once decompressed. */
export class GunzipTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`decompressed content exceeds ${limit} bytes`);
    this.name = 'GunzipTooLarge';
  }
}

/** Thrown when the bytes are not a complete, valid gzip stream (truncated or damaged). */
export class GunzipCorrupt extends Error {
  constructor(cause: unknown) {
    super('gzip data is damaged or truncated', { cause });
    this.name = 'GunzipCorrupt';
  }
}

const SLICE = 1 << 20;

/**
 * The first `want` bytes of the decompressed content, from the first bytes of
 * the compressed file (for format detection). Empty when they cannot be inflated.
 */
export function gunzipHead(head: Uint8Array, want = 65536): Uint8Array {
  const parts: Uint8Array[] = [];
  let got = 0;
  const stream = new Gunzip((chunk) => {
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

/** Decompresses a whole gzip file (every member of it), checking `signal` between slices. */
export async function gunzipBytes(bytes: Uint8Array, limit: number, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const stream = new Gunzip((chunk) => {
    size += chunk.length;
    if (size > limit) throw new GunzipTooLarge(size, limit);
    parts.push(chunk);
  });
  for (let offset = 0; offset < bytes.length || offset === 0; offset += SLICE) {
    signal?.throwIfAborted();
    const last = offset + SLICE >= bytes.length;
    try {
      stream.push(bytes.subarray(offset, offset + SLICE), last);
    } catch (error) {
      if (error instanceof GunzipTooLarge) throw error;
      throw new GunzipCorrupt(error);
    }
    if (!last) await nextTask();
  }
  return concatBytes(parts);
}
