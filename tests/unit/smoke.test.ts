import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/lib/ingest';
import { nodeIngestDeps, rows, startNodeEngine } from './helpers/node-engine';

describe('smoke', () => {
  it('loads a csv', async () => {
    const engine = await startNodeEngine();
    const deps = await nodeIngestDeps();
    const out = await ingestFile(engine, deps, {
      fileName: 'Países (2012).csv',
      bytes: new TextEncoder().encode('a,b\n1,x\n2,y\n3,z,9\n'),
      existingTables: [],
    });
    console.log(JSON.stringify(out));
    console.log(await rows(engine, 'select * from paises_2012'));
    const j = await ingestFile(engine, deps, { fileName: 'x.ndjson', bytes: new TextEncoder().encode('{"a":1}\n{"a":2,"b":"q"}\n'), existingTables: [] });
    console.log(JSON.stringify(j), await rows(engine, 'select * from x'));
    expect(out.tables[0]?.rowCount).toBe(2);
  });
});
