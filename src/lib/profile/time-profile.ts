import type { Engine } from '../engine';
import { quoteIdentifier } from '../engine/sql';
import { describeTable } from '../results/run-statement';
import { profileTable } from './profile';

/** Times a full profile of a table or view in the main schema, for the benchmark. */
export async function timeProfile(engine: Engine, table: string): Promise<{ ms: number; columns: number }> {
  const start = performance.now();
  const columns = await describeTable(engine, table, 'main');
  await profileTable(engine, quoteIdentifier(table), columns);
  return { ms: performance.now() - start, columns: columns.length };
}
