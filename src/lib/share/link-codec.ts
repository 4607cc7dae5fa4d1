/**
 * A workspace in a URL fragment (`#w=…`; fragments are never sent to a
 * server). Wire format, version 1:
 *
 *     1.<payload>.<check>
 *
 * `payload` is base64url of the raw-deflated JSON `{ workspace, inline }`;
 * `check` is base64url of the first 9 bytes of SHA-256 over the payload's
 * bytes, so a truncated or edited link is detected before anything is read.
 * Samples travel as references (id and hash), small datasets inline
 * (their original bytes, deflated), larger ones as name, schema and hash for
 * the user to attach. Decoding treats the link as hostile: length and
 * expansion caps, checksum, version, the workspace validator, and every
 * inline dataset checked against its hash.
 */
import { deflateSync } from 'fflate';
import { concatBytes } from '../bytes';
import { contentHash, readWorkspace, type DatasetEntry, type Workspace } from '../workspace';

export const LINK_VERSION = 1;
/** Datasets up to this size, deflated, travel inside the link. */
export const INLINE_DATASET_BYTES = 32 * 1024;
/** Whether a dataset can be carried inside a link at all (larger files never deflate below the inline limit). */
export function mayTravelInline(dataset: Pick<DatasetEntry, 'size' | 'sampleId'>): boolean {
  return !dataset.sampleId && dataset.size <= INLINE_DATASET_BYTES * 64;
}
/** Longer fragments are refused unread (browsers cap URLs near 2 MB). */
export const MAX_LINK_CHARS = 2 * 1024 * 1024;
/** What a link may expand to once inflated. */
export const MAX_LINK_EXPANDED_BYTES = 16 * 1024 * 1024;
const CHECK_BYTES = 9;

export type LinkProblem =
  | { kind: 'empty' }
  | { kind: 'tooLong' }
  | { kind: 'malformed' }
  | { kind: 'version'; version: string }
  | { kind: 'checksum' }
  | { kind: 'tooLarge' }
  | { kind: 'corrupt'; cause: string }
  | { kind: 'invalid'; cause: string };

export class LinkError extends Error {
  constructor(readonly problem: LinkProblem) {
    super(problem.kind);
    this.name = 'LinkError';
  }
}

export interface DecodedLink {
  workspace: Workspace;
  /** Dataset bytes carried in the link, by hash (checked). */
  inline: Map<string, Blob>;
  /** Datasets the link names but does not carry: the user attaches their files. */
  missing: DatasetEntry[];
}

/** Builds the fragment text (without `#w=`); `bytesOf` gives a dataset's original bytes, if at hand. */
export async function encodeWorkspaceLink(workspace: Workspace, bytesOf: (dataset: DatasetEntry) => Promise<Blob | undefined>): Promise<string> {
  const inline: Record<string, string> = {};
  for (const dataset of workspace.datasets) {
    if (!mayTravelInline(dataset)) continue;
    const blob = await bytesOf(dataset);
    if (!blob) continue;
    const packed = deflateSync(new Uint8Array(await blob.arrayBuffer()), { level: 9 });
    if (packed.length <= INLINE_DATASET_BYTES) inline[dataset.hash] = toBase64Url(packed);
  }
  const json = new TextEncoder().encode(JSON.stringify({ workspace, inline }));
  const payload = deflateSync(json, { level: 9 });
  return `${LINK_VERSION}.${toBase64Url(payload)}.${toBase64Url(await checkOf(payload))}`;
}

export async function decodeWorkspaceLink(fragment: string): Promise<DecodedLink> {
  const text = fragment.trim();
  if (!text) throw new LinkError({ kind: 'empty' });
  if (text.length > MAX_LINK_CHARS) throw new LinkError({ kind: 'tooLong' });
  const parts = text.split('.');
  if (parts.length !== 3) throw new LinkError({ kind: 'malformed' });
  const [version = '', body = '', check = ''] = parts;
  if (version !== String(LINK_VERSION)) throw new LinkError({ kind: 'version', version: version.slice(0, 12) });
  const payload = fromBase64Url(body);
  const expected = fromBase64Url(check);
  if (!payload || !expected || !equalBytes(expected, await checkOf(payload))) throw new LinkError({ kind: 'checksum' });

  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await inflateCapped(payload, MAX_LINK_EXPANDED_BYTES)));
  } catch (error) {
    if (error instanceof LinkError) throw error;
    throw new LinkError({ kind: 'corrupt', cause: error instanceof Error ? error.message : String(error) });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new LinkError({ kind: 'corrupt', cause: 'not an object' });
  const raw = parsed as { workspace?: unknown; inline?: unknown };
  let workspace: Workspace;
  try {
    workspace = readWorkspace(raw.workspace);
  } catch (error) {
    throw new LinkError({ kind: 'invalid', cause: error instanceof Error ? error.message : String(error) });
  }
  const carried = typeof raw.inline === 'object' && raw.inline !== null ? (raw.inline as Record<string, unknown>) : {};
  const inline = new Map<string, Blob>();
  const missing: DatasetEntry[] = [];
  for (const dataset of workspace.datasets) {
    if (dataset.sampleId) continue;
    const packed = Object.hasOwn(carried, dataset.hash) ? carried[dataset.hash] : undefined;
    const bytes = typeof packed === 'string' ? fromBase64Url(packed) : undefined;
    if (!bytes) {
      missing.push(dataset);
      continue;
    }
    let blob: Blob;
    try {
      blob = new Blob([(await inflateCapped(bytes, MAX_LINK_EXPANDED_BYTES)) as BlobPart]);
    } catch (error) {
      if (error instanceof LinkError) throw error;
      throw new LinkError({ kind: 'corrupt', cause: `dataset ${dataset.table}: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (blob.size !== dataset.size || (await contentHash(blob)) !== dataset.hash) {
      throw new LinkError({ kind: 'invalid', cause: `the data of ${dataset.table} does not match its recorded hash` });
    }
    inline.set(dataset.hash, blob);
  }
  return { workspace, inline, missing };
}

/**
 * Inflates raw deflate, refusing to produce more than `cap` bytes (a bomb
 * stops early). The browser's own DecompressionStream does the work in
 * native code, a chunk at a time, so a large link never holds up the page.
 */
async function inflateCapped(bytes: Uint8Array, cap: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        await reader.cancel().catch(() => undefined);
        throw new LinkError({ kind: 'tooLarge' });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof LinkError) throw error;
    throw new LinkError({ kind: 'corrupt', cause: /truncat|end/i.test(String(error)) ? 'the compressed data ends early' : error instanceof Error ? error.message : String(error) });
  }
  return concatBytes(chunks);
}

async function checkOf(payload: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', payload as BufferSource)).subarray(0, CHECK_BYTES);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const STEP = 0x8000;
  for (let index = 0; index < bytes.length; index += STEP) binary += String.fromCharCode(...bytes.subarray(index, index + STEP));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Undefined for text that is not base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
