/**
 * Content hash of a file, computed chunk by chunk so that a 1 GB file is
 * never in memory at once: SHA-256 of each 4 MiB chunk, then SHA-256 of the
 * size followed by those digests. Used as the key of stored bytes (a dataset
 * loaded twice is stored once) and, by the sharing issue, to check that an
 * attached file is the one a link names.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export async function contentHash(blob: Blob, signal?: AbortSignal): Promise<string> {
  const chunkCount = Math.max(1, Math.ceil(blob.size / CHUNK_BYTES));
  const digests = new Uint8Array(8 + 32 * chunkCount);
  new DataView(digests.buffer).setBigUint64(0, BigInt(blob.size));
  for (let index = 0; index < chunkCount; index++) {
    signal?.throwIfAborted();
    const bytes = await blob.slice(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).arrayBuffer();
    digests.set(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), 8 + 32 * index);
  }
  return `sha256:${hex(new Uint8Array(await crypto.subtle.digest('SHA-256', digests)))}`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
