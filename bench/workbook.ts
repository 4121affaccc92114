// The workbook case of `npm run bench` (`--sizes workbook`, in the default run): how long a
// 100,000-row families workbook takes to load, against the same rows as CSV, in Node (the parser
// inline) and in Chromium (the built app, the parser in its worker; from choosing the file to the
// dashboard ready).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { openApp, waitForReady } from '../test/browser/chromium';
import { createNodeDb } from '../src/db/node-client';
import { loadExtract } from '../src/dataset/load-extract';
import { readWorkbook } from '../src/dataset/workbook-csv';
import { ensureExtract } from './extracts';
import { formatSeconds, median } from './report';
/** 80,000 children rows make 100,000 families (bench/extracts.ts). */
const SIZE = '80k';

/** The families file as a workbook: one sheet, dates as date cells, as Excel saves them. */
async function writeWorkbook(csvPath: string, path: string): Promise<number> {
  const { data } = Papa.parse<string[]>(readFileSync(csvPath, 'utf8'), { skipEmptyLines: true });
  const [header = [], ...rows] = data;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('families');
  const dateColumns = header.map((h) => h.endsWith('_date'));
  sheet.addRow(header);
  for (const row of rows) {
    sheet.addRow(
      row.map((value, i) =>
        value === ''
          ? null
          : dateColumns[i] === true && /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? new Date(`${value}T00:00:00Z`)
            : value,
      ),
    );
  }
  dateColumns.forEach((isDate, i) => {
    if (isDate) sheet.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
  });
  await book.xlsx.writeFile(path);
  return rows.length;
}

async function timeNode(fileName: string, path: string): Promise<number> {
  const db = await createNodeDb();
  try {
    const started = performance.now();
    const report = await loadExtract(db, [{ fileName, source: { kind: 'path', path } }]);
    const elapsed = performance.now() - started;
    if (report.fatal !== null) throw new Error(report.fatal);
    return elapsed;
  } finally {
    await db.close();
  }
}

async function timeBrowser(url: string, path: string): Promise<number> {
  const app = await openApp(url);
  try {
    const { page } = app;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    const started = performance.now();
    await page.locator('input[type=file]').setInputFiles([path]);
    await page.waitForSelector('.source-upload', { timeout: 300_000 });
    await waitForReady(page, 300_000);
    return performance.now() - started;
  } finally {
    await app.close();
  }
}

export interface WorkbookResult {
  rows: number;
  workbookBytes: number;
  csvBytes: number;
  /** Step name to median milliseconds. */
  steps: [string, number | null][];
  runs: number;
}

/**
 * The 100,000-row families workbook (issue 17): parsed to CSV text in Node, loaded in Node,
 * and loaded in Chromium from the file's choice to the dashboard ready, each against the same
 * rows as CSV; medians of `runs`. `baseUrl` serves the built app.
 */
export async function runWorkbookBench(
  root: string,
  seed: number,
  baseUrl: string,
  runs: number,
  log: (line: string) => void,
): Promise<WorkbookResult> {
  mkdirSync(root, { recursive: true });
  const extract = ensureExtract(root, SIZE, seed, log);
  const csvPath = extract.paths[0]!;
  const xlsxPath = join(extract.dir, 'families.xlsx');
  const rows = await writeWorkbook(csvPath, xlsxPath);
  const bytes = readFileSync(xlsxPath);
  const samples = new Map<string, number[]>();
  const add = (step: string, ms: number) => {
    samples.set(step, [...(samples.get(step) ?? []), ms]);
    log(`  ${step}: ${(ms / 1000).toFixed(2)} s`);
  };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const parsed = await readWorkbook('families.xlsx', bytes);
    if (!parsed.ok) throw new Error(parsed.error);
    add('Node: workbook → CSV text (read-excel-file)', performance.now() - started);
    add('Node: load families.xlsx', await timeNode('families.xlsx', xlsxPath));
    add('Node: load families.csv', await timeNode('families.csv', csvPath));
    add('Chromium: load families.xlsx (choice to ready)', await timeBrowser(baseUrl, xlsxPath));
    add('Chromium: load families.csv (choice to ready)', await timeBrowser(baseUrl, csvPath));
  }
  return {
    rows,
    workbookBytes: bytes.length,
    csvBytes: readFileSync(csvPath).length,
    steps: [...samples].map(([step, ms]) => [step, median(ms)]),
    runs,
  };
}

/** The workbook case as Markdown. */
export function workbookTable(result: WorkbookResult): string {
  return [
    `Excel workbook (issue 17): ${result.rows.toLocaleString('en-US')} family rows in one sheet; workbook ${(result.workbookBytes / 1e6).toFixed(1)} MB, the same rows as CSV ${(result.csvBytes / 1e6).toFixed(1)} MB (median of ${String(result.runs)}):`,
    '',
    '| Step | Time |',
    '| --- | ---: |',
    ...result.steps.map(([step, ms]) => `| ${step} | ${formatSeconds(ms)} |`),
  ].join('\n');
}
