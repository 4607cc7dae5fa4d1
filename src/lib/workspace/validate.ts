/**
 * Reads a workspace document from untrusted JSON (an imported file, a shared
 * link, or the database): every field is checked and copied into a fresh
 * object, so unknown keys (`__proto__` included) never reach the app. The
 * error names the field that is wrong and the problem, as a code and its
 * parameters (the UI words it).
 */
import { AGGREGATES, CHANNELS, MARKS, NUMBER_FORMATS, STACKS, TIME_UNITS, type ChartDesign, type FieldDef } from '../charts/model';
import { GRID_COLUMNS, MAX_TILE_ROWS, MAX_TILES, type DashboardItem, type FilterClause, type PointValue, type Tile } from '../dashboards/model';
import { MAX_SAMPLE_PERCENT, MIN_SAMPLE_PERCENT, type LoadSubset } from '../ingest/load-subset';
import { WORKSPACE_FORMAT, type ChartItem, type ChartSource, type DatasetColumn, type DatasetEntry, type ItemRef, type NoteItem, type QueryItem, type TypeFixRecord, type Workspace, type WorkspaceOrigin } from './types';

type NoParams = Record<string, never>;

/** What is wrong with one field of a workspace document. */
export type WorkspaceFormatProblem =
  | { code: 'object' | 'text' | 'count' | 'list' | 'hash' | 'empty' | 'noQuery' | 'activeQuery' | 'missingItems'; params: NoParams }
  /** Text longer than `max` characters, a list of more than `max` entries, nesting deeper than `max` levels. */
  | { code: 'tooLong' | 'tooMany' | 'tooDeep'; params: { max: number } }
  | { code: 'oneOf'; params: { allowed: readonly string[] } }
  | { code: 'range'; params: { min: number; max: number } }
  /** An id (or a table name, compared without case) that appears twice. */
  | { code: 'duplicateId' | 'duplicateTable'; params: { id: string } }
  /** A document of a newer format than this version reads. */
  | { code: 'newerFormat'; params: { format: number; expected: number } }
  | { code: 'format'; params: { expected: number } }
  /** `order` lists an item (kind:id) that is not in the workspace. */
  | { code: 'unknownItem'; params: { item: string } };

/** The problem in a few technical words, for logs and as the `cause` of link and file errors. */
function technical(problem: WorkspaceFormatProblem): string {
  switch (problem.code) {
    case 'object':
      return 'expected an object';
    case 'text':
      return 'expected text';
    case 'count':
      return 'expected a whole number ≥ 0';
    case 'list':
      return 'expected a list';
    case 'hash':
      return 'expected "sha256:" and 64 hex digits';
    case 'empty':
      return 'is empty';
    case 'noQuery':
      return 'needs at least one query';
    case 'activeQuery':
      return 'names no query of the workspace';
    case 'missingItems':
      return 'leaves out some items';
    case 'tooLong':
      return `longer than ${problem.params.max} characters`;
    case 'tooMany':
      return `more than ${problem.params.max} entries`;
    case 'tooDeep':
      return `nested deeper than ${problem.params.max} levels`;
    case 'oneOf':
      return `expected one of ${problem.params.allowed.join(', ')}`;
    case 'range':
      return `expected ${problem.params.min} to ${problem.params.max}`;
    case 'duplicateId':
      return `the id "${problem.params.id}" appears twice`;
    case 'duplicateTable':
      return `the table name "${problem.params.id}" appears twice`;
    case 'newerFormat':
      return `made by a newer version of Atalaya (format ${problem.params.format}; this one reads ${problem.params.expected})`;
    case 'format':
      return `expected ${problem.params.expected}`;
    case 'unknownItem':
      return `lists "${problem.params.item}", which is not in the workspace`;
  }
}

export class WorkspaceFormatError extends Error {
  constructor(
    readonly field: string,
    readonly problem: WorkspaceFormatProblem,
  ) {
    super(`${field}: ${technical(problem)}`);
    this.name = 'WorkspaceFormatError';
  }
}

/**
 * Limits against hostile or broken documents, sized for real data: a JSON
 * file's nested column type runs to thousands of characters (one of DuckDB's
 * own test files: 7,153), and a header can be a paragraph.
 */
const LIMITS = { items: 10_000, text: 5_000_000, name: 1_000, columnName: 65_536, type: 1_000_000, columns: 10_000, depth: 32 };

type Json = unknown;

function fail(field: string, problem: WorkspaceFormatProblem): never {
  throw new WorkspaceFormatError(field, problem);
}

const none: NoParams = {};

function object(value: Json, field: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, { code: 'object', params: none });
  return value as Record<string, Json>;
}

function string(value: Json, field: string, max = LIMITS.name): string {
  if (typeof value !== 'string') fail(field, { code: 'text', params: none });
  if (value.length > max) fail(field, { code: 'tooLong', params: { max } });
  return value;
}

function count(value: Json, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(field, { code: 'count', params: none });
  return value;
}

/** A worksheet row number: 1 to Excel's 1,048,576. */
function sheetRow(value: Json, field: string): number {
  const row = count(value, field);
  if (row < 1 || row > MAX_SHEET_ROW) fail(field, { code: 'range', params: { min: 1, max: MAX_SHEET_ROW } });
  return row;
}

const MAX_SHEET_ROW = 1_048_576;
/** A selection holds at most this many values (a list filter's ticks, shift-clicked bars). */
const MAX_SELECTED_VALUES = 10_000;

function array<T>(value: Json, field: string, item: (entry: Json, field: string) => T, max = LIMITS.items): T[] {
  if (!Array.isArray(value)) fail(field, { code: 'list', params: none });
  if (value.length > max) fail(field, { code: 'tooMany', params: { max } });
  return value.map((entry, index) => item(entry, `${field}[${index}]`));
}

function oneOf<T extends string>(value: Json, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(field, { code: 'oneOf', params: { allowed } });
  return value as T;
}

function column(value: Json, field: string): DatasetColumn {
  const raw = object(value, field);
  return { name: string(raw.name, `${field}.name`, LIMITS.columnName), type: string(raw.type, `${field}.type`, LIMITS.type) };
}

function fix(value: Json, field: string): TypeFixRecord {
  const raw = object(value, field);
  const options = object(raw.options, `${field}.options`);
  return {
    column: string(raw.column, `${field}.column`),
    options: {
      target: oneOf(options.target, `${field}.options.target`, ['number', 'date', 'boolean'] as const),
      decimal: oneOf(options.decimal, `${field}.options.decimal`, ['.', ','] as const),
      dateOrder: oneOf(options.dateOrder, `${field}.options.dateOrder`, ['dmy', 'mdy', 'ymd'] as const),
    },
  };
}

function dataset(value: Json, field: string): DatasetEntry {
  const raw = object(value, field);
  const hash = string(raw.hash, `${field}.hash`);
  if (!/^sha256:[0-9a-f]{64}$/.test(hash)) fail(`${field}.hash`, { code: 'hash', params: none });
  const entry: DatasetEntry = {
    id: string(raw.id, `${field}.id`),
    table: string(raw.table, `${field}.table`),
    fileName: string(raw.fileName, `${field}.fileName`),
    format: string(raw.format, `${field}.format`),
    size: count(raw.size, `${field}.size`),
    hash,
    columns: array(raw.columns, `${field}.columns`, column, LIMITS.columns),
    rowCount: count(raw.rowCount, `${field}.rowCount`),
    fixes: array(raw.fixes, `${field}.fixes`, fix),
  };
  if (!entry.table.trim()) fail(`${field}.table`, { code: 'empty', params: none });
  if (raw.sheet !== undefined) entry.sheet = string(raw.sheet, `${field}.sheet`);
  if (raw.headerRow !== undefined) entry.headerRow = sheetRow(raw.headerRow, `${field}.headerRow`);
  if (raw.sampleId !== undefined) entry.sampleId = string(raw.sampleId, `${field}.sampleId`);
  if (raw.subset !== undefined) {
    const part = subset(raw.subset, `${field}.subset`);
    // A part that names nothing to cut is the whole file.
    if (part.columns !== undefined || part.samplePercent !== undefined) entry.subset = part;
  }
  return entry;
}

/** Which part of a file was loaded: named columns (as many as a table may have) and a sample share. */
function subset(value: Json, field: string): LoadSubset {
  const raw = object(value, field);
  const part: LoadSubset = {};
  if (raw.columns !== undefined) {
    part.columns = array(raw.columns, `${field}.columns`, (name, at) => string(name, at, LIMITS.columnName), LIMITS.columns);
    if (part.columns.length === 0) fail(`${field}.columns`, { code: 'empty', params: none });
    // DuckDB's names ignore case: "a" and "A" are one column.
    const seen = new Set<string>();
    for (const name of part.columns) {
      if (seen.has(name.toLowerCase())) fail(`${field}.columns`, { code: 'duplicateId', params: { id: name } });
      seen.add(name.toLowerCase());
    }
  }
  if (raw.samplePercent !== undefined) {
    const percent = raw.samplePercent;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < MIN_SAMPLE_PERCENT || percent > MAX_SAMPLE_PERCENT) {
      fail(`${field}.samplePercent`, { code: 'range', params: { min: MIN_SAMPLE_PERCENT, max: MAX_SAMPLE_PERCENT } });
    }
    part.samplePercent = percent;
  }
  return part;
}

function query(value: Json, field: string): QueryItem {
  const raw = object(value, field);
  return { id: string(raw.id, `${field}.id`), name: string(raw.name, `${field}.name`), sql: string(raw.sql, `${field}.sql`, LIMITS.text) };
}

function note(value: Json, field: string): NoteItem {
  const raw = object(value, field);
  return { id: string(raw.id, `${field}.id`), title: string(raw.title, `${field}.title`), markdown: string(raw.markdown, `${field}.markdown`, LIMITS.text) };
}

function chartSource(value: Json, field: string): ChartSource {
  const raw = object(value, field);
  const kind = oneOf(raw.kind, `${field}.kind`, ['table', 'query'] as const);
  return kind === 'table' ? { kind, table: string(raw.table, `${field}.table`) } : { kind, queryId: string(raw.queryId, `${field}.queryId`) };
}

function fieldDef(value: Json, field: string): FieldDef {
  const raw = object(value, field);
  const def: FieldDef = {};
  if (raw.field !== undefined) def.field = string(raw.field, `${field}.field`);
  if (raw.aggregate !== undefined) def.aggregate = oneOf(raw.aggregate, `${field}.aggregate`, AGGREGATES);
  if (raw.bin !== undefined) {
    const maxbins = count(object(raw.bin, `${field}.bin`).maxbins, `${field}.bin.maxbins`);
    if (maxbins < 1 || maxbins > 1000) fail(`${field}.bin.maxbins`, { code: 'range', params: { min: 1, max: 1000 } });
    def.bin = { maxbins };
  }
  if (raw.timeUnit !== undefined) def.timeUnit = oneOf(raw.timeUnit, `${field}.timeUnit`, TIME_UNITS);
  if (raw.sort !== undefined) def.sort = oneOf(raw.sort, `${field}.sort`, ['ascending', 'descending'] as const);
  if (raw.scale !== undefined) def.scale = oneOf(raw.scale, `${field}.scale`, ['linear', 'log'] as const);
  if (raw.zero !== undefined) {
    if (raw.zero !== false) fail(`${field}.zero`, { code: 'oneOf', params: { allowed: ['false'] } });
    def.zero = false;
  }
  if (raw.format !== undefined) def.format = oneOf(raw.format, `${field}.format`, NUMBER_FORMATS);
  if (raw.title !== undefined) def.title = string(raw.title, `${field}.title`);
  return def;
}

function chartDesign(value: Json, field: string): ChartDesign {
  const raw = object(value, field);
  const encodingRaw = object(raw.encoding, `${field}.encoding`);
  const encoding: ChartDesign['encoding'] = {};
  for (const channel of Object.keys(encodingRaw)) {
    const name = oneOf(channel, `${field}.encoding`, CHANNELS);
    encoding[name] = fieldDef(encodingRaw[channel], `${field}.encoding.${name}`);
  }
  const design: ChartDesign = { mark: oneOf(raw.mark, `${field}.mark`, MARKS), encoding };
  if (raw.title !== undefined) design.title = string(raw.title, `${field}.title`);
  if (raw.stack !== undefined) design.stack = oneOf(raw.stack, `${field}.stack`, STACKS);
  if (raw.limit !== undefined) design.limit = count(raw.limit, `${field}.limit`);
  return design;
}

function chart(value: Json, field: string): ChartItem {
  const raw = object(value, field);
  const item: ChartItem = { id: string(raw.id, `${field}.id`), name: string(raw.name, `${field}.name`), source: chartSource(raw.source, `${field}.source`), design: chartDesign(raw.design, `${field}.design`) };
  if (raw.vegaLite !== undefined) {
    const spec = object(raw.vegaLite, `${field}.vegaLite`);
    checkDepth(spec, `${field}.vegaLite`, 0);
    // A plain-JSON copy: no prototype, no shared references.
    item.vegaLite = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  }
  return item;
}

function checkDepth(value: Json, field: string, depth: number): void {
  if (depth > LIMITS.depth) fail(field, { code: 'tooDeep', params: { max: LIMITS.depth } });
  if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) checkDepth(child, field, depth + 1);
}

function ref(value: Json, field: string): ItemRef {
  const raw = object(value, field);
  return { kind: oneOf(raw.kind, `${field}.kind`, ['query', 'note', 'chart', 'dashboard'] as const), id: string(raw.id, `${field}.id`) };
}

function gridNumber(value: Json, field: string, min: number, max: number): number {
  const n = count(value, field);
  if (n < min || n > max) fail(field, { code: 'range', params: { min, max } });
  return n;
}

function tile(value: Json, field: string): Tile {
  const raw = object(value, field);
  const w = gridNumber(raw.w, `${field}.w`, 1, GRID_COLUMNS);
  const box = { x: gridNumber(raw.x, `${field}.x`, 0, GRID_COLUMNS - w), y: gridNumber(raw.y, `${field}.y`, 0, 10_000), w, h: gridNumber(raw.h, `${field}.h`, 1, MAX_TILE_ROWS) };
  const id = string(raw.id, `${field}.id`);
  const kind = oneOf(raw.kind, `${field}.kind`, ['chart', 'table', 'kpi', 'text', 'filter'] as const);
  const optional = <T>(key: string, read: (entry: Json, at: string) => T): { [k: string]: T } => (raw[key] === undefined ? {} : { [key]: read(raw[key], `${field}.${key}`) });
  switch (kind) {
    case 'chart':
      return { id, kind, ...box, chartId: string(raw.chartId, `${field}.chartId`) };
    case 'table':
      return { id, kind, ...box, table: string(raw.table, `${field}.table`) };
    case 'text':
      return { id, kind, ...box, markdown: string(raw.markdown, `${field}.markdown`, LIMITS.text) };
    case 'kpi':
      return {
        id,
        kind,
        ...box,
        table: string(raw.table, `${field}.table`),
        aggregate: oneOf(raw.aggregate, `${field}.aggregate`, AGGREGATES),
        ...optional('field', string),
        ...optional('title', string),
        ...optional('format', (entry, at) => oneOf(entry, at, NUMBER_FORMATS)),
      };
    case 'filter':
      return {
        id,
        kind,
        ...box,
        table: string(raw.table, `${field}.table`),
        field: string(raw.field, `${field}.field`, LIMITS.columnName),
        control: oneOf(raw.control, `${field}.control`, ['list', 'range', 'dateRange'] as const),
        ...optional('title', string),
      };
  }
}

/** A selection's values: plain numbers, text, booleans or null — nothing else reaches the SQL builder. */
function pointValue(value: Json, field: string): PointValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    if (typeof value === 'string' && value.length > LIMITS.name * 10) fail(field, { code: 'tooLong', params: { max: LIMITS.name * 10 } });
    return value;
  }
  fail(field, { code: 'oneOf', params: { allowed: ['number', 'text', 'true', 'false', 'null'] } });
}

function bound(value: Json, field: string): number | string {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return string(value, field, 40);
}

function clause(value: Json, field: string): FilterClause {
  const raw = object(value, field);
  const kind = oneOf(raw.kind, `${field}.kind`, ['points', 'interval'] as const);
  const table = string(raw.table, `${field}.table`);
  const column = string(raw.field, `${field}.field`, LIMITS.columnName);
  if (kind === 'points') return { kind, table, field: column, values: array(raw.values, `${field}.values`, pointValue, MAX_SELECTED_VALUES) };
  const interval: FilterClause = { kind, table, field: column, lo: bound(raw.lo, `${field}.lo`), hi: bound(raw.hi, `${field}.hi`) };
  if (raw.includeHi !== undefined) {
    if (typeof raw.includeHi !== 'boolean') fail(`${field}.includeHi`, { code: 'oneOf', params: { allowed: ['true', 'false'] } });
    interval.includeHi = raw.includeHi;
  }
  if (raw.bin !== undefined) {
    const step = object(raw.bin, `${field}.bin`).step;
    if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) fail(`${field}.bin.step`, { code: 'range', params: { min: 0, max: Number.MAX_VALUE } });
    interval.bin = { step };
  }
  if (raw.timeUnit !== undefined) interval.timeUnit = oneOf(raw.timeUnit, `${field}.timeUnit`, TIME_UNITS);
  return interval;
}

function tableColumn(value: Json, field: string): { table: string; column: string } {
  const raw = object(value, field);
  return { table: string(raw.table, `${field}.table`), column: string(raw.column, `${field}.column`, LIMITS.columnName) };
}

function dashboard(value: Json, field: string): DashboardItem {
  const raw = object(value, field);
  const tiles = array(raw.tiles, `${field}.tiles`, tile, MAX_TILES);
  unique(tiles.map((entry) => entry.id), `${field}.tiles`);
  const filtersRaw = object(raw.filters, `${field}.filters`);
  const filters: Record<string, FilterClause> = {};
  for (const id of Object.keys(filtersRaw)) {
    // Only tiles of this dashboard hold selections; a key like "__proto__" is no tile.
    if (!tiles.some((entry) => entry.id === id)) fail(`${field}.filters`, { code: 'unknownItem', params: { item: id } });
    filters[id] = clause(filtersRaw[id], `${field}.filters.${id}`);
  }
  return {
    id: string(raw.id, `${field}.id`),
    name: string(raw.name, `${field}.name`),
    tiles,
    links: array(raw.links, `${field}.links`, (entry, at) => {
      const link = object(entry, at);
      return { a: tableColumn(link.a, `${at}.a`), b: tableColumn(link.b, `${at}.b`) };
    }, 100),
    filters,
  };
}

function unique(ids: string[], field: string, code: 'duplicateId' | 'duplicateTable' = 'duplicateId'): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(field, { code, params: { id } });
    seen.add(id);
  }
}

function origin(value: Json, field: string): WorkspaceOrigin {
  const raw = object(value, field);
  return { kind: oneOf(raw.kind, `${field}.kind`, ['link', 'file'] as const), allowed: array(raw.allowed, `${field}.allowed`, (entry, at) => string(entry, at, LIMITS.text)) };
}

/**
 * Validates a workspace document. With `onBadDataset` (reading this
 * browser's own saved workspaces), a dataset entry that fails is left out and
 * reported instead of the whole workspace failing: one dataset must never
 * cost the rest.
 */
export function readWorkspace(value: Json, options: { onBadDataset?: (problem: WorkspaceFormatError) => void } = {}): Workspace {
  const raw = object(value, 'workspace');
  if (raw.format !== WORKSPACE_FORMAT) {
    fail(
      'format',
      typeof raw.format === 'number' && raw.format > WORKSPACE_FORMAT
        ? { code: 'newerFormat', params: { format: raw.format, expected: WORKSPACE_FORMAT } }
        : { code: 'format', params: { expected: WORKSPACE_FORMAT } },
    );
  }
  const workspace: Workspace = {
    format: WORKSPACE_FORMAT,
    id: string(raw.id, 'id'),
    title: string(raw.title, 'title'),
    createdAt: string(raw.createdAt, 'createdAt'),
    datasets: array(raw.datasets, 'datasets', (entry, at) => {
      if (!options.onBadDataset) return dataset(entry, at);
      try {
        return dataset(entry, at);
      } catch (error) {
        if (!(error instanceof WorkspaceFormatError)) throw error;
        options.onBadDataset(error);
        return undefined;
      }
    }).filter((entry): entry is DatasetEntry => entry !== undefined),
    queries: array(raw.queries, 'queries', query),
    notes: array(raw.notes, 'notes', note),
    charts: array(raw.charts, 'charts', chart),
    order: array(raw.order, 'order', ref),
    activeQueryId: string(raw.activeQueryId, 'activeQueryId'),
    ...(raw.origin === undefined ? {} : { origin: origin(raw.origin, 'origin') }),
  };
  // Documents saved before dashboards existed have none.
  if (raw.dashboards !== undefined) workspace.dashboards = array(raw.dashboards, 'dashboards', dashboard, 100);
  const dashboards = workspace.dashboards ?? [];
  unique(workspace.datasets.map((entry) => entry.id), 'datasets');
  unique(workspace.datasets.map((entry) => entry.table.toLowerCase()), 'datasets', 'duplicateTable');
  unique([...workspace.queries, ...workspace.notes, ...workspace.charts, ...dashboards].map((item) => item.id), 'items');
  if (workspace.queries.length === 0) fail('queries', { code: 'noQuery', params: none });
  if (!workspace.queries.some((item) => item.id === workspace.activeQueryId)) fail('activeQueryId', { code: 'activeQuery', params: none });
  const known = new Set([...workspace.queries.map((q) => `query:${q.id}`), ...workspace.notes.map((n) => `note:${n.id}`), ...workspace.charts.map((c) => `chart:${c.id}`), ...dashboards.map((d) => `dashboard:${d.id}`)]);
  const listed = workspace.order.map((item) => `${item.kind}:${item.id}`);
  unique(listed, 'order');
  for (const item of listed) if (!known.has(item)) fail('order', { code: 'unknownItem', params: { item } });
  if (listed.length !== known.size) fail('order', { code: 'missingItems', params: none });

  return workspace;
}
