import { describe, expect, it } from 'vitest';
import { describeSource, runChart, tableSourceSql } from '../../src/lib/charts';
import { defaultDesign, fieldDefFor, isIdLike } from '../../src/lib/charts/recommend';
import { fitSpec } from '../../src/ui/charts/fit-spec';
import { engine, load, useIngestEngine } from './helpers/ingest-harness';

useIngestEngine();

/** A 5,000-row CSV where every row has its own id, as exported from most systems. */
function csvWithIds(header: string, id: (i: number) => string): Uint8Array {
  const lines = [header];
  const regions = ['North', 'South', 'East', 'West'];
  for (let i = 1; i <= 5_000; i++) lines.push(`${id(i)},${((i * 37) % 1000) / 4},${2019 + (i % 5)},${regions[i % 4]}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

async function defaultChartOf(fileName: string, bytes: Uint8Array) {
  const outcome = await load(fileName, bytes);
  const table = outcome.tables[0]?.table ?? '';
  const source = await describeSource(engine, tableSourceSql(table));
  const design = defaultDesign(source.columns);
  return { design, drawing: await runChart(engine, source, design) };
}

describe('the default chart of a new source (real DuckDB-WASM)', () => {
  it('never draws one bar per row of an integer id column', async () => {
    const bytes = new TextEncoder().encode(['id,amount', ...Array.from({ length: 5_000 }, (_, i) => `${i + 1},${((i * 37) % 1000) / 4}`)].join('\n'));
    const { design, drawing } = await defaultChartOf('orders.csv', bytes);
    expect(JSON.stringify(design)).not.toContain('"id"');
    expect(drawing.rows.length).toBeLessThanOrEqual(20); // a histogram of amount, not 5,000 bars
  });

  it('never draws one bar per row of a text id column', async () => {
    const bytes = new TextEncoder().encode(['order_id,amount', ...Array.from({ length: 5_000 }, (_, i) => `ORD-${String(i).padStart(5, '0')},${(i % 400) / 4}`)].join('\n'));
    const { design, drawing } = await defaultChartOf('orders_text.csv', bytes);
    expect(JSON.stringify(design)).not.toContain('order_id');
    expect(drawing.rows.length).toBeLessThanOrEqual(20);
  });

  it('groups by a real category (and years as labels) when there is one beside the id', async () => {
    const { design, drawing } = await defaultChartOf('sales.csv', csvWithIds('id,amount,year,region', (i) => String(i)));
    expect(design.encoding.x).toEqual({ field: 'year' });
    expect(design.encoding.y).toEqual({ field: 'amount', aggregate: 'sum' });
    expect(drawing.rows.length).toBe(5);
    // Years are bars in order, written without a thousands separator.
    const x = (drawing.spec.encoding as Record<string, { type: string; axis?: { format: string } }>).x;
    expect(x?.type).toBe('ordinal');
  });

  it('counts the 20 most frequent values when a source has nothing but ids', () => {
    const design = defaultDesign([{ name: 'uuid', type: 'VARCHAR' }]);
    expect(design.limit).toBe(20);
  });
});

describe('ids', () => {
  it.each([
    ['id', 'BIGINT', true],
    ['order_id', 'VARCHAR', true],
    ['customerId', 'INTEGER', true],
    ['zip_code', 'INTEGER', true],
    ['year', 'INTEGER', false],
    ['paid', 'BOOLEAN', false],
    ['amount', 'DOUBLE', false],
    ['region', 'VARCHAR', false],
  ])('%s (%s) is an id: %s', (name, type, expected) => {
    expect(isIdLike({ name, type })).toBe(expected);
  });
});

describe('placing a field on a shelf', () => {
  const amount = { name: 'amount', type: 'DOUBLE' };
  const date = { name: 'day', type: 'DATE' };
  it('sums numbers on measure shelves, keeps them raw on grouping shelves and scatter positions', () => {
    expect(fieldDefFor(amount, 'y', 'bar')).toEqual({ field: 'amount', aggregate: 'sum' });
    expect(fieldDefFor(amount, 'color', 'bar')).toEqual({ field: 'amount', aggregate: 'sum' });
    expect(fieldDefFor(amount, 'row', 'bar')).toEqual({ field: 'amount' });
    expect(fieldDefFor(amount, 'x', 'point')).toEqual({ field: 'amount' });
    expect(fieldDefFor(amount, 'y', 'boxplot')).toEqual({ field: 'amount' });
  });
  it('groups dates by year, keeps years and ids as labels, and counts rows', () => {
    expect(fieldDefFor(date, 'x', 'line')).toEqual({ field: 'day', timeUnit: 'year' });
    expect(fieldDefFor({ name: 'year', type: 'INTEGER' }, 'x', 'bar')).toEqual({ field: 'year' });
    expect(fieldDefFor({ name: 'id', type: 'INTEGER' }, 'y', 'bar')).toEqual({ field: 'id' });
    expect(fieldDefFor(undefined, 'y', 'bar')).toEqual({ aggregate: 'count' });
  });
});

describe('fitting a chart to the builder', () => {
  const spec = { data: { values: [] }, mark: { type: 'bar' }, encoding: { x: { field: 'x_0' }, color: { field: 'c_1' } } };
  it('sizes a single view to the whole box, legends included', () => {
    expect(fitSpec(spec, { width: 800, height: 500 })).toMatchObject({ width: 800, height: 500, autosize: { type: 'fit', contains: 'padding' } });
    expect(fitSpec(spec, { width: 800, height: 500 })?.config).toBeUndefined();
  });
  it('puts the legend below the plot in a narrow box', () => {
    expect(fitSpec(spec, { width: 360, height: 320 })?.config).toMatchObject({ legend: { orient: 'bottom' } });
  });
  it('leaves facets, tiny boxes and sizes set by hand alone', () => {
    const faceted = { ...spec, encoding: { ...spec.encoding, row: { field: 'r_2' } } };
    expect(fitSpec(faceted, { width: 800, height: 500 })).toBe(faceted);
    expect(fitSpec(spec, { width: 0, height: 0 })).toBe(spec);
    const edited = { ...spec, width: 300 };
    expect(fitSpec(edited, { width: 800, height: 500 }, true)).toBe(edited);
    expect(fitSpec(undefined, { width: 800, height: 500 })).toBeUndefined();
  });
});

describe("a pill's number format and zero (real DuckDB-WASM)", () => {
  it('write the axis, legend and tooltip in the chosen format and let a linear axis leave zero', async () => {
    const bytes = new TextEncoder().encode(['region,amount,share', 'Norte,1234.5,0.25', 'Sur,2000,0.5', 'Centro,900.25,0.75'].join('\n'));
    const outcome = await load('formats.csv', bytes);
    const source = await describeSource(engine, tableSourceSql(outcome.tables[0]?.table ?? ''));
    const design = {
      mark: 'bar' as const,
      encoding: {
        x: { field: 'region' },
        y: { field: 'amount', aggregate: 'sum' as const, format: 'decimal2' as const, zero: false as const },
        color: { field: 'share', aggregate: 'mean' as const, format: 'percent' as const },
      },
    };
    const { spec } = await runChart(engine, source, design);
    const encoding = (spec as { encoding: Record<string, any> }).encoding;
    expect(encoding.y.axis).toEqual({ format: ',.2f' });
    expect(encoding.y.scale).toEqual({ zero: false });
    expect(encoding.color.legend).toEqual({ format: '.0%' });
    const tooltips = encoding.tooltip as Array<{ title: string; format?: string }>;
    expect(tooltips.map((tooltip) => tooltip.format)).toEqual([undefined, ',.2f', '.0%']);
  });
});
