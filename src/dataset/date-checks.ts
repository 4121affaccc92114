import type { DbClient } from '../db/client';
import type { HeaderMatch } from './match-columns';
import { cleanSql } from './normalize-sql';
import type { RawFile } from './read-file';
import { q } from './row-rules';

/** CalWORKs began in 1998: an index date before it cannot be one. */
export const EARLIEST_INDEX_DATE = '1998-01-01';
/** An extract's data-through date is after 2000 and not after today. */
export const EARLIEST_DATA_THROUGH = '2000-01-01';

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
  raw: RawFile,
  match: HeaderMatch,
): Promise<string | null> {
  const dates = match.matched.filter((m) => m.column.type === 'date');
  if (dates.length === 0) return null;
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  const texts = dates.map(({ column, header }, i) => `${cleanSql(column, q(header))} AS v${i}`);
  const cells = dates.flatMap((_, i) => [`v${i}`, `lk_date(v${i}) AS d${i}`]);
  const checks = dates.flatMap(({ column }, i) => {
    const dayNumber = `(regexp_full_match(v${i}, '\\d{4,6}(\\.\\d*)?') AND d${i} < DATE '${EARLIEST_INDEX_DATE}')`;
    const bad =
      column.name === 'mutual_start_date'
        ? `(d${i} < DATE '${EARLIEST_INDEX_DATE}' AND NOT lk_placeholder(d${i}))`
        : dayNumber;
    const through =
      column.name === 'data_through_date'
        ? [
            `mode(d${i}) FILTER (WHERE NOT lk_placeholder(d${i}))::VARCHAR AS through${i}`,
            `(mode(d${i}) FILTER (WHERE NOT lk_placeholder(d${i})) NOT BETWEEN DATE '${EARLIEST_DATA_THROUGH}' AND current_date) AS bad_through${i}`,
          ]
        : [];
    return [
      `count_if(${bad})::INTEGER AS n${i}`,
      `arg_min(v${i}, _row_no) FILTER (WHERE ${bad}) AS v${i}`,
      `arg_min(d${i}, _row_no) FILTER (WHERE ${bad})::VARCHAR AS d${i}`,
      `min(_row_no) FILTER (WHERE ${bad})::INTEGER AS r${i}`,
      ...through,
    ];
  });
  const [row] = await db.query(
    `SELECT ${checks.join(', ')} FROM (SELECT _row_no, ${cells.join(', ')}
       FROM (SELECT _row_no, ${texts.join(', ')} FROM ${raw.name}))`,
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
    `SELECT CASE WHEN d1960 BETWEEN DATE '${EARLIEST_INDEX_DATE}' AND current_date THEN d1960::VARCHAR END AS sas,
            CASE WHEN d1970 BETWEEN DATE '${EARLIEST_INDEX_DATE}' AND current_date THEN d1970::VARCHAR END AS r
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
