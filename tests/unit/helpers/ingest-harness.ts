/**
 * One engine and the ingest dependencies for a test file that loads files,
 * with the helpers every reader test uses. `engine` and `deps` are live
 * bindings, set by the beforeAll that useIngestEngine() registers.
 */
import { beforeAll, expect } from 'vitest';
import type { Engine } from '../../../src/lib/engine';
import { ingestFile, IngestError, type IngestDeps, type IngestOutcome } from '../../../src/lib/ingest';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './node-engine';

export let engine: Engine;
export let deps: IngestDeps;

/** Starts the engine before the file's tests. Call once, at the top level of a test file. */
export function useIngestEngine(): void {
  beforeAll(async () => {
    engine = await startNodeEngine();
    deps = await nodeIngestDeps();
  });
}

export async function tableNames(): Promise<string[]> {
  return (await rows(engine, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")).map((r) => String(r.table_name));
}

export async function load(fileName: string, bytes: Uint8Array, signal?: AbortSignal): Promise<IngestOutcome> {
  return ingestFile(engine, deps, { fileName, file: blobOf(bytes), existingTables: await tableNames(), signal });
}

/** Loads a file that must be refused: an IngestError, and (all or nothing) no table left behind, not even a staging one. */
export async function loadError(fileName: string, bytes: Uint8Array): Promise<IngestError> {
  const before = await tableNames();
  const error = await load(fileName, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect(await tableNames()).toEqual(before);
  return error as IngestError;
}
