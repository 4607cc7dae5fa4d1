/** Why saving or loading failed, in terms the UI can act on. */
export type StoreErrorKind =
  | 'quota' // the browser refused more space
  | 'conflict' // another tab saved a newer revision
  | 'blocked' // an older tab keeps the database from upgrading
  | 'missing' // a workspace or its data is not in the database
  | 'unavailable' // IndexedDB is off (private mode, policy) or the database closed
  | 'failed';

/**
 * The details of the failures this store detects itself (the others wrap the
 * browser's own error, kept as `cause`, its text as the message). `hash` is a
 * content hash ("sha256:…"), sizes are bytes.
 */
export type StoreProblem =
  | { code: 'workspaceMissing'; params: { id: string } }
  | { code: 'dataMissing'; params: { hash: string } }
  | { code: 'chunkMissing'; params: { hash: string; part: number; parts: number } }
  | { code: 'sizeMismatch'; params: { hash: string; size: number; expected: number } }
  | { code: 'conflict'; params: { title: string; stored: number; base: number } };

/** A storage failure: its kind (what the UI can do about it), and for the store's own checks, the problem. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    override readonly cause?: unknown,
    readonly problem?: StoreProblem,
  ) {
    super(message);
    this.name = 'StoreError';
  }

  /** An error found by the store itself; its message is the code and parameters (for logs). */
  static of(kind: StoreErrorKind, problem: StoreProblem): StoreError {
    return new StoreError(kind, `${problem.code} ${JSON.stringify(problem.params)}`, undefined, problem);
  }
}

/** Dexie wraps IndexedDB's DOMExceptions; the quota case hides in `inner`. */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const names = namesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (names.includes('QuotaExceededError')) return new StoreError('quota', message, error);
  if (names.some((name) => ['DatabaseClosedError', 'MissingAPIError', 'InvalidStateError', 'OpenFailedError'].includes(name))) {
    return new StoreError('unavailable', message, error);
  }
  return new StoreError('failed', message, error);
}

function namesOf(error: unknown): string[] {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const named = current as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof named.name === 'string') names.push(named.name);
    current = named.inner ?? named.cause;
  }
  return names;
}
