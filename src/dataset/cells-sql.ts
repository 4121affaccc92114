import { ident, join, literal, raw, sql, type Sql } from '../db/sql';

/**
 * The cells of some columns of a file's all-text table as rows, one per non-blank (non-NULL)
 * cell: `k` (the column, `cellKey(i)` for `headers[i]`), `cell` (its text) and, with `rowNo`,
 * the row's `_row_no`. A check that applies the same expression to every column's cells writes
 * it once over `cell` instead of once per column: DuckDB plans each inlined macro (`lk_clean`,
 * `lk_date`, …) anew at every use, and planning the copies cost as much as running them (the
 * county families file's privacy scan, natively: 41–43 ms of its 78–90 ms went to planning a
 * copy per column, 5–6 ms over the unpivoted cells). `limit` keeps the first rows of the table
 * only (its scan order, the file's). NULL cells give no row: a check written over them must
 * give a NULL cell nothing (no count, no example).
 */
export function cellsSql(
  table: Sql,
  headers: readonly string[],
  { rowNo = false, limit }: { rowNo?: boolean; limit?: number } = {},
): Sql {
  const columns = headers.map((header, i) => sql`${ident(header)} AS ${ident(cellKey(i))}`);
  const keys = headers.map((_, i) => ident(cellKey(i)));
  const source = sql`SELECT ${rowNo ? raw('_row_no, ') : raw('')}${join(columns, ', ')} FROM ${table}${
    limit === undefined ? raw('') : sql` LIMIT ${limit}`
  }`;
  return sql`SELECT ${rowNo ? raw('_row_no, ') : raw('')}k, cell FROM (${source})
    UNPIVOT (cell FOR k IN (${join(keys, ', ')}))`;
}

/** The `k` of `headers[i]`'s cells in `cellsSql`. */
export function cellKey(i: number): string {
  return `c${String(i)}`;
}

/**
 * SQL: `expression(column)` for the cell's column, written once when every column gives the
 * same expression (the usual case: e.g. every date column is cleaned and parsed alike), else a
 * CASE on `k`.
 */
export function perColumnSql<T>(columns: readonly T[], expression: (column: T) => string): Sql {
  const texts = columns.map(expression);
  const first = texts[0] ?? 'NULL';
  if (texts.every((t) => t === first)) return raw(first);
  return sql`CASE k ${join(
    texts.map((t, i) => sql`WHEN ${literal(cellKey(i))} THEN ${raw(t)}`),
    ' ',
  )} END`;
}

/** SQL condition: the cell's column is one of `headers[i]` for the `i` where `pick` holds. */
export function columnIsSql<T>(columns: readonly T[], pick: (column: T) => boolean): Sql {
  const keys = columns.flatMap((c, i) => (pick(c) ? [cellKey(i)] : []));
  if (keys.length === 0) return raw('FALSE');
  return sql`k IN (${join(keys.map(literal), ', ')})`;
}
