import type { DbClient } from '../db/client';
import { ident, join, sql } from '../db/sql';
import { LIVE, type ExtractTables } from './load-tables';
import type { TableName, TableSpec } from './schema';

/** Why an optional column gives a measure nothing: not in the file, or blank in every loaded row. */
export type ColumnGap = 'absent' | 'blank';

export interface MissingColumn {
  table: TableName;
  column: string;
  status: ColumnGap;
}

/**
 * Records in `tables.columns` the optional columns of a loaded table that give no value: those
 * the file lacks (`absent`) and those blank in every loaded row (`blank`). Returns the blank ones.
 */
export async function recordColumnGaps(
  db: DbClient,
  tables: ExtractTables,
  spec: TableSpec,
  absent: readonly string[],
): Promise<string[]> {
  const optional = spec.columns.filter((c) => !c.required && !absent.includes(c.name));
  const counts = optional.map(
    (c, i) => sql`count(${ident(c.name)})::INTEGER AS ${ident(`n${String(i)}`)}`,
  );
  const [row] =
    optional.length === 0
      ? [{}]
      : await db.query(sql`SELECT ${join(counts, ', ')} FROM ${tables.table(spec.name)}`);
  const blank = optional
    .filter((_, i) => Number(row?.[`n${String(i)}`] ?? 0) === 0)
    .map((c) => c.name);
  const gaps = [
    ...absent.map((column) => [column, 'absent'] as const),
    ...blank.map((column) => [column, 'blank'] as const),
  ];
  // One statement for all of them (one round trip to DuckDB-wasm's worker), rows in this order.
  if (gaps.length > 0) {
    const rows = gaps.map(([column, status]) => sql`(${spec.name}, ${column}, ${status})`);
    await db.exec(sql`INSERT INTO ${tables.columns} VALUES ${join(rows, ', ')}`);
  }
  return blank;
}

/** The optional columns of the loaded extract that give no value, for measures to ask. */
export async function missingColumns(db: DbClient): Promise<MissingColumn[]> {
  const rows = await db.query<{ table_name: string; column_name: string; status: string }>(
    sql`SELECT table_name, column_name, status FROM ${LIVE.columns} ORDER BY table_name, column_name`,
  );
  return rows.map((r) => ({
    table: r.table_name as TableName,
    column: r.column_name,
    status: r.status as ColumnGap,
  }));
}
