import type { Engine } from '../engine';
import { quoteIdentifier } from '../engine/sql';
import { describeTable } from '../results/run-statement';
import { profileTable } from './profile';

/**
 * Times a full profile of a table or view in the main schema, for the
 * benchmark: until the first figures are shown (a sample's, on a large
 * table) and until the exact profile is complete.
 */
export async function timeProfile(engine: Engine, table: string): Promise<{ firstMs: number; ms: number; columns: number }> {
  const start = performance.now();
  let firstMs: number | undefined;
  const columns = await describeTable(engine, table, 'main');
  await profileTable(engine, quoteIdentifier(table), columns, { onUpdate: () => (firstMs ??= performance.now() - start) });
  const ms = performance.now() - start;
  return { firstMs: firstMs ?? ms, ms, columns: columns.length };
}
