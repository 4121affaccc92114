import { ident, join, raw, sql, type Sql } from '../db/sql';
import { LIVE, type ExtractTables } from './load-tables';
import { TABLES, sqlType, type TableSpec } from './schema';

/**
 * The normalized tables the loader fills and every measure reads: one per extract file, named
 * like the file (`families`, `children`, `adults`), with the schema's column names and typed
 * values (DATE, BOOLEAN with NULL = unknown, INTEGER, DOUBLE, canonical enum text), plus
 * `row_no`, the row's line in the evaluator's spreadsheet (the header is line 1).
 * Only loaded rows (with or without warnings) are here; rejected rows are in the load report.
 * `extract_meta` holds the data-through date; `extract_columns` names each optional column of a
 * loaded table that the extract does not give: `absent` (no such column in the file) or `blank`
 * (a column without a value in any loaded row). A measure that reads one is not measured. A load
 * writes them under staged names first (load-tables.ts); `tables` says which set.
 */
export function normalizedTableDdl(spec: TableSpec, tables: ExtractTables = LIVE): Sql {
  const columns = spec.columns.map((c) => sql`${ident(c.name)} ${raw(sqlType(c.type))}`);
  return sql`CREATE OR REPLACE TABLE ${tables.table(spec.name)} (row_no INTEGER, ${join(columns, ', ')})`;
}

/** The table of the data-through date: one row once a load knows it. */
export function extractMetaDdl(tables: ExtractTables = LIVE): Sql {
  return sql`CREATE OR REPLACE TABLE ${tables.meta} (data_through DATE NOT NULL)`;
}

/** The table of the optional columns that give no value (column-availability.ts). */
export function extractColumnsDdl(tables: ExtractTables = LIVE): Sql {
  return sql`CREATE OR REPLACE TABLE ${tables.columns} (table_name VARCHAR, column_name VARCHAR, status VARCHAR)`;
}

/** Every normalized table, empty: what a measure test starts from before inserting its rows. */
export function createEmptyTablesSql(): Sql[] {
  return [...TABLES.map((spec) => normalizedTableDdl(spec)), extractMetaDdl(), extractColumnsDdl()];
}
