import { DataType, makeVector, type Data, type Table } from 'apache-arrow';
import type { Row } from './client';

/** Text, integers of up to 32 bits, floats, booleans and nulls: what both engines return alike. */
function isPlain(type: DataType): boolean {
  return (
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    DataType.isBool(type) ||
    DataType.isFloat(type) ||
    DataType.isNull(type) ||
    (DataType.isInt(type) && type.bitWidth <= 32)
  );
}

const decoder = new TextDecoder();

/** UTF-8 bytes as a string; short ASCII (cohort labels, group names) without a decoder call. */
function decodeText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 32) return decoder.decode(bytes.subarray(start, end));
  for (let i = start; i < end; i++) {
    if (bytes[i]! > 0x7f) return decoder.decode(bytes.subarray(start, end));
  }
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Whether `bytes[start, end)` are all ASCII. */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

type Value = Row[string];

/** One chunk's values, in order, into `out` from `row`. */
function readChunk(data: Data, out: Value[], row: number): void {
  const { type, length } = data;
  const valid = (i: number) => data.nullCount === 0 || data.getValid(i);
  if (DataType.isUtf8(type)) {
    const { valueOffsets, values } = data as unknown as {
      valueOffsets: Int32Array;
      values: Uint8Array;
    };
    const first = valueOffsets[0] ?? 0;
    const last = valueOffsets[length] ?? first;
    if (isAscii(values, first, last)) {
      // The chunk's text decoded once; each value a slice of it (byte offsets are character
      // offsets in ASCII): no decoder call nor byte view per value.
      const text = decoder.decode(values.subarray(first, last));
      for (let i = 0; i < length; i++) {
        out[row + i] = valid(i)
          ? text.slice(valueOffsets[i]! - first, valueOffsets[i + 1]! - first)
          : null;
      }
    } else {
      for (let i = 0; i < length; i++) {
        out[row + i] = valid(i) ? decodeText(values, valueOffsets[i]!, valueOffsets[i + 1]!) : null;
      }
    }
  } else if (DataType.isInt(type) || DataType.isFloat(type)) {
    const { values } = data as unknown as { values: ArrayLike<number> };
    for (let i = 0; i < length; i++) out[row + i] = valid(i) ? values[i]! : null;
  } else {
    // Booleans (bit-packed), nulls and large text: rare in results, read through Arrow's accessor.
    const vector = makeVector(data);
    for (let i = 0; i < length; i++) out[row + i] = (vector.get(i) as Value | undefined) ?? null;
  }
}

/**
 * An Arrow result as plain rows, a column at a time. Arrow's row proxies (`toArray()` then
 * `toJSON()`) and one TextDecoder call per text value took most of the page's main-thread time
 * when a view's results arrived (time-to-event results run to tens of thousands of rows).
 * Refuses columns the two engines would return differently, naming the column to cast.
 */
export function tableToRows<T extends Row>(table: Table): T[] {
  const names: string[] = [];
  const columns: Value[][] = [];
  for (const [index, field] of table.schema.fields.entries()) {
    if (!isPlain(field.type as DataType)) {
      throw new Error(
        `Column "${field.name}" returned ${String(field.type)}; ` +
          'cast it to INTEGER, DOUBLE or VARCHAR in the final SELECT',
      );
    }
    const values = new Array<Value>(table.numRows);
    let row = 0;
    const chunks = (table.getChildAt(index)?.data ?? []) as readonly Data[];
    for (const data of chunks) {
      readChunk(data, values, row);
      row += data.length;
    }
    names.push(field.name);
    columns.push(values);
  }
  const rows = new Array<T>(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r] as Value;
    rows[r] = row as T;
  }
  return rows;
}
