import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { makeXlsx } from '../../fixtures/make-xlsx';

/** The same small table in every format the app reads, written to a temp folder. */
export function writeFormatFixtures(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-e2e-'));
  const arrowTable = tableFromArrays({ year: Int32Array.from([2010, 2011]), amount: Float64Array.from([1.5, 2.5]) });
  const files: Record<string, string | Uint8Array> = {
    'aid_csv.csv': 'year,amount\n2010,1.5\n2011,2.5\n',
    'aid_tsv.tsv': 'year\tamount\n2010\t1.5\n2011\t2.5\n',
    'aid_json.json': '[{"year": 2010, "amount": 1.5}, {"year": 2011, "amount": 2.5}]',
    'aid_ndjson.ndjson': '{"year": 2010, "amount": 1.5}\n{"year": 2011, "amount": 2.5}\n',
    'aid_arrow.arrow': tableToIPC(arrowTable, 'file'),
    'aid_parquet.parquet': parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(arrowTable, 'stream'))),
    'aid_xlsx.xlsx': makeXlsx([{ name: 'Hoja1', rows: [['year', 'amount'], [2010, 1.5], [2011, 2.5]] }]),
  };
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, content);
    paths[name] = path;
  }
  return paths;
}
