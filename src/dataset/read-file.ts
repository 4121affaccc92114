import type { DbClient, FileSource } from '../db/client';
import { titleLineCount } from './match-columns';
import { quoteLiteral } from './normalize-sql';

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
}

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
/** A header row ends within this many bytes, with at most this many columns (an extract has ~15). */
const MAX_HEADER_BYTES = 256 * 1024;
const MAX_COLUMNS = 2000;

/**
 * Why the header row cannot be a real one: millions of fields on one line would make DuckDB
 * allocate gigabytes (seen: 19 GiB in Node) before failing. Null when the header looks sane.
 */
function describeHeaderProblem(fileName: string, head: Uint8Array, skip: number): string | null {
  const text = new TextDecoder('utf-8').decode(head);
  const lines = text.split(/\r\n|\n|\r/);
  const header = lines[skip] ?? '';
  if (lines.length <= skip + 1 && head.length >= MAX_HEADER_BYTES) {
    return `The first row of ${fileName} is longer than ${MAX_HEADER_BYTES / 1024} KB, which no header row is. Check that it is a Linkages extract with one header row and one line per record.`;
  }
  const fields = Math.max(...[',', ';', '\t'].map((d) => header.split(d).length));
  if (fields > MAX_COLUMNS) {
    return `The header row of ${fileName} has ${fields.toLocaleString('en-US')} columns; an extract has a few dozen at most. Check that it is a Linkages extract with one header row.`;
  }
  return null;
}

/** Bytes of a file held in the page or in memory, without a copy when they are in memory. */
async function readHeld(
  source: Exclude<FileSource, { kind: 'path' }>,
  limit?: number,
): Promise<Uint8Array> {
  if (source.kind === 'bytes')
    return limit === undefined ? source.bytes : source.bytes.subarray(0, limit);
  const blob = limit === undefined ? source.file : source.file.slice(0, limit);
  return new Uint8Array(await blob.arrayBuffer());
}

async function readBytes(
  db: DbClient,
  source: FileSource,
  path: string,
  limit?: number,
): Promise<Uint8Array> {
  if (source.kind !== 'path') return readHeld(source, limit);
  // A path on disk (Node): read it through DuckDB, which may see it, as hex text.
  const content = limit === undefined ? 'content' : `content[1:${limit}]`;
  const rows = await db.query<{ h: string | null }>(
    `SELECT hex(${content}) AS h FROM read_blob(${quoteLiteral(path)})`,
  );
  const hex = rows[0]?.h ?? '';
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * The first bytes of a file held in the page or in memory, for a look at its header row; null
 * for a path on disk (Node), which DuckDB would read whole to give its first bytes.
 */
export async function readHead(source: FileSource): Promise<Uint8Array | null> {
  return source.kind === 'path' ? null : readHeld(source, 64 * 1024);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** A Parquet file, by its magic bytes PAR1 or its name. */
export function isParquet(fileName: string, head: Uint8Array): boolean {
  return fileName.toLowerCase().endsWith('.parquet') || startsWith(head, [0x50, 0x41, 0x52, 0x31]);
}

/** Why the first bytes show this is neither a CSV text file nor Parquet, or null. */
export function describeBinary(fileName: string, head: Uint8Array): string | null {
  if (isParquet(fileName, head)) return null;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
    return `${fileName} is a PDF document, not a CSV file. Export the table from the source system as CSV and load that file.`;
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return `${fileName} is an Excel workbook (or another zipped file), not a CSV file. In Excel use File › Save As › "CSV UTF-8" and load the CSV.`;
  }
  // A stray NUL in a text export is a damaged value (removed with a warning when read); binary
  // files are full of them.
  if (head.filter((b) => b === 0).length * 20 > head.length) {
    return `${fileName} is not a text file (it holds binary data). Export the table as CSV and load that file.`;
  }
  return null;
}

/** Control characters other than tab and line ends: the text is not in the encoding tried. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0x80 && code <= 0x9f)
    ) {
      return true;
    }
  }
  return false;
}

/** Windows-1252 bytes 0x80–0x9F; the five bytes it leaves undefined stay C1 controls. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Decodes Windows-1252 by table: some Node versions decode it as Latin-1
 * (https://github.com/nodejs/node/issues/60888), which would turn ’ into a control character.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b,
    );
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/** Only a byte-order mark, spaces and line ends. */
function isBlankText(bytes: Uint8Array): boolean {
  const start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  return bytes.subarray(start).every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

function isUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

async function readCsv(
  db: DbClient,
  path: string,
  name: string,
  skip: number,
): Promise<{ invalidEncoding: boolean }> {
  try {
    return await readCsvLines(db, path, name, skip, MAX_LINE_BYTES);
  } catch {
    // DuckDB fails the whole file on a line over the limit ("CSV Error on Line: 1").
    return readCsvLines(db, path, name, skip, LONGEST_LINE_BYTES);
  }
}

async function readCsvLines(
  db: DbClient,
  path: string,
  name: string,
  skip: number,
  maxLineBytes: number,
): Promise<{ invalidEncoding: boolean }> {
  await db.exec(`DROP TABLE IF EXISTS ${name}_rejects`);
  await db.exec(`DROP TABLE IF EXISTS ${name}_scans`);
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${name}_read AS SELECT * FROM read_csv(${quoteLiteral(path)},
       all_varchar = true, header = true, skip = ${skip}, store_rejects = true,
       max_line_size = ${String(maxLineBytes)},
       rejects_table = '${name}_rejects', rejects_scan = '${name}_scans')`,
  );
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${name}_rejects WHERE error_type = 'INVALID ENCODING'`,
  );
  return { invalidEncoding: (rows[0]?.n ?? 0) > 0 };
}

/**
 * Numbers each row by its line in the spreadsheet (the header is line `skip + 1`, usually 1).
 * Lines the reader rejected keep their own numbers, and the rows read fill the numbers around
 * them, in file order: the k-th row read (from 0) is line k + skip + 2 plus the rejected lines
 * before it. (Blank lines are skipped by the reader without a trace: rows after one are
 * numbered one line early.)
 */
async function numberRows(db: DbClient, name: string, skip: number): Promise<void> {
  await db.exec(
    `CREATE OR REPLACE TABLE ${name}_malformed AS
     SELECT line::INTEGER AS row_no, min(error_type) AS error_type, min(error_message) AS message,
            trim(min(csv_line), chr(10) || chr(13)) AS line_text
     FROM ${name}_rejects GROUP BY line ORDER BY line`,
  );
  const [malformed] = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${name}_malformed`,
  );
  if ((malformed?.n ?? 0) === 0) {
    await db.exec(
      `CREATE OR REPLACE TABLE ${name} AS SELECT (rowid + ${skip + 2})::INTEGER AS _row_no, * FROM ${name}_read`,
    );
  } else {
    // Rows read before the j-th rejected line: row_no - (skip + 2) - (j - 1).
    await db.exec(
      `CREATE OR REPLACE TABLE ${name} AS
       WITH gaps AS (
         SELECT row_no - ${skip + 1} - row_number() OVER (ORDER BY row_no) AS rows_before,
                count(*) OVER (ORDER BY row_no) AS passed
         FROM ${name}_malformed
       ),
       steps AS (SELECT rows_before, max(passed) AS passed FROM gaps GROUP BY rows_before)
       SELECT (r.k + ${skip + 2} + coalesce(steps.passed, 0))::INTEGER AS _row_no, r.* EXCLUDE (k)
       FROM (SELECT rowid AS k, * FROM ${name}_read) r ASOF LEFT JOIN steps ON r.k >= steps.rows_before
       ORDER BY _row_no`,
    );
  }
  await db.exec(`DROP TABLE ${name}_read`);
  await db.exec(`DROP TABLE IF EXISTS ${name}_rejects`);
  await db.exec(`DROP TABLE IF EXISTS ${name}_scans`);
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Reads a Parquet file into the same all-text table a CSV file gives, so that one normalization
 * parses both: dates become YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS, booleans true/false.
 * Rows are numbered as lines of the same table saved as CSV: the k-th row (from 0) is k + 2.
 */
async function readParquet(
  db: DbClient,
  file: ExtractFile,
  name: string,
): Promise<{ ok: true; headers: string[]; rows: number } | { ok: false; error: string }> {
  const typed = `${name}_parquet`;
  if (db.createTableFromParquet === undefined) {
    return {
      ok: false,
      error: `${file.fileName} is a Parquet file, which this engine cannot read. Save the table as CSV and load the CSV.`,
    };
  }
  try {
    await db.createTableFromParquet(typed, file.source);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    // Native DuckDB names the temporary path it read, which means nothing to the evaluator.
    const detail = message.replace(/ in file '[^']*'/, '');
    return {
      ok: false,
      error: `${file.fileName} could not be read as a Parquet file (${detail}). Export the table again, as Parquet or as CSV, and load the new file.`,
    };
  }
  const columns = await db.query<{ column_name: string }>(
    `SELECT column_name FROM (DESCRIBE ${typed}) WHERE column_name <> '_row_no'`,
  );
  const headers = columns.map((c) => c.column_name);
  const texts = headers.map((h) => `CAST(${quoteIdent(h)} AS VARCHAR) AS ${quoteIdent(h)}`);
  await db.exec(
    `CREATE OR REPLACE TABLE ${name} AS
     SELECT (rowid + 2)::INTEGER AS _row_no${texts.map((t) => `, ${t}`).join('')}
     FROM ${typed} ORDER BY rowid`,
  );
  await db.exec(`DROP TABLE ${typed}`);
  await db.exec(
    `CREATE OR REPLACE TABLE ${name}_malformed
       (row_no INTEGER, error_type VARCHAR, message VARCHAR, line_text VARCHAR)`,
  );
  const counts = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${name}`);
  return { ok: true, headers, rows: counts[0]?.n ?? 0 };
}

/**
 * Reads one extract file into the all-text table `name`. Bad input is a `{ ok: false }` result
 * with a message naming the file, what is wrong and what to do; it never throws for bad input.
 */
export async function readRawFile(
  db: DbClient,
  file: ExtractFile,
  name: string,
): Promise<ReadResult> {
  const { fileName, source } = file;
  const fail = (error: string, rows = 0): ReadResult => ({ ok: false, error, rows });
  const registered = `${name}-${fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  const path = await db.registerFile(registered, source);
  const extraFiles: string[] = [];
  try {
    const head = await readBytes(db, source, path, HEAD_BYTES);
    if (head.length === 0) {
      return fail(`${fileName} is empty (0 bytes). Export the table again and load the new file.`);
    }
    if (head.length < HEAD_BYTES && isBlankText(head)) {
      return fail(
        `${fileName} is empty: it has no header and no rows. Export the table again and load the new file.`,
      );
    }
    if (isParquet(fileName, head)) {
      const parquet = await readParquet(db, file, name);
      if (!parquet.ok) return fail(parquet.error);
      if (parquet.rows === 0) {
        return fail(
          `${fileName} has columns but no rows. Export the table again with its rows, or leave the file out.`,
        );
      }
      const { headers, rows } = parquet;
      return { ok: true, raw: { name, headers, rows, malformed: 0, encoding: 'utf-8' } };
    }
    const utf16 = isUtf16(head);
    const skip = titleLineCount(new TextDecoder(utf16 ?? 'utf-8').decode(head));
    const binary = utf16 === null ? describeBinary(fileName, head) : null;
    if (binary !== null) return fail(binary);
    if (utf16 === null) {
      const longHead =
        head.length < HEAD_BYTES ? head : await readBytes(db, source, path, MAX_HEADER_BYTES);
      const headerProblem = describeHeaderProblem(fileName, longHead, skip);
      if (headerProblem !== null) return fail(headerProblem);
    }

    let encoding: RawFile['encoding'] = 'utf-8';
    let readPath = path;
    const transcode = async (label: 'utf-16le' | 'utf-16be' | 'windows-1252') => {
      const bytes = await readBytes(db, source, path);
      const text =
        label === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(label).decode(bytes);
      if (hasControlCharacters(text)) return false;
      const utf8 = `${registered}.utf8.csv`;
      readPath = await db.registerFile(utf8, {
        kind: 'bytes',
        bytes: new TextEncoder().encode(text),
      });
      extraFiles.push(utf8);
      return true;
    };
    if (utf16 !== null) {
      if (!(await transcode(utf16))) {
        return fail(
          `${fileName} could not be decoded as UTF-16 text. Save it as "CSV UTF-8" and load it again.`,
        );
      }
      encoding = 'utf-16';
    }
    let read: { invalidEncoding: boolean };
    try {
      read = await readCsv(db, readPath, name, skip);
      if (read.invalidEncoding) {
        if (!(await transcode('windows-1252'))) {
          return fail(
            `${fileName} is not readable text: it is neither UTF-8 nor Windows-1252. Save it as "CSV UTF-8" and load it again.`,
          );
        }
        encoding = 'windows-1252';
        read = await readCsv(db, readPath, name, skip);
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return fail(
        `${fileName} could not be read as a CSV file (${detail}). Check that it is a comma-, semicolon- or tab-separated text file.`,
      );
    }
    await numberRows(db, name, skip);
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE ${name}) WHERE column_name <> '_row_no'`,
    );
    const headers = columns.map((c) => c.column_name);
    const counts = await db.query<{ rows: number; malformed: number }>(
      `SELECT (SELECT count(*) FROM ${name})::INTEGER AS rows,
              (SELECT count(*) FROM ${name}_malformed)::INTEGER AS malformed`,
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
      raw: { name, headers, rows, malformed: counts[0]?.malformed ?? 0, encoding },
    };
  } finally {
    await db.dropFile(registered);
    for (const extra of extraFiles) await db.dropFile(extra);
  }
}
