/**
 * The plan from the engine's actual catalog to the document's datasets
 * (pure), and the catalog marks it reads, on the real engine.
 */
import { describe, expect, it } from 'vitest';
import { markDatasetTableSql, planSync, readCatalog, recipeFingerprint, type CatalogTable, type DatasetTarget } from '../../src/lib/engine';
import { startNodeEngine } from './helpers/node-engine';

const target = (id: string, table: string, fixes: unknown[] = []): DatasetTarget => ({ id, table, hash: `sha256:${id}`, fixes });
const built = (name: string, of: DatasetTarget): CatalogTable => ({ name, datasetId: of.id, fingerprint: recipeFingerprint(of) });

describe('planning the engine from its catalog', () => {
  const sales = target('d1', 'sales');
  const costs = target('d2', 'costs');
  const cases: Array<{ name: string; catalog: CatalogTable[]; targets: DatasetTarget[]; plan: { drop?: string[]; rename?: Array<{ from: string; to: string }>; load?: string[]; clash?: string[] } }> = [
    { name: 'nothing to do', catalog: [built('sales', sales)], targets: [sales], plan: {} },
    { name: 'a fresh engine loads everything', catalog: [], targets: [sales, costs], plan: { load: ['sales', 'costs'] } },
    { name: 'a dataset left the document', catalog: [built('sales', sales), built('costs', costs)], targets: [sales], plan: { drop: ['costs'] } },
    { name: 'renamed in the document', catalog: [built('sales', sales)], targets: [target('d1', 'ventas')], plan: { rename: [{ from: 'sales', to: 'ventas' }] } },
    { name: 'renamed with SQL, kept by the document (undo of that rename)', catalog: [built('x', sales)], targets: [sales], plan: { rename: [{ from: 'x', to: 'sales' }] } },
    { name: 'swapped names', catalog: [built('sales', sales), built('costs', costs)], targets: [target('d1', 'costs'), target('d2', 'sales')], plan: { rename: [{ from: 'sales', to: 'costs' }, { from: 'costs', to: 'sales' }] } },
    { name: 'a type fix added or undone: rebuilt', catalog: [built('sales', sales)], targets: [target('d1', 'sales', [{ column: 'a' }])], plan: { drop: ['sales'], load: ['sales'] } },
    { name: 'a sheet read with another header row: rebuilt', catalog: [built('sales', { ...sales, sheet: 'S', headerRow: 4 })], targets: [{ ...sales, sheet: 'S', headerRow: 5 }], plan: { drop: ['sales'], load: ['sales'] } },
    { name: 'a sheet recorded before header rows were kept: not rebuilt', catalog: [built('sales', { ...sales, sheet: 'S' })], targets: [{ ...sales, sheet: 'S', headerRow: undefined }], plan: {} },
    { name: 'a user table took the name (any case)', catalog: [{ name: 'Sales' }], targets: [sales], plan: { clash: ['sales'] } },
    { name: "the user's own tables are left alone", catalog: [{ name: 'scratch' }, built('sales', sales)], targets: [sales], plan: {} },
    { name: 'two tables claim one dataset: one goes', catalog: [built('sales', sales), built('sales_copy', sales)], targets: [sales], plan: { drop: ['sales_copy'] } },
  ];
  it.each(cases)('$name', ({ catalog, targets, plan }) => {
    const planned = planSync(catalog, targets);
    expect({ drop: planned.drop, rename: planned.rename, load: planned.load.map((t) => t.table), clash: planned.clash.map((t) => t.table) }).toEqual({
      drop: plan.drop ?? [],
      rename: plan.rename ?? [],
      load: plan.load ?? [],
      clash: plan.clash ?? [],
    });
  });

  it('keeps the fingerprint of recipes without a header row (tables built before it was kept are current)', () => {
    // The value recipeFingerprint gave before header rows joined the recipe.
    expect(recipeFingerprint({ id: 'd1', hash: 'sha256:d1', sheet: 'S', fixes: [] })).toBe('79090ebe82f11c5c');
    expect(recipeFingerprint({ id: 'd1', hash: 'sha256:d1', sheet: 'S', fixes: [], headerRow: 4 })).not.toBe('79090ebe82f11c5c');
  });

  it('reads the marks back from the engine, through renames', async () => {
    const engine = await startNodeEngine();
    await engine.query('CREATE TABLE sales AS SELECT 1 AS a');
    await engine.query(markDatasetTableSql('sales', sales));
    await engine.query('ALTER TABLE sales RENAME TO ventas');
    await engine.query('CREATE TABLE mine AS SELECT 2 AS b');
    expect(await readCatalog(engine)).toEqual([{ name: 'mine' }, built('ventas', sales)]);
    await engine.terminate();
  });
});
