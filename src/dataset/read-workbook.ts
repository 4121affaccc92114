import type { DbClient } from '../db/client';
import { readFileBytes, type ExtractFile } from './read-file';
import type { WorkbookResult } from './workbook-csv';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

const isXls = (fileName: string) => /\.xls$/i.test(fileName);
const isXlsx = (fileName: string) => /\.xls[xm]$/i.test(fileName);

/** An Excel workbook by its name or first bytes: read as one (or refused with a reason). */
export function isWorkbook(fileName: string, head: Uint8Array): boolean {
  return (
    isXls(fileName) ||
    isXlsx(fileName) ||
    startsWith(head, OLE) ||
    (startsWith(head, ZIP) && !fileName.toLowerCase().endsWith('.parquet'))
  );
}

/**
 * Why a workbook cannot be read, from its name and first bytes alone; null when it may be an
 * .xlsx. An .xls and a password-protected .xlsx are both OLE containers: the name tells which.
 */
export function describeUnreadableWorkbook(fileName: string, head: Uint8Array): string | null {
  if (startsWith(head, OLE)) {
    if (isXls(fileName)) {
      return `${fileName} is an Excel 97–2003 workbook (.xls), which cannot be read here. In Excel use File › Save As › "Excel Workbook (.xlsx)" or "CSV UTF-8" and load the new file.`;
    }
    if (isXlsx(fileName)) {
      return `${fileName} is protected with a password, so it cannot be read. In Excel open it, remove the password (File › Info › Protect Workbook › Encrypt with Password, and clear it), save it and load it again.`;
    }
    return `${fileName} is an Excel 97–2003 workbook or a password-protected workbook, which cannot be read here. In Excel save it as "Excel Workbook (.xlsx)" without a password, or as "CSV UTF-8", and load the new file.`;
  }
  if (!startsWith(head, ZIP)) {
    return `${fileName} is named like an Excel workbook but is not one. Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", and load the new file.`;
  }
  return null;
}

/** The parser runs in a worker of its own in the browser, loaded on first use; in Node, inline. */
async function convert(fileName: string, bytes: Uint8Array): Promise<WorkbookResult> {
  if (typeof window === 'undefined' || typeof Worker === 'undefined') {
    const { readWorkbook } = await import('./workbook-csv');
    return readWorkbook(fileName, bytes);
  }
  const worker = new Worker(new URL('./workbook.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<WorkbookResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkbookResult>) => {
        resolve(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message));
      };
      worker.postMessage({ fileName, bytes });
    });
  } finally {
    worker.terminate();
  }
}

/** A file of the extract after its workbooks are opened: a sheet as CSV, or a refused workbook. */
export interface ExpandedFile extends ExtractFile {
  error: string | null;
}

/**
 * Opens every workbook among the files: each visible sheet with values becomes a CSV file named
 * "book.xlsx — sheet", read and checked as any CSV file; a workbook that cannot be read stays as
 * one file with its error. Other files pass unchanged.
 */
export async function expandWorkbooks(
  db: DbClient,
  files: readonly ExtractFile[],
): Promise<ExpandedFile[]> {
  const expanded: ExpandedFile[] = [];
  for (const file of files) {
    const head = await readFileBytes(db, file.source, 8);
    if (!isWorkbook(file.fileName, head)) {
      expanded.push({ ...file, error: null });
      continue;
    }
    const refusal = describeUnreadableWorkbook(file.fileName, head);
    let result: WorkbookResult = { ok: false, error: refusal ?? '' };
    if (refusal === null) {
      try {
        result = await convert(file.fileName, await readFileBytes(db, file.source));
      } catch {
        result = {
          ok: false,
          error: `${file.fileName} could not be read as an Excel workbook: the reader stopped on its contents. Open it in Excel, save it as "CSV UTF-8", and load the CSV files.`,
        };
      }
    }
    if (!result.ok) {
      expanded.push({ ...file, error: result.error });
    } else if (result.sheets.length === 0) {
      expanded.push({
        ...file,
        error: `${file.fileName} has no visible sheet with values. Check that it is the extract workbook and that its sheets are not hidden.`,
      });
    } else {
      const encoder = new TextEncoder();
      for (const sheet of result.sheets) {
        expanded.push({
          fileName: `${file.fileName} — ${sheet.name}`,
          source: { kind: 'bytes', bytes: encoder.encode(sheet.csv) },
          error: null,
        });
      }
    }
  }
  return expanded;
}
