import { ident, sql, type Sql } from '../db/sql';
import { TABLES, type TableName } from './schema';

/**
 * Every table name the loader writes, in one place. A load builds the new extract under staged
 * names, beside the extract on screen (whose tables measures keep reading meanwhile), and
 * `swapStatements` puts the staged tables in place in one transaction, only once the load is
 * usable. A load that fails leaves the extract on screen untouched.
 */
export interface ExtractTables {
  /** The normalized table of an extract file (tables.ts): `families`, `children`, `adults`. */
  table(name: TableName): Sql;
  /** One row: the data-through date. */
  readonly meta: Sql;
  /** The optional columns that give no value: table_name, column_name, status (absent | blank). */
  readonly columns: Sql;
  /** Every row rule's hit: table_name, row_no, column_name, value, severity, reason, effect. */
  readonly issues: Sql;
  /**
   * A file's all-text rows, cut once stored to its rejected rows and the extract's columns, named
   * by the schema (for their download).
   */
  raw(name: TableName): Sql;
  /** `raw`'s name as text, to look it up in duckdb_tables(). */
  rawName(name: TableName): string;
  /** A file's lines the CSV reader could not split: row_no, error_type, message, line_text. */
  malformed(name: TableName): Sql;
}

function tablesNamed(prefix: string, rawPrefix: string): ExtractTables & { names: string[] } {
  const names = [
    ...TABLES.map((t) => `${prefix}${t.name}`),
    `${prefix}extract_meta`,
    `${prefix}extract_columns`,
    `${prefix}load_issues`,
    ...TABLES.flatMap((t) => [`${rawPrefix}${t.name}`, `${rawPrefix}${t.name}_malformed`]),
  ];
  return {
    names,
    table: (name) => ident(`${prefix}${name}`),
    meta: ident(`${prefix}extract_meta`),
    columns: ident(`${prefix}extract_columns`),
    issues: ident(`${prefix}load_issues`),
    raw: (name) => ident(`${rawPrefix}${name}`),
    rawName: (name) => `${rawPrefix}${name}`,
    malformed: (name) => ident(`${rawPrefix}${name}_malformed`),
  };
}

const live = tablesNamed('', 'load_raw_');
const staged = tablesNamed('staged_', 'staged_raw_');

/** The loaded extract's tables, which measures and the rejected-rows download read. */
export const LIVE: ExtractTables = live;

/** The tables of the load under way; in place of LIVE's only after `swapStatements`. */
export const STAGED: ExtractTables = staged;

/** Every table a load leaves: LIVE's names, and STAGED's at the same index. */
export const TABLE_NAMES = { live: live.names, staged: staged.names } as const;

/**
 * The statements that replace the loaded extract by the staged one, to run as one transaction:
 * each live table dropped and its staged table renamed to it.
 */
export function swapStatements(): Sql[] {
  return live.names.flatMap((name, i) => [
    sql`DROP TABLE IF EXISTS ${ident(name)}`,
    sql`ALTER TABLE ${ident(staged.names[i] ?? '')} RENAME TO ${ident(name)}`,
  ]);
}

/** An empty table of a file's malformed lines (`ExtractTables.malformed`'s columns). */
export function malformedTableDdl(table: Sql): Sql {
  return sql`CREATE OR REPLACE TABLE ${table}
    (row_no INTEGER, error_type VARCHAR, message VARCHAR, line_text VARCHAR)`;
}

/**
 * The tables of reading one file into the all-text table `name`: the text table itself (one
 * VARCHAR column per header, plus `_row_no`), its malformed lines, and the reader's own
 * transient tables. `parquet`, `rejects` and `scans` are plain names: the client and read_csv
 * take them as text.
 */
export function readingTables(name: string) {
  return {
    name,
    text: ident(name),
    malformed: ident(`${name}_malformed`),
    parquet: `${name}_parquet`,
    rejects: `${name}_rejects`,
    scans: `${name}_scans`,
  };
}

export type ReadingTables = ReturnType<typeof readingTables>;

/**
 * Names of the tables a load uses while it runs, dropped when it ends: a file's reading tables
 * by its index in the load, a table's typed chunk and its duplicated keys.
 */
export const WORK = {
  file: (index: number) => readingTables(`load_file_${String(index)}`),
  typed: (name: TableName) => ident(`load_typed_${name}`),
  duplicates: (name: TableName) => ident(`load_dups_${name}`),
};

/** Lists the tables a load uses while it runs (WORK, readingTables). */
export const WORK_TABLES_QUERY = sql`
  SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^load_(file|typed|dups)_')`;

/** Lists the tables a load left behind when it stopped halfway: staged and work tables. */
export const LEFTOVER_TABLES_QUERY = sql`
  SELECT table_name FROM duckdb_tables()
  WHERE regexp_matches(table_name, '^(load_(file|typed|dups)_|staged_)')`;
