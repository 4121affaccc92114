import { isOutOfMemory, type DbClient, type FileSource } from '../db/client';
import { ident, join, literal, sql, type Sql } from '../db/sql';
import {
  tidyHeaders,
  tidyTableHeaders,
  writtenColumnNames,
  type TidiedHeader,
} from './header-names';
import { malformedTableDdl, readingTables, type ReadingTables } from './load-tables';
import {
  delimiterOf,
  describeParquetProblem,
  guardTextFile,
  markGuardedRows,
  type GuardMark,
} from './file-guard';
import { titleLineCount } from './match-columns';
import { hasOddQuoteLine, hasPlainLines, readLines } from './read-lines';
import {
  MAX_HEADER_BYTES,
  decodeWindows1252,
  describeBinary,
  describeHeaderProblem,
  hasControlCharacters,
  isBlankText,
  isParquet,
  utf16Of,
} from './sniff-bytes';

export interface ExtractFile {
  fileName: string;
  source: FileSource;
}

/** A file read into an all-text table `name`: one column per header plus `_row_no`. */
export interface RawFile {
  name: string;
  headers: string[];
  /** Data rows read, plus lines the CSV reader could not split (kept in `${name}_malformed`). */
  rows: number;
  malformed: number;
  encoding: 'utf-8' | 'windows-1252' | 'utf-16';
  /**
   * A text file's delimiter, read from its header line (`delimiterOf`: the most frequent of
   * comma, semicolon and tab); absent for Parquet. A `;` file is a European-locale export,
   * whose amounts are written 1.234,50 (money-conventions.ts).
   */
  delimiter?: Delimiter;
  /**
   * Only when a header's written name held invisible or control characters: those headers,
   * tidied (`tidyHeaders`), and the header's row number (1, or the line after the title lines).
   */
  tidiedHeaders?: { row: number; headers: TidiedHeader[] };
  /** Only when some: rows of only NULs (and spaces or delimiters), dropped as blank lines. */
  nulLines?: number[];
}

/** Characters a blank line may hold: spaces, tabs and NULs (the padding of a truncated export). */
const BLANK_CHARACTERS = sql`' ' || chr(9) || chr(13) || chr(0)`;

/**
 * Drops the lines that hold no value but spaces, tabs and NULs, as an empty line is (their row
 * numbers stay taken): rejected lines of only those (a line of spaces, or NULs padding the end
 * of a truncated export: "fewer fields than the header"), and rows of the text table whose every
 * cell is empty or only those, with a NUL among them. (A row of empty cells, `,,,,`, stays: the
 * row rules reject it as empty.) Returns the row numbers of the lines dropped that held a NUL.
 */
async function dropBlankLines(
  db: DbClient,
  tables: ReadingTables,
  headers: readonly string[],
): Promise<number[]> {
  const { text, malformed } = tables;
  const blank = (cell: Sql) => sql`(${cell} IS NULL OR ltrim(${cell}, ${BLANK_CHARACTERS}) = '')`;
  const padded = sql`${join(
    headers.map((h) => blank(ident(h))),
    ' AND ',
  )} AND contains(concat(${join(
    headers.map((h) => sql`coalesce(${ident(h)}, '')`),
    ', ',
  )}), chr(0))`;
  const blankLine = sql`ltrim(coalesce(line_text, ''), ${BLANK_CHARACTERS}) = ''
      AND error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')`;
  const found = await db.query<{ row_no: number; nul: boolean }>(sql`
    SELECT _row_no AS row_no, TRUE AS nul FROM ${text} WHERE ${padded}
    UNION ALL SELECT row_no, contains(coalesce(line_text, ''), chr(0)) AS nul
    FROM ${malformed} WHERE ${blankLine}
    ORDER BY row_no`);
  if (found.length === 0) return [];
  await db.transaction([
    sql`DELETE FROM ${text} WHERE ${padded}`,
    sql`DELETE FROM ${malformed} WHERE ${blankLine}`,
  ]);
  return found.filter((r) => r.nul).map((r) => r.row_no);
}

/** `RawFile.tidiedHeaders` of a header row `row`: absent when no header was tidied. */
function tidiedOf(row: number, headers: TidiedHeader[]): Pick<RawFile, 'tidiedHeaders'> {
  return headers.length === 0 ? {} : { tidiedHeaders: { row, headers } };
}

/** The delimiters a text file's header is read with (`delimiterOf`). */
export type Delimiter = ',' | ';' | '\t';

export type ReadResult = { ok: true; raw: RawFile } | { ok: false; error: string; rows: number };

const HEAD_BYTES = 4096;
/**
 * DuckDB stops at 2 MB by default and then fails the whole file; a row this long is rejected
 * instead. Not more at first: the reader's buffers grow with it, and at 64 MB DuckDB-wasm could no
 * longer allocate them for a second large file ("Allocation failure" reading a 3M-row extract).
 * A file that fails with it is read again with room for lines up to LONGEST_LINE_BYTES.
 */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
const LONGEST_LINE_BYTES = 64 * 1024 * 1024;
/** A file's bytes, or its first `limit` bytes, read without the rest. */
export async function readFileBytes(
  db: DbClient,
  source: FileSource,
  limit?: number,
): Promise<Uint8Array> {
  const size = await db.fileSize(source);
  return db.readBytes(source, 0, limit === undefined ? size : Math.min(size, limit));
}

async function readCsv(
  db: DbClient,
  path: string,
  tables: ReadingTables,
  skip: number,
): Promise<{ invalidEncoding: boolean; rejected: number }> {
  try {
    return await readCsvLines(db, path, tables, skip, MAX_LINE_BYTES);
  } catch (error) {
    if (isOutOfMemory(error)) throw error;
    // DuckDB fails the whole file on a line over the limit ("CSV Error on Line: 1").
    return readCsvLines(db, path, tables, skip, LONGEST_LINE_BYTES);
  }
}

async function readCsvLines(
  db: DbClient,
  path: string,
  tables: ReadingTables,
  skip: number,
  maxLineBytes: number,
): Promise<{ invalidEncoding: boolean; rejected: number }> {
  await db.transaction([
    sql`DROP TABLE IF EXISTS ${ident(tables.rejects)}`,
    sql`DROP TABLE IF EXISTS ${ident(tables.scans)}`,
  ]);
  // Into the text table itself, `_row_no` first and numbered by `numberRows`: a copy of every
  // cell into a numbered table cost as much as the read.
  await db.exec(
    sql`CREATE OR REPLACE TABLE ${tables.text} AS SELECT NULL::INTEGER AS _row_no, *
       FROM read_csv(${path},
       all_varchar = true, header = true, skip = ${skip}, store_rejects = true,
       max_line_size = ${maxLineBytes},
       rejects_table = ${tables.rejects}, rejects_scan = ${tables.scans})`,
  );
  const [rows] = await db.query<{ invalid: number; rejected: number }>(
    sql`SELECT count(*) FILTER (WHERE error_type = 'INVALID ENCODING')::INTEGER AS invalid,
               count(*)::INTEGER AS rejected
        FROM ${ident(tables.rejects)}`,
  );
  return { invalidEncoding: (rows?.invalid ?? 0) > 0, rejected: rows?.rejected ?? 0 };
}

/** Drops what DuckDB's reader left of a file read by lines instead. */
async function dropReaderTables(db: DbClient, tables: ReadingTables): Promise<void> {
  await db.transaction([
    sql`DROP TABLE IF EXISTS ${tables.text}`,
    sql`DROP TABLE IF EXISTS ${ident(tables.rejects)}`,
    sql`DROP TABLE IF EXISTS ${ident(tables.scans)}`,
  ]);
}

/**
 * Numbers each row of the text table (read in file order, `_row_no` NULL) by its line in the
 * spreadsheet (the header is line `skip + 1`, usually 1). Lines the reader rejected keep their
 * own numbers, and the rows read fill the numbers around them, in file order: the k-th row read
 * (from 0) is line k + skip + 2 plus the rejected lines before it. (Blank lines are skipped by
 * the reader without a trace: rows after one are numbered one line early.)
 */
async function numberRows(
  db: DbClient,
  tables: ReadingTables,
  skip: number,
  rejected: number,
): Promise<void> {
  const { text, malformed } = tables;
  const createMalformed = sql`CREATE OR REPLACE TABLE ${malformed} AS
     SELECT line::INTEGER AS row_no, min(error_type) AS error_type, min(error_message) AS message,
            trim(min(csv_line), chr(10) || chr(13)) AS line_text
     FROM ${ident(tables.rejects)} GROUP BY line ORDER BY line`;
  const numbers = `${tables.name}_row_numbers`;
  const sequence = sql`CREATE OR REPLACE TEMP SEQUENCE ${ident(numbers)} START ${skip + 2}`;
  // No line rejected (`rejected` counts the reader's rejects): no malformed line, no count. The
  // small statements around the rewrite go in transactions, one round trip each.
  let inOrder = rejected === 0;
  if (inOrder) {
    await db.transaction([createMalformed, sequence]);
  } else {
    await db.exec(createMalformed);
    const [counted] = await db.query<{ n: number }>(
      sql`SELECT count(*)::INTEGER AS n FROM ${malformed}`,
    );
    inOrder = (counted?.n ?? 0) === 0;
    if (inOrder) await db.exec(sequence);
  }
  if (inOrder) {
    // The one column rewritten, the cells staying where the reader put them: from a sequence,
    // which the rewrite draws from row by row in table order. (An UPDATE left every later scan
    // filtered on _row_no slower; a copy of every cell cost as much as the read.)
    await db.exec(
      sql`ALTER TABLE ${text} ALTER _row_no SET DATA TYPE INTEGER USING nextval(${literal(numbers)})::INTEGER`,
    );
  } else {
    // Rows read before the j-th rejected line: row_no - (skip + 2) - (j - 1).
    await db.exec(
      sql`CREATE OR REPLACE TABLE ${text} AS
       WITH gaps AS (
         SELECT row_no - ${skip + 1} - row_number() OVER (ORDER BY row_no) AS rows_before,
                count(*) OVER (ORDER BY row_no) AS passed
         FROM ${malformed}
       ),
       steps AS (SELECT rows_before, max(passed) AS passed FROM gaps GROUP BY rows_before)
       SELECT (r.k + ${skip + 2} + coalesce(steps.passed, 0))::INTEGER AS _row_no, r.* EXCLUDE (k)
       FROM (SELECT rowid AS k, * EXCLUDE (_row_no) FROM ${text}) r
         ASOF LEFT JOIN steps ON r.k >= steps.rows_before
       ORDER BY _row_no`,
    );
  }
  await db.transaction([
    ...(inOrder ? [sql`DROP SEQUENCE ${ident(numbers)}`] : []),
    sql`DROP TABLE IF EXISTS ${ident(tables.rejects)}`,
    sql`DROP TABLE IF EXISTS ${ident(tables.scans)}`,
  ]);
}

/**
 * Reads a Parquet file into the same all-text table a CSV file gives, so that one normalization
 * parses both: dates become YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS, booleans true/false.
 * Rows are numbered as lines of the same table saved as CSV: the k-th row (from 0) is k + 2.
 */
async function readParquet(
  db: DbClient,
  file: ExtractFile,
  tables: ReadingTables,
): Promise<
  | { ok: true; headers: string[]; tidied: TidiedHeader[]; rows: number }
  | { ok: false; error: string }
> {
  const { text, malformed } = tables;
  const typed = ident(tables.parquet);
  try {
    await db.createTableFromParquet(tables.parquet, file.source);
  } catch (error) {
    // Running out of memory is not damage: the loader's own message says what it is.
    if (isOutOfMemory(error)) throw error;
    return {
      ok: false,
      error: `${file.fileName} could not be read as a Parquet file: it is damaged or not Parquet. Export the table again, as Parquet or as CSV, and load the new file.`,
    };
  }
  // Columns taken by position: a written name may be one SQL cannot quote (a NUL).
  const { headers, tidied } = tidyHeaders(await writtenColumnNames(db, typed));
  const texts = headers.map((h, i) => sql`, CAST(#${i + 1} AS VARCHAR) AS ${ident(h)}`);
  await db.exec(
    sql`CREATE OR REPLACE TABLE ${text} AS
     SELECT (rowid + 2)::INTEGER AS _row_no${join(texts, '')}
     FROM ${typed} ORDER BY rowid`,
  );
  await db.exec(sql`DROP TABLE ${typed}`);
  await db.exec(malformedTableDdl(malformed));
  const counts = await db.query<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM ${text}`);
  return { ok: true, headers, tidied, rows: counts[0]?.n ?? 0 };
}

/** A catch handler giving `fallback`, except for running out of memory, which it throws on. */
function unlessOutOfMemory<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isOutOfMemory(error)) throw error;
    return fallback;
  };
}

/**
 * What a file's bytes say before DuckDB reads it: refused (`ok: false`), a Parquet file, or a
 * text file with its encoding (`utf16`: the label of a UTF-16 file, else null),
 * the title lines above its header (`skip`) and, for a file that is not UTF-16, what the guard
 * made of its rows (file-guard.ts; a UTF-16 file is guarded once it is UTF-8).
 */
export type FileCheck =
  | { ok: false; error: string }
  | { ok: true; parquet: true }
  | {
      ok: true;
      parquet: false;
      utf16: 'utf-16le' | 'utf-16be' | null;
      skip: number;
      /** The header line's delimiter (`delimiterOf`). */
      delimiter: Delimiter;
      guard: {
        source: FileSource;
        marks: GuardMark[];
        plainLines: boolean | null;
        oddQuotes: boolean | null;
      } | null;
    };

/**
 * The checks of a file that read only its bytes, no statement (`readRawFile` runs them first):
 * the loader starts them for the next file while DuckDB works on the one before, so that the
 * page's reading of a file's bytes overlaps the worker's statements instead of waiting between
 * them. Throws only what reading the bytes throws.
 */
export async function checkFile(db: DbClient, file: ExtractFile): Promise<FileCheck> {
  const { fileName, source } = file;
  const fail = (error: string): FileCheck => ({ ok: false, error });
  const head = await readFileBytes(db, source, HEAD_BYTES);
  if (head.length === 0) {
    return fail(`${fileName} is empty (0 bytes). Export the table again and load the new file.`);
  }
  if (head.length < HEAD_BYTES && isBlankText(head)) {
    return fail(
      `${fileName} is empty: it has no header and no rows. Export the table again and load the new file.`,
    );
  }
  if (isParquet(fileName, head)) return { ok: true, parquet: true };
  const utf16 = utf16Of(head);
  const headText = new TextDecoder(utf16 ?? 'utf-8').decode(head);
  const skip = titleLineCount(headText);
  const delimiter = delimiterOf(headText.split(/\r\n|\n|\r/)[skip] ?? '') as Delimiter;
  const binary = utf16 === null ? describeBinary(fileName, head) : null;
  if (binary !== null) return fail(binary);
  if (utf16 !== null) return { ok: true, parquet: false, utf16, skip, delimiter, guard: null };
  // Rows no record could be (too long, too wide) are taken out before DuckDB sees the file.
  const longHead =
    head.length < HEAD_BYTES ? head : await readFileBytes(db, source, MAX_HEADER_BYTES);
  const headerProblem = describeHeaderProblem(fileName, longHead, skip);
  if (headerProblem !== null) return fail(headerProblem);
  const checked = await guardTextFile(db, fileName, source, longHead, skip);
  if (!checked.ok) return fail(checked.error);
  const { marks, plainLines, oddQuotes } = checked;
  return {
    ok: true,
    parquet: false,
    utf16,
    skip,
    delimiter,
    guard: { source: checked.source, marks, plainLines, oddQuotes },
  };
}

/**
 * Reads one extract file into the all-text table `name`. Bad input is a `{ ok: false }` result
 * with a message naming the file, what is wrong and what to do; it never throws for bad input.
 * `checked`: its `checkFile`, when the caller started it ahead.
 */
export async function readRawFile(
  db: DbClient,
  file: ExtractFile,
  name: string,
  checked: Promise<FileCheck> = checkFile(db, file),
): Promise<ReadResult> {
  const { fileName, source } = file;
  const tables = readingTables(name);
  const fail = (error: string, rows = 0): ReadResult => ({ ok: false, error, rows });
  const registered = `${name}-${fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  const extraFiles: string[] = [];
  try {
    const check = await checked;
    if (!check.ok) return fail(check.error);
    if (check.parquet) {
      const tooLarge = await describeParquetProblem(db, fileName, source);
      if (tooLarge !== null) return fail(tooLarge);
      const parquet = await readParquet(db, file, tables);
      if (!parquet.ok) return fail(parquet.error);
      if (parquet.rows === 0) {
        return fail(
          `${fileName} has columns but no rows. Export the table again with its rows, or leave the file out.`,
        );
      }
      const { headers, tidied, rows } = parquet;
      return {
        ok: true,
        raw: { name, headers, rows, malformed: 0, encoding: 'utf-8', ...tidiedOf(1, tidied) },
      };
    }
    const { utf16, skip } = check;
    // Rows no record could be (too long, too wide) are taken out before DuckDB sees the file
    // (file-guard.ts, in `checkFile`); a UTF-16 file is checked once it is UTF-8.
    let guarded: FileSource = check.guard?.source ?? source;
    let marks: GuardMark[] = check.guard?.marks ?? [];
    /** `hasPlainLines` of the file read, when the guard's pass over its bytes could tell. */
    let plainLines = check.guard?.plainLines ?? null;
    /** `hasOddQuoteLine` of the file read, when the guard's pass could tell. */
    let oddQuotes = check.guard?.oddQuotes ?? null;
    const guard = async (text: FileSource, textHead: Uint8Array): Promise<string | null> => {
      const checked = await guardTextFile(db, fileName, text, textHead, skip);
      if (!checked.ok) return checked.error;
      guarded = checked.source;
      marks = checked.marks;
      plainLines = checked.plainLines;
      oddQuotes = checked.oddQuotes;
      return null;
    };

    let encoding: RawFile['encoding'] = 'utf-8';
    let readPath = await db.registerFile(registered, guarded);
    extraFiles.push(registered);
    /** The file as UTF-8 bytes, read from then on; false when it is not text in `label`. */
    const transcode = async (label: 'utf-16le' | 'utf-16be' | 'windows-1252') => {
      const bytes = await readFileBytes(db, guarded);
      const text =
        label === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(label).decode(bytes);
      if (hasControlCharacters(text)) return false;
      let utf8: FileSource = { kind: 'bytes', bytes: new TextEncoder().encode(text) };
      if (label !== 'windows-1252') {
        const refusal = await guard(utf8, utf8.bytes.subarray(0, MAX_HEADER_BYTES));
        if (refusal !== null) return refusal;
        utf8 = guarded;
      }
      // Windows-1252 text is read as UTF-8 bytes the guard did not see.
      if (label === 'windows-1252') {
        plainLines = null;
        oddQuotes = null;
      }
      const name = `${registered}.utf8.csv`;
      readPath = await db.registerFile(name, utf8);
      extraFiles.push(name);
      return true;
    };
    if (utf16 !== null) {
      const transcoded = await transcode(utf16);
      if (typeof transcoded === 'string') return fail(transcoded);
      if (!transcoded) {
        return fail(
          `${fileName} could not be decoded as UTF-16 text. Save it as "CSV UTF-8" and load it again.`,
        );
      }
      encoding = 'utf-16';
    }
    let plain = false;
    let rejected = 0;
    try {
      let read = await readCsv(db, readPath, tables, skip);
      if (read.invalidEncoding) {
        if ((await transcode('windows-1252')) !== true) {
          return fail(
            `${fileName} is not readable text: it is neither UTF-8 nor Windows-1252. Save it as "CSV UTF-8" and load it again.`,
          );
        }
        encoding = 'windows-1252';
        read = await readCsv(db, readPath, tables, skip);
      }
      rejected = read.rejected;
      plain = rejected === 0;
    } catch (error) {
      // Out of memory is no fault of the file: the load fails with it (never "not a CSV file").
      if (isOutOfMemory(error)) throw error;
      // DuckDB's sniffer refuses mixed line ends, among others: the file is read by lines.
    }
    // A file that DuckDB cannot even read by lines is read by lines in SQL; so is one with a line
    // of an odd number of quotes (a stray quote, or a value with a line break), whose quotes
    // DuckDB's reader may pair across thousands of lines or keep as text (read-lines.ts).
    if (plain)
      plain = plainLines ?? (await hasPlainLines(db, readPath).catch(unlessOutOfMemory(false)));
    if (plain)
      plain = !(oddQuotes ?? (await hasOddQuoteLine(db, readPath).catch(unlessOutOfMemory(true))));
    let headers: string[];
    let tidied: TidiedHeader[];
    if (plain) {
      await numberRows(db, tables, skip, rejected);
      ({ headers, tidied } = await tidyTableHeaders(db, tables.text));
    } else {
      await dropReaderTables(db, tables);
      const lines = await readLines(db, readPath, tables, skip).catch(unlessOutOfMemory(null));
      if (lines === null) {
        return fail(
          `${fileName} could not be read as a CSV file. Check that it is a comma-, semicolon- or tab-separated text file with a header row, export it again if not, and load it again.`,
        );
      }
      ({ headers, tidied } = lines);
    }
    await markGuardedRows(db, tables.malformed, marks);
    const padding = await dropBlankLines(db, tables, headers);
    const counts = await db.query<{ rows: number; malformed: number }>(
      sql`SELECT (SELECT count(*) FROM ${tables.text})::INTEGER AS rows,
              (SELECT count(*) FROM ${tables.malformed})::INTEGER AS malformed`,
    );
    const rows = (counts[0]?.rows ?? 0) + (counts[0]?.malformed ?? 0);
    if (rows === 0 && headers.every((h) => /^column\d+$/.test(h) || h.trim() === '')) {
      return fail(
        `${fileName} is empty: it has no header and no rows. Export the table again and load the new file.`,
      );
    }
    if (rows === 0) {
      return fail(
        `${fileName} has a header but no data rows. Export the table again with its rows, or leave the file out.`,
      );
    }
    return {
      ok: true,
      raw: {
        name,
        headers,
        rows,
        malformed: counts[0]?.malformed ?? 0,
        encoding,
        delimiter: check.delimiter,
        ...tidiedOf(skip + 1, tidied),
        ...(padding.length === 0 ? {} : { nulLines: padding }),
      },
    };
  } finally {
    for (const extra of extraFiles) await db.dropFile(extra);
  }
}
