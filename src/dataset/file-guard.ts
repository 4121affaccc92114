import { firstLineOf, isOutOfMemory, type DbClient, type FileSource } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { MAX_COLUMNS } from './sniff-bytes';

/**
 * The pre-read guard: what a file's bytes say about its size before DuckDB reads it. A row no
 * extract has (wider or longer than any record) made DuckDB allocate gigabytes or fail the whole
 * file (issue #19: 5 rows of 20,000 fields ran the browser out of memory, 9.7 GB in Node; a
 * 200 MB row refused the file after 214 s); a small Parquet file can expand to tens of millions
 * of rows. Text files are scanned in chunks of CHUNK_BYTES (bounded memory, one pass); each
 * such row is replaced by a marker line before the file is read, so the readers number every
 * row as always and reject the marker, which `markGuardedRows` then names. Parquet files are
 * judged by their footer's metadata alone.
 */

/** A record of the extract is a few hundred bytes; no record is longer than this. */
export const MAX_ROW_BYTES = 1024 * 1024;
/** More rows than this that no record could be: the file is refused as a whole. */
export const MAX_GUARDED_ROWS = 10_000;
/** A Parquet file of more rows than this (five times a statewide extract's children) is refused. */
export const MAX_PARQUET_ROWS = 5_000_000;
/** Nor one whose values take more than this once uncompressed (its footer's total_byte_size). */
export const MAX_PARQUET_BYTES = 1024 * 1024 * 1024;
/**
 * Nor one whose values take more than this once read as text (`DbClient.parquetTextBytes`): a
 * value repeated in many rows is stored once (dictionary encoding), so a file of a few MB whose
 * footer passes can still expand to gigabytes (issue #19: 1.9 MB, 4.9 million rows of a
 * 4,000-byte value, 19 GB as text, ran both engines out of memory).
 */
export const MAX_PARQUET_TEXT_BYTES = 1024 * 1024 * 1024;
const CHUNK_BYTES = 4 * 1024 * 1024;
const PREVIEW_BYTES = 1024;

/** A row wider than this many fields is not a record that slipped a quote or a delimiter. */
export function maxRowFields(headerFields: number): number {
  return Math.max(2 * headerFields, headerFields + 64);
}

/** Error types of the rows the guard took out, and why they were rejected (the report's reason). */
export const GUARD_REASONS = {
  'ROW TOO LONG': `the line is longer than ${String(MAX_ROW_BYTES / 1024 / 1024)} MB, which no record of the extract is, so it was not read (check how the file was exported)`,
  'ROW TOO WIDE':
    'the line has far more fields than the header (more than twice as many), which no record of the extract has, so it was not read (check how the file was exported)',
} as const;

type GuardedType = keyof typeof GUARD_REASONS;

interface GuardedRow {
  type: GuardedType;
  /** Byte offsets of the line, its line end excluded. */
  start: number;
  end: number;
  /** Physical line number (1 = the first line), for a refusal's message. */
  line: number;
}

/** A marker line that took a guarded row's place, and what the row was. */
export interface GuardMark {
  marker: string;
  type: GuardedType;
  /** The row's first bytes, as the rejected-rows download shows a rejected line. */
  preview: string;
}

export type TextGuard =
  | {
      ok: true;
      source: FileSource;
      marks: GuardMark[];
      /**
       * `hasPlainLines` (read-lines.ts) of `source`, found in the same pass; null when the bytes
       * cannot tell (a guarded row's marker changes the lines, or a line holds the byte that
       * query reads as its delimiter): the query tells then.
       */
      plainLines: boolean | null;
      /**
       * Whether a line of `source` holds an odd number of quotes (`PlainLineScan.oddQuoteLine`):
       * a stray quote or a value with a line break inside, which DuckDB's reader may misread;
       * null when a guarded row's marker changed the lines (the query tells then).
       */
      oddQuotes: boolean | null;
    }
  | { ok: false; error: string };

/**
 * `hasPlainLines` (read-lines.ts) from a file's bytes, fed in order (`scan`): DuckDB's reader
 * there, told that no delimiter or quote occurs, ends a line at each CR and at each LF (a CRLF
 * leaves an empty line between them) and reads an empty line as NULL; between lines that are
 * not NULL and do not start inside a quoted value (an odd count of quotes on the lines before),
 * the gaps must all be 0 (LF or CR line ends) or all 1 (CRLF). The byte 0x01 is that query's
 * delimiter: a file holding it is not judged here (`plain` is null). A unit test compares the
 * two on files of every kind of line end.
 */
export class PlainLineScan {
  #line = 0;
  #length = 0;
  #quotes = 0;
  #lastLine = 0;
  #quotesBefore = 0;
  #gap: number | null = null;
  #plain = true;
  #judged = true;
  #oddQuoteLine = false;

  #endLine(): void {
    this.#line++;
    if (this.#quotes % 2 === 1) this.#oddQuoteLine = true;
    if (this.#length > 0) {
      if (this.#lastLine > 0 && this.#quotesBefore % 2 === 0) {
        const gap = this.#line - this.#lastLine - 1;
        if (gap > 1 || (this.#gap !== null && gap !== this.#gap)) this.#plain = false;
        this.#gap = gap;
      }
      this.#lastLine = this.#line;
      this.#quotesBefore += this.#quotes;
    }
    this.#length = 0;
    this.#quotes = 0;
  }

  /** The next bytes of the file. */
  scan(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a || b === 0x0d) this.#endLine();
      else {
        this.#length++;
        if (b === 0x22) this.#quotes++;
        else if (b === 0x01) this.#judged = false;
      }
    }
  }

  /** After the last bytes (once): `hasPlainLines` of the file, or null when the bytes cannot tell. */
  end(): boolean | null {
    if (this.#length > 0) this.#endLine();
    return this.#judged ? this.#plain : null;
  }

  /**
   * After `end`: whether a line (ended at CR or LF) holds an odd number of quotes, as
   * `hasOddQuoteLine` (read-lines.ts) answers: a stray quote, or a value with a line break.
   */
  oddQuoteLine(): boolean {
    return this.#oddQuoteLine;
  }
}

/** The delimiter of a header line: the most frequent of comma, semicolon and tab. */
export function delimiterOf(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** Fields of a line: delimiters outside quotes, plus one. */
function fieldsOf(line: string, delim: string): number {
  let fields = 1;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delim && !quoted) fields++;
  }
  return fields;
}

/**
 * Finds the rows, after the header (line `skip + 1`), longer than MAX_ROW_BYTES or wider than
 * `maxFields` fields, in one pass over the file, CHUNK_BYTES at a time. Lines end at CR, LF or
 * CRLF (as read-lines.ts splits them); fields are counted per physical line, quotes toggling
 * within the line. Stops once more than MAX_GUARDED_ROWS are found.
 */
async function findGuardedRows(
  db: DbClient,
  source: FileSource,
  skip: number,
  delim: number,
  maxFields: number,
  lines: PlainLineScan,
): Promise<GuardedRow[]> {
  const size = await db.fileSize(source);
  const found: GuardedRow[] = [];
  let line = 1;
  let start = 0;
  let fields = 1;
  let quoted = false;
  let afterCr = false;
  const endLine = (end: number) => {
    if (line > skip + 1) {
      if (end - start > MAX_ROW_BYTES) found.push({ type: 'ROW TOO LONG', start, end, line });
      else if (fields > maxFields) found.push({ type: 'ROW TOO WIDE', start, end, line });
    }
    line++;
    fields = 1;
    quoted = false;
  };
  for (let offset = 0; offset < size && found.length <= MAX_GUARDED_ROWS;) {
    const chunk = await db.readBytes(source, offset, Math.min(size, offset + CHUNK_BYTES));
    if (chunk.length === 0) break;
    lines.scan(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a || b === 0x0d) {
        if (b === 0x0a && afterCr) {
          afterCr = false;
          start = offset + i + 1;
          continue;
        }
        endLine(offset + i);
        afterCr = b === 0x0d;
        start = offset + i + 1;
        continue;
      }
      afterCr = false;
      if (b === 0x22) quoted = !quoted;
      else if (b === delim && !quoted) fields++;
    }
    offset += chunk.length;
  }
  if (start < size) endLine(size);
  return found;
}

/** The file with each guarded row's bytes replaced by its marker line, without reading the rest. */
async function withMarkers(
  db: DbClient,
  fileName: string,
  source: FileSource,
  rows: readonly GuardedRow[],
  markers: readonly string[],
): Promise<FileSource> {
  const size = await db.fileSize(source);
  const kept: [number, number][] = [];
  let from = 0;
  for (const row of rows) {
    kept.push([from, row.start]);
    from = row.end;
  }
  kept.push([from, size]);
  if (source.kind === 'file') {
    // A File made of slices of the dropped one: nothing is read until DuckDB reads it.
    const parts: BlobPart[] = [];
    kept.forEach(([a, b], i) => {
      parts.push(source.file.slice(a, b));
      if (i < markers.length) parts.push(markers[i]!);
    });
    return { kind: 'file', file: new File(parts, fileName) };
  }
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const [i, [a, b]] of kept.entries()) {
    for (let at = a; at < b; at += CHUNK_BYTES)
      pieces.push(await db.readBytes(source, at, Math.min(b, at + CHUNK_BYTES)));
    if (i < markers.length) pieces.push(encoder.encode(markers[i]));
  }
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return { kind: 'bytes', bytes };
}

/**
 * Checks a text file's rows before it is read (`head`: its first bytes, up to MAX_HEADER_BYTES,
 * whose line `skip + 1` is the header). Rows longer than MAX_ROW_BYTES or wider than
 * `maxRowFields(header fields)` are replaced by marker lines: `source` is then a new file (a
 * File of the dropped one's slices, else bytes) and `marks` says what each marker stands for.
 * A file with more than MAX_GUARDED_ROWS such rows is refused with a message naming the first.
 */
export async function guardTextFile(
  db: DbClient,
  fileName: string,
  source: FileSource,
  head: Uint8Array,
  skip: number,
): Promise<TextGuard> {
  const header = new TextDecoder('utf-8').decode(head).split(/\r\n|\n|\r/)[skip] ?? '';
  const delim = delimiterOf(header);
  const headerFields = fieldsOf(header, delim);
  const lines = new PlainLineScan();
  const rows = await findGuardedRows(
    db,
    source,
    skip,
    delim.charCodeAt(0),
    maxRowFields(headerFields),
    lines,
  );
  if (rows.length === 0) {
    const plainLines = lines.end();
    return { ok: true, source, marks: [], plainLines, oddQuotes: lines.oddQuoteLine() };
  }
  if (rows.length > MAX_GUARDED_ROWS) {
    const first = rows[0]!;
    return {
      ok: false,
      error: `${fileName} has more than ${MAX_GUARDED_ROWS.toLocaleString('en-US')} rows that no record of the extract could be (the first is row ${first.line.toLocaleString('en-US')}: ${describeRow(first.type)}). Check that it is a Linkages extract file with one record per line, export it again, and load the new file.`,
    };
  }
  // The marker has one field more than the header, none empty (DuckDB's reader takes a trailing
  // delimiter for a line end): both readers reject it as a line.
  const markers = rows.map(
    (_, i) => `lk-guard-row-${String(i)}${`${delim}lk`.repeat(headerFields)}`,
  );
  const decoder = new TextDecoder('utf-8');
  const marks: GuardMark[] = [];
  for (const [i, row] of rows.entries()) {
    const first = await db.readBytes(
      source,
      row.start,
      Math.min(row.end, row.start + PREVIEW_BYTES),
    );
    marks.push({ marker: markers[i]!, type: row.type, preview: decoder.decode(first) });
  }
  return {
    ok: true,
    source: await withMarkers(db, fileName, source, rows, markers),
    marks,
    plainLines: null,
    oddQuotes: null,
  };
}

function describeRow(type: GuardedType): string {
  return type === 'ROW TOO LONG'
    ? `longer than ${String(MAX_ROW_BYTES / 1024 / 1024)} MB`
    : 'more than twice as many fields as the header';
}

/** Names the rejected marker lines of a file read (`malformed`: row_no, error_type, …, line_text). */
export async function markGuardedRows(
  db: DbClient,
  malformed: Sql,
  marks: readonly GuardMark[],
): Promise<void> {
  for (const { marker, type, preview } of marks) {
    await db.exec(
      sql`UPDATE ${malformed} SET error_type = ${type}, message = NULL, line_text = ${preview}
          WHERE line_text = ${marker}`,
    );
  }
}

/** What a Parquet file's footer says of its size: rows, columns, bytes uncompressed. */
export interface ParquetSize {
  rows: number;
  columns: number;
  bytes: number;
}

/**
 * Thrift compact protocol, as much as a Parquet footer's FileMetaData needs
 * (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md): field
 * 2 the schema (one element per column, plus the root), 3 num_rows, 4 the row groups (field 2
 * total_byte_size). Throws on bytes that are not such a structure.
 */
class CompactReader {
  #at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  #byte(): number {
    const b = this.bytes[this.#at++];
    if (b === undefined) throw new Error('Parquet footer ends early');
    return b;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.#byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new Error('Parquet footer has a bad number');
  }

  /** A zigzag integer (i16, i32, i64; exact to 2^53). */
  integer(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** The next field's id and type, or null at the struct's end. */
  field(last: number): { id: number; type: number } | null {
    const b = this.#byte();
    const type = b & 0x0f;
    if (type === 0) return null;
    const delta = b >> 4;
    return { id: delta === 0 ? this.integer() : last + delta, type };
  }

  list(): { size: number; type: number } {
    const b = this.#byte();
    const size = b >> 4 === 15 ? this.varint() : b >> 4;
    return { size, type: b & 0x0f };
  }

  skip(type: number): void {
    switch (type) {
      case 1:
      case 2:
        return;
      case 3:
        this.#at += 1;
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        this.#at += 8;
        return;
      case 8: {
        const length = this.varint();
        this.#at += length;
        return;
      }
      case 9:
      case 10: {
        const { size, type: element } = this.list();
        for (let i = 0; i < size; i++) {
          if (element === 1 || element === 2) this.#at += 1;
          else this.skip(element);
        }
        return;
      }
      case 11: {
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.#byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4);
          this.skip(kinds & 0x0f);
        }
        return;
      }
      case 12:
        this.struct(() => false);
        return;
      default:
        throw new Error('Parquet footer has an unknown type');
    }
  }

  /** Reads a struct's fields: `read(id, type)` consumes the ones it wants (true), the rest are skipped. */
  struct(read: (id: number, type: number) => boolean): void {
    let last = 0;
    for (let f = this.field(last); f !== null; f = this.field(last)) {
      if (!read(f.id, f.type)) this.skip(f.type);
      last = f.id;
    }
  }
}

/** A Parquet file's size from its footer alone (the last 8 bytes, then the metadata); null if it has none. */
export async function readParquetSize(
  db: DbClient,
  source: FileSource,
): Promise<ParquetSize | null> {
  const size = await db.fileSize(source);
  if (size < 12) return null;
  const tail = await db.readBytes(source, size - 8, size);
  const length = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  const magic = String.fromCharCode(...tail.subarray(4, 8));
  if (magic !== 'PAR1' || length > size - 12 || length > 64 * 1024 * 1024) return null;
  const reader = new CompactReader(await db.readBytes(source, size - 8 - length, size - 8));
  const found: ParquetSize = { rows: 0, columns: 0, bytes: 0 };
  try {
    reader.struct((id, type) => {
      if (id === 2 && type === 9) {
        const { size: elements, type: element } = reader.list();
        for (let i = 0; i < elements; i++) reader.skip(element);
        found.columns = Math.max(0, elements - 1);
        return true;
      }
      if (id === 3 && type === 6) {
        found.rows = reader.integer();
        return true;
      }
      if (id === 4 && type === 9) {
        const { size: groups } = reader.list();
        for (let g = 0; g < groups; g++) {
          reader.struct((field, kind) => {
            if (field !== 2 || kind !== 6) return false;
            found.bytes += reader.integer();
            return true;
          });
        }
        return true;
      }
      return false;
    });
  } catch {
    return null;
  }
  return found;
}

/**
 * Why a Parquet file is refused before it is read, from its footer: more rows than
 * MAX_PARQUET_ROWS, more columns than a header may have, or more than MAX_PARQUET_BYTES of
 * values; then, from a streaming count of its values (bounded memory), more than `textBytes`
 * (bytes, MAX_PARQUET_TEXT_BYTES unless a test lowers it) once read as text. Null when it may be
 * read (a file without a readable footer, or whose values cannot be counted, is left to the
 * reader, which refuses it as damaged).
 */
export async function describeParquetProblem(
  db: DbClient,
  fileName: string,
  source: FileSource,
  textBytes = MAX_PARQUET_TEXT_BYTES,
): Promise<string | null> {
  const found = await readParquetSize(db, source);
  if (found === null) return null;
  const n = (value: number) => value.toLocaleString('en-US');
  const advice =
    'Check that it is a Linkages extract file; a larger extract can be split by county and each part loaded on its own.';
  if (found.rows > MAX_PARQUET_ROWS) {
    return `${fileName} holds ${n(found.rows)} rows (its own metadata says so); an extract file holds at most ${n(MAX_PARQUET_ROWS)}, so row ${n(MAX_PARQUET_ROWS + 2)} onwards would not fit in memory, and the file was not read. ${advice}`;
  }
  if (found.columns > MAX_COLUMNS) {
    return `${fileName} has ${n(found.columns)} columns; an extract has a few dozen at most, so the file was not read. ${advice}`;
  }
  if (found.bytes > MAX_PARQUET_BYTES) {
    return `${fileName} expands to ${n(Math.round(found.bytes / 1024 / 1024))} MB of values (its own metadata says so), more than this dashboard can hold, so the file was not read. ${advice}`;
  }
  const counted = await db.parquetTextBytes(source, textBytes).catch((error: unknown) => {
    if (isOutOfMemory(error)) throw error;
    // The reader then says what is wrong; the engine's text goes to the console only.
    console.error(`Counting ${fileName} as text failed:`, firstLineOf(error));
    return null;
  });
  if (counted !== null && counted > textBytes) {
    const mb = (bytes: number) => n(Math.max(1, Math.floor(bytes / 1024 / 1024)));
    return `${fileName} holds ${n(found.rows)} rows whose values take ${mb(counted)} MB or more once read as text (a value repeated in many rows is stored once in the file, which is why it is small), more than the ${mb(textBytes)} MB this dashboard can hold, so the file was not read. ${advice}`;
  }
  return null;
}
