import {
  Field,
  Float32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimestampMicrosecond,
  Type,
  util,
  type Data,
  type DataType,
} from 'apache-arrow';

/**
 * Fixes to what parquet-wasm decodes, before DuckDB sees it. Float16
 * columns: DuckDB's Arrow import has no half float ("Unsupported Internal
 * Arrow Type e"), so they become Float32, which holds every half-float value.
 */

function isFloat16(type: DataType): boolean {
  return type.typeId === Type.Float16 || (type.typeId === Type.Float && (type as { precision?: number }).precision === 0);
}

/** The schema of an IPC stream, or undefined when apache-arrow cannot read it (types it lacks, such as LargeList): DuckDB may still take the data. */
function schemaOf(ipc: Uint8Array): Schema | undefined {
  try {
    return tableFromIPC(ipc).schema;
  } catch {
    return undefined;
  }
}

/** Whether any top-level column of this Arrow schema (an IPC stream) is a half float. */
export function hasFloat16Columns(schemaIPC: Uint8Array): boolean {
  return schemaOf(schemaIPC)?.fields.some((field) => isFloat16(field.type)) ?? false;
}

function float16DataToFloat32(data: Data): Data<Float32> {
  const halves = data.values as Uint16Array;
  const floats = Float32Array.from(halves, (half) => util.uint16ToFloat64(half));
  return makeData({ type: new Float32(), offset: data.offset, length: data.length, nullCount: data.nullCount, nullBitmap: data.nullBitmap, data: floats });
}

/** The same row group with its top-level half-float columns as Float32 (as is when it has none). */
export function float16ColumnsToFloat32(ipc: Uint8Array): Uint8Array {
  const table = tableFromIPC(ipc);
  if (!table.schema.fields.some((field) => isFloat16(field.type))) return ipc;
  const fields = table.schema.fields.map((field) => (isFloat16(field.type) ? new Field(field.name, new Float32(), field.nullable, field.metadata) : field));
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map((batch) => {
    const children = batch.data.children.map((child) => (isFloat16(child.type) ? float16DataToFloat32(child) : child));
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }));
  });
  return tableToIPC(new Table(schema, batches), 'stream');
}

/**
 * The Arrow schema hint ("ARROW:schema", base64 of an IPC schema message)
 * that makes arrow-rs read these top-level INT96 columns as microseconds:
 * read as nanoseconds (its default), dates past 2262 wrap around (Spark
 * writes 9999-12-31 as a "no end" date). Every other field is left as
 * parquet-wasm itself derived it, so the hint agrees with the file.
 */
export function int96MicrosecondHint(schemaIPC: Uint8Array, int96Columns: number[]): string | undefined {
  const source = schemaOf(schemaIPC);
  if (!source) return undefined;
  const fields = source.fields.map((field, index) => {
    if (!int96Columns.includes(index) || field.type.typeId !== Type.Timestamp) return field;
    const timezone = (field.type as { timezone?: string | null }).timezone ?? null;
    return new Field(field.name, new TimestampMicrosecond(timezone), field.nullable, field.metadata);
  });
  if (fields.every((field, index) => field === source.fields[index])) return undefined;
  const stream = tableToIPC(new Table(new Schema(fields, source.metadata)), 'stream');
  // The stream begins with the schema message: continuation marker, length, flatbuffer.
  const length = new DataView(stream.buffer, stream.byteOffset).getInt32(4, true);
  return base64Of(stream.subarray(0, 8 + length));
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
