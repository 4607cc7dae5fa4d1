import { Bool, DateDay, Float64, Int64, makeData, makeVector, TimestampMillisecond, Utf8, type DataType, type Vector } from 'apache-arrow';

/**
 * Arrow columns built straight from typed arrays and validity bitmaps.
 * apache-arrow's Builders (vectorFromArray, tableFromJSON…) compile their
 * null checks with `new Function`, which our Content Security Policy
 * forbids, so the app never uses them.
 */

const MS_PER_DAY = 86_400_000;

function validityOf<T>(values: Array<T | null>): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null) nullCount += 1;
    else bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return { bitmap, nullCount };
}

function fixedWidth<T extends DataType>(type: T, values: Array<unknown>, data: T['TArray']): Vector<T> {
  const { bitmap, nullCount } = validityOf(values);
  return makeVector(makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data } as never)) as Vector<T>;
}

export function float64Column(values: Array<number | null>): Vector<Float64> {
  return fixedWidth(new Float64(), values, Float64Array.from(values, (value) => value ?? 0));
}

export function int64Column(values: Array<number | null>): Vector<Int64> {
  return fixedWidth(new Int64(), values, BigInt64Array.from(values, (value) => BigInt(value ?? 0)));
}

export function boolColumn(values: Array<boolean | null>): Vector<Bool> {
  const packed = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value) packed[i >> 3] = (packed[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return fixedWidth(new Bool(), values, packed);
}

export function dateDayColumn(values: Array<Date | null>): Vector<DateDay> {
  return fixedWidth(new DateDay(), values, Int32Array.from(values, (value) => (value ? Math.floor(value.getTime() / MS_PER_DAY) : 0)));
}

export function timestampColumn(values: Array<Date | null>): Vector<TimestampMillisecond> {
  return fixedWidth(new TimestampMillisecond(), values, BigInt64Array.from(values, (value) => BigInt(value ? value.getTime() : 0)));
}

export function utf8Column(values: Array<string | null>): Vector<Utf8> {
  const encoder = new TextEncoder();
  const encoded = values.map((value) => (value === null ? new Uint8Array() : encoder.encode(value)));
  const offsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, i) => (offsets[i + 1] = (offsets[i] ?? 0) + bytes.length));
  const data = new Uint8Array(offsets[values.length] ?? 0);
  encoded.forEach((bytes, i) => data.set(bytes, offsets[i] ?? 0));
  const { bitmap, nullCount } = validityOf(values);
  return makeVector(
    makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data }),
  );
}
