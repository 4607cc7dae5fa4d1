import { describe, expect, it } from 'vitest';
import { warmUpEngine } from '../../src/lib/engine';
import { warmUpCsv, WARM_UP_ROWS } from '../../src/lib/engine/warm-up';
import { ingestFile } from '../../src/lib/ingest';
import { blobOf, nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

describe("the engine's warm-up", () => {
  it('reads a generated CSV as a load does, and leaves no table, temporary or not, and no file behind', async () => {
    const engine = await startNodeEngine();
    await engine.query('CREATE TABLE kept AS SELECT 1 AS one');
    const tablesBefore = await rows(engine, 'SELECT database_name, schema_name, table_name FROM duckdb_tables() ORDER BY ALL');
    // Each row as its header says (the loads it stands for see such columns).
    const text = new TextDecoder().decode(await warmUpCsv(3));
    expect(text.split('\n')).toEqual([
      'id,day,place,kind,amount,quantity,paid,note',
      '0,2015-01-01,place 0,kind 0,0.00,0,true,note for row 0',
      '1,2015-01-02,place 1,kind 1,0.37,1,false,note for row 1',
      '2,2015-01-03,place 2,kind 2,0.74,2,false,note for row 2',
    ]);
    expect((await warmUpCsv()).length).toBeGreaterThan(WARM_UP_ROWS * 40);

    await warmUpEngine(engine, 20_000);
    expect(await rows(engine, 'SELECT database_name, schema_name, table_name FROM duckdb_tables() ORDER BY ALL')).toEqual(tablesBefore);
    // The registered file is gone: reading it now fails.
    await expect(engine.query("SELECT count(*) FROM read_csv('/atalaya/__atalaya_warmup.csv')")).rejects.toThrow();
    // And a load afterwards is what it would have been.
    const loaded = await ingestFile(engine, await nodeIngestDeps(), { fileName: 'after.csv', file: blobOf(new TextEncoder().encode('a,b\n1,x\n2,y\n')), existingTables: ['kept'] });
    expect(loaded.tables[0]?.rowCount).toBe(2);
  });

});
