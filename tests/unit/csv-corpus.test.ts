/**
 * Every CSV of the shared real-world corpus (/work/shared/corpus, DuckDB's own
 * CSV test files; those under 200 KB are copied to tests/fixtures/corpus)
 * loads with the rows and columns native DuckDB reads, or is refused with a
 * code. The expected values were recorded from native DuckDB 1.4.3
 * (@duckdb/node-api 1.4.3-r.3, `read_csv(path)` with default options,
 * count(*) and DESCRIBE); where the app differs on purpose, the comment above
 * the case says what native does and why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, looksBinary } from '../../src/lib/ingest/detect-format';
import { detectEncoding } from '../../src/lib/ingest/text-encoding';
import { InflateTooLarge, inflateBytes } from '../../src/lib/ingest/compressed-stream';
import { describeError, describeNotice } from '../../src/ui/i18n/describe';
import { rows } from './helpers/node-engine';
import { engine, load, loadError, tableNames, useIngestEngine } from './helpers/ingest-harness';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/corpus', name)));

useIngestEngine();

async function columnNames(table: string): Promise<string[]> {
  const described = await rows(engine, `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
  return described.map((r) => String(r.column_name));
}

interface CorpusCase {
  file: string;
  rows?: number;
  columns?: string[];
  /** Notice codes the load gives (none when absent). */
  notices?: string[];
  error?: string;
}

const CORPUS: CorpusCase[] = [
  { file: "[avalon]_daily-avg.csv", rows: 3, columns: ["a","b","c"] },
  // Same as native, but a NUL in a column name becomes U+FFFD: SQL text cannot carry NUL.
  // native: 0 rows ["A'","v","vaarcharrc\0lda,Sqarp,Y,4,12,6925,SURINAME\0\0\0"]
  { file: "afl-20250211_csv_fuzz_crash-case_53.csv", rows: 0, columns: ["A'","v","vaarcharrc\uFFFDlda,Sqarp,Y,4,12,6925,SURINAME\uFFFD\uFFFD\uFFFD"] },
  { file: "all_quotes.csv", rows: 0, columns: ["\"44444\"","\"Boa Chocolate\"","\"The best","chocolate","of the world\"","\"2\""] },
  { file: "auto-duplicate_header_columns.csv", rows: 2, columns: ["a","a_1","a_2","a_3","a_4","a_5","a_6","a_7","a_8","a_9","a_10","a_11","column12"] },
  { file: "auto-pipe_delim.csv", rows: 3, columns: ["column0","column1","column2"] },
  { file: "auto-single_value.csv", rows: 0, columns: ["Test"] },
  { file: "auto-time_date_timestamp_mm-dd-yyyy.csv", rows: 3, columns: ["a","b","t","d","ts"] },
  { file: "auto-unnamed_columns.csv", rows: 2, columns: ["column00","column01","column02","column03","column04","column05","column06","column07","column08","column09","column10","column11","column12"] },
  { file: "auto-various_time_formats.csv", rows: 1, columns: ["column0","column1","column2","column3","column4"] },
  { file: "bad_escape.csv", rows: 2, columns: ["foo","bar"] },
  { file: "big_not_bool.csv", rows: 2449, columns: ["T"] },
  { file: "blank_line.csv", rows: 11, columns: ["col"] },
  { file: "comma_decimal_null.csv", rows: 8, columns: ["COD_LOCALE_PROGETTO","CUP","COD_OB_TEMATICO","OC_COD_SUBARTICOLAZ_PROGRAMMA","OC_MACROAREA","OC_COD_SLL","FINANZ_UE","FINANZ_UE_FSE","FINANZ_STATO_FSC","OC_FINANZ_STATO_PAC_NETTO","IMPEGNI","OC_IMPEGNI_GIURID_VINCOLANTI","OC_IMPEGNI_COESIONE","TOT_PAGAMENTI","OC_TOT_PAGAMENTI_BENEFICIARI","OC_TOT_PAGAMENTI_TRASFERIMENTI","COSTO_REALIZZATO","COSTO_RENDICONTABILE_UE","OC_TOT_PAGAMENTI_RENDICONTAB_UE","OC_TOT_PAGAMENTI_FSC","OC_TOT_PAGAMENTI_PAC","OC_PAGAMENTI_COESIONE","OC_DATA_INIZIO_PROGETTO","OC_DATA_FINE_PROGETTO_PREVISTA","OC_DATA_FINE_PROGETTO_EFFETTIVA","DATA_INIZIO_PREV_STUDIO_FATT","PROGRAMMATO_INDICATORE_1","REALIZZATO_INDICATORE_1"] },
  { file: "dates_special_format.csv", rows: 7, columns: ["Dec 8, 2022"] },
  { file: "double_quoted_header.csv", rows: 2, columns: ["foo \"bar","name"] },
  // A 0-byte file is refused as empty on purpose (nothing to query).
  // native: 0 rows ["column0"]
  { file: "empty.csv", error: "empty" },
  { file: "empty_first_line.csv", rows: 2, columns: ["a 1"] },
  // Native stops at the first non-UTF-8 byte; the app decodes Windows-1252 / UTF-16 and says so.
  // native: fails: Invalid Input Error: CSV Error on Line: 95
  { file: "encodings-all_latin1.csv", rows: 189, columns: ["!"], notices: ["decoded"] },
  // native: fails: Invalid Input Error: CSV Error on Line: 2
  { file: "encodings-latin1.csv", rows: 12, columns: ["name","age"], notices: ["decoded"] },
  // native: fails: Invalid Input Error: Error when sniffing file "/wo
  { file: "encodings-only_utf16.csv", rows: 5, columns: ["ŁŁŁŁŁŁŁ ŁŁŁŁŁŁŁŁ","Ł"], notices: ["decoded"] },
  // native: fails: Invalid Input Error: Error when sniffing file "/wo
  { file: "encodings-utf16.csv", rows: 20, columns: ["name","age"], notices: ["decoded"] },
  { file: "error-json.csv", rows: 0, columns: ["{\"col_a\":1","\"col_b\":2","\"col_c\":3}"] },
  { file: "error-mixedtypes.csv", rows: 13400, columns: ["i","world"] },
  { file: "file_error.csv", rows: 3, columns: ["id","name","email"] },
  // A fuzzer's file: one NUL and one stray byte among 2,000 dates. Native gives up sniffing; the app
  // decodes it as Windows-1252 and keeps every line but the two malformed ones (2048, 2049).
  // native: fails: Invalid Input Error: Error when sniffing file "/wo
  { file: "fuzzing-5.csv", rows: 2068, columns: ["a"], notices: ["decoded","rejected"] },
  { file: "headers-empty_4.csv", rows: 2, columns: ["a","b","c","column3","e"] },
  { file: "integer_exponent.csv", rows: 3, columns: ["a","b","c"] },
  // native: fails: Invalid Input Error: CSV Error on Line: 1
  { file: "invalid_utf8.csv", rows: 2, columns: ["bla"], notices: ["decoded"] },
  { file: "leading_zeros.csv", rows: 6, columns: ["CODGEO","NAISD14","NAISD15","NAISD16","NAISD17","NAISD18","NAISD19","NAISD20"] },
  { file: "mixed_dates.csv", rows: 5, columns: ["A","B"] },
  { file: "multi_quote.csv", rows: 7, columns: ["datecol","textcol"] },
  { file: "null-multiple_quoted_nulls.csv", rows: 3, columns: ["name","age","height"] },
  // Same as native, NUL in the name replaced (SQL cannot name a column with NUL).
  // native: 0 rows ["a\0b"]
  { file: "null_terminator.csv", rows: 0, columns: ["a\uFFFDb"] },
  // Same as native, NUL in the name replaced (SQL cannot name a column with NUL).
  // native: 1 rows ["col1","col\02"]
  { file: "nullbyte_header.csv", rows: 1, columns: ["col1","col\uFFFD2"] },
  { file: "nullpadding.csv", rows: 1, columns: ["column0","column1","column2","column3","column4"] },
  { file: "pollock-file_quotation_char_0x27.csv", rows: 1, columns: ["column0","column1","column2","column3","column4","column5","column6","column7","column8","column9"] },
  { file: "real-greek_utf8.csv", rows: 8, columns: ["column0","column1","column2"] },
  { file: "rejects-dr_who.csv", rows: 1, columns: ["date","datetime","time","timestamp","time_tz"] },
  // Native stops at the invalid byte on line 38; decoded, the good rows load and the bad ones are reported.
  // native: fails: Invalid Input Error: CSV Error on Line: 38
  { file: "rejects-frankstein-nightmare.csv", rows: 45, columns: ["a","b","c"], notices: ["decoded","rejected"] },
  // native: fails: Invalid Input Error: CSV Error on Line: 3
  { file: "rejects-multiple_errors-invalid_utf_unquoted.csv", rows: 2, columns: ["name","last_name","age","current_day","barks"], notices: ["decoded"] },
  { file: "rejects_sniffer.csv", rows: 1, columns: ["Naam","Rekeningnummer","Omschrijving of betalingskenmerk","Omschrijving of betalingskenmerk aangepast","Transactiestatus","Valuta","Transactiebedrag","Transactiebedrag aangepast","Batchnaam","Gewenste uitvoerdatum","Gewenste uitvoerdatum aangepast","Werkelijke uitvoerdatum","Eigen rekening ccy","Eigen rekening","Eigen rekening naam","Batchtype","Batchstatus","Eerste handtekening","Eerste handtekening datum tijd","Tweede handtekening","Tweede handtekening datum tijd","Bestandsnaam","Controlegetal SHA1","Controlegetal SHA2","Bestand aangepast"] },
  { file: "single_quote.csv", rows: 1, columns: ["movie_title"] },
  { file: "stats_3_muta_10_21.csv", rows: 2046, columns: ["n_admin","id_admin","ocs_cod_10","ocs_cod_21","ocs_ha_chg"] },
  // Native reads `i,j` as one text column because one row has too few fields; the app keeps two
  // columns and reports that row (see csv-dialect.ts: chooseDialect).
  // native: 6 rows ["i,j"]
  { file: "test-error_too_little.csv", rows: 5, columns: ["i","j"], notices: ["rejected"] },
  // native: fails: Invalid Input Error: CSV Error on Line: 1
  { file: "test-invalid_utf.csv", rows: 1, columns: ["column0","column1","column2"], notices: ["decoded"] },
  // native: fails: Invalid Input Error: CSV Error on Line: 1
  { file: "test-invalid_utf_header.csv", rows: 10, columns: ["valid","invalid_ÿÿ_part","valid_1"], notices: ["decoded"] },
  { file: "test-long_escaped_value_unicode.csv", rows: 1, columns: ["column0","column1","column2"] },
  { file: "test-test_comp.csv.gz", rows: 2, columns: ["a","b","c"] },
  { file: "test-test_null_csv.csv", rows: 1, columns: ["column0","column1","column2"] },
  { file: "test-unterminated.csv", rows: 2, columns: ["\"hello"] },
  { file: "timestamp_with_tz.csv", rows: 2, columns: ["id","timestamps"] },
  { file: "unescaped_quotes-stops.csv", rows: 9, columns: ["stop_id","stop_name","stop_lat","stop_lon"] },
  // Native reads one text column because of the unescaped quotes; the app keeps id;text and reports line 3.
  // native: 5 rows ["1;\"pedro \"pdet\" holanda\""]
  { file: "unescaped_quotes-unescaped_quote.csv", rows: 5, columns: ["column0","column1"], notices: ["rejected"] },

];

describe('the shared CSV corpus, compared with native DuckDB', () => {
  it.each(CORPUS)('$file', async (expected) => {
    const bytes = fixture(expected.file);
    if (expected.error !== undefined) {
      const error = await loadError(expected.file, bytes);
      expect(error.code).toBe(expected.error);
      return;
    }
    const outcome = await load(expected.file, bytes);
    const [table] = outcome.tables;
    expect(table?.rowCount).toBe(expected.rows);
    expect(await columnNames(table?.table ?? '')).toEqual(expected.columns);
    expect(outcome.notices.map((notice) => notice.code)).toEqual(expected.notices ?? []);
    await engine.query(`DROP TABLE "${table?.table}"`);
  });
});

describe('a title line above the header', () => {
  it('is skipped as native DuckDB skips it, not taken for a malformed first row', async () => {
    const outcome = await load('stats_3_muta_10_21.csv', fixture('stats_3_muta_10_21.csv'));
    expect(outcome.tables[0]?.rejected?.count ?? 0).toBe(0);
    expect(await rows(engine, 'SELECT id_admin, ocs_ha_chg FROM stats_3_muta_10_21 LIMIT 1')).toEqual([{ id_admin: '08008', ocs_ha_chg: 0.10522 }]);
    await engine.query('DROP TABLE stats_3_muta_10_21');
  });
});

describe('gzip-compressed CSV', () => {
  it('reads every member of a multi-member .csv.gz', async () => {
    const gz = new Uint8Array([...gzipSync(strToU8('a,b\n1,x\n')), ...gzipSync(strToU8('2,y\n'))]);
    const outcome = await load('two-members.csv.gz', gz);
    expect(outcome.format).toBe('delimited');
    expect(await rows(engine, 'SELECT a, b FROM two_members_csv ORDER BY a')).toEqual([
      { a: 1n, b: 'x' },
      { a: 2n, b: 'y' },
    ]);
    await engine.query('DROP TABLE two_members_csv');
  });

  it('decodes a Windows-1252 CSV inside gzip and says so', async () => {
    const outcome = await load('latin.csv.gz', gzipSync(fixture('latin1-portuguese.csv')));
    expect(outcome.notices).toEqual([{ code: 'decoded', params: { file: 'latin.csv.gz', encoding: 'windows-1252' } }]);
    expect(await columnNames(outcome.tables[0]?.table ?? '')).toEqual(['município', 'população', 'observação']);
    await engine.query(`DROP TABLE "${outcome.tables[0]?.table}"`);
  });

  it('refuses a truncated gzip and one that holds JSON, saying what to do', async () => {
    const whole = gzipSync(strToU8('a,b\n'.repeat(5000) + '1,2\n'), { level: 0 });
    const truncated = await loadError('cut.csv.gz', whole.subarray(0, whole.length - 100));
    expect(truncated.code).toBe('gzipDamaged');
    expect(describeError(truncated)).toContain('cut.csv.gz');
    const json = await loadError('rows.json.gz', gzipSync(strToU8('[{"a": 1}]')));
    expect(json.code).toBe('gzip');
  });

  it('stops a file that inflates past the limit, and stops when cancelled', async () => {
    const bomb = gzipSync(new Uint8Array(4 << 20).fill(0x61));
    await expect(inflateBytes('gzip', bomb, 1 << 20)).rejects.toBeInstanceOf(InflateTooLarge);
    const controller = new AbortController();
    controller.abort();
    await expect(load('x.csv.gz', gzipSync(strToU8('a\n1\n')), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await tableNames()).filter((name) => name.startsWith('__atalaya'))).toEqual([]);
  });
});

describe('Zstandard-compressed CSV', () => {
  // Both written by the zstd command-line tool (zstd 1.5), the second at level 19.
  it('reads a .csv.zst with its delimiter and decimal comma, as the uncompressed file', async () => {
    const outcome = await load('semicolon.csv.zst', fixture('semicolon.csv.zst'));
    const table = outcome.tables[0]?.table ?? '';
    expect(await rows(engine, `SELECT * FROM "${table}" ORDER BY 1`)).toEqual([
      { país: 'Colombia', monto: 1.5 },
      { país: 'Perú', monto: 2.25 },
    ]);
  });

  it('reads a 96-byte file that inflates to 200,000 rows', async () => {
    const outcome = await load('rows-200k.csv.zst', fixture('rows-200k.csv.zst'));
    expect(outcome.tables[0]?.rowCount).toBe(200_000);
  });

  it('refuses a damaged .zst and one that inflates past the limit', async () => {
    const whole = fixture('semicolon.csv.zst');
    const damaged = await loadError('cut.csv.zst', whole.subarray(0, whole.length - 8));
    expect(damaged.code).toBe('gzipDamaged');
    expect(describeError(damaged)).toContain('.zst');
    await expect(inflateBytes('zstd', fixture('rows-200k.csv.zst'), 100_000)).rejects.toBeInstanceOf(InflateTooLarge);
  });
});

describe('East Asian legacy encodings', () => {
  it.each([
    ['shift-jis.csv', 'shift_jis', ['都道府県', '人口', 'メモ'], '東京都', 'Shift-JIS'],
    ['euc-kr.csv', 'euc-kr', ['도시', '인구', '설명'], '서울', 'EUC-KR'],
    ['gb18030.csv', 'gb18030', ['城市', '人口', '说明'], '北京', 'GB18030'],
  ])('decodes %s as %s and names the encoding', async (file, encoding, columns, first, label) => {
    const outcome = await load(file, fixture(file));
    const notice = outcome.notices.find((n) => n.code === 'decoded');
    expect(notice).toEqual({ code: 'decoded', params: { file, encoding } });
    expect(describeNotice(notice!)).toContain(label);
    const table = outcome.tables[0]?.table ?? '';
    expect(await columnNames(table)).toEqual(columns);
    const [row] = await rows(engine, `SELECT "${columns[0]}" AS v FROM "${table}" LIMIT 1`);
    expect(row?.v).toBe(first);
    await engine.query(`DROP TABLE "${table}"`);
  });

  it('keeps Latin-1 text as Windows-1252', () => {
    for (const file of ['latin1-portuguese.csv', 'encodings-latin1.csv', 'encodings-all_latin1.csv', 'windows-1252.csv']) {
      expect(detectEncoding(fixture(file))).toBe('windows-1252');
    }
  });
});

describe('format detection', () => {
  it('tells text with a few NUL bytes from binary junk', () => {
    expect(looksBinary(fixture('null_terminator.csv'))).toBe(false);
    expect(looksBinary(fixture('afl-20250211_csv_fuzz_crash-case_53.csv'))).toBe(false);
    expect(looksBinary(fixture('junk.csv'))).toBe(true);
    // UTF-16 without its BOM: half of it NUL.
    expect(looksBinary(new Uint8Array(Array.from('a,b\n1,2\n'.repeat(20), (ch) => [ch.charCodeAt(0), 0]).flat()))).toBe(true);
  });

  it('recognises a password-protected workbook and asks to remove the password', async () => {
    const error = await loadError('calamine-pass_protected.xlsx', fixture('calamine-pass_protected.xlsx'));
    expect(error.code).toBe('encryptedXlsx');
    expect(describeError(error)).toContain('calamine-pass_protected.xlsx');
    expect(detectFormat('legacy.xls', fixture('legacy.xls'), fixture('legacy.xls').length)).toEqual({ problem: 'xls' });
  });

  it('sends Parquet with an encrypted footer (PARE) to the Parquet reader, which says it is encrypted', async () => {
    const pare = new Uint8Array([...strToU8('PARE'), 1, 2, 3, 4, 4, 0, 0, 0, ...strToU8('PARE')]);
    expect(detectFormat('secret.parquet', pare, pare.length)).toEqual({ format: 'parquet' });
    expect((await loadError('secret.parquet', pare)).code).toBe('parquetEncrypted');
  });

  it('calls a Zstandard frame whose data is cut short damaged, naming the file', async () => {
    const zst = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x04, 0x21, 0x00, 0x00, 0x61, 0x0a]);
    expect((await loadError('data.csv.zst', zst)).code).toBe('gzipDamaged');
  });
});
