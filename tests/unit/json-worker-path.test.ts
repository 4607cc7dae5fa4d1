/**
 * JSON files are parsed by `deps.parseJson` when the platform has one (the
 * browser's worker): the table is the same as parsing in place, a refusal
 * keeps its line and column, and Cancel stops the load at once.
 */
import { describe, expect, it } from 'vitest';
import { ingestFile, IngestError, type IngestDeps } from '../../src/lib/ingest';
import { parseJsonToIPC } from '../../src/lib/ingest/json-reader';
import { deps, engine, tableNames, useIngestEngine } from './helpers/ingest-harness';
import { blobOf, rows } from './helpers/node-engine';

useIngestEngine();

const NDJSON = new TextEncoder().encode('{"a": 1, "b": {"x": "uno"}}\n{"a": 2.5, "b": {"y": true}}\n');

/** A stand-in for the worker: the same parse, answered asynchronously, as structured clone would hand it over. */
function workerLike(): IngestDeps {
  return { ...deps, parseJson: async (bytes, flavour, fileName) => structuredClone(parseJsonToIPC(bytes, flavour, fileName)) };
}

describe('JSON parsed off the main thread', () => {
  it('gives the same table as parsing in place', async () => {
    const inPlace = await ingestFile(engine, deps, { fileName: 'a.ndjson', file: blobOf(NDJSON), existingTables: await tableNames() });
    const offThread = await ingestFile(engine, workerLike(), { fileName: 'b.ndjson', file: blobOf(NDJSON), existingTables: await tableNames() });
    const read = (table: string) => rows(engine, `SELECT a, b::VARCHAR AS b FROM "${table}" ORDER BY a`);
    expect(await read(offThread.tables[0]!.table)).toEqual(await read(inPlace.tables[0]!.table));
  });

  it('keeps the line and column of a syntax error', async () => {
    const broken = new TextEncoder().encode('{"a": 1}\n{"a": }\n');
    const error = await ingestFile(engine, workerLike(), { fileName: 'malo.ndjson', file: blobOf(broken), existingTables: await tableNames() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).line).toBe(2);
  });

  it('stops at once when the load is cancelled, leaving no table', async () => {
    const before = await tableNames();
    const cancel = new AbortController();
    const stuck: IngestDeps = { ...deps, parseJson: (_bytes, _flavour, _name, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')))) };
    const load = ingestFile(engine, stuck, { fileName: 'grande.json', file: blobOf(NDJSON), existingTables: before, signal: cancel.signal });
    setTimeout(() => cancel.abort(), 30);
    expect(((await load.catch((caught: unknown) => caught)) as Error).name).toBe('AbortError');
    expect(await tableNames()).toEqual(before);
  });
});
