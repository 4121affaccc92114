import readXlsxFile, { type CellValue } from 'read-excel-file/universal';

/** One visible sheet with values, as CSV text whose line n is the sheet's row n. */
export interface WorkbookSheet {
  name: string;
  csv: string;
}

export type WorkbookResult =
  { ok: true; sheets: WorkbookSheet[]; skipped: string[] } | { ok: false; error: string };

interface SheetEntry {
  name: string;
  hidden: boolean;
  /** The sheet's XML inside the archive, for its error cells; null when not found. */
  path: string | null;
}

interface WorkbookInfo {
  date1904: boolean;
  sheets: SheetEntry[];
}

/** An archive entry: how it is compressed, its compressed bytes, and the size it declares. */
interface ZipEntry {
  method: number;
  data: Uint8Array;
  /** Bytes once inflated, as the archive's directory declares them. */
  size: number;
}

type ZipEntries = Map<string, ZipEntry>;

/**
 * The most XML a workbook may inflate to (1 GiB, the largest Parquet file read, file-guard.ts):
 * about a million rows of 30 columns, Excel's own row limit. Beyond it a workbook is refused
 * from its archive directory, before anything is inflated: a zipped "bomb" of a few kilobytes can
 * declare gigabytes, and the parsers hold each part whole in memory.
 */
export const MAX_WORKBOOK_XML_BYTES = 1024 * 1024 * 1024;

/** The entries of a zip archive (no ZIP64: a workbook of 4 GB is not an extract). */
function zipEntries(bytes: Uint8Array): ZipEntries {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ZipEntries = new Map();
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return entries;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  for (let n = 0; n < count && at + 46 <= bytes.length; n++) {
    // A damaged archive: the entries found so far.
    if (view.getUint32(at + 42, true) + 30 > bytes.length) break;
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.set(name, { method, data: bytes.subarray(start, start + compressed), size });
    at += 46 + skip;
  }
  return entries;
}

/** An entry's inflated bytes (a stored entry's as they are). */
function inflated(entry: ZipEntry): ReadableStream<Uint8Array> {
  const stream = new Blob([entry.data as Uint8Array<ArrayBuffer>]).stream();
  return entry.method === 0 ? stream : stream.pipeThrough(new DecompressionStream('deflate-raw'));
}

/**
 * Whether an entry inflates to exactly the size it declares, counted without keeping it (stops
 * as soon as it passes it). read-excel-file's inflater (fflate) trusts the declared size and cuts
 * the part there, which would lose the rows past it without a word; an entry that is not whole
 * (or inflates past it) is damaged or crafted.
 */
async function isWholeEntry(entry: ZipEntry): Promise<boolean> {
  const reader = inflated(entry).getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return bytes === entry.size;
      bytes += value.byteLength;
      if (bytes > entry.size) {
        await reader.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
}

async function inflate(entry: ZipEntry | undefined): Promise<string> {
  return entry === undefined ? '' : new Response(inflated(entry)).text();
}

/** The workbook's XML parts (what the Excel reader inflates: .xml and .rels entries). */
function xmlParts(entries: ZipEntries): ZipEntry[] {
  return [...entries].filter(([name]) => /\.(xml|rels)$/i.test(name)).map(([, entry]) => entry);
}

const MEGABYTE = 1024 * 1024;

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/**
 * What read-excel-file does not tell: which sheets are hidden, the date system, and where each
 * sheet's XML is (for its error cells). Read from xl/workbook.xml and its relationships.
 */
async function readWorkbookInfo(entries: ZipEntries): Promise<WorkbookInfo> {
  const workbook = await inflate(entries.get('xl/workbook.xml'));
  const rels = await inflate(entries.get('xl/_rels/workbook.xml.rels'));
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id !== null && target !== null)
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map(([tag]) => {
    const id = /\s\w+:id="([^"]*)"/.exec(tag)?.[1];
    const state = attribute(tag, 'state');
    return {
      name: attribute(tag, 'name') ?? '',
      hidden: state === 'hidden' || state === 'veryHidden',
      path: id === undefined ? null : (targets.get(id) ?? null),
    };
  });
  const date1904 = /<(?:\w+:)?workbookPr\s[^>]*\sdate1904="(1|true)"/.test(workbook);
  return { date1904, sheets };
}

function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + letter.charCodeAt(0) - 64;
  return index - 1;
}

/**
 * Cells holding a formula error (#REF!, #DIV/0!, …), by row and column from 0. read-excel-file
 * reads them as empty; they are kept as their text so that a date or number column rejects them.
 */
async function errorCells(
  entries: ZipEntries,
  path: string | null,
): Promise<{ row: number; column: number; text: string }[]> {
  if (path === null) return [];
  const xml = await inflate(entries.get(path));
  if (!xml.includes('t="e"')) return [];
  const found: { row: number; column: number; text: string }[] = [];
  for (const [cell] of xml.matchAll(/<(?:\w+:)?c\s[^>]*\st="e"[^>]*>[\s\S]*?<\/(?:\w+:)?c>/g)) {
    const ref = /\sr="([A-Z]+)(\d+)"/.exec(cell);
    const text = /<(?:\w+:)?v>([^<]*)</.exec(cell)?.[1];
    if (ref?.[1] !== undefined && ref[2] !== undefined && text !== undefined)
      found.push({ row: Number(ref[2]) - 1, column: columnIndex(ref[1]), text });
  }
  return found;
}

/** A number as Excel stored it, in plain decimal notation (1e-7 → 0.0000001). */
export function plainNumber(stored: string): string {
  const text = stored.trim();
  const parts = /^(-?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(text);
  if (parts === null) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = parts;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  const plain =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const [int = '', frac] = plain.split('.');
  const trimmedInt = int.replace(/^0+(?=\d)/, '');
  const trimmedFrac = frac?.replace(/0+$/, '') ?? '';
  return `${sign}${trimmedInt}${trimmedFrac === '' ? '' : `.${trimmedFrac}`}`;
}

const DAY_MS = 86_400_000;
const MARCH_1_1900 = Date.UTC(1900, 2, 1);

/**
 * A date cell as ISO text. read-excel-file counts 1900-system serials as if 1900 had no 29
 * February, so serials before 1 March 1900 (1 = 1900-01-01, the placeholder "open" date) come
 * out a day early; serial 60, Excel's nonexistent 29 February 1900, is kept as that invalid text.
 */
export function isoDate(date: Date, date1904: boolean): string {
  let time = date.getTime();
  if (!date1904 && time < MARCH_1_1900) {
    if (time >= MARCH_1_1900 - DAY_MS) return `1900-02-29${timeOfDay(time)}`;
    time += DAY_MS;
  }
  return new Date(time).toISOString().slice(0, 10) + timeOfDay(time);
}

function timeOfDay(time: number): string {
  const ms = ((time % DAY_MS) + DAY_MS) % DAY_MS;
  return ms === 0 ? '' : ` ${new Date(ms).toISOString().slice(11, 19)}`;
}

function cellText(value: CellValue<string> | null, date1904: boolean): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value, date1904);
  if (typeof value === 'string') return value;
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Reads an .xlsx workbook into CSV text, one entry per visible sheet with values: dates as
 * YYYY-MM-DD (both date systems), numbers as stored, TRUE/FALSE, formulas as their cached
 * values, error cells as their text. Line n of the CSV is the sheet's row n: a blank row is a
 * line of empty fields, as Excel itself writes it when saving as CSV.
 */
export async function readWorkbook(fileName: string, bytes: Uint8Array): Promise<WorkbookResult> {
  const refuse = (why: string): WorkbookResult => ({
    ok: false,
    error: `${fileName} could not be read as an Excel workbook: ${why}. Open it in Excel, save it again as "Excel Workbook (.xlsx)" or as "CSV UTF-8", and load the new file.`,
  });
  const entries = zipEntries(bytes);
  if (!entries.has('xl/workbook.xml')) {
    return refuse('it is a damaged file, or a zipped file that holds no workbook');
  }
  const parts = xmlParts(entries);
  const declared = parts.reduce((total, part) => total + part.size, 0);
  if (declared > MAX_WORKBOOK_XML_BYTES) {
    return {
      ok: false,
      error: `${fileName} was not read: opened, it holds ${Math.round(declared / MEGABYTE).toLocaleString('en-US')} MB of sheet data, more than the ${MAX_WORKBOOK_XML_BYTES / (1024 * MEGABYTE)} GB a workbook may hold here (about a million rows). If it is the extract, save each sheet in Excel as "CSV UTF-8" and load the CSV files.`,
    };
  }
  for (const part of parts) {
    if (!(await isWholeEntry(part))) return refuse('some of its contents are damaged');
  }
  let read: Awaited<ReturnType<typeof readXlsxFile<string>>>;
  let info: WorkbookInfo;
  try {
    info = await readWorkbookInfo(entries);
    read = await readXlsxFile<string>(bytes.slice().buffer, {
      parseNumber: (text) => plainNumber(text),
    });
  } catch {
    return refuse('some of its contents are damaged');
  }
  const sheets: WorkbookSheet[] = [];
  const skipped: string[] = [];
  for (const [i, { sheet, data }] of read.entries()) {
    const entry = info.sheets.length === read.length ? info.sheets[i] : undefined;
    if (entry?.hidden === true) {
      skipped.push(`${sheet} (hidden)`);
      continue;
    }
    const errors = await errorCells(entries, entry?.path ?? null);
    const grid = data.map((row) => row.map((value) => cellText(value, info.date1904)));
    for (const { row, column, text } of errors) {
      while (grid.length <= row) grid.push([]);
      const cells = grid[row]!;
      while (cells.length <= column) cells.push('');
      cells[column] = text;
    }
    if (grid.every((row) => row.every((text) => text === ''))) {
      skipped.push(`${sheet} (empty)`);
      continue;
    }
    // Not Math.max(...rows): 100,000 arguments overflow a worker's stack.
    const width = grid.reduce((widest, row) => Math.max(widest, row.length), 0);
    const lines = grid.map((row) => {
      const cells = row.map(csvField);
      while (cells.length < width) cells.push('');
      return cells.join(',');
    });
    sheets.push({ name: sheet, csv: `${lines.join('\r\n')}\r\n` });
  }
  return { ok: true, sheets, skipped };
}
