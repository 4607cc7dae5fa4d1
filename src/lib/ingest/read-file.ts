const CHUNK_BYTES = 8 * 1024 * 1024;

/** Reads a File in chunks, reporting bytes read, so large files show progress and can be cancelled. */
export async function readFileBytes(file: Blob, onProgress: (bytesRead: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  let offset = 0;
  while (offset < file.size) {
    signal?.throwIfAborted();
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
    onProgress(offset);
  }
  return bytes;
}
