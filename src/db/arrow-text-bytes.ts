import { DataType, makeVector, type Data, type Table } from 'apache-arrow';

/**
 * Bytes an Arrow chunk's values take as text: a text or binary value its own length (UTF-8
 * bytes), a dictionary-encoded one its dictionary entry's, a date 10 (YYYY-MM-DD), a timestamp
 * 19 (YYYY-MM-DD HH:MM:SS), any other value the length of its JavaScript text; NULL 0.
 */
function chunkTextBytes(data: Data): number {
  const { type, length } = data;
  const valid = (i: number) => data.nullCount === 0 || data.getValid(i);
  if (
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    DataType.isBinary(type) ||
    DataType.isLargeBinary(type)
  ) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    let bytes = 0;
    for (let i = 0; i < length; i++) {
      if (valid(i)) bytes += Number(offsets[i + 1]!) - Number(offsets[i]!);
    }
    return bytes;
  }
  if (DataType.isDictionary(type) && data.dictionary !== undefined) {
    const chunks = data.dictionary.data as readonly Data[];
    // Each entry's length once, then one lookup per row.
    const entries = chunks.flatMap((chunk) => entryBytes(chunk));
    const indices = data.values as ArrayLike<number | bigint>;
    let bytes = 0;
    for (let i = 0; i < length; i++) {
      if (valid(i)) bytes += entries[Number(indices[i]!)] ?? 0;
    }
    return bytes;
  }
  const fixed = DataType.isDate(type) ? 10 : DataType.isTimestamp(type) ? 19 : null;
  const vector = makeVector(data);
  let bytes = 0;
  for (let i = 0; i < length; i++) {
    if (valid(i)) bytes += fixed ?? String(vector.get(i)).length;
  }
  return bytes;
}

/** Each value's text bytes, in order (a dictionary's entries; NULL 0). */
function entryBytes(data: Data): number[] {
  const valid = (i: number) => data.nullCount === 0 || data.getValid(i);
  if (DataType.isUtf8(data.type) || DataType.isBinary(data.type)) {
    const offsets = data.valueOffsets as ArrayLike<number>;
    return Array.from({ length: data.length }, (_, i) =>
      valid(i) ? offsets[i + 1]! - offsets[i]! : 0,
    );
  }
  return Array.from({ length: data.length }, (_, i) => chunkTextBytes(data.slice(i, 1)));
}

/**
 * Bytes an Arrow table's values take once read as text (`chunkTextBytes` of every column's
 * every chunk): what DuckDB's all-text table of a Parquet file's rows would hold.
 */
export function arrowTextBytes(table: Table): number {
  let bytes = 0;
  for (const column of table.data.flatMap((batch) => batch.children))
    bytes += chunkTextBytes(column);
  return bytes;
}
