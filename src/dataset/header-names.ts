import type { DbClient } from '../db/client';
import { ident, join, sql, type Sql } from '../db/sql';
import { oddCharacter, tidyText } from './normalize-sql';

/** A header whose written name was tidied: what it is now called, and the character named. */
export interface TidiedHeader {
  header: string;
  written: string;
  /** The character a warning names ("a NUL character (U+0000)"); null when only spaces around went. */
  character: { name: string; space: boolean } | null;
}

/**
 * A file's headers tidied as values are (`tidyText`: invisible characters and every kind of
 * space removed around a name, a control character such as NUL removed anywhere): the names the
 * loader uses, one per header in order. A name that is then empty is `column<i>` (as a blank
 * header cell); one that repeats an earlier name gets `_2`, `_3` … (as DuckDB's reader names
 * repeated headers). `tidied` lists the headers whose name changed.
 */
export function tidyHeaders(written: readonly string[]): {
  headers: string[];
  tidied: TidiedHeader[];
} {
  const taken = new Set<string>();
  const tidied: TidiedHeader[] = [];
  const headers = written.map((name, i) => {
    let header = tidyText(name);
    if (header === '') header = `column${String(i)}`;
    for (let n = 2; taken.has(header); n += 1) header = `${tidyText(name)}_${String(n)}`;
    taken.add(header);
    if (header !== name) tidied.push({ header, written: name, character: oddCharacter(name) });
    return header;
  });
  return { headers, tidied };
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The column names of `table` but `_row_no`, in order, exactly as written: read as the hex of
 * their bytes, since a client's text decoding drops a byte-order mark at the start of a string.
 */
export async function writtenColumnNames(db: DbClient, table: Sql): Promise<string[]> {
  const rows = await db.query<{ h: string }>(
    sql`SELECT hex(column_name) AS h FROM (DESCRIBE ${table}) WHERE column_name <> '_row_no'`,
  );
  return rows.map(({ h }) =>
    UTF8.decode(Uint8Array.from(h.match(/../g) ?? [], (byte) => parseInt(byte, 16))),
  );
}

/**
 * Gives the columns of `table` (`_row_no` first, then one per header, in order) the tidied names
 * of `tidyHeaders` of their written names, when any differs: the table is rebuilt with its
 * columns taken by position (`#k`), since a written name may be one SQL cannot quote (a NUL ends
 * a statement's text) or one DuckDB's parser reads otherwise (a byte-order mark at its start).
 * Returns the headers to use and those tidied.
 */
export async function tidyTableHeaders(
  db: DbClient,
  table: Sql,
): Promise<{ headers: string[]; tidied: TidiedHeader[] }> {
  const tidy = tidyHeaders(await writtenColumnNames(db, table));
  if (tidy.tidied.length === 0) return tidy;
  const columns: Sql[] = [sql`#1 AS _row_no`];
  tidy.headers.forEach((header, i) => columns.push(sql`#${i + 2} AS ${ident(header)}`));
  await db.exec(
    sql`CREATE OR REPLACE TABLE ${table} AS SELECT ${join(columns, ', ')} FROM ${table}`,
  );
  return tidy;
}
