import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { ingestFile, IngestError, type IngestDeps, type IngestOutcome, type IngestProblemCode } from '../../src/lib/ingest';
import { ParquetDecodeError, parquetCodecFrom, type ParquetWasmModule } from '../../src/lib/ingest/parquet-codec';
import { readParquetFooter } from '../../src/lib/ingest/parquet-footer';
import { ParquetIsolate, ParquetWorkerLost, type ParquetReply, type ParquetWorkerPort } from '../../src/lib/ingest/parquet-isolate';
import { blobOf, nodeIngestDeps, rows, spawnNodeParquetWorker, startNodeEngine } from './helpers/node-engine';

/**
 * Every Parquet file of the shared corpus under 200 KB (tests/fixtures/README.md
 * names their sources), read the way the app reads them. Expected rows and
 * columns were recorded from native DuckDB 1.4.3 (`@duckdb/node-api`,
 * `read_parquet` with default options); files it reads that parquet-wasm
 * cannot are expected to fail fast with a code instead.
 */
type Expected = { file: string; rows: number; columns: string[] } | { file: string; code: IngestProblemCode };

const CORPUS: Expected[] = [
  { file: 'alltypes_dictionary.parquet', rows: 2, columns: ['id','bool_col','tinyint_col','smallint_col','int_col','bigint_col','float_col','double_col','date_string_col','string_col','timestamp_col'] },
  { file: 'alltypes_plain.snappy.parquet', rows: 2, columns: ['id','bool_col','tinyint_col','smallint_col','int_col','bigint_col','float_col','double_col','date_string_col','string_col','timestamp_col'] },
  { file: 'bad_data-ARROW-GH-41317.parquet', code: 'parquetCorrupt' }, // native: 5 rows; parquet-wasm panics on its data
  { file: 'bad_data-ARROW-GH-41321.parquet', code: 'parquetCorrupt' }, // native: 5 rows
  { file: 'bad_data-ARROW-GH-47662.parquet', code: 'parquetCorrupt' }, // native: 1000 rows
  { file: 'bad_data-ARROW-RS-GH-6229-LEVELS.parquet', code: 'parquetCorrupt' }, // native: 1 rows
  { file: 'binary.parquet', rows: 12, columns: ['foo'] },
  { file: 'byte_array_decimal.parquet', rows: 24, columns: ['value'] },
  { file: 'byte_stream_split_extended.gzip.parquet', rows: 200, columns: ['float16_plain','float16_byte_stream_split','float_plain','float_byte_stream_split','double_plain','double_byte_stream_split','int32_plain','int32_byte_stream_split','int64_plain','int64_byte_stream_split','flba5_plain','flba5_byte_stream_split','decimal_plain','decimal_byte_stream_split'] },
  { file: 'column_chunk_key_value_metadata.parquet', rows: 0, columns: ['column1','column2'] },
  { file: 'data_index_bloom_encoding_stats.parquet', rows: 14, columns: ['String'] },
  { file: 'datapage_v1-corrupt-checksum.parquet', rows: 5120, columns: ['a','b'] },
  { file: 'datapage_v1-uncompressed-checksum.parquet', rows: 5120, columns: ['a','b'] },
  { file: 'datapage_v2_empty_datapage.snappy.parquet', rows: 1, columns: ['value'] },
  { file: 'delta_byte_array.parquet', rows: 1000, columns: ['c_customer_id','c_salutation','c_first_name','c_last_name','c_preferred_cust_flag','c_birth_country','c_login','c_email_address','c_last_review_date'] },
  { file: 'delta_encoding_required_column.parquet', rows: 100, columns: ['c_customer_sk:','c_current_cdemo_sk:','c_current_hdemo_sk:','c_current_addr_sk:','c_first_shipto_date_sk:','c_first_sales_date_sk:','c_birth_day:','c_birth_month:','c_birth_year:','c_customer_id:','c_salutation:','c_first_name:','c_last_name:','c_preferred_cust_flag:','c_birth_country:','c_email_address:','c_last_review_date:'] },
  // Its footer says the dictionary page is at offset 0 and has a column metadata field arrow-rs refuses: read with a lenient footer.
  { file: 'dict-page-offset-zero.parquet', rows: 39, columns: ['l_partkey'] },
  { file: 'encrypt_columns_plaintext_footer.encrypted.parquet', code: 'parquetEncrypted' }, // native: 50 rows (plaintext footer; we cannot decrypt any column)
  { file: 'fixed_length_byte_array.parquet', rows: 1000, columns: ['flba_field'] },
  { file: 'fixed_length_decimal_legacy.parquet', rows: 24, columns: ['value'] },
  { file: 'float16_zeros_and_nans.parquet', rows: 3, columns: ['x'] },
  { file: 'geospatial-crs-default.parquet', rows: 1, columns: ['wkt','geometry'] },
  { file: 'geospatial-crs-projjson.parquet', rows: 1, columns: ['wkt','geometry'] },
  { file: 'geospatial-geography-lines.parquet', rows: 499, columns: ['id','geometry'] },
  { file: 'geospatial-geography-polygons.parquet', rows: 500, columns: ['id','geometry'] },
  { file: 'geospatial-geospatial.parquet', rows: 196, columns: ['group','wkt','geometry'] },
  { file: 'hadoop_lz4_compressed.parquet', rows: 4, columns: ['c0','c1','v11'] },
  { file: 'int32_decimal.parquet', rows: 24, columns: ['value'] },
  { file: 'int64_decimal.parquet', rows: 24, columns: ['value'] },
  { file: 'int96_from_spark.parquet', rows: 6, columns: ['a'] },
  { file: 'large_string_map.brotli.parquet', code: 'parquetTooLarge' }, // native: 2 rows (two 1 GiB strings)
  { file: 'list_columns.parquet', rows: 3, columns: ['int64_list','utf8_list'] },
  // Native DuckDB refuses this one ('MAP_KEY_VALUE requires two children'); parquet-wasm reads it.
  { file: 'map_no_value.parquet', rows: 3, columns: ['my_map', 'my_map_no_v', 'my_list'] },
  { file: 'nation.dict-malformed.parquet', code: 'parquetCorrupt' }, // native: 25 rows
  { file: 'nested_lists.snappy.parquet', rows: 3, columns: ['a','b'] },
  { file: 'nested_structs.rust.parquet', rows: 1, columns: ['roll_num','PC_CUR','CVA_2012','CVA_2016','BIA_3','BIA_4','ACTUAL_FRONTAGE','ACTUAL_DEPTH','ACTUAL_LOT_SIZE','GLA','SOURCE_GLA','IPS_GLA','GLA_ALL','bia','EFFECTIVE_LOT_SIZE','effective_lot_area','EFFECTIVE_FRONTAGE','EFFECTIVE_DEPTH','rw_area_tot','effective_lot_sqft','dup','nonCTXT','vacantland','parkingbillboard','cvalte10','condootherhotel','calculated_lot_size','calculated_efflot_size','missingsite','missinggla','missingsitegla','actual_lot_size_sqft','lotsize_sqft','count','ul_observation_date','ul_tz_offset_minutes_ul_observation_date'] },
  { file: 'null_list.parquet', rows: 1, columns: ['emptylist'] },
  { file: 'nulls.snappy.parquet', rows: 8, columns: ['b_struct'] },
  { file: 'plain-dict-uncompressed-checksum.parquet', rows: 1000, columns: ['long_field','binary_field'] },
  { file: 'repeated_primitive_no_list.parquet', rows: 4, columns: ['Int32_list','String_list','group_of_lists'] },
  { file: 'rle-dict-uncompressed-corrupt-checksum.parquet', rows: 1000, columns: ['long_field','binary_field'] },
  { file: 'shredded_variant-case-001.parquet', rows: 1, columns: ['id','var'] },
  { file: 'shredded_variant-case-056.parquet', rows: 1, columns: ['id','var'] },
  { file: 'shredded_variant-case-110.parquet', rows: 1, columns: ['id','var'] },
  { file: 'single_nan.parquet', rows: 1, columns: ['mycol'] },
  { file: 'unknown-logical-type.parquet', rows: 3, columns: ['column with known type','column with unknown type'] },
  // Not from the corpus: the readers' own truncated file (its footer is gone), refused in parquet-wasm's words.
  { file: 'truncated.parquet', code: 'parquet' },
];

/** Loaded after every corpus file, on the same engine and deps: proves nothing was left poisoned. */
const KNOWN_GOOD = 'alltypes_plain.snappy.parquet';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/corpus', name)));

let engine: Engine;
let deps: IngestDeps;

beforeAll(async () => {
  engine = await startNodeEngine();
  // A short stall limit, so that even a silent hang fails the case well within its timeout.
  deps = await nodeIngestDeps({ stallMs: 8_000, rowGroupBytes: 2 ** 30 });
});

async function tableNames(): Promise<string[]> {
  return (await rows(engine, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")).map((r) => String(r.table_name));
}

async function load(fileName: string, bytes: Uint8Array, signal?: AbortSignal): Promise<IngestOutcome> {
  return ingestFile(engine, deps, { fileName, file: blobOf(bytes), existingTables: await tableNames(), signal });
}

async function columnsOf(table: string): Promise<string[]> {
  return (await rows(engine, `DESCRIBE "${table}"`)).map((r) => String(r.column_name));
}

async function expectKnownGoodLoads(): Promise<void> {
  const outcome = await load(KNOWN_GOOD, fixture(KNOWN_GOOD));
  expect(outcome.tables[0]?.rowCount).toBe(2);
}

describe('Parquet corpus', () => {
  it.each(CORPUS)('$file loads like native DuckDB, or fails with a code; a good file loads after it', async (expected) => {
    const before = await tableNames();
    const outcome = await load(expected.file, fixture(expected.file)).catch((error: unknown) => error);
    if ('code' in expected) {
      expect(outcome).toBeInstanceOf(IngestError);
      expect((outcome as IngestError).code).toBe(expected.code);
      expect(await tableNames()).toEqual(before);
    } else {
      expect(outcome).not.toBeInstanceOf(Error);
      const table = (outcome as IngestOutcome).tables[0];
      expect(table?.rowCount).toBe(expected.rows);
      expect(await columnsOf(table?.table ?? '')).toEqual(expected.columns);
    }
    await expectKnownGoodLoads();
  }, 20_000);
});

describe('Parquet values', () => {
  async function values(file: string, column = '*'): Promise<unknown[]> {
    const outcome = await load(file, fixture(file));
    const table = outcome.tables[0]?.table ?? '';
    return (await rows(engine, `SELECT COLUMNS(${column === '*' ? '*' : `'^${column}$'`})::VARCHAR FROM "${table}"`)).map((row) => Object.values(row)[0]);
  }

  it('reads Impala INT96 timestamps as native DuckDB does', async () => {
    expect(await values('alltypes_plain.snappy.parquet', 'timestamp_col')).toEqual(['2009-04-01 00:00:00', '2009-04-01 00:01:00']);
    expect(await values('alltypes_dictionary.parquet', 'timestamp_col')).toEqual(['2009-01-01 00:00:00', '2009-01-01 00:01:00']);
  });

  it('reads a file whose footer puts the dictionary page at offset 0 with the values native DuckDB reads', async () => {
    const read = await values('dict-page-offset-zero.parquet');
    // Native DuckDB: 39 rows, sum(l_partkey) = 60528, first three 1552.
    expect(read.slice(0, 3)).toEqual(['1552', '1552', '1552']);
    expect(read.reduce((sum: number, value) => sum + Number(value), 0)).toBe(60528);
  });

  it('reads half floats as FLOAT, with the values native DuckDB reads', async () => {
    expect(await values('float16_zeros_and_nans.parquet')).toEqual([null, '0.0', 'nan']);
  });

  it('reads INT96 timestamps past 2262 (Spark writes 9999-12-31) without wrapping around', async () => {
    // Native DuckDB reads the first five the same; it wraps the sixth (year 290000) to 226414 BC,
    // where the file's own notes give 9089380393200000000 µs, i.e. 290000-12-30 23:00 UTC.
    expect(await values('int96_from_spark.parquet')).toEqual([
      '2024-01-01 20:34:56.123456',
      '2024-01-01 01:00:00',
      '9999-12-31 03:00:00',
      '2024-12-30 23:00:00',
      null,
      '290000-12-30 23:00:00',
    ]);
  });

  it('names the row group size when refusing a decompression blow-up', async () => {
    const error = await load('large_string_map.brotli.parquet', fixture('large_string_map.brotli.parquet')).catch((e: unknown) => e);
    expect((error as IngestError).problem).toEqual({ code: 'parquetTooLarge', params: { size: 2147483827, limit: 2 ** 30 } });
  });

  it('stops between row groups when the load is cancelled, leaving no table', async () => {
    const parquetWasm = await import('parquet-wasm');
    const ids = tableFromArrays({ id: Int32Array.from([1, 2, 3, 4, 5, 6]) });
    const properties = new parquetWasm.WriterPropertiesBuilder().setMaxRowGroupSize(2).build();
    const threeGroups = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(ids, 'stream')), properties);
    const controller = new AbortController();
    const decoded: number[] = [];
    // The person cancels while the first row group is being inserted.
    const cancelling: IngestDeps = {
      ...deps,
      loadParquet: async () => {
        const codec = await deps.loadParquet();
        return {
          ...codec,
          async *readRowGroups(file) {
            for await (const group of codec.readRowGroups(file)) {
              decoded.push(group.length);
              controller.abort();
              yield group;
            }
          },
        };
      },
    };
    const before = await tableNames();
    const error = await ingestFile(engine, cancelling, { fileName: 'ids.parquet', file: blobOf(threeGroups), existingTables: before, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(decoded).toHaveLength(1);
    expect(await tableNames()).toEqual(before);
    await expectKnownGoodLoads();
  });
});

describe('Parquet footers', () => {
  it('refuses a file with an encrypted footer (magic PARE) before decoding anything', async () => {
    const bytes = fixture(KNOWN_GOOD);
    bytes.set(new TextEncoder().encode('PARE'), bytes.length - 4);
    const codec = await deps.loadParquet();
    const error = await (async () => {
      for await (const group of codec.readRowGroups(blobOf(bytes))) expect(group).toBeUndefined();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetDecodeError);
    expect((error as ParquetDecodeError).failure).toEqual({ kind: 'encrypted' });
  });

  it('finds the top-level INT96 columns', async () => {
    expect((await readParquetFooter(blobOf(fixture('int96_from_spark.parquet')))).int96Columns).toEqual([0]);
    // Impala's alltypes: timestamp_col is the 11th column.
    expect((await readParquetFooter(blobOf(fixture(KNOWN_GOOD)))).int96Columns).toEqual([10]);
    expect((await readParquetFooter(blobOf(fixture('nested_lists.snappy.parquet')))).int96Columns).toEqual([]);
  });
});

describe('ParquetIsolate', () => {
  function fakePort(answer: (reply: (message: ParquetReply) => void, fail: (reason: string) => void) => void) {
    const port = { terminated: false } as ParquetWorkerPort & { terminated: boolean };
    let onReply: (reply: ParquetReply) => void = () => {};
    let onFailure: (reason: string) => void = () => {};
    port.listen = (reply, failure) => ((onReply = reply), (onFailure = failure));
    port.post = () => answer(onReply, onFailure);
    port.terminate = () => (port.terminated = true);
    return port;
  }

  it('ends a worker that stops answering, after the stall limit', async () => {
    const port = fakePort(() => {});
    const error = await new ParquetIsolate(port, 30).readRowGroup(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetWorkerLost);
    expect((error as ParquetWorkerLost).reason).toBe('stalled');
    expect(port.terminated).toBe(true);
  });

  it('fails the read at once when the worker dies, and every read after it', async () => {
    const port = fakePort((_reply, fail) => fail('RuntimeError: unreachable'));
    const isolate = new ParquetIsolate(port, 60_000);
    await expect(isolate.readRowGroup(0)).rejects.toMatchObject({ reason: 'crashed' });
    await expect(isolate.readRowGroup(1)).rejects.toBeInstanceOf(ParquetWorkerLost);
    expect(port.terminated).toBe(true);
  });

  it('treats a trap caught inside the worker as a crash, not as a readable error', async () => {
    const port = fakePort((reply) => reply({ ok: false, message: 'unreachable', fatal: true }));
    await expect(new ParquetIsolate(port, 60_000).readRowGroup(0)).rejects.toMatchObject({ reason: 'crashed' });
    expect(port.terminated).toBe(true);
  });
});

describe('decoding while the engine inserts', () => {
  it('asks the worker for the next row group before the one handed over is inserted, and stops asking when the reader stops', async () => {
    const parquetWasm = await import('parquet-wasm');
    const ids = tableFromArrays({ id: Int32Array.from({ length: 8 }, (_, i) => i) });
    const properties = new parquetWasm.WriterPropertiesBuilder().setMaxRowGroupSize(2).build();
    const parquet = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(ids, 'stream')), properties);
    const asked: number[] = [];
    const recording = (): ParquetWorkerPort => {
      const port = spawnNodeParquetWorker();
      return { ...port, post: (request) => (request.op === 'read' && asked.push(request.group), port.post(request)) };
    };
    const codec = parquetCodecFrom(parquetWasm as unknown as ParquetWasmModule, recording);
    const groups = codec.readRowGroups(blobOf(parquet))[Symbol.asyncIterator]();
    expect((await groups.next()).done).toBe(false);
    // Group 0 is in hand, not yet inserted: group 1 is already decoding.
    await expect.poll(() => asked).toEqual([0, 1]);
    expect((await groups.next()).done).toBe(false);
    await expect.poll(() => asked).toEqual([0, 1, 2]);
    // A cancel: the reader returns, the worker goes, and no more groups are asked for.
    await groups.return?.(undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toEqual([0, 1, 2]);
  });
});
