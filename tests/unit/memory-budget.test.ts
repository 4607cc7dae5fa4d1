import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/lib/ingest';
import type { FileFormat } from '../../src/lib/ingest/detect-format';
import { IngestError } from '../../src/lib/ingest/ingest-error';
import { ENGINE_BUDGET_BYTES, engineMemoryBytes, loadFits } from '../../src/lib/ingest/memory-budget';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

const MB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('the memory a load would need', () => {
  // [format, file size, held, fits]: measured factors 1.44 (CSV) and 5.37 (Parquet), rounded up to 1.5 and 6.
  const cases: Array<[FileFormat, number, number, boolean]> = [
    ['delimited', 71 * MB, 0, true],
    ['delimited', 1.5 * GiB, 0, true], // the largest file accepted at all (MAX_FILE_BYTES), alone
    ['delimited', 1.5 * GiB, 1 * GiB, false],
    ['parquet', 184 * MB, 0, true], // the benchmark's 10M rows
    ['parquet', 184 * MB, 1.5 * GiB, true],
    ['parquet', 184 * MB, 2 * GiB, false], // 1.1 GiB more would pass 3 GiB
    ['parquet', 600 * MB, 0, false], // about 3.2 GB of table: more than the wasm heap leaves for queries
    ['parquet', 300 * MB, 1.5 * GiB, false],
    ['xlsx', 20 * MB, 0, true],
    ['json', 0, ENGINE_BUDGET_BYTES, true], // an empty file always fits
    ['ndjson', 1, ENGINE_BUDGET_BYTES, false],
  ];
  it.each(cases)('%s of %d bytes beside %d held: fits %s', (format, size, held, fits) => {
    expect(loadFits(format, size, held).fits).toBe(fits);
  });
});

describe('a load that would not fit beside the open data', () => {
  it('is refused before reading, naming the sizes; the open tables stay; a replay is never refused', async () => {
    const engine = await startNodeEngine();
    const deps = await nodeIngestDeps();
    await engine.query('CREATE TABLE held AS SELECT range AS id, range::VARCHAR AS label FROM range(500000)');
    const held = await engineMemoryBytes(engine);
    expect(held).toBeGreaterThan(1 * MB);
    const csv = 'a,b\n' + Array.from({ length: 20_000 }, (_, i) => `${i},row ${i}`).join('\n');
    const file = blobOf(new TextEncoder().encode(csv));
    // A budget that leaves less than the file needs (1.5 × its size).
    const budget = held + file.size;
    const refused = await ingestFile(engine, deps, { fileName: 'extra.csv', file, existingTables: ['held'], memoryBudget: budget }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestError);
    const problem = (refused as IngestError).problem;
    expect(problem.code).toBe('memoryShort');
    expect(problem.params).toMatchObject({ size: file.size, needed: Math.ceil(file.size * 1.5), held, budget });
    expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name <> 'held'")).toEqual([{ n: 0 }]);
    expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM held')).toEqual([{ n: 500_000 }]);
    // With room for it, the same file loads; and re-creating a table that was open before is never refused.
    const loaded = await ingestFile(engine, deps, { fileName: 'extra.csv', file, existingTables: ['held'], memoryBudget: budget + file.size });
    expect(loaded.tables[0]?.rowCount).toBe(20_000);
    const replayed = await ingestFile(engine, deps, { fileName: 'extra.csv', file, existingTables: [], replay: [{ table: 'again' }], memoryBudget: 0 });
    expect(replayed.tables[0]?.table).toBe('again');
  });
});
