/**
 * Computes a file's content hash away from the page: Chrome runs each
 * SHA-256 digest of a 4 MiB chunk on the calling thread (30–60 ms each),
 * which on the page made a long task per chunk while a big file was saved.
 */
import { contentHash } from './content-hash';

export type HashReply = { ok: true; hash: string } | { ok: false; message: string };

self.onmessage = async (event: MessageEvent<Blob>) => {
  let reply: HashReply;
  try {
    reply = { ok: true, hash: await contentHash(event.data) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
