import type { DbClient } from '../db/client';
import { ident, join, sql } from '../db/sql';
import { LIVE } from '../dataset/load-tables';
import { TABLES, type TableName } from '../dataset/schema';
import type { MemberTables } from './member-tables';

/**
 * An optional column a measure's population or event is read from: `column`, or (`anyOf`) any
 * one of several columns that each identify the same members. Required columns are not listed:
 * the loader rejects a file without them and a row with them blank.
 */
export type ColumnRead =
  { table: TableName; column: string } | { table: TableName; anyOf: readonly string[] };

/** What a loaded extract holds: tables with rows, and optional columns with at least one value. */
export interface ExtractContents {
  tables: ReadonlySet<TableName>;
  /** `table.column`, e.g. `families.next_subst_referral_date`. */
  columns: ReadonlySet<string>;
  /**
   * Optional columns the file has but blank in every loaded row (`table.column`, as the loader
   * recorded them: column-availability.ts); a column with no value and not in it is absent from
   * the file. Missing where the loader's record is not there (tables made otherwise).
   */
  blank?: ReadonlySet<string>;
}

export const columnKey = (table: TableName, column: string) => `${table}.${column}`;

/** The columns a read names, any one of which is enough. */
export function columnsOf(read: ColumnRead): readonly string[] {
  return 'column' in read ? [read.column] : read.anyOf;
}

/**
 * One query: which tables have rows and which optional columns hold a value in any row. A column
 * absent from the evaluator's file is loaded as NULL in every row, so the two read the same.
 */
export async function readExtractContents(
  db: DbClient,
  signal?: AbortSignal,
): Promise<ExtractContents> {
  const existing = await db.query(
    sql`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main'`,
    signal,
  );
  const names = new Set(existing.map((row) => row.name));
  const present = TABLES.filter((table) => names.has(table.name));
  if (present.length === 0) return { tables: new Set(), columns: new Set() };
  // One row: per table, whether it has rows and which optional columns hold a value.
  const perTable = present.map(
    (table) =>
      sql`(SELECT ${join(
        [
          sql`count(*) > 0 AS ${ident(table.name)}`,
          ...table.columns
            .filter((c) => !c.required)
            .map(
              (c) => sql`count(${ident(c.name)}) > 0 AS ${ident(columnKey(table.name, c.name))}`,
            ),
        ],
        ', ',
      )} FROM ${ident(table.name)})`,
  );
  const [row] = await db.query(sql`SELECT * FROM ${join(perTable, ', ')}`, signal);
  const recorded = names.has(LIVE.columns.toInlineText().replaceAll('"', ''));
  const blankRows = recorded
    ? await db.query<{ table_name: string; column_name: string }>(
        sql`SELECT table_name, column_name FROM ${LIVE.columns} WHERE status = 'blank'`,
        signal,
      )
    : [];
  const holds = (key: string) => row?.[key] === true;
  const tables = new Set(present.map((t) => t.name).filter(holds));
  const columns = new Set(
    present
      .filter((t) => tables.has(t.name))
      .flatMap((t) => t.columns.filter((c) => !c.required).map((c) => columnKey(t.name, c.name)))
      .filter(holds),
  );
  const blank = new Set(blankRows.map((r) => columnKey(r.table_name as TableName, r.column_name)));
  return recorded ? { tables, columns, blank } : { tables, columns };
}

/**
 * readExtractContents of the extract whose member tables are `kept`, read once per extract and
 * kept with them (a value of the set: prepared ahead for the bundled sample, see
 * prepare-member-tables.ts). `signal` only stops this caller's wait. Throws once the set is
 * disposed (the extract replaced).
 */
export async function keptExtractContents(
  db: DbClient,
  kept: MemberTables,
  signal?: AbortSignal,
): Promise<ExtractContents> {
  const plain = await kept.value(
    'extract-contents',
    async () => {
      const { tables, columns, blank } = await readExtractContents(db);
      return {
        tables: [...tables],
        columns: [...columns],
        ...(blank === undefined ? {} : { blank: [...blank] }),
      };
    },
    signal,
  );
  const contents = { tables: new Set(plain.tables), columns: new Set(plain.columns) };
  return plain.blank === undefined ? contents : { ...contents, blank: new Set(plain.blank) };
}
