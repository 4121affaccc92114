import { TABLES, sqlType, type TableSpec } from './schema';

/**
 * The normalized tables the loader fills and every measure reads: one per extract file, named
 * like the file (`families`, `children`, `adults`), with the schema's column names and typed
 * values (DATE, BOOLEAN with NULL = unknown, INTEGER, DOUBLE, canonical enum text), plus
 * `row_no`, the row's line in the evaluator's spreadsheet (the header is line 1).
 * Only loaded rows (with or without warnings) are here; rejected rows are in the load report.
 * `extract_meta` holds the data-through date; `extract_columns` names each optional column of a
 * loaded table that the extract does not give: `absent` (no such column in the file) or `blank`
 * (a column without a value in any loaded row). A measure that reads one is not measured.
 */
export function normalizedTableDdl(spec: TableSpec): string {
  const columns = spec.columns.map((c) => `"${c.name}" ${sqlType(c.type)}`);
  return `CREATE OR REPLACE TABLE ${spec.name} (row_no INTEGER, ${columns.join(', ')})`;
}

export const EXTRACT_META_DDL = 'CREATE OR REPLACE TABLE extract_meta (data_through DATE NOT NULL)';

export const EXTRACT_COLUMNS_DDL =
  'CREATE OR REPLACE TABLE extract_columns (table_name VARCHAR, column_name VARCHAR, status VARCHAR)';

/** Every normalized table, empty: what a measure test starts from before inserting its rows. */
export function createEmptyTablesSql(): string[] {
  return [...TABLES.map(normalizedTableDdl), EXTRACT_META_DDL, EXTRACT_COLUMNS_DDL];
}
