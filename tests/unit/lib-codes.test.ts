/**
 * `lib` reports codes and parameters; only the UI turns them into words
 * (src/ui/i18n/describe.ts). Every kind of lib error is worded here, naming
 * what it concerns, and no lib file reaches for the message catalog.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartCompileError, ChartSourceError } from '../../src/lib/charts';
import { EngineError, type EngineHint } from '../../src/lib/engine';
import { formatBytes } from '../../src/ui/i18n/format';
import { IngestError, type IngestNotice, type IngestProblem, type IngestProblemCode } from '../../src/lib/ingest';
import { SampleError } from '../../src/lib/samples';
import { LinkError, WorkspaceFileError } from '../../src/lib/share';
import { StoreError, toStoreError } from '../../src/lib/store';
import { WorkspaceFormatError } from '../../src/lib/workspace';
import { DashboardFilterError, type DashboardFilterProblem } from '../../src/lib/dashboards';
import { TileError } from '../../src/ui/dashboards/tile-data';
import { describeEngineHint, describeError, describeNotice } from '../../src/ui/i18n/describe';

const GiB = 1024 ** 3;

/** One problem of every code (the Record makes a new code without a case a compile error). */
const INGEST_PROBLEMS: Record<IngestProblemCode, IngestProblem> = {
  empty: { code: 'empty', params: {} },
  binary: { code: 'binary', params: {} },
  xls: { code: 'xls', params: {} },
  gzip: { code: 'gzip', params: {} },
  feather1: { code: 'feather1', params: {} },
  unknown: { code: 'unknown', params: {} },
  tooLarge: { code: 'tooLarge', params: { size: 2 * GiB, limit: 1.5 * GiB } },
  memoryShort: { code: 'memoryShort', params: { size: 0.4 * GiB, needed: 2.4 * GiB, held: 1.1 * GiB, budget: 3 * GiB, format: 'delimited', partial: true } },
  subsetColumnMissing: { code: 'subsetColumnMissing', params: { column: 'región' } },
  csv: { code: 'csv', params: { cause: 'Expected Number of Columns: 3 Found: 4' } },
  noRows: { code: 'noRows', params: {} },
  json: { code: 'json', params: { cause: "Expected ',' or '}' after property value" } },
  parquet: { code: 'parquet', params: { cause: 'Invalid Parquet file. Corrupt footer' } },
  parquetCorrupt: { code: 'parquetCorrupt', params: {} },
  parquetEncrypted: { code: 'parquetEncrypted', params: {} },
  parquetTooLarge: { code: 'parquetTooLarge', params: { size: 2 * GiB, limit: GiB } },
  encryptedXlsx: { code: 'encryptedXlsx', params: {} },
  gzipDamaged: { code: 'gzipDamaged', params: {} },
  arrow: { code: 'arrow', params: { cause: 'Unrecognized type: LZ4' } },
  arrowNoColumns: { code: 'arrowNoColumns', params: {} },
  xlsxEmpty: { code: 'xlsxEmpty', params: {} },
  xlsxUnreadable: { code: 'xlsxUnreadable', params: {} },
  xlsxTooSlow: { code: 'xlsxTooSlow', params: { seconds: 340 } },
  engine: { code: 'engine', params: { cause: 'Out of Memory Error: failed to allocate' } },
};

const DASHBOARD_PROBLEMS: Record<DashboardFilterProblem['code'], DashboardFilterProblem> = {
  badClause: { code: 'badClause', params: {} },
  tableGone: { code: 'tableGone', params: { table: 'ventas' } },
  columnGone: { code: 'columnGone', params: { table: 'ventas', field: 'año' } },
  badValue: { code: 'badValue', params: { field: 'fecha', value: '2015-13-45' } },
  tooManyValues: { code: 'tooManyValues', params: { field: 'país', count: 20_000, limit: 10_000 } },
  wrongType: { code: 'wrongType', params: { field: 'monto', type: 'VARCHAR' } },
  linkColumnGone: { code: 'linkColumnGone', params: { table: 'países', field: 'iso3' } },
};

/** A lib error, and words its description must hold (the file, the column, the value…). */
const CASES: Array<[string, unknown, string[]]> = [
  ...Object.values(INGEST_PROBLEMS).map((problem): [string, unknown, string[]] => [
    `a refused file (${problem.code})`,
    new IngestError('ventas 2012.csv', problem),
    ['ventas 2012.csv', ...('cause' in problem.params ? [problem.params.cause] : [])],
  ]),
  ['a refused file, at a line', new IngestError('malo.csv', INGEST_PROBLEMS.noRows, { line: 4 }), ['malo.csv', 'line 4', 'malformed']],
  ['a refused file, at a line and column', new IngestError('malo.json', INGEST_PROBLEMS.json, { line: 2, column: 17 }), ['malo.json', 'line 2', 'column 17', 'JSON is not valid']],
  ['a file too large', new IngestError('enorme.csv', INGEST_PROBLEMS.tooLarge), ['enorme.csv', formatBytes(2 * GiB), formatBytes(1.5 * GiB)]],
  [
    'a file whose load the engine gave up',
    new IngestError('ventas.csv', { code: 'engine', params: { cause: 'engine replaced' } }, {}, new EngineError('crashed', 'engine replaced', '', undefined, { code: 'replaced', params: {} })),
    ['ventas.csv', 'another workspace was opened'],
  ],
  ['a DuckDB error with a hint', new EngineError('sql', 'Catalog Error: Table Function with name "read_parquet" is not in the catalog, but it exists in the parquet extension.', ''), ['read_parquet', 'Open files']],
  ['a DuckDB error without hint', new EngineError('sql', 'Binder Error: Referenced column "nope" not found', 'SELECT nope'), ['Referenced column "nope" not found']],
  ['a cancelled query', new EngineError('cancelled', 'cancelled', 'SELECT 1'), ['cancelled']],
  ['an engine that failed to start', new EngineError('start-failed', 'WebAssembly.instantiate(): out of memory', ''), ['failed to start', 'out of memory']],
  ['an engine replaced by a workspace switch', new EngineError('crashed', 'engine replaced', 'SELECT 1', undefined, { code: 'replaced', params: {} }), ['another workspace was opened']],
  ['an engine that stopped', new EngineError('crashed', 'engine stopped', 'SELECT 1', undefined, { code: 'stoppedMidway', params: { reason: 'RuntimeError: unreachable' } }), ['RuntimeError: unreachable', 'run it again']],
  ['an engine that crashed on this query', new EngineError('crashed', 'RuntimeError: memory access out of bounds', 'SELECT 1'), ['memory access out of bounds']],
  ['a channel without column', new ChartCompileError('color', { code: 'noColumn', params: {} }), ['Color']],
  ['a column gone from the data', new ChartCompileError('x', { code: 'columnGone', params: { field: 'región' } }), ['región']],
  ['a chart with no channel', new ChartCompileError('mark', { code: 'noChannels', params: {} }), ['channel']],
  ['a sum of text', new ChartCompileError('y', { code: 'aggregateNeedsNumber', params: { aggregate: 'sum', field: 'cuenta', type: 'VARCHAR' } }), ['sum', 'cuenta', 'VARCHAR']],
  ['bins of text', new ChartCompileError('x', { code: 'binNeedsNumber', params: { field: 'cuenta', type: 'VARCHAR' } }), ['cuenta', 'VARCHAR']],
  ['a month of text', new ChartCompileError('x', { code: 'timeUnitNeedsDate', params: { field: 'cuenta', type: 'VARCHAR' } }), ['cuenta', 'VARCHAR']],
  ['a box plot without number', new ChartCompileError('y', { code: 'boxplotNeedsNumber', params: {} }), ['box plot']],
  ['a box plot in panels', new ChartCompileError('row', { code: 'boxplotPanels', params: {} }), ['panels']],
  ['a box plot grouped by an aggregate', new ChartCompileError('color', { code: 'boxplotGrouping', params: {} }), ['aggregate']],
  ['a map without countries', new ChartCompileError('geo', { code: 'geoNoColumn', params: {} }), ['country']],
  ['a map without outlines', new ChartCompileError('geo', { code: 'geoShapesMissing', params: {} }), ['outlines']],
  ['a map of no country', new ChartCompileError('geo', { code: 'geoNoMatch', params: { field: 'n', examples: ['1', '2', '3'], more: true } }), ['No value of n', '1, 2, 3…']],
  ['a chart of several statements', new ChartSourceError({ code: 'notSingleQuery', params: { name: 'Ventas por año' } }), ['Ventas por año']],
  ['a chart of a table not loaded', new ChartSourceError({ code: 'noTable', params: { table: 'montos' } }), ['montos']],
  ['a chart of a deleted query', new ChartSourceError({ code: 'noQuery', params: {} }), ['deleted']],
  ['a chart of a blocked query', new ChartSourceError({ code: 'blocked', params: { detail: "read_text('https://x')" } }), ["read_text('https://x')"]],
  ['a workspace no longer saved', StoreError.of('missing', { code: 'workspaceMissing', params: { id: 'w1' } }), ['no longer saved']],
  ['stored data missing', StoreError.of('missing', { code: 'dataMissing', params: { hash: `sha256:${'0'.repeat(64)}` } }), ['storage']],
  ['a stored part missing', StoreError.of('missing', { code: 'chunkMissing', params: { hash: `sha256:${'0'.repeat(64)}`, part: 3, parts: 7 } }), ['Part 3 of 7']],
  ['stored data cut short', StoreError.of('missing', { code: 'sizeMismatch', params: { hash: `sha256:${'0'.repeat(64)}`, size: 1024, expected: 4096 } }), [formatBytes(1024), formatBytes(4096)]],
  ['a save that lost to another tab', StoreError.of('conflict', { code: 'conflict', params: { title: 'Ventas', stored: 3, base: 2 } }), ['another tab']],
  ['a full storage', toStoreError(new DOMException('The quota has been exceeded.', 'QuotaExceededError')), ['full']],
  ['a storage failure', toStoreError(new Error('Transaction aborted')), ['Transaction aborted']],
  ['a stored document that does not validate', toStoreError(new WorkspaceFormatError('queries', { code: 'list', params: {} })), ['queries', 'list']],
  ['a workspace with a bad field', new WorkspaceFormatError('datasets[2].hash', { code: 'hash', params: {} }), ['datasets[2].hash', 'sha256']],
  ['a workspace with an unknown mark', new WorkspaceFormatError('charts[0].design.mark', { code: 'oneOf', params: { allowed: ['bar', 'line'] } }), ['charts[0].design.mark', 'bar, line']],
  ['a workspace from a newer Atalaya', new WorkspaceFormatError('format', { code: 'newerFormat', params: { format: 9, expected: 1 } }), ['newer version', '9']],
  ['a sample not bundled', new SampleError({ code: 'notBundled', params: { id: 'plan-colombia', file: 'plan_colombia.csv' } }), ['plan-colombia', 'plan_colombia.csv']],
  ['a sample that could not be read', new SampleError({ code: 'unreadable', params: { file: 'plan_colombia.csv', status: 404 } }), ['plan_colombia.csv', '404']],
  ['a newer link', new LinkError({ kind: 'version', version: '7' }), ['newer version', '7']],
  ['a damaged link', new LinkError({ kind: 'checksum' }), ['damaged']],
  ['a workspace file missing data', new WorkspaceFileError({ kind: 'missingData', table: 'montos', path: 'datasets/d1.parquet' }), ['montos', 'datasets/d1.parquet']],
  ...Object.values(DASHBOARD_PROBLEMS).map((problem): [string, unknown, string[]] => [
    `a dashboard filter that cannot apply (${problem.code})`,
    new DashboardFilterError(problem),
    Object.values(problem.params).map(String).filter((value) => !/^\d+$/.test(value)),
  ]),
  ['a tile whose chart was deleted', new TileError({ code: 'chartGone' }), ['Undo']],
  ['a tile whose column is gone', new TileError({ code: 'columnGone', table: 'ventas', field: 'año' }), ['ventas', 'año']],
];

describe('describeError', () => {
  it.each(CASES)('words %s, naming what it concerns', (_, error, names) => {
    const words = describeError(error);
    expect(words.trim()).not.toBe('');
    expect(words, 'a placeholder was left unfilled').not.toMatch(/\{\w+\}/);
    for (const name of names) expect(words).toContain(name);
  });

  it.each(CASES.filter(([, error]) => !(error instanceof EngineError && error.kind === 'sql' && !error.hint)))(
    'words %s in a sentence, not its technical message',
    (_, error) => {
      expect(describeError(error)).not.toBe((error as Error).message);
    },
  );

  it('names the workspace file it is told about', () => {
    const error = new WorkspaceFileError({ kind: 'notZip' });
    expect(describeError(error, { file: 'ventas.atalaya' })).toContain('ventas.atalaya');
    expect(describeError(error)).toMatch(/^The workspace file is not/);
  });

  it('falls back to the message of anything else', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain text')).toBe('plain text');
  });
});

describe('describeEngineHint', () => {
  const hints: EngineHint[] = [
    { code: 'permission', params: { target: 'https://example.org/x.csv' } },
    { code: 'extension', params: { extension: 'spatial' } },
    { code: 'noExtensions', params: {} },
    { code: 'locked', params: {} },
    { code: 'icu', params: {} },
    { code: 'parquet', params: {} },
    { code: 'json', params: {} },
    { code: 'network', params: {} },
  ];
  it.each(hints)('words the $code hint', (hint) => {
    const words = describeEngineHint(hint);
    expect(words).not.toMatch(/\{\w+\}/);
    for (const value of Object.values(hint.params)) expect(words).toContain(value);
    expect(words.length).toBeGreaterThan(20);
  });
});

describe('describeNotice', () => {
  const notices: Array<[IngestNotice, string[]]> = [
    [{ code: 'formatMismatch', params: { file: 'datos.csv', named: 'delimited', actual: 'parquet' } }, ['datos.csv', 'CSV/TSV text', 'Parquet']],
    [{ code: 'decoded', params: { file: 'latin.csv', encoding: 'windows-1252' } }, ['latin.csv', 'Windows-1252']],
    [{ code: 'rejected', params: { file: 'malo.csv', rows: 1234, lines: [3, 8] } }, ['malo.csv', '1,234 rows', 'line 3, 8']],
    [{ code: 'rejected', params: { file: 'malo.csv', rows: 1, lines: [3] } }, ['malo.csv', '1 row skipped', 'line 3']],
    [{ code: 'sheetHeader', params: { file: 'libro.xlsx', sheet: 'Hoja 1', headerRow: 1, skippedRows: 0, renamed: [{ column: 'C', name: 'column_C' }] } }, ['libro.xlsx (Hoja 1)', 'column C', 'column_C']],
    [
      { code: 'sheetHeader', params: { file: 'libro.xlsx', sheet: 'Hoja 1', headerRow: 4, skippedRows: 3, renamed: [{ column: 'C', name: 'column_C' }, { column: 'D', name: 'column_D' }] } },
      ['libro.xlsx (Hoja 1)', 'row 4', '3 rows above', '2 columns', 'C as “column_C”', 'D as “column_D”'],
    ],
    [{ code: 'ambiguousNumbers', params: { file: 'ventas.csv', columns: ['monto'] } }, ['ventas.csv', 'column monto', 'decimal comma']],
    [{ code: 'ambiguousNumbers', params: { file: 'libro.xlsx', sheet: 'Hoja 1', columns: ['a', 'b'] } }, ['libro.xlsx (Hoja 1)', '2 columns (a and b)']],
    [{ code: 'jsonText', params: { file: 'datos.ndjson', columns: ['edad'] } }, ['datos.ndjson', 'edad']],
    [{ code: 'jsonText', params: { file: 'datos.ndjson', columns: ['edad', 'meta.tags[]'] } }, ['datos.ndjson', 'edad', 'meta.tags[]']],
  ];
  it.each(notices)('words a $code notice', (notice, names) => {
    const words = describeNotice(notice);
    expect(words).not.toMatch(/\{\w+\}/);
    for (const name of names) expect(words).toContain(name);
  });
});

describe('lib and the message catalog', () => {
  const root = join(__dirname, '../../src/lib');

  function sources(directory: string): string[] {
    return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return sources(path);
      return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
    });
  }

  it('finds lib sources to check', () => {
    expect(sources(root).length).toBeGreaterThan(20);
  });

  it('imports the catalog nowhere in lib: lib returns codes, the UI words them', () => {
    const importsCatalog = /(?:from|import)\s*\(?\s*['"`][^'"`]*i18n\//;
    const offenders = sources(root)
      .filter((path) => importsCatalog.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
