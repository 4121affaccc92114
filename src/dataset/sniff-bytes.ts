import type { FileSource } from '../db/client';

/**
 * What a file's bytes say before any engine reads it: Parquet or text, binary formats that are
 * not CSV, the text encoding, an empty file, a header row no extract has. Plain TypeScript on
 * bytes held in the page or in memory; reading a path on disk through DuckDB is read-file.ts's.
 */

/** A header row ends within this many bytes, with at most this many columns (an extract has ~15). */
export const MAX_HEADER_BYTES = 256 * 1024;
export const MAX_COLUMNS = 2000;

/**
 * Why the header row cannot be a real one: millions of fields on one line would make DuckDB
 * allocate gigabytes (seen: 19 GiB in Node) before failing. Null when the header looks sane.
 * `head` is the file's first bytes (up to MAX_HEADER_BYTES); `skip` the title lines above the header.
 */
export function describeHeaderProblem(
  fileName: string,
  head: Uint8Array,
  skip: number,
): string | null {
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

/**
 * Bytes of a file held in the page or in memory (the first `limit` bytes, or all), without a
 * copy when they are in memory.
 */
export async function readHeld(
  source: Exclude<FileSource, { kind: 'path' }>,
  limit?: number,
): Promise<Uint8Array> {
  if (source.kind === 'bytes')
    return limit === undefined ? source.bytes : source.bytes.subarray(0, limit);
  const blob = limit === undefined ? source.file : source.file.slice(0, limit);
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * The first 64 KB of a file held in the page or in memory, for a look at its header row; null
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
  if (startsWith(head, [0x1f, 0x8b])) {
    return `${fileName} is a compressed (gzip) file, not a CSV file. Decompress it and load the CSV file inside.`;
  }
  // A stray NUL or control character in a text export is a damaged value (removed with a warning
  // when read); binary files are full of them (random bytes: about one in ten).
  // NUL bytes at the end (a pre-allocated or truncated export's padding, with line ends between
  // them) are not the text's: they are left out of the count (the reader removes them).
  let end = head.length;
  while (end > 0 && (head[end - 1] === 0 || head[end - 1] === 0x0a || head[end - 1] === 0x0d))
    end -= 1;
  const text = end > 0 && head.subarray(0, end).includes(0x0a) ? head.subarray(0, end) : head;
  if (text.filter(isControlByte).length * 20 > text.length) {
    return `${fileName} is not a text file (it holds binary data). Export the table as CSV and load that file.`;
  }
  return null;
}

/**
 * A byte no text file holds: NUL and the C0 controls but tab, line feed, vertical tab, form feed,
 * carriage return and SUB (the end-of-file mark of old DOS exports), and DEL. Bytes 0x80 and over
 * are text in UTF-8 and Windows-1252.
 */
function isControlByte(b: number): boolean {
  return (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a) || b === 0x7f;
}

/** Control characters other than tab and line ends: the text is not in the encoding tried. */
export function hasControlCharacters(text: string): boolean {
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
export function isBlankText(bytes: Uint8Array): boolean {
  const start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  return bytes.subarray(start).every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

/** The UTF-16 byte order its byte-order mark gives, or null. */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  return null;
}
