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

/**
 * A column as it is read into Arrow: a DATE as its days since 1970-01-01 (Arrow's DateDay), an
 * ENUM as text, a TINYINT as an INTEGER (its column is declared TINYINT again, columnDdl).
 */
function selectColumn(column: ColumnType): Sql {
  const name = ident(column.name);
  if (column.type === 'DATE') return sql`(${name} - DATE '1970-01-01')::INTEGER AS ${name}`;
  if (column.type.startsWith('ENUM(')) return sql`${name}::VARCHAR AS ${name}`;
  if (column.type === 'TINYINT') return sql`${name}::INTEGER AS ${name}`;
  if (['VARCHAR', 'INTEGER', 'DOUBLE', 'BOOLEAN'].includes(column.type)) return name;
  throw new Error(`Column "${column.name}" has type ${column.type}, which is not written as Arrow`);
}

function arrowType(column: ColumnType): DataType {
  if (['INTEGER', 'TINYINT', 'DATE'].includes(column.type)) return new Int32();
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
 * `table`'s rows (and their count), in the engine's scan order (`sorted`: ordered by every
 * column, first to last, so that the bytes do not depend on how ties were left), as one Arrow
 * IPC stream (schema, one record batch, end): VARCHAR and ENUM → Utf8, INTEGER and TINYINT →
 * Int32, DOUBLE → Float64, BOOLEAN → Bool, DATE → DateDay (days since 1970-01-01). Any other
 * type throws. The same rows give the same bytes on either engine. Read through `query`, so
 * meant for small tables (the bundled sample).
 */
export async function tableToArrowIpc(
  db: DbClient,
  table: string,
  columns: readonly ColumnType[],
  sorted = false,
): Promise<{ ipc: Uint8Array; rows: number }> {
  const rows = await db.query(
    sql`SELECT ${join(columns.map(selectColumn), ', ')} FROM ${ident(table)}${raw(sorted ? ' ORDER BY ALL' : '')}`,
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

const WRITTEN_TYPE = /^(VARCHAR|INTEGER|TINYINT|DOUBLE|BOOLEAN|DATE|ENUM\('[^']*'(, '[^']*')*\))$/;

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

/** One table of a set written as Arrow: its columns, its rows, and its stream's length in bytes. */
export interface ArrowTable {
  columns: (ColumnType & { nullable: boolean })[];
  rows: number;
  /** Length of its Arrow IPC stream; the set's streams follow each other in order. */
  bytes: number;
}

/**
 * `tables` (names in the current database), each with its columns as DuckDB declares them and
 * its rows (tableToArrowIpc, `sorted` or in scan order), and their streams one after another.
 * Throws when a table is missing or has a column type tableToArrowIpc does not write.
 */
export async function tablesToArrow(
  db: DbClient,
  tables: readonly string[],
  sorted = false,
): Promise<{ tables: ArrowTable[]; arrows: Uint8Array }> {
  if (tables.length === 0) return { tables: [], arrows: new Uint8Array() };
  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: boolean;
  }>(sql`
    SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main'
      AND table_name IN (${join(
        tables.map((name) => sql`${name}`),
        ', ',
      )})
    ORDER BY table_name, column_index`);
  const written: ArrowTable[] = [];
  const streams: Uint8Array[] = [];
  for (const name of tables) {
    const own = columns
      .filter((c) => c.table_name === name)
      .map((c) => ({ name: c.column_name, type: c.data_type, nullable: c.is_nullable }));
    if (own.length === 0) throw new Error(`The database has no table ${name}`);
    const { ipc, rows } = await tableToArrowIpc(db, name, own, sorted);
    written.push({ columns: own, rows, bytes: ipc.length });
    streams.push(ipc);
  }
  const arrows = new Uint8Array(streams.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const stream of streams) {
    arrows.set(stream, offset);
    offset += stream.length;
  }
  return { tables: written, arrows };
}

/**
 * Creates `names[i]` with `tables[i]`'s columns (one transaction of CREATE OR REPLACE TABLE) and
 * appends its rows from `arrows` (one appendArrow per table with rows): what `tablesToArrow`
 * wrote, put in a database. Throws when the streams' lengths do not add up to `arrows`, or when
 * the engine fails (tables created so far are left to the caller).
 */
export async function arrowToTables(
  db: DbClient,
  names: readonly string[],
  tables: readonly ArrowTable[],
  arrows: Uint8Array,
): Promise<void> {
  if (names.length !== tables.length || tables.reduce((n, t) => n + t.bytes, 0) !== arrows.length)
    throw new Error('The Arrow streams do not match their tables');
  if (tables.length === 0) return;
  await db.transaction(
    tables.map(
      (table, i) =>
        sql`CREATE OR REPLACE TABLE ${ident(names[i]!)} (${join(
          table.columns.map((c) => columnDdl(c, c.nullable)),
          ', ',
        )})`,
    ),
  );
  let offset = 0;
  for (const [i, table] of tables.entries()) {
    const ipc = arrows.subarray(offset, offset + table.bytes);
    offset += table.bytes;
    if (table.rows > 0) await db.appendArrow(names[i]!, ipc);
  }
}
