import { beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral, type Engine } from '../../src/lib/engine';
import { profileTable, rowsInBinSql, rowsWithValueSql, type ColumnProfile } from '../../src/lib/profile/profile';
import { HISTOGRAM_BINS } from '../../src/lib/profile/profile-sql';
import { describeTable, fetchRows, runStatement } from '../../src/lib/results';
import { rows, startNodeEngine } from './helpers/node-engine';
import { mulberry32 } from './helpers/random';

/** The fixture, kept in TypeScript so the expected figures are computed independently of DuckDB. */
const amounts = [1.5, 2.5, null, Number.NaN, 10, 2.5, -4, null, 7.25, 0];
const labels = ['a', '', null, 'b', 'a', 'a', '', 'c', null, 'a'];
const mixed = ['12', 'x', '3.5', null, '12', 'N/A', '', '7', '12', 'y'];
const days = ['2012-01-31', null, '2010-05-01', '2011-12-31', '2012-01-31', null, '2013-07-04', '2010-01-01', '2012-06-30', '2011-01-01'];
const flags = [true, false, null, true, true, false, null, true, false, true];

let engine: Engine;
let profile: Map<string, ColumnProfile>;

const sqlValue = (value: unknown, type: string) =>
  value === null ? `NULL::${type}` : Number.isNaN(value) ? "'NaN'::DOUBLE" : typeof value === 'string' ? `${quoteLiteral(value)}::${type}` : `${value}::${type}`;

beforeAll(async () => {
  engine = await startNodeEngine();
  const values = amounts.map(
    (_, i) =>
      `(${sqlValue(amounts[i], 'DOUBLE')}, ${sqlValue(labels[i], 'VARCHAR')}, ${sqlValue(mixed[i], 'VARCHAR')}, ${sqlValue(days[i], 'DATE')}, ${sqlValue(flags[i], 'BOOLEAN')}, ${i}::INTEGER)`,
  );
  await engine.query(`CREATE TABLE fixture AS SELECT * FROM (VALUES ${values.join(', ')}) t(amount, label, mixed, day, flag, id)`);
  const columns = await describeTable(engine, 'fixture', 'main');
  const profiles = await profileTable(engine, 'fixture', columns);
  profile = new Map(profiles.map((p) => [p.name, p]));
});

const get = (name: string) => {
  const found = profile.get(name);
  if (!found) throw new Error(`no profile for ${name}`);
  return found;
};

describe('column profiles', () => {
  it('counts NULLs and their share for every column', () => {
    for (const [name, values] of Object.entries({ amount: amounts, label: labels, mixed, day: days, flag: flags })) {
      const nulls = values.filter((value) => value === null).length;
      expect(get(name).nulls, name).toBe(nulls);
      expect(get(name).nullShare, name).toBeCloseTo(nulls / values.length);
      expect(get(name).rows).toBe(10);
    }
  });

  it('sets NaN aside from the numbers, and summarizes the rest exactly', () => {
    const numbers = amounts.filter((value): value is number => value !== null && !Number.isNaN(value)).sort((a, b) => a - b);
    const amount = get('amount');
    expect(amount.kind).toBe('float');
    expect(amount.nan).toBe(1);
    expect(Number(amount.min)).toBe(numbers[0]);
    expect(Number(amount.max)).toBe(numbers.at(-1));
    expect(amount.mean).toBeCloseTo(numbers.reduce((a, b) => a + b, 0) / numbers.length);
    // quantile_disc(0.5): the lower middle value of the sorted numbers.
    expect(Number(amount.median)).toBe(numbers[Math.floor((numbers.length - 1) / 2)]);
    expect(amount.distinct).toBe(new Set([...numbers, Number.NaN]).size);
  });

  it('bins numbers into a histogram that holds every non-NaN value once', () => {
    const histogram = get('amount').histogram ?? [];
    const numbers = amounts.filter((value): value is number => value !== null && !Number.isNaN(value));
    expect(histogram).toHaveLength(HISTOGRAM_BINS);
    expect(histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(numbers.length);
    const width = (10 - -4) / HISTOGRAM_BINS;
    for (const value of numbers) {
      const bin = Math.min(Math.floor((value - -4) / width), HISTOGRAM_BINS - 1);
      expect(histogram[bin]?.count, String(value)).toBeGreaterThan(0);
    }
    expect(histogram[0]?.from).toBe(-4);
    expect(histogram.at(-1)?.to).toBeCloseTo(10);
  });

  it('counts empty strings apart from NULLs, and lists the most frequent text values', () => {
    const label = get('label');
    expect(label.empty).toBe(labels.filter((value) => value === '').length);
    const counts = new Map<string, number>();
    for (const value of labels) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => ({ value, count }));
    expect(label.topValues).toEqual(expected);
    expect(label.distinct).toBe(counts.size);
  });

  it('keeps a column of mixed values as text, with its values as written', () => {
    const column = get('mixed');
    expect(column.kind).toBe('text');
    expect(column.topValues?.[0]).toEqual({ value: '12', count: 3 });
    expect(column.samples).toEqual(['12', 'x', '3.5']);
  });

  it('summarizes dates with readable bounds and a histogram', () => {
    const day = get('day');
    const present = days.filter((value): value is string => value !== null).sort();
    expect(day.min).toBe(present[0]);
    expect(day.max).toBe(present.at(-1));
    expect(day.median).toBe(present[Math.floor((present.length - 1) / 2)]);
    expect(day.histogram?.reduce((sum, bin) => sum + bin.count, 0)).toBe(present.length);
  });

  it('counts booleans by value', () => {
    expect(get('flag').topValues).toEqual([
      { value: 'true', count: flags.filter((value) => value === true).length },
      { value: 'false', count: flags.filter((value) => value === false).length },
    ]);
  });

  it('turns a clicked value or bar into a query for exactly those rows', async () => {
    const byValue = await runStatement(engine, rowsWithValueSql('fixture', 'label', 'a'));
    expect(byValue.rowCount).toBe(labels.filter((value) => value === 'a').length);
    const histogram = get('amount').histogram ?? [];
    let total = 0;
    for (const [i, bin] of histogram.entries()) {
      total += Number((await rows(engine, `SELECT count(*)::INTEGER AS n FROM (${rowsInBinSql('fixture', get('amount'), bin, i === histogram.length - 1)})`))[0]?.n);
    }
    expect(total).toBe(histogram.reduce((sum, bin) => sum + bin.count, 0));
    const dayBins = get('day').histogram ?? [];
    const lastDay = await runStatement(engine, rowsInBinSql('fixture', get('day'), dayBins.at(-1)!, true));
    expect((await fetchRows(engine, lastDay, 0, 5)).map((row) => row[3])).toContain('2013-07-04');
  });

  it('shows samples rather than most frequent values for columns whose values are all different', async () => {
    await engine.query("CREATE TABLE unique_text AS SELECT 'row ' || range AS label FROM range(20)");
    const [label] = await profileTable(engine, 'unique_text', await describeTable(engine, 'unique_text', 'main'));
    expect(label?.topValues).toBeUndefined();
    expect(label?.samples).toEqual(['row 0', 'row 1', 'row 2']);
  });

  it('above 100,000 rows, estimates only the columns with many distinct values', async () => {
    await engine.query('CREATE TABLE big AS SELECT range AS i, range % 1000 AS k FROM range(150000)');
    const [i, k] = await profileTable(engine, 'big', await describeTable(engine, 'big', 'main'));
    expect(i?.distinctApproximate).toBe(true);
    expect(Math.abs((i?.distinct ?? 0) - 150_000) / 150_000).toBeLessThan(0.1);
    // DuckDB 1.4's estimate for k is 1,249; the profile recounts it exactly.
    expect(k?.distinctApproximate).toBe(false);
    expect(k?.distinct).toBe(1000);
    // The median is a t-digest estimate here, flagged as such, and close to the true 74,999.5.
    expect(i?.medianApproximate).toBe(true);
    expect(Math.abs(Number(i?.median) - 75_000) / 75_000).toBeLessThan(0.02);
  });

  it('above a million rows, shows figures from a sample first, then the exact ones', async () => {
    await engine.query(
      "CREATE TABLE huge AS SELECT range AS i, CASE WHEN range % 4 = 0 THEN NULL ELSE (range % 1000)::DOUBLE END AS x, 'c' || (range % 7) AS cat FROM range(2000000)",
    );
    const updates: ColumnProfile[][] = [];
    const final = await profileTable(engine, 'huge', await describeTable(engine, 'huge', 'main'), { onUpdate: (profiles) => updates.push(profiles) });
    const first = updates[0] ?? [];
    const [i, x] = first;
    // The estimate: from a sample of about 100,000 rows, counts scaled to the table, distinct counts left for later.
    expect(i?.estimatedFrom).toBeGreaterThan(50_000);
    expect(i?.estimatedFrom).toBeLessThan(200_000);
    expect(i?.rows).toBe(2_000_000);
    expect(i?.distinct).toBeUndefined();
    expect(Math.abs((x?.nullShare ?? 0) - 0.25)).toBeLessThan(0.03);
    expect(Math.abs((x?.nulls ?? 0) - 500_000)).toBeLessThan(60_000);
    expect(Math.abs((x?.mean ?? 0) - 499.5) / 499.5).toBeLessThan(0.05);
    // Then the exact figures replace it, with no estimate flag left.
    expect(final.every((profile) => profile.estimatedFrom === undefined)).toBe(true);
    expect(final[1]?.nulls).toBe(500_000);
    expect(updates.slice(1).every((profiles) => profiles.every((profile) => profile.estimatedFrom === undefined))).toBe(true);
  });

  it('above a million rows, takes medians from a uniform sample, even of a sorted table, and the same ones every time', async () => {
    // Sorted (a sample of whole blocks would be clustered), and a column with 600 values in 1.2M rows (a sample holds about 100 of them).
    await engine.query(
      "CREATE TABLE sorted AS SELECT range AS n, DATE '2000-01-01' + (range // 1000)::INTEGER AS d, CASE WHEN range % 2000 = 0 THEN range END AS sparse FROM range(1200000) ORDER BY range",
    );
    const columns = await describeTable(engine, 'sorted', 'main');
    const [n, d, sparse] = await profileTable(engine, 'sorted', columns);
    // The true median of 0..1,199,999 is 599,999.5: a 200,000-row sample is within 0.5% of the rows of it.
    expect(n?.medianApproximate).toBe(true);
    expect(Math.abs(Number(n?.median) - 600_000)).toBeLessThan(6_000);
    // Dates: day 600 after 2000-01-01 is 2001-08-23; within 6 days.
    const days = (Date.parse(String(d?.median)) - Date.parse('2000-01-01')) / 86_400_000;
    expect(Math.abs(days - 600)).toBeLessThanOrEqual(6);
    // The sparse column's median comes from every row (t-digest), near its true 599,000: about 100 sampled values would put it tens of thousands off.
    expect(Math.abs(Number(sparse?.median) - 599_000)).toBeLessThan(4_000);
    // Seeded: a second profile gives the same medians.
    const again = await profileTable(engine, 'sorted', columns);
    expect(again.map((profile) => profile.median)).toEqual([n?.median, d?.median, sparse?.median]);
  });
});

describe('histogram bins', () => {
  /**
   * Seeded random columns (PROFILE_SEED=n replays one): every bin count is
   * checked against the same binning computed here in JavaScript with IEEE
   * doubles, as DuckDB computes it: floor((value − min) / width), the
   * maximum in the last bin, NULL and NaN in none.
   */
  const seeds = process.env.PROFILE_SEED ? [Number(process.env.PROFILE_SEED)] : Array.from({ length: 12 }, (_, i) => i + 1);
  it.each(seeds)('count every value in the bin JavaScript puts it in (seed %i)', async (seed) => {
    const random = mulberry32(seed);
    const n = 200 + Math.floor(random() * 800);
    const scale = [1, 1e-6, 1e9, 3.3][seed % 4] as number;
    const draw = (): number | null => {
      const r = random();
      if (r < 0.05) return null;
      if (r < 0.08) return Number.NaN;
      // Repeated values and values on bin edges, as well as arbitrary ones.
      if (r < 0.3) return Math.round(random() * 20) * scale;
      return (random() * 40 - 10) * scale;
    };
    const values = Array.from({ length: n }, draw);
    const ints = Array.from({ length: n }, () => (random() < 0.05 ? null : Math.floor(random() * 2000) - 1000));
    const table = `bins_${seed}`;
    const literal = (value: number | null, type: string) => (value === null ? `NULL::${type}` : Number.isNaN(value) ? "'NaN'::DOUBLE" : `${value}::${type}`);
    await engine.query(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM (VALUES ${values.map((value, i) => `(${literal(value, 'DOUBLE')}, ${literal(ints[i] ?? null, 'INTEGER')})`).join(', ')}) t(x, k)`);
    const [x, k] = await profileTable(engine, table, await describeTable(engine, table, 'main'));
    for (const [profiled, column] of [[x, values], [k, ints]] as const) {
      const numbers = column.filter((value): value is number => value !== null && !Number.isNaN(value));
      const lo = Math.min(...numbers);
      const hi = Math.max(...numbers);
      const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1;
      const expected = Array.from({ length: HISTOGRAM_BINS }, () => 0);
      for (const value of numbers) expected[Math.min(Math.floor((value - lo) / width), HISTOGRAM_BINS - 1)]! += 1;
      expect(profiled?.histogram?.map((bin) => bin.count), `${profiled?.name}, seed ${seed}`).toEqual(expected);
    }
  });
});
