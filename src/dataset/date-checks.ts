import type { DbClient } from '../db/client';
import { date, ident, join, literal, sql, type Sql } from '../db/sql';
import type { HeaderMatch } from './match-columns';
import { cleanCellSql } from './normalize-sql';

/** CalWORKs began in 1998: an index date before it cannot be one. */
export const EARLIEST_INDEX_DATE = '1998-01-01';
/** An extract's data-through date is after 2000 and not after today. */
export const EARLIEST_DATA_THROUGH = '2000-01-01';

/**
 * Today as a bound date: DuckDB-wasm has no `current_date` without its ICU extension, which it
 * would download (extension autoloading is off).
 */
function today(): Sql {
  return date(new Date().toISOString().slice(0, 10));
}

function label(header: string, column: string): string {
  return header === column ? `"${header}"` : `"${header}" (${column})`;
}

/**
 * A file error when the file's dates cannot be real: an index date before 1998, a day number that
 * reads as a date before 1998 in any date column (the numbers of SAS, Stata or R read as Excel's
 * shift every date by decades), or a data-through date before 2000 or after today. Null when
 * the dates are plausible. One pass over the file's date columns.
 */
export async function findImplausibleDates(
  db: DbClient,
  rawTable: Sql,
  match: HeaderMatch,
): Promise<string | null> {
  const dates = match.matched.filter((m) => m.column.type === 'date');
  if (dates.length === 0) return null;
  const v = (i: number) => ident(`v${String(i)}`);
  const d = (i: number) => ident(`d${String(i)}`);
  const as = (name: string, i: number) => ident(`${name}${String(i)}`);
  const earliestIndex = date(EARLIEST_INDEX_DATE);
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  const texts = dates.map(
    ({ column, header }, i) => sql`${cleanCellSql(column, header)} AS ${v(i)}`,
  );
  const cells = dates.map((_, i) => sql`, ${v(i)}, lk_date(${v(i)}) AS ${d(i)}`);
  const checks = dates.flatMap(({ column }, i) => {
    const bad =
      column.name === 'mutual_start_date'
        ? sql`(${d(i)} < ${earliestIndex} AND NOT lk_placeholder(${d(i)}))`
        : sql`(regexp_full_match(${v(i)}, ${literal('\\d{4,6}(\\.\\d*)?')}) AND ${d(i)} < ${earliestIndex})`;
    const through = sql`mode(${d(i)}) FILTER (WHERE NOT lk_placeholder(${d(i)}))`;
    const throughChecks =
      column.name === 'data_through_date'
        ? [
            sql`${through}::VARCHAR AS ${as('through', i)}`,
            sql`(${through} NOT BETWEEN ${date(EARLIEST_DATA_THROUGH)} AND ${today()}) AS ${as('bad_through', i)}`,
          ]
        : [];
    return [
      sql`count_if(${bad})::INTEGER AS ${as('n', i)}`,
      sql`arg_min(${v(i)}, _row_no) FILTER (WHERE ${bad}) AS ${v(i)}`,
      sql`arg_min(${d(i)}, _row_no) FILTER (WHERE ${bad})::VARCHAR AS ${d(i)}`,
      sql`min(_row_no) FILTER (WHERE ${bad})::INTEGER AS ${as('r', i)}`,
      ...throughChecks,
    ];
  });
  const [row] = await db.query(
    sql`SELECT ${join(checks, ', ')} FROM (SELECT _row_no${join(cells, '')}
       FROM (SELECT _row_no, ${join(texts, ', ')} FROM ${rawTable}))`,
  );
  if (row === undefined) return null;
  for (const [i, { column, header }] of dates.entries()) {
    const n = Number(row[`n${i}`] ?? 0);
    if (n > 0) {
      const value = String(row[`v${i}`]);
      const reading = String(row[`d${i}`]);
      const rows = n === 1 ? '1 row' : `${n.toLocaleString('en-US')} rows`;
      const example = `${rows}; e.g. "${value}" on row ${String(row[`r${i}`])}, read as ${reading}`;
      const what =
        column.name === 'mutual_start_date'
          ? `has index dates before 1998, when CalWORKs began (${example})`
          : `has day numbers that read as dates before 1998 (${example})`;
      return `the column ${label(header, column.name)} ${what}. ${await explainDayNumber(db, value)}`;
    }
    if (row[`bad_through${i}`] === true) {
      const through = String(row[`through${i}`]);
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
