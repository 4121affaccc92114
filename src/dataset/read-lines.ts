import type { DbClient } from '../db/client';
import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import { delimiterOf } from './file-guard';
import { tidyHeaders, type TidiedHeader } from './header-names';
import type { ReadingTables } from './load-tables';

/**
 * A CSV file read line by line in SQL, for the files DuckDB's reader gets wrong: CR, LF and CRLF
 * line ends mixed (its sniffer refuses the file), a stray quote (it runs on to the next quote,
 * rejecting the valid rows between), blank lines (it skips them, so later rows got the row
 * numbers of the rows above). Row numbers are spreadsheet rows (blank lines and records
 * counted, a value with a line break inside its quotes one record); a line with a stray quote is
 * rejected alone.
 */
/**
 * Whether DuckDB's reader numbers the rows of this file right: every line a record, no blank
 * line, one kind of line end. DuckDB's reader, told that no delimiter or quote occurs, gives one
 * row per line and an empty one between the CR and LF of a CRLF; the gaps between non-empty
 * lines outside quoted values are then all 0 (LF or CR) or all 1 (CRLF). One scan of the file.
 */
export async function hasPlainLines(db: DbClient, path: string): Promise<boolean> {
  const [row] = await db.query<{ plain: boolean }>(sql`
    WITH lines AS (
      SELECT row_number() OVER () AS n, line,
             length(line) - length(replace(line, '"', '')) AS quotes
      FROM read_csv(${path}, columns = {'line': 'VARCHAR'}, delim = ${'\u0001'}, quote = '',
                    escape = '', header = false, auto_detect = false, new_line = '\\n',
                    strict_mode = false)
    ),
    texts AS (
      SELECT n - lag(n) OVER (ORDER BY n) - 1 AS gap,
             sum(quotes) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) % 2 = 1
               AS in_quotes
      FROM lines WHERE line IS NOT NULL
    )
    SELECT count(DISTINCT gap) <= 1 AND coalesce(max(gap), 0) <= 1 AS plain
    FROM texts WHERE NOT coalesce(in_quotes, FALSE)`);
  return row?.plain ?? false;
}

/**
 * Whether a line of the file (lines ended at CR, LF or CRLF) holds an odd number of quotes: a
 * stray quote, or a value with a line break inside. DuckDB's reader misreads such a file (a
 * stray quote runs on to the next quote, taking the lines between into one value; in a file
 * without another quoted value its sniffer reads quotes as text, keeping a stray quote in its
 * value), so it is read by lines instead. One scan of the file's text.
 */
export async function hasOddQuoteLine(db: DbClient, path: string): Promise<boolean> {
  const [row] = await db.query<{ odd: boolean | null }>(sql`
    SELECT list_bool_or(list_transform(regexp_split_to_array(content, ${literal('\r\n|\r|\n')}),
                          l -> (length(l) - length(replace(l, '"', ''))) % 2 = 1)) AS odd
    FROM read_text(${path})`);
  return row?.odd ?? false;
}

/**
 * One field as DuckDB's reader takes it: quoted (opened by a quote at its start, closed by a
 * quote before the delimiter, a doubled quote inside), else text up to the delimiter that does
 * not start with a quote but may hold one (`TEH-Red Bluff "South"` is that text), or empty. Only
 * a quoted field holds a line break.
 */
function fieldPattern(delim: string): string {
  const d = delim === '\t' ? '\\t' : delim;
  return `${d}("(?:[^"]|"")*"|[^${d}"\\n][^${d}\\n]*|)`;
}

/** Splits `line` at `delim` outside quotes: a list of fields as written (quotes kept). */
function fieldsSql(line: Sql, delim: string): Sql {
  return sql`regexp_extract_all(${literal(delim)} || ${line}, ${literal(fieldPattern(delim))}, 1)`;
}

/** A whole line of fields: quoted ones closed, nothing after a quoted one's closing quote. */
function wellFormedSql(line: Sql, delim: string): Sql {
  return sql`regexp_full_match(${literal(delim)} || ${line}, ${literal(`(${fieldPattern(delim)})*`)})`;
}

/** A field's value: quotes around it removed and doubled ones made single; empty is NULL. */
function valueSql(field: Sql): Sql {
  return sql`CASE WHEN starts_with(${field}, '"') THEN replace(${field}[2:-2], '""', '"')
                  ELSE nullif(${field}, '') END`;
}

/**
 * A value with line breaks inside spans fewer lines than this (a unit's name or a note of a few
 * lines; no column of the extract holds a document): two quotes further apart are stray.
 */
const MAX_VALUE_LINES = 1000;

/**
 * Reads the file at `path` line by line into `tables.text` (`_row_no` = the line number) and
 * `tables.malformed`; null when it has no header line.
 */
export async function readLines(
  db: DbClient,
  path: string,
  tables: ReadingTables,
  skip: number,
): Promise<{ headers: string[]; tidied: TidiedHeader[] } | null> {
  const lines = ident(`${tables.name}_lines`);
  await db.exec(sql`
    CREATE OR REPLACE TEMP TABLE ${lines} AS
    SELECT unnest(generate_series(1, len(l)))::INTEGER AS line_no, unnest(l) AS line
    FROM (SELECT regexp_split_to_array(ltrim(content, ${'\uFEFF'}), ${literal('\r\n|\r|\n')}) AS l
          FROM read_text(${path}))`);
  const [header] = await db.query<{ line: string | null }>(
    sql`SELECT line FROM ${lines} WHERE line_no = ${skip + 1}`,
  );
  if (header?.line === undefined || header.line === null || header.line.trim() === '') {
    await db.exec(sql`DROP TABLE ${lines}`);
    return null;
  }
  const delim = delimiterOf(header.line);
  const named = await db.query<{ name: string | null }>(
    sql`SELECT trim(${valueSql(raw('f'))}) AS name
        FROM (SELECT unnest(l) AS f, unnest(generate_series(1, len(l))) AS i
              FROM (SELECT ${fieldsSql(raw('line'), delim)} AS l FROM ${lines} WHERE line_no = ${skip + 1}))
        ORDER BY i`,
  );
  const { headers, tidied } = tidyHeaders(named.map(({ name }) => name ?? ''));
  const records = ident(`${tables.name}_records`);
  // A line with an odd number of quotes opens a value with a line break inside when it and the
  // next such line make one well-formed record (and the line before did not close one with it),
  // fewer than MAX_VALUE_LINES lines apart, and the two do not each read as a whole record on
  // their own (the header's count of fields, a stray quote taken as text): two stray quotes
  // (`"reunified,6,7,` and a lone `"` for an empty cell) make a well-formed record of the lines
  // between, but each of their lines is a record itself, which the two pieces of one value
  // never both are. Else its quote is stray and the line alone is rejected. A record's row
  // number is its row in a spreadsheet: records and blank lines counted, the header row first.
  await db.exec(sql`
    CREATE OR REPLACE TEMP TABLE ${records} AS
    WITH counted AS (
      SELECT line_no, line, (length(line) - length(replace(line, '"', ''))) % 2 = 1 AS odd
      FROM ${lines} WHERE line_no > ${skip + 1}
    ),
    odd AS (
      SELECT line_no AS first, lead(line_no) OVER (ORDER BY line_no) AS last,
             len(${fieldsSql(raw('line'), delim)}) = ${headers.length} AS whole
      FROM counted WHERE odd
    ),
    starting AS (
      SELECT first, last, whole AND lead(whole) OVER (ORDER BY first) AS both_whole FROM odd
    ),
    pairs AS (
      SELECT o.first, o.last, string_agg(c.line, chr(10) ORDER BY c.line_no) AS line
      FROM starting o JOIN counted c ON c.line_no BETWEEN o.first AND o.last
      WHERE o.last - o.first < ${MAX_VALUE_LINES} AND NOT o.both_whole
      GROUP BY o.first, o.last
    ),
    valid AS (
      SELECT first, last, line FROM pairs
      WHERE ${wellFormedSql(raw('line'), delim)} AND len(${fieldsSql(raw('line'), delim)}) = ${headers.length}
    ),
    taken AS (
      SELECT v.* FROM valid v WHERE NOT EXISTS (SELECT 1 FROM valid w WHERE w.last = v.first)
    ),
    starts AS (
      SELECT c.line_no, coalesce(t.line, c.line) AS line, c.odd AND t.first IS NULL AS unbalanced
      FROM counted c LEFT JOIN taken t ON t.first = c.line_no
      WHERE NOT EXISTS (SELECT 1 FROM taken u WHERE c.line_no > u.first AND c.line_no <= u.last)
    ),
    numbered AS (
      SELECT line_no, line, unbalanced,
             (row_number() OVER (ORDER BY line_no) + ${skip + 1})::INTEGER AS row_no
      FROM starts
    )
    SELECT row_no, line, unbalanced, ${wellFormedSql(raw('line'), delim)} AS well_formed,
           ${fieldsSql(raw('line'), delim)} AS fields
    FROM numbered WHERE line <> ''`);
  await db.exec(sql`
    CREATE OR REPLACE TABLE ${tables.malformed} AS
    SELECT row_no,
           CASE WHEN unbalanced THEN 'UNBALANCED QUOTE'
                WHEN NOT well_formed THEN 'QUOTE INSIDE VALUE'
                WHEN len(fields) > ${headers.length} THEN 'TOO MANY COLUMNS'
                ELSE 'MISSING COLUMNS' END AS error_type,
           NULL::VARCHAR AS message, line AS line_text
    FROM ${records}
    WHERE unbalanced OR NOT well_formed OR len(fields) <> ${headers.length}
    ORDER BY row_no`);
  const columns = headers.map((h, i) => sql`, ${valueSql(sql`fields[${i + 1}]`)} AS ${ident(h)}`);
  await db.exec(sql`
    CREATE OR REPLACE TABLE ${tables.text} AS
    SELECT row_no AS _row_no${join(columns, '')}
    FROM ${records}
    WHERE NOT unbalanced AND well_formed AND len(fields) = ${headers.length}
    ORDER BY row_no`);
  await db.exec(sql`DROP TABLE ${records}`);
  await db.exec(sql`DROP TABLE ${lines}`);
  return { headers, tidied };
}
