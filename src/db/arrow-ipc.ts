import {
  Bool,
  type Field,
  DataType,
  DateDay,
  Float64,
  Int32,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import type { DbClient } from './client';
import { ident, join, raw, sql, type Sql } from './sql';

/** A table column as DuckDB names its type (`duckdb_columns().data_type`). */
export interface ColumnType {
  name: string;
  /** VARCHAR, INTEGER, DOUBLE, BOOLEAN, DATE, or ENUM(...) (written as text). */
  type: string;
}

/** A column as it is read into Arrow: a DATE as its days since 1970-01-01 (Arrow's DateDay), an ENUM as text. */
function selectColumn(column: ColumnType): Sql {
  const name = ident(column.name);
  if (column.type === 'DATE') return sql`(${name} - DATE '1970-01-01')::INTEGER AS ${name}`;
  if (column.type.startsWith('ENUM(')) return sql`${name}::VARCHAR AS ${name}`;
  if (['VARCHAR', 'INTEGER', 'DOUBLE', 'BOOLEAN'].includes(column.type)) return name;
  throw new Error(`Column "${column.name}" has type ${column.type}, which is not written as Arrow`);
}

function arrowType(column: ColumnType): DataType {
  if (column.type === 'INTEGER' || column.type === 'DATE') return new Int32();
  if (column.type === 'DOUBLE') return new Float64();
  if (column.type === 'BOOLEAN') return new Bool();
  return new Utf8();
}

/** A DateDay vector over an Int32 vector's days (same buffers, same nulls). */
function asDateDay(days: Vector): Vector {
  const data = days.data[0]!;
  return makeVector(
    makeData({
      type: new DateDay(),
      length: data.length,
      nullCount: data.nullCount,
      nullBitmap: data.nullBitmap,
      data: data.values as Int32Array,
    }),
  );
}

/**
 * `table`'s rows (and their count), in the engine's scan order, as one Arrow IPC stream (schema, one record batch,
 * end): VARCHAR and ENUM → Utf8, INTEGER → Int32, DOUBLE → Float64, BOOLEAN → Bool, DATE →
 * DateDay (days since 1970-01-01). Any other type throws. The same rows give the same bytes
 * on either engine. Read through `query`, so meant for small tables (the bundled sample).
 */
export async function tableToArrowIpc(
  db: DbClient,
  table: string,
  columns: readonly ColumnType[],
): Promise<{ ipc: Uint8Array; rows: number }> {
  const rows = await db.query(
    sql`SELECT ${join(columns.map(selectColumn), ', ')} FROM ${ident(table)}`,
  );
  const vectors: Record<string, Vector> = {};
  for (const column of columns) {
    const values = rows.map((row) => row[column.name] ?? null);
    const vector = vectorFromArray(values, arrowType(column));
    vectors[column.name] = column.type === 'DATE' ? asDateDay(vector) : vector;
  }
  return { ipc: tableToIPC(new Table(vectors), 'stream'), rows: rows.length };
}

/** An Arrow IPC stream's rows as plain values per column (DateDay as days), for the Node engine. */
export function arrowColumns(ipc: Uint8Array): { type: DataType; values: unknown[] }[] {
  const table = tableFromIPC(ipc);
  return table.schema.fields.map((field: Field, i) => {
    const vector = table.getChildAt(i)!;
    const values: unknown[] = [];
    for (const data of vector.data) {
      const chunk = makeVector(data);
      for (let k = 0; k < data.length; k++) {
        if (data.nullCount > 0 && !data.getValid(k)) values.push(null);
        else if (DataType.isDate(field.type)) values.push((data.values as Int32Array)[k]);
        else values.push(chunk.get(k) as unknown);
      }
    }
    return { type: field.type as DataType, values };
  });
}

const WRITTEN_TYPE = /^(VARCHAR|INTEGER|DOUBLE|BOOLEAN|DATE|ENUM\('[^']*'(, '[^']*')*\))$/;

/**
 * A column's definition in CREATE TABLE: its name, its type (one of those `tableToArrowIpc`
 * writes; any other text throws, so a type read from a file never becomes other SQL) and
 * NOT NULL unless `nullable`.
 */
export function columnDdl(column: ColumnType, nullable: boolean): Sql {
  if (!WRITTEN_TYPE.test(column.type))
    throw new Error(
      `Column "${column.name}" has type ${column.type}, which is not written as Arrow`,
    );
  return sql`${ident(column.name)} ${raw(column.type)}${raw(nullable ? '' : ' NOT NULL')}`;
}
