import Papa from 'papaparse';
import { isHeaderRow, readsAsRecord } from './header-row';
import { matchHeaders, recognizeTable, titleLineCount, type HeaderMatch } from './match-columns';
import { PRIVACY_VALUE_SHARE, looksLikeIdentifier, privacyHeaderReason } from './privacy';
import { decodeWindows1252, describeBinary, isParquet } from './sniff-bytes';
import { isWorkbook } from './read-workbook';
import { normalizeHeader, tableSpec, type TableName } from './schema';
import { tidyText } from './normalize-sql';

/** The first rows of a file, read from its first bytes only (a 500 MB file is not read here). */
export interface FilePreview {
  fileName: string;
  size: number;
  headers: string[];
  rows: string[][];
  /** A Parquet file or a workbook is not previewed: the loader reads its columns. */
  format: 'csv' | 'parquet' | 'workbook';
  /** Not a text file at all (PDF, Excel, …): the loader will refuse it with this message. */
  problem: string | null;
}

const HEAD_BYTES = 256 * 1024;
const PREVIEW_ROWS = 6;

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A cut in the middle of a multi-byte character, or a Windows-1252 export.
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(0, Math.max(0, bytes.length - 3)),
      );
    } catch {
      return decodeWindows1252(bytes);
    }
  }
}

export function previewText(fileName: string, size: number, head: Uint8Array): FilePreview {
  if (isParquet(fileName, head)) {
    return { fileName, size, headers: [], rows: [], format: 'parquet', problem: null };
  }
  if (isWorkbook(fileName, head)) {
    return { fileName, size, headers: [], rows: [], format: 'workbook', problem: null };
  }
  const problem = describeBinary(fileName, head);
  if (problem !== null) return { fileName, size, headers: [], rows: [], format: 'csv', problem };
  const text = decode(head).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\n|\r/);
  const body = lines.slice(titleLineCount(text)).join('\n');
  const parsed = Papa.parse<string[]>(body, { preview: PREVIEW_ROWS + 1, skipEmptyLines: true });
  const [headers = [], ...rows] = parsed.data;
  const withheld = privateColumns(headers, rows);
  return {
    fileName,
    size,
    headers: headers.map(tidyText),
    // A cell that looks like an identifier is not shown either, in a column that loads (a note
    // with an SSN in it): the preview is on screen, and its column may be chosen for nothing.
    rows: rows.map((row) =>
      row.map((cell, i) => (withheld.has(i) || looksLikeIdentifier(cell.trim()) ? WITHHELD : cell)),
    ),
    format: 'csv',
    problem: null,
  };
}

/** What the preview shows instead of a value of a column the privacy guard will not load. */
export const WITHHELD = '(not loaded)';

/**
 * Columns the privacy guard will not load, by their header or by the first rows' values (the
 * loader's rule, on fewer rows): their values are not shown.
 */
function privateColumns(headers: readonly string[], rows: readonly string[][]): Set<number> {
  const found = new Set<number>();
  headers.forEach((header, i) => {
    const values = rows.map((row) => (row[i] ?? '').trim()).filter((v) => v !== '');
    const matching = values.filter(looksLikeIdentifier);
    if (
      privacyHeaderReason(header) !== null ||
      (values.length > 0 && matching.length >= values.length * PRIVACY_VALUE_SHARE)
    )
      found.add(i);
  });
  return found;
}

export async function previewFile(file: File): Promise<FilePreview> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  return previewText(file.name, file.size, head);
}

/** Schema column → header chosen by the evaluator, per table. */
export type ColumnMapping = Partial<Record<TableName, Record<string, string>>>;

export interface FileInspection {
  preview: FilePreview;
  table: TableName | null;
  match: HeaderMatch | null;
  /**
   * Whether the file's first row is a header row, judged with the rows below it (header-row.ts);
   * false for a Parquet file or a workbook, whose columns the preview does not read.
   */
  headerRow: boolean;
  /**
   * Whether the file's first row reads as a record (readsAsRecord in header-row.ts): the mapping
   * step warns that it is read as column names, not loaded; false for Parquet and workbooks.
   */
  recordRow: boolean;
}

/** Which table each file is, by its columns, and what is still unmatched. */
export function inspectPreviews(
  previews: readonly FilePreview[],
  mapping: ColumnMapping,
): FileInspection[] {
  return previews.map((preview) => {
    const table = recognizeTable(preview.fileName, preview.headers, mapping);
    return {
      preview,
      table,
      match: table ? matchHeaders(tableSpec(table), preview.headers, mapping[table]) : null,
      headerRow: preview.format === 'csv' && isHeaderRow(preview.headers, preview.rows),
      recordRow: preview.format === 'csv' && readsAsRecord(preview.headers, preview.rows),
    };
  });
}

/** Ready to load without asking: every file recognized, no required column unmatched, no table twice. */
export function needsMapping(all: readonly FileInspection[]): boolean {
  // Parquet files, workbooks, and files that are not text at all, are left to the loader (it says what they are).
  const inspections = all.filter((i) => i.preview.format === 'csv' && i.preview.problem === null);
  const tables = inspections.map((i) => i.table);
  return (
    tables.some((t) => t === null) ||
    new Set(tables).size !== tables.length ||
    inspections.some((i) => (i.match?.unmatchedRequired.length ?? 0) > 0)
  );
}

/** The same export next month has the same headers: a saved mapping is keyed by them (never by values). */
export function headerSignature(headers: readonly string[]): string {
  return [...headers].map(normalizeHeader).sort().join('|');
}
