import type { DbClient } from '../db/client';
import { date, literal, sql, type Sql } from '../db/sql';
import type { HeaderMatch } from './match-columns';
import type { ColumnShapes } from './column-shapes';
import { cellKey, cellsSql, columnIsSql, perColumnSql } from './cells-sql';
import { ISO_DATE_GLOB, cleanSql, parseSql } from './normalize-sql';

/** CalWORKs began in 1998: an index date before it cannot be one. */
export const EARLIEST_INDEX_DATE = '1998-01-01';
/** An extract's data-through date is after 2000 and not after today. */
export const EARLIEST_DATA_THROUGH = '2000-01-01';
/** The date columns whose range of YYYY-MM-DD dates (`ColumnShape.isoRange`) these checks read. */
export const RANGE_CHECKED_DATES: ReadonlySet<string> = new Set([
  'mutual_start_date',
  'data_through_date',
]);

/**
 * Today as a bound date: DuckDB-wasm has no `current_date` without its ICU extension, which it
 * would download (extension autoloading is off).
 */
function today(): Sql {
  return date(todayText());
}

function todayText(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Whether the shapes alone show that no date of the file is a problem, so that no query is
 * needed: every date column is YYYY-MM-DD (`isoDates`: no slash, so nothing day-first), an index
 * date column's earliest date as written is not before 1998, and a data-through column's dates
 * as written all lie from 2000 to today (its most common date then does too). Other YYYY-MM-DD
 * columns cannot have a day number (the test below needs digits only). Text compares such dates
 * as dates; a cell that is no date (2023-02-30) only makes this answer no.
 */
function clearByShapes(match: HeaderMatch, shapes: ColumnShapes | undefined): boolean {
  return match.matched.every(({ column, header }) => {
    if (column.type !== 'date') return true;
    const shape = shapes?.get(header);
    if (shape?.isoDates !== true) return false;
    if (!RANGE_CHECKED_DATES.has(column.name)) return true;
    const range = shape.isoRange;
    if (range === undefined) return false;
    if (range === null) return true;
    if (column.name === 'mutual_start_date') return range.first >= EARLIEST_INDEX_DATE;
    if (column.name === 'data_through_date')
      return range.first >= EARLIEST_DATA_THROUGH && range.last <= todayText();
    return true;
  });
}

function label(header: string, column: string): string {
  return header === column ? `"${header}"` : `"${header}" (${column})`;
}

/**
 * A file error about its dates, or null: a date column written day first (25/12/2023) and never
 * month first; else dates that cannot be real (an index date before 1998, a day number that
 * reads as a date before 1998 in any date column: the numbers of SAS, Stata or R read as
 * Excel's shift every date by decades; a data-through date before 2000 or after today). One
 * pass over the file's date columns for both; a column of YYYY-MM-DD dates (`shapes`) has no
 * slash, so no date of it is day-first; none when the shapes alone show there is no problem.
 */
export async function findDateProblems(
  db: DbClient,
  rawTable: Sql,
  match: HeaderMatch,
  shapes?: ColumnShapes,
): Promise<string | null> {
  const dates = match.matched.filter((m) => m.column.type === 'date');
  if (dates.length === 0 || clearByShapes(match, shapes)) return null;
  const columns = dates.map((m) => m.column);
  const earliestIndex = date(EARLIEST_INDEX_DATE);
  // Every date column's cells in one column (cells-sql.ts): each macro is planned once, not
  // once per column. Cleaned and trimmed once in an inner query: a macro repeats its
  // argument's whole expression at each use. A YYYY-MM-DD cell has no slash, so it is neither
  // day- nor month-first (the macros give FALSE) and is not tried.
  const iso = sql`cell GLOB ${literal(ISO_DATE_GLOB)}`;
  const cleaned = perColumnSql(columns, (column) => cleanSql(column, 'cell'));
  const parsed = perColumnSql(columns, (column) => parseSql(column, 'v'));
  const isIndex = columnIsSql(columns, (column) => column.name === 'mutual_start_date');
  const isThrough = columnIsSql(columns, (column) => column.name === 'data_through_date');
  // The other tests only on dates before 1998 (few): an AND computes both sides on every row.
  const bad = sql`(CASE WHEN d < ${earliestIndex} THEN (CASE WHEN ${isIndex} THEN NOT lk_placeholder(d)
    ELSE regexp_full_match(v, ${literal('\\d{4,6}(\\.\\d*)?')}) END) ELSE FALSE END)`;
  const through = sql`mode(d) FILTER (WHERE ${isThrough} AND NOT lk_placeholder(d))`;
  const rows = await db.query(
    sql`SELECT k, count_if(day)::INTEGER AS fd, count_if(month)::INTEGER AS fm,
       arg_min(w, _row_no) FILTER (WHERE day) AS fv, min(_row_no) FILTER (WHERE day) AS fr,
       count_if(${bad})::INTEGER AS n, arg_min(v, _row_no) FILTER (WHERE ${bad}) AS bv,
       arg_min(d, _row_no) FILTER (WHERE ${bad})::VARCHAR AS bd,
       min(_row_no) FILTER (WHERE ${bad})::INTEGER AS r,
       ${through}::VARCHAR AS through,
       (${through} NOT BETWEEN ${date(EARLIEST_DATA_THROUGH)} AND ${today()}) AS bad_through
     FROM (SELECT _row_no, k, v, w, ${parsed} AS d,
             CASE WHEN iso THEN FALSE ELSE lk_day_first_only(w) END AS day,
             CASE WHEN iso THEN FALSE ELSE lk_month_first_only(w) END AS month
           FROM (SELECT _row_no, k, ${iso} AS iso, ${cleaned} AS v,
                   CASE WHEN ${iso} THEN NULL ELSE trim(cell) END AS w
                 FROM (${cellsSql(
                   rawTable,
                   dates.map((m) => m.header),
                   { rowNo: true },
                 )})))
     GROUP BY k`,
  );
  const byKey = new Map(rows.map((row) => [String(row.k), row]));
  const found = dates.map((_, i) => byKey.get(cellKey(i)) ?? {});
  // Only a column with a slash date can be written day first (`shapes`: the others are
  // YYYY-MM-DD).
  const slashed = (header: string) => shapes?.get(header)?.isoDates !== true;
  for (const [i, { column, header }] of dates.entries()) {
    const row = found[i] ?? {};
    if (slashed(header) && Number(row.fd ?? 0) > 0 && Number(row.fm ?? 0) === 0) {
      const example = `"${String(row.fv)}" on row ${String(row.fr)}`;
      return (
        `the column ${label(header, column.name)} has dates written day first (e.g. ${example}); ` +
        'the extract uses US month/day order. Export the dates as YYYY-MM-DD or M/D/YYYY and load the file again.'
      );
    }
  }
  for (const [i, { column, header }] of dates.entries()) {
    const row = found[i] ?? {};
    const n = Number(row.n ?? 0);
    if (n > 0) {
      const value = String(row.bv);
      const reading = String(row.bd);
      const rows = n === 1 ? '1 row' : `${n.toLocaleString('en-US')} rows`;
      const example = `${rows}; e.g. "${value}" on row ${String(row.r)}, read as ${reading}`;
      const what =
        column.name === 'mutual_start_date'
          ? `has index dates before 1998, when CalWORKs began (${example})`
          : `has day numbers that read as dates before 1998 (${example})`;
      return `the column ${label(header, column.name)} ${what}. ${await explainDayNumber(db, value)}`;
    }
    if (column.name === 'data_through_date' && row.bad_through === true) {
      const through = String(row.through);
      return (
        `the column ${label(header, column.name)} gives the data-through date as ${through}, ` +
        `${through < EARLIEST_DATA_THROUGH ? 'before 2000' : 'after today'}: no extract is as of that date. ` +
        'Check the dates (Excel day numbers and dates from SAS, Stata or R are counted from different days); ' +
        'export them as YYYY-MM-DD and load the file again.'
      );
    }
  }
  return null;
}

/** What the day number `value` would be in the systems that count days from another date. */
async function explainDayNumber(db: DbClient, value: string): Promise<string> {
  const howTo =
    'Export the dates as dates (YYYY-MM-DD): in Stata give them a %td format before export delimited, ' +
    'in SAS a YYMMDD10. format, in R format(x, "%Y-%m-%d"); then load the file again.';
  if (!/^\d+(\.\d*)?$/.test(value)) {
    return `Check the dates in the file, export them as YYYY-MM-DD and load the file again.`;
  }
  const [row] = await db.query<{ sas: string | null; r: string | null }>(
    sql`SELECT CASE WHEN d1960 BETWEEN ${date(EARLIEST_INDEX_DATE)} AND ${today()} THEN d1960::VARCHAR END AS sas,
            CASE WHEN d1970 BETWEEN ${date(EARLIEST_INDEX_DATE)} AND ${today()} THEN d1970::VARCHAR END AS r
     FROM (SELECT DATE '1960-01-01' + n AS d1960, DATE '1970-01-01' + n AS d1970
           FROM (SELECT floor(${Number(value)})::INTEGER AS n))`,
  );
  const systems = [
    row?.sas
      ? `SAS or Stata dates, counted in days from 1960-01-01 (${value} would be ${row.sas})`
      : null,
    row?.r ? `R or Unix dates, counted in days from 1970-01-01 (${value} would be ${row.r})` : null,
  ].filter((s) => s !== null);
  const look =
    systems.length > 0
      ? `They look like ${systems.join(', or ')}, not Excel day numbers (counted from 1900). `
      : 'They are day numbers, and no date system reads them as dates of the program. ';
  return look + howTo;
}
