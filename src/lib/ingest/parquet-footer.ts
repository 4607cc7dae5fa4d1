/**
 * Just enough of the Parquet footer (a Thrift compact-protocol FileMetaData)
 * to see what parquet-wasm cannot tell us: whether the file is encrypted,
 * which top-level columns are INT96 timestamps, and to add a key-value
 * entry (the Arrow schema hint that makes those read as microseconds).
 */

const MAGIC = 'PAR1';
const ENCRYPTED_MAGIC = 'PARE';
const INT96 = 3;
/** FileMetaData field ids (parquet.thrift). */
const FIELD_SCHEMA = 2;
const FIELD_ROW_GROUPS = 4;
/** RowGroup.columns; ColumnChunk.meta_data; ColumnMetaData.encodings. */
const ROW_GROUP_COLUMNS = 1;
const CHUNK_META_DATA = 3;
const META_ENCODINGS = 2;
/** ColumnMetaData.dictionary_page_offset: some writers put 0 there (no dictionary), which would read the file's magic as a page. */
const META_DICTIONARY_OFFSET = 11;
/** ColumnMetaData from `statistics` on (statistics, encoding stats, bloom filter, size and geospatial statistics): optional, never needed to read the data. */
const META_FIRST_OPTIONAL_EXTRA = 12;
/** ColumnChunk offset_index_offset/length, column_index_offset/length: the optional page index. */
const CHUNK_PAGE_INDEX = [4, 5, 6, 7];
const FIELD_KEY_VALUES = 5;
const FIELD_ENCRYPTION = 8;
/** Compact-protocol type ids. */
const T = { true: 1, false: 2, byte: 3, i16: 4, i32: 5, i64: 6, double: 7, binary: 8, list: 9, set: 10, map: 11, struct: 12 } as const;

export interface ParquetFooter {
  /** The FileMetaData bytes and where they start in the file. */
  bytes: Uint8Array;
  start: number;
  encrypted: boolean;
  /** Positions (0-based, among top-level fields) of INT96 columns. */
  int96Columns: number[];
  /** The names of the top-level fields (the table's columns), in order. */
  topLevelNames: string[];
  keyValues: Array<[string, string]>;
  fields: ThriftField[];
}

interface ThriftField {
  id: number;
  type: number;
  /** The value's bytes, without the field header (position-independent in the compact protocol). */
  value: Uint8Array;
}

class ThriftReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('footer ends early');
    return this.bytes[this.pos++] as number;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      const byte = this.byte();
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError('bad varint');
  }

  zigzag(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  binary(): Uint8Array {
    const length = this.varint();
    if (this.pos + length > this.bytes.length) throw new RangeError('footer ends early');
    const value = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** Reads a struct's fields, calling `onField` at each value (which it must consume) until the stop byte. */
  struct(onField: (id: number, type: number) => void): void {
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      onField(id, header & 0x0f);
    }
  }

  /** The bytes of the next value of this type, consumed. */
  raw(type: number): Uint8Array {
    const from = this.pos;
    this.skip(type);
    return this.bytes.subarray(from, this.pos);
  }

  listHeader(): { size: number; type: number } {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    return { size, type: header & 0x0f };
  }

  skip(type: number): void {
    switch (type) {
      case T.true:
      case T.false:
        return;
      case T.byte:
        this.pos += 1;
        return;
      case T.i16:
      case T.i32:
      case T.i64:
        this.varint();
        return;
      case T.double:
        this.pos += 8;
        return;
      case T.binary:
        this.binary();
        return;
      case T.list:
      case T.set: {
        const { size, type: element } = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (element === T.true || element === T.false) this.pos += 1;
          else this.skip(element);
        }
        return;
      }
      case T.map: {
        const size = this.varint();
        if (size === 0) return;
        const types = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(types >> 4);
          this.skip(types & 0x0f);
        }
        return;
      }
      case T.struct:
        this.struct((_, fieldType) => this.skip(fieldType));
        return;
      default:
        throw new RangeError(`unknown thrift type ${type}`);
    }
  }
}

const decoder = new TextDecoder();

/** The root's direct children (the table's columns): their names, and which are INT96 leaves. */
function readTopLevelSchema(reader: ThriftReader): { names: string[]; int96: number[] } {
  const { size } = reader.listHeader();
  const names: string[] = [];
  const int96: number[] = [];
  // Children still to visit at each open group; the root is element 0.
  const open: number[] = [];
  for (let i = 0; i < size; i++) {
    const depth = open.length;
    let type = -1;
    let children = 0;
    let name = '';
    reader.struct((id, fieldType) => {
      if (id === 1 && fieldType === T.i32) type = reader.zigzag();
      else if (id === 4 && fieldType === T.binary) name = decoder.decode(reader.binary());
      else if (id === 5 && fieldType === T.i32) children = reader.zigzag();
      else reader.skip(fieldType);
    });
    if (depth === 1) {
      if (type === INT96 && children === 0) int96.push(names.length);
      names.push(name);
    }
    const last = open.length - 1;
    if (last >= 0) open[last] = (open[last] as number) - 1;
    if (children > 0) open.push(children);
    while (open.length > 0 && open[open.length - 1] === 0) open.pop();
  }
  return { names, int96 };
}

function readKeyValues(reader: ThriftReader): Array<[string, string]> {
  const { size } = reader.listHeader();
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < size; i++) {
    let key = '';
    let value = '';
    reader.struct((id, fieldType) => {
      if (id === 1 && fieldType === T.binary) key = decoder.decode(reader.binary());
      else if (id === 2 && fieldType === T.binary) value = decoder.decode(reader.binary());
      else reader.skip(fieldType);
    });
    pairs.push([key, value]);
  }
  return pairs;
}

/** Reads the footer of a Parquet file; throws a RangeError when it is not one. */
export async function readParquetFooter(file: Blob): Promise<ParquetFooter> {
  if (file.size < 12) throw new RangeError('too short for Parquet');
  const tail = new Uint8Array(await file.slice(file.size - 8).arrayBuffer());
  const magic = decoder.decode(tail.subarray(4));
  const length = new DataView(tail.buffer).getUint32(0, true);
  const start = file.size - 8 - length;
  if (magic === ENCRYPTED_MAGIC) return { bytes: new Uint8Array(), start, encrypted: true, int96Columns: [], topLevelNames: [], keyValues: [], fields: [] };
  if (magic !== MAGIC || start < 4) throw new RangeError('no Parquet footer');
  const bytes = new Uint8Array(await file.slice(start, start + length).arrayBuffer());
  const reader = new ThriftReader(bytes);
  const footer: ParquetFooter = { bytes, start, encrypted: false, int96Columns: [], topLevelNames: [], keyValues: [], fields: [] };
  reader.struct((id, type) => {
    const from = reader.pos;
    if (id === FIELD_SCHEMA && type === T.list) {
      const schema = readTopLevelSchema(reader);
      footer.int96Columns = schema.int96;
      footer.topLevelNames = schema.names;
    }
    else if (id === FIELD_KEY_VALUES && type === T.list) footer.keyValues = readKeyValues(reader);
    else reader.skip(type);
    if (id === FIELD_ENCRYPTION) footer.encrypted = true;
    footer.fields.push({ id, type, value: bytes.subarray(from, reader.pos) });
  });
  return footer;
}

class ThriftWriter {
  readonly chunks: number[] = [];
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.chunks.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.chunks.push(rest);
  }
  bytes(value: Uint8Array): void {
    for (const byte of value) this.chunks.push(byte);
  }
  /** Field headers in long form, so fields may come in any order. */
  fieldHeader(id: number, type: number): void {
    this.chunks.push(type);
    this.varint(id * 2);
  }
  binary(value: Uint8Array): void {
    this.varint(value.length);
    this.bytes(value);
  }
  listHeader(size: number, type: number): void {
    if (size < 15) this.chunks.push((size << 4) | type);
    else {
      this.chunks.push(0xf0 | type);
      this.varint(size);
    }
  }
}

/**
 * Copies a struct field by field; `rewrite` may write a field itself
 * (header included) or drop it, by returning true; others are copied as they are.
 */
function copyStruct(reader: ThriftReader, writer: ThriftWriter, rewrite: (id: number, type: number) => boolean): void {
  reader.struct((id, type) => {
    if (rewrite(id, type)) return;
    writer.fieldHeader(id, type);
    writer.bytes(reader.raw(type));
  });
  writer.chunks.push(0);
}

/** Copies a list of structs, each through `copyOne`. */
function copyStructList(reader: ThriftReader, writer: ThriftWriter, copyOne: () => void): void {
  const { size, type } = reader.listHeader();
  if (type !== T.struct) throw new RangeError('expected a list of structs');
  writer.listHeader(size, T.struct);
  for (let i = 0; i < size; i++) copyOne();
}

/** Encodings are i32 enums; some writers declare the list as i16, whose zigzag varints read the same as i32. */
function copyEncodings(reader: ThriftReader, writer: ThriftWriter): void {
  const { size, type } = reader.listHeader();
  writer.listHeader(size, type === T.i16 ? T.i32 : type);
  for (let i = 0; i < size; i++) writer.bytes(reader.raw(type));
}

/** Drops an offset that points into the file's leading magic (no page can start there); copies it otherwise. */
function dropIfBeforeData(reader: ThriftReader, writer: ThriftWriter, id: number, type: number): boolean {
  const raw = reader.raw(type);
  if (new ThriftReader(raw).zigzag() >= 4) {
    writer.fieldHeader(id, type);
    writer.bytes(raw);
  }
  return true;
}

function copyColumnChunk(reader: ThriftReader, writer: ThriftWriter): void {
  copyStruct(reader, writer, (id, type) => {
    if (CHUNK_PAGE_INDEX.includes(id)) {
      reader.skip(type);
      return true;
    }
    if (id !== CHUNK_META_DATA || type !== T.struct) return false;
    writer.fieldHeader(id, type);
    copyStruct(reader, writer, (metaId, metaType) => {
      if (metaId >= META_FIRST_OPTIONAL_EXTRA) {
        reader.skip(metaType);
        return true;
      }
      if (metaId === META_DICTIONARY_OFFSET && metaType === T.i64) return dropIfBeforeData(reader, writer, metaId, metaType);
      if (metaId !== META_ENCODINGS || metaType !== T.list) return false;
      writer.fieldHeader(metaId, metaType);
      copyEncodings(reader, writer);
      return true;
    });
    return true;
  });
}

/**
 * The footer without what arrow-rs is stricter about than other readers,
 * none of which the data needs: references to the optional page index
 * (some writers' indexes do not parse), column statistics and later
 * optional column metadata (some writers used those field ids for other
 * things), a dictionary page offset of 0, and encodings lists declared
 * with the wrong integer width.
 */
function lenientFooter(footer: ParquetFooter): Uint8Array {
  const writer = new ThriftWriter();
  for (const field of footer.fields) {
    writer.fieldHeader(field.id, field.type);
    if (field.id !== FIELD_ROW_GROUPS || field.type !== T.list) {
      writer.bytes(field.value);
      continue;
    }
    const reader = new ThriftReader(field.value);
    copyStructList(reader, writer, () =>
      copyStruct(reader, writer, (id, type) => {
        if (id !== ROW_GROUP_COLUMNS || type !== T.list) return false;
        writer.fieldHeader(id, type);
        copyStructList(reader, writer, () => copyColumnChunk(reader, writer));
        return true;
      }),
    );
  }
  writer.chunks.push(0);
  return Uint8Array.from(writer.chunks);
}

/** The footer with its key-value metadata replaced by `keyValues`, everything else byte for byte. */
function footerWithKeyValues(footer: ParquetFooter, keyValues: Array<[string, string]>): Uint8Array {
  const writer = new ThriftWriter();
  const encoder = new TextEncoder();
  for (const field of footer.fields.filter((f) => f.id !== FIELD_KEY_VALUES)) {
    writer.fieldHeader(field.id, field.type);
    writer.bytes(field.value);
  }
  writer.fieldHeader(FIELD_KEY_VALUES, T.list);
  writer.listHeader(keyValues.length, T.struct);
  for (const [key, value] of keyValues) {
    writer.fieldHeader(1, T.binary);
    writer.binary(encoder.encode(key));
    writer.fieldHeader(2, T.binary);
    writer.binary(encoder.encode(value));
    writer.chunks.push(0);
  }
  writer.chunks.push(0);
  return Uint8Array.from(writer.chunks);
}

/** The file with its footer replaced: the data pages are not copied (a Blob of slices). */
function withFooter(file: Blob, footer: ParquetFooter, bytes: Uint8Array): Blob {
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, bytes.length, true);
  trailer.set(new TextEncoder().encode(MAGIC), 4);
  return new Blob([file.slice(0, footer.start), bytes as BlobPart, trailer]);
}

/** The same file with one key-value entry set in its footer. */
export function withFooterEntry(file: Blob, footer: ParquetFooter, key: string, value: string): Blob {
  const keyValues = footer.keyValues.filter(([existing]) => existing !== key).concat([[key, value]]);
  return withFooter(file, { ...footer, keyValues }, footerWithKeyValues(footer, keyValues));
}

/** The same file with a lenient footer (see lenientFooter), or undefined when its footer cannot be rewritten. */
export function withLenientFooter(file: Blob, footer: ParquetFooter): Blob | undefined {
  try {
    return withFooter(file, footer, lenientFooter(footer));
  } catch {
    return undefined;
  }
}
