import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { IngestError, type IngestOutcome } from '../../src/lib/ingest';
import { JSON_TEXT_LIMIT, jsonRowsToArrow, loadJson } from '../../src/lib/ingest/json-reader';
import type { LoadContext } from '../../src/lib/ingest/load-context';
import { uniqueNames } from '../../src/lib/ingest/json-schema';
import { epochMicroseconds, temporalOf } from '../../src/lib/ingest/json-temporal';
import { parseJsonValues } from '../../src/lib/ingest/json-values';
import { describeError, describeNotice } from '../../src/ui/i18n/describe';
import { rows } from './helpers/node-engine';
import { engine, load, loadError, useIngestEngine } from './helpers/ingest-harness';
import { mulberry32 } from './helpers/random';

const CORPUS = join(__dirname, '../fixtures/corpus');
const corpus = (name: string) => new Uint8Array(readFileSync(join(CORPUS, name)));
const utf8 = (text: string) => new TextEncoder().encode(text);

useIngestEngine();

async function columnTypes(table: string): Promise<Record<string, string>> {
  const described = await rows(engine, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
  return Object.fromEntries(described.map((r) => [String(r.column_name), String(r.data_type)]));
}

/** Loads a file and returns its one table's name, dropping it after `check`. */
async function withLoaded(fileName: string, bytes: Uint8Array, check: (table: string, outcome: IngestOutcome) => Promise<void>): Promise<void> {
  const outcome = await load(fileName, bytes);
  const table = outcome.tables[0]?.table as string;
  try {
    await check(table, outcome);
  } finally {
    await engine.query(`DROP TABLE "${table}"`);
  }
}

// --- Every scalar of the input, found in the table -----------------------------

/** A scalar as text: how a value is compared between the file and the table. */
function scalarKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return temporalOf(value) === 'text' ? value : epochMilliseconds(value);
  return undefined;
}

/** An ISO date or timestamp text as Arrow gives DATE and TIMESTAMP back: milliseconds since 1970. */
function epochMilliseconds(text: string): string {
  return String(Number(epochMicroseconds(text)) / 1000);
}

/** The scalars of a parsed JSON value (object keys are names, not values). */
function jsonLeaves(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((item) => jsonLeaves(item, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => jsonLeaves(item, out));
  else {
    const key = scalarKey(value);
    if (key !== undefined) out.push(key);
  }
  return out;
}

/**
 * The scalars of a value read back from DuckDB (Arrow rows, vectors, maps),
 * and of JSON text found in it (columns kept as JSON text): a value kept as
 * text counts as found.
 */
function tableLeaves(value: unknown, out: string[]): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') {
    out.push(value);
    if (temporalOf(value) !== 'text') out.push(epochMilliseconds(value));
    try {
      jsonLeaves(JSON.parse(value), out);
    } catch {
      // Plain text, not JSON text.
    }
    return out;
  }
  if (typeof value !== 'object') {
    out.push(scalarKey(value) as string);
    return out;
  }
  if (Symbol.iterator in value && typeof (value as { toArray?: unknown }).toArray === 'function') {
    for (const item of value as Iterable<unknown>) tableLeaves(item, out);
    return out;
  }
  const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (plain instanceof Map) plain.forEach((item) => tableLeaves(item, out));
  else Object.values(plain as object).forEach((item) => tableLeaves(item, out));
  return out;
}

/** Values of `wanted` not found in `found` (as multisets). */
function missing(wanted: string[], found: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of found) counts.set(key, (counts.get(key) ?? 0) + 1);
  return wanted.filter((key) => {
    const left = counts.get(key) ?? 0;
    counts.set(key, left - 1);
    return left <= 0;
  });
}

async function tableRows(table: string): Promise<unknown[]> {
  return (await engine.query(`SELECT * FROM "${table}"`)).toArray();
}

/** Every scalar of each input row is in the same row of the table. */
async function expectEveryValue(table: string, inputRows: unknown[]): Promise<void> {
  const read = await tableRows(table);
  expect(read.length).toBe(inputRows.length);
  inputRows.forEach((row, i) => {
    expect(missing(jsonLeaves(row, []), tableLeaves(read[i], [])), `row ${i + 1}`).toEqual([]);
  });
}

/** The rows as native DuckDB sees the file (see json-values.ts), for the value check. */
function inputRows(name: string): unknown[] {
  const text = new TextDecoder().decode(corpus(name)).replace(/^\uFEFF/, '');
  return parseJsonValues(name, text, /\.json$/.test(name) ? 'json' : 'ndjson');
}

// --- The shared corpus (DuckDB's own JSON test files) ---------------------------

type Expected = { rows: number; columns: string[] } | { error: 'json'; line: number };

/**
 * Row counts and column names as native DuckDB 1.4.3 gives them
 * (`@duckdb/node-api`, `read_json_auto(file)`, default options), recorded
 * from a script run outside the tests. Where native fails, the reason is
 * in a comment.
 */
const NATIVE: Array<[string, Expected]> = [
  // Native fails: 'Duplicate name "platform" in struct' (keys Platform and platform in one
  // object). Read here, with the second renamed as native renames top-level columns.
  ['10751.json', { rows: 3, columns: ['event', 'properties'] }],
  // Native fails too: "Malformed JSON … line 5: unexpected character" (line 4 holds `{"a","b"}`).
  ['11152.json', { error: 'json', line: 4 }],
  ['11407.json', { rows: 2, columns: ['k'] }],
  ['13725-month=07-mytest.json', { rows: 1, columns: ['hello'] }],
  ['15601-bunch_of_key_collisions.json', { rows: 1, columns: ['duck_1_1', 'duck', 'Duck_1', 'duck_1_1_1', 'Duck_1_2', 'Duck_1_1_2'] }],
  ['15601-fragment2.json', { rows: 3, columns: ['id', 'Comments', 'Consignee', 'Driver', 'Time', 'image', 'DocketNumber', 'Image_1', 'Time_1', 'signature'] }],
  ['18301-1485504.json', { rows: 1, columns: ['info'] }],
  ['18301-161616.json', { rows: 1, columns: ['info'] }],
  ['array_of_empty_arrays.json', { rows: 3, columns: ['json'] }],
  ['different_schemas.ndjson', { rows: 5, columns: ['id', 'name'] }],
  ['empty_array.json', { rows: 0, columns: ['json'] }],
  ['example_n.ndjson', { rows: 5, columns: ['id', 'name'] }],
  ['example_r.ndjson', { rows: 5, columns: ['id', 'name'] }],
  ['filter_keystage.ndjson', { rows: 3, columns: ['filter_keystage'] }],
  // Native describes it so but fails to read it: 'Object {"%s":42,"%s":43} has duplicate key'.
  // Read here as JSON.parse reads it: the last value wins.
  ['format_string_key.json', { rows: 1, columns: ['%s'] }],
  ['geojson-nested.ndjson', { rows: 2, columns: ['id', 'loc', 'tag'] }],
  ['internal_2732.json', { rows: 1, columns: ['data', 'includes', 'errors'] }],
  ['internal_4014.json', { rows: 1, columns: ['s4', 'a'] }],
  ['issue.json', { rows: 1, columns: ['event_id', 'user_id', 'action', 'client_time', 'metadata', 'total_runtime', 'python_version', 'version', 'package_name', 'docker_container', 'cloud', 'email', 'os', 'environment', 'telemetry_version', '$lib', '$lib_version', '$geoip_city_name', '$geoip_country_name', '$geoip_country_code', '$geoip_continent_name', '$geoip_continent_code', '$geoip_postal_code', '$geoip_latitude', '$geoip_longitude', '$geoip_time_zone', '$geoip_subdivision_1_code', '$geoip_subdivision_1_name', '$plugins_succeeded', '$plugins_failed', '$plugins_deferred', '$ip'] }],
  ['issue_22827.json', { rows: 1, columns: ['a', 'b'] }],
  // Native fails too: "Malformed JSON … unexpected character" (`[ , ]`).
  ['malformed-array_comma_malformed.json', { error: 'json', line: 2 }],
  ['malformed-empty_array_trailing.json', { rows: 2, columns: ['json'] }],
  ['malformed-union-non_object.ndjson', { rows: 1, columns: ['data'] }],
  ['map_50_50.jsonl', { rows: 1, columns: ['a'] }],
  ['map_incompatible.jsonl', { rows: 1, columns: ['a'] }],
  ['map_of_map.jsonl', { rows: 1, columns: ['a'] }],
  ['map_of_nulls.jsonl', { rows: 100, columns: ['a'] }],
  ['map_of_structs.jsonl', { rows: 100, columns: ['a'] }],
  ['multi_file_hang-my2.json', { rows: 2, columns: ['json'] }],
  ['multi_file_hang-my4.json', { rows: 3, columns: ['json'] }],
  ['sample_utf8_bom.json', { rows: 1, columns: ['users', 'metadata'] }],
  ['simple_timestamp.json', { rows: 1, columns: ['ts'] }],
  ['top_level_array.json', { rows: 2, columns: ['conclusion'] }],
  ['top_level_map.jsonl', { rows: 100, columns: ['json'] }],
  ['top_level_two_arrays.json', { rows: 2, columns: ['json'] }],
  // Native fails too: "Malformed JSON … line 4: unexpected control character in string"
  // (the string left open on line 3 runs into line 4).
  ['unterminated_quotes.ndjson', { error: 'json', line: 3 }],
  ['with_list.json', { rows: 5, columns: ['id', 'name'] }],
];

describe('JSON files of the shared corpus', () => {
  it.each(NATIVE)('%s reads as native DuckDB reads it', async (name, expected) => {
    if ('error' in expected) {
      const error = await loadError(name, corpus(name));
      expect(error.problem).toMatchObject({ code: 'json', params: { cause: expect.any(String) } });
      expect(error.line).toBe(expected.line);
      expect(error.column).toBeGreaterThan(0);
      expect(describeError(error)).toMatch(new RegExp(`^${name.replace(/[.$]/g, '\\$&')}, line ${expected.line}, column \\d+: The JSON is not valid`));
      return;
    }
    await withLoaded(name, corpus(name), async (table, outcome) => {
      expect(outcome.tables[0]?.rowCount).toBe(expected.rows);
      expect(Object.keys(await columnTypes(table))).toEqual(expected.columns);
      await expectEveryValue(table, inputRows(name));
    });
  });
});

// --- What the built-in Arrow JSON reader got wrong ------------------------------

describe('JSON rows whose keys or types vary', () => {
  it('keeps every nested key when each row has different ones (a map)', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: i, a: { [`k${i}`]: i * 10 } }));
    await withLoaded('simple_map.jsonl', utf8(lines.join('\n')), async (table, outcome) => {
      expect(await columnTypes(table)).toEqual({ id: 'BIGINT', a: 'MAP(VARCHAR, BIGINT)' });
      expect(await rows(engine, `SELECT count(*)::INTEGER AS n, sum(a['k' || id]) ::INTEGER AS total FROM "${table}"`)).toEqual([{ n: 100, total: 49500 }]);
      expect(outcome.notices).toEqual([]);
    });
  });

  it('unions the keys of nested records (nothing vanishes)', async () => {
    const text = [
      '{"name": "Ana", "info": {"age": 31}}',
      '{"name": "Luis", "info": {"veteran": true}}',
      '{"name": "Rosa", "info": {"age": 40, "veteran": false}}',
    ].join('\n');
    await withLoaded('union.ndjson', utf8(text), async (table) => {
      expect(await columnTypes(table)).toEqual({ name: 'VARCHAR', info: 'STRUCT(age BIGINT, veteran BOOLEAN)' });
      expect(await rows(engine, `SELECT name, info.age AS age, info.veteran AS veteran FROM "${table}"`)).toEqual([
        { name: 'Ana', age: 31n, veteran: null },
        { name: 'Luis', age: null, veteran: true },
        { name: 'Rosa', age: 40n, veteran: false },
      ]);
    });
  });

  it('widens types that change from line to line, and says which columns became text', async () => {
    const text = ['{"n": 1, "x": 1, "o": {"a": 1}}', '{"n": 2.5, "x": "two", "o": 7}', '{"n": 3, "x": true, "o": null}'].join('\n');
    await withLoaded('types.ndjson', utf8(text), async (table, outcome) => {
      expect(await columnTypes(table)).toEqual({ n: 'DOUBLE', x: 'VARCHAR', o: 'VARCHAR' });
      expect(await rows(engine, `SELECT n, x, o FROM "${table}"`)).toEqual([
        { n: 1, x: '1', o: '{"a":1}' },
        { n: 2.5, x: 'two', o: '7' },
        { n: 3, x: 'true', o: null },
      ]);
      expect(outcome.notices).toEqual([{ code: 'jsonText', params: { file: 'types.ndjson', columns: ['x', 'o'] } }]);
      const [notice] = outcome.notices;
      expect(describeNotice(notice as never)).toMatch(/^In types\.ndjson, 2 columns \(x and o\) hold values of different kinds/);
    });
  });

  it('reads an empty object as a row of NULLs, as native does', async () => {
    await withLoaded('empty-objects.ndjson', utf8('{}\n{"a": 1}\n{}\n'), async (table) => {
      expect(await rows(engine, `SELECT a FROM "${table}"`)).toEqual([{ a: null }, { a: 1n }, { a: null }]);
    });
    // Only empty objects: native reads one column json of empty maps (MAP(VARCHAR, JSON)).
    await withLoaded('only-empty.ndjson', utf8('{}\n{}\n'), async (table, outcome) => {
      expect(await columnTypes(table)).toEqual({ json: 'MAP(VARCHAR, VARCHAR)' });
      expect(outcome.tables[0]?.rowCount).toBe(2);
    });
  });

  it('reads a top-level array of numbers or texts as one column named json, as native does', async () => {
    await withLoaded('not-rows.json', corpus('not-rows.json'), async (table) => {
      expect(await columnTypes(table)).toEqual({ json: 'BIGINT' });
      expect(await rows(engine, `SELECT json FROM "${table}"`)).toEqual([{ json: 1n }, { json: 2n }, { json: 3n }]);
    });
    await withLoaded('texts.json', utf8('["a", "b"]'), async (table) => {
      expect(await rows(engine, `SELECT json FROM "${table}"`)).toEqual([{ json: 'a' }, { json: 'b' }]);
    });
  });

  it.each([
    ['CR-only', '\r'],
    ['CRLF', '\r\n'],
  ])('reads NDJSON with %s line endings', async (_, eol) => {
    const text = ['{"id": 1, "name": "x"}', '{"id": 2, "name": "y"}', ''].join(eol);
    await withLoaded('lines.ndjson', utf8(text), async (table) => {
      expect(await rows(engine, `SELECT id, name FROM "${table}"`)).toEqual([
        { id: 1n, name: 'x' },
        { id: 2n, name: 'y' },
      ]);
    });
  });

  it('names the line of a syntax error after CR-only line endings', async () => {
    const error = await loadError('cr.ndjson', utf8('{"a": 1}\r{"a": 2}\r{"a": }\r'));
    expect([error.code, error.line, error.column]).toEqual(['json', 3, 7]);
  });

  it('keeps whole numbers beyond 2^53 exact and year-like keys in the file\'s order, as native does', async () => {
    const text = [
      '{"country": "CO", "2019": 1, "2020": 2, "id": 9007199254740993, "raw": {"b": 1, "10": 2}}',
      '{"country": "PE", "2019": 3, "2020": 4, "id": -9223372036854775808, "raw": 5}',
    ].join('\n');
    await withLoaded('order.ndjson', utf8(text), async (table) => {
      expect(await columnTypes(table)).toEqual({ country: 'VARCHAR', '2019': 'BIGINT', '2020': 'BIGINT', id: 'BIGINT', raw: 'VARCHAR' });
      expect(await rows(engine, `SELECT id::VARCHAR AS id, raw FROM "${table}"`)).toEqual([
        { id: '9007199254740993', raw: '{"b":1,"10":2}' },
        { id: '-9223372036854775808', raw: '5' },
      ]);
    });
  });

  it('reads ISO dates and UTC or zone-less timestamps as DATE and TIMESTAMP, and other texts as text', async () => {
    const text = [
      '{"d": "2024-02-29", "t": "2023-07-01T10:20:30Z", "u": "2023-07-01 10:20:30.123456", "o": "2023-07-01T10:20:30+02:00", "bad": "2023-02-30", "l": ["2025-07-15"]}',
      '{"d": null, "t": "2023-07-02", "u": null, "o": null, "bad": null, "l": []}',
    ].join('\n');
    await withLoaded('dates.ndjson', utf8(text), async (table) => {
      expect(await columnTypes(table)).toEqual({ d: 'DATE', t: 'TIMESTAMP', u: 'TIMESTAMP', o: 'VARCHAR', bad: 'VARCHAR', l: 'DATE[]' });
      expect(await rows(engine, `SELECT d::VARCHAR AS d, t::VARCHAR AS t, u::VARCHAR AS u, o, bad FROM "${table}"`)).toEqual([
        { d: '2024-02-29', t: '2023-07-01 10:20:30', u: '2023-07-01 10:20:30.123456', o: '2023-07-01T10:20:30+02:00', bad: '2023-02-30' },
        { d: null, t: '2023-07-02 00:00:00', u: null, o: null, bad: null },
      ]);
    });
  });

  it('renames keys that differ only in case, as native DuckDB does', () => {
    expect(uniqueNames(['a', 'A', 'b'])).toEqual(['a', 'A_1', 'b']);
    // An empty key: native calls it C<position> (and fails when a key C1 exists too).
    expect(uniqueNames(['a', '', 'C1'])).toEqual(['a', 'C1', 'C1_1']);
  });

  it('names empty keys, at the top and nested', async () => {
    await withLoaded('empty-key.ndjson', utf8('{"": 1, "a": {"": 2, "b": 3}}\n'), async (table) => {
      expect(await columnTypes(table)).toEqual({ C0: 'BIGINT', a: 'STRUCT(C0 BIGINT, b BIGINT)' });
    });
  });

  it('refuses, before reading it, a file too large to parse as one text', async () => {
    const ctx = { fileName: 'huge.json', file: { size: JSON_TEXT_LIMIT + 1 } } as unknown as LoadContext;
    const error = await loadJson(ctx, 'json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).problem).toEqual({ code: 'tooLarge', params: { size: JSON_TEXT_LIMIT + 1, limit: JSON_TEXT_LIMIT } });
  });

  it('builds Arrow that DuckDB takes, without the loader', async () => {
    const { table } = jsonRowsToArrow([{ a: [1, 2], b: { c: 'x' } }, null]);
    await engine.insertArrowIPC(tableToIPC(table, 'stream'), { schema: 'main', name: 'json_arrow_direct' });
    expect(await columnTypes('json_arrow_direct')).toEqual({ a: 'BIGINT[]', b: 'STRUCT(c VARCHAR)' });
    await engine.query('DROP TABLE json_arrow_direct');
  });
});

// --- Random records: every value survives ---------------------------------------

const randomFrom = mulberry32;

const KEYS = ['id', 'name', 'Name', 'amount', '2019', 'tags', 'meta', 'x y', 'país', 'ok'];
const TEXTS = ['Bogotá', 'São Paulo', '', 'with "quotes"', 'line\nbreak', '🦆 duck', '1', 'null', '{"a":1}', '2024-02-29', '2023-07-01T10:20:30Z', '2023-07-01 10:20:30.125'];

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 6 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 2_000_000) - 1_000_000;
    case 3:
      return Math.round(random() * 1e6) / 1e3;
    case 4:
    case 5:
      return TEXTS[Math.floor(random() * TEXTS.length)];
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return randomRecord(random, depth + 1);
  }
}

function randomRecord(random: () => number, depth: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of KEYS) if (random() < 0.4) record[key] = randomValue(random, depth);
  return record;
}

/** The records as a file: NDJSON with LF, CRLF or CR, or a JSON array. */
function randomFile(random: () => number, records: unknown[]): { name: string; text: string } {
  const style = Math.floor(random() * 4);
  if (style === 3) return { name: 'random.json', text: JSON.stringify(records, null, random() < 0.5 ? 2 : undefined) };
  const eol = ['\n', '\r\n', '\r'][style] as string;
  return { name: 'random.ndjson', text: records.map((record) => JSON.stringify(record)).join(eol) + eol };
}

describe('random records', () => {
  // Replay a failure with JSON_SEED=<seed printed in the failure>; search wider with JSON_SEED_COUNT=500.
  const base = Number(process.env.JSON_SEED ?? 20261126);
  const count = process.env.JSON_SEED ? 1 : Number(process.env.JSON_SEED_COUNT ?? 25);
  const seeds = Array.from({ length: count }, (_, i) => base + i);

  it.each(seeds)('seed %i: every value of every record is in the table', async (seed) => {
    const random = randomFrom(seed);
    // Mostly records; sometimes bare values (numbers, texts…), which become one column named json.
    const bare = random() < 0.2;
    const records = Array.from({ length: 1 + Math.floor(random() * 40) }, () => (bare ? randomValue(random, 3) : randomRecord(random, 0)));
    const { name, text } = randomFile(random, records);
    const outcome = await load(name, utf8(text)).catch((error: unknown) => {
      throw new Error(`seed ${seed}: ${String(error)}`);
    });
    const table = outcome.tables[0]?.table as string;
    try {
      const read = await tableRows(table);
      expect(read.length, `seed ${seed}`).toBe(records.length);
      records.forEach((record, i) => {
        expect(missing(jsonLeaves(record, []), tableLeaves(read[i], [])), `seed ${seed}, row ${i + 1}`).toEqual([]);
      });
    } finally {
      await engine.query(`DROP TABLE "${table}"`);
    }
  });
});
