import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int64,
  List,
  makeData,
  Map_,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';
import { keysOf } from './json-exact';
import { epochDay, epochMicroseconds } from './json-temporal';
import { isObject, type ColumnType, type StructField } from './json-schema';

/**
 * Parsed JSON values → Arrow, column by column, from typed arrays and
 * validity bitmaps (apache-arrow's Builders compile code with `new
 * Function`, which the Content Security Policy forbids; see arrow-columns.ts).
 */

/** A table whose columns are `fields`, taken from the row objects `rows` (null or a non-object is a row of NULLs). */
export function recordsToArrow(fields: StructField[], rows: unknown[]): Table {
  const children = fields.map((field) => buildData(field.type, rows.map((row) => (isObject(row) ? row[field.key] : null))));
  return tableOf(fields.map((field, i) => new Field(field.name, (children[i] as Data).type, true)), children, rows.length);
}

/** A table of one column `name` holding each value. */
export function valuesToArrow(name: string, type: ColumnType, values: unknown[]): Table {
  const data = buildData(type, values);
  return tableOf([new Field(name, data.type, true)], [data], values.length);
}

function tableOf(fields: Field[], children: Data[], length: number): Table {
  // Not `new Table({…})`: an object puts keys that look like integers first.
  return new Table(new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, nullCount: 0, children })));
}

function buildData(type: ColumnType, values: unknown[]): Data {
  switch (type.kind) {
    case 'boolean':
      return booleanData(values);
    case 'bigint':
      return bigintData(values);
    case 'double':
      return doubleData(values);
    case 'varchar':
      return utf8Data(values.map(scalarText));
    case 'date':
      return dateData(values);
    case 'timestamp':
      return timestampData(values);
    case 'json':
      return utf8Data(values.map(jsonText));
    case 'struct':
      return structData(type.fields, values);
    case 'list':
      return listData(type.element, values);
    case 'map':
      return mapData(type.value, values);
  }
}

const isNull = (value: unknown) => value === null || value === undefined;

function validityOf(values: unknown[], present: (value: unknown) => boolean = (value) => !isNull(value)): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (present(values[i])) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
    else nullCount += 1;
  }
  return { nullBitmap, nullCount };
}

function booleanData(values: unknown[]): Data<Bool> {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
  });
  return makeData({ type: new Bool(), length: values.length, ...validityOf(values), data });
}

function bigintData(values: unknown[]): Data<Int64> {
  const data = new BigInt64Array(values.length);
  values.forEach((value, i) => {
    if (typeof value === 'number') data[i] = BigInt(value);
    else if (typeof value === 'bigint') data[i] = value;
  });
  return makeData({ type: new Int64(), length: values.length, ...validityOf(values), data });
}

function doubleData(values: unknown[]): Data<Float64> {
  const data = new Float64Array(values.length);
  values.forEach((value, i) => {
    if (typeof value === 'number' || typeof value === 'bigint') data[i] = Number(value);
  });
  return makeData({ type: new Float64(), length: values.length, ...validityOf(values), data });
}

function dateData(values: unknown[]): Data<DateDay> {
  const data = new Int32Array(values.length);
  values.forEach((value, i) => {
    if (typeof value === 'string') data[i] = epochDay(value);
  });
  return makeData({ type: new DateDay(), length: values.length, ...validityOf(values), data });
}

function timestampData(values: unknown[]): Data<TimestampMicrosecond> {
  const data = new BigInt64Array(values.length);
  values.forEach((value, i) => {
    if (typeof value === 'string') data[i] = epochMicroseconds(value);
  });
  return makeData({ type: new TimestampMicrosecond(), length: values.length, ...validityOf(values), data });
}

/** A scalar in a text column: text as is, numbers and booleans as JSON writes them. */
function scalarText(value: unknown): string | null {
  if (isNull(value)) return null;
  return typeof value === 'string' ? value : String(value);
}

/** Any value as JSON text (a text keeps its quotes, so "1" and 1 stay apart). */
function jsonText(value: unknown): string | null {
  return isNull(value) ? null : writeJson(value);
}

/** JSON.stringify, but with keys in the file's order and whole numbers beyond 2^53 as written. */
function writeJson(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => (isNull(item) ? 'null' : writeJson(item))).join(',')}]`;
  if (isObject(value)) {
    const entries = keysOf(value).map((key) => `${JSON.stringify(key)}:${isNull(value[key]) ? 'null' : writeJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function utf8Data(texts: Array<string | null>): Data<Utf8> {
  const valueOffsets = new Int32Array(texts.length + 1);
  let capacity = 0;
  for (const text of texts) capacity += text === null ? 0 : utf8Length(text);
  const data = new Uint8Array(capacity);
  let end = 0;
  texts.forEach((text, i) => {
    if (text !== null) end = writeUtf8(text, data, end);
    valueOffsets[i + 1] = end;
  });
  return makeData({ type: new Utf8(), length: texts.length, ...validityOf(texts), valueOffsets, data });
}

/*
 * UTF-8 by hand: TextEncoder's per-call cost dominates for the short texts
 * of a JSON column (a third of a 50 MB load's Arrow time went to it).
 * A lone surrogate becomes U+FFFD, as TextEncoder writes it.
 */

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isPairAt(text, i)) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function isPairAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

function writeUtf8(text: string, out: Uint8Array, start: number): number {
  let at = start;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[at++] = code;
    } else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (isPairAt(text, i)) {
      code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      i += 1;
      out[at++] = 0xf0 | (code >> 18);
      out[at++] = 0x80 | ((code >> 12) & 0x3f);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    } else {
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      out[at++] = 0xe0 | (code >> 12);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    }
  }
  return at;
}

function structData(fields: StructField[], values: unknown[]): Data<Struct> {
  const children = fields.map((field) => buildData(field.type, values.map((value) => (isObject(value) ? value[field.key] : null))));
  const type = new Struct(fields.map((field, i) => new Field(field.name, (children[i] as Data).type, true)));
  return makeData({ type, length: values.length, ...validityOf(values, isObject), children });
}

function listData(element: ColumnType, values: unknown[]): Data<List> {
  const valueOffsets = new Int32Array(values.length + 1);
  const items: unknown[] = [];
  values.forEach((value, i) => {
    if (Array.isArray(value)) for (const item of value) items.push(item);
    valueOffsets[i + 1] = items.length;
  });
  const child = buildData(element, items);
  const type = new List(new Field('element', child.type as DataType, true));
  return makeData({ type, length: values.length, ...validityOf(values, Array.isArray), valueOffsets, child });
}

function mapData(valueType: ColumnType, values: unknown[]): Data<Map_> {
  const valueOffsets = new Int32Array(values.length + 1);
  const keys: string[] = [];
  const items: unknown[] = [];
  values.forEach((value, i) => {
    if (isObject(value)) {
      for (const key of keysOf(value)) {
        keys.push(key);
        items.push(value[key]);
      }
    }
    valueOffsets[i + 1] = keys.length;
  });
  const keyData = utf8Data(keys);
  const valueData = buildData(valueType, items);
  const entryFields = [new Field('key', keyData.type, false), new Field('value', valueData.type, true)];
  const entries = makeData({ type: new Struct(entryFields), length: keys.length, nullCount: 0, children: [keyData, valueData] });
  const type = new Map_(new Field('entries', entries.type, false));
  return makeData({ type, length: values.length, ...validityOf(values, isObject), valueOffsets, child: entries });
}
