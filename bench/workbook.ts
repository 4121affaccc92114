// `npx tsx bench/workbook.ts [--no-build]`: how long a 100,000-row families workbook takes to
// load, against the same rows as CSV, in Node (the parser inline) and in Chromium (the built
// app, the parser in its worker; from choosing the file to the dashboard ready). Prints a table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { openApp, waitForReady } from '../test/browser/chromium';
import { createNodeDb } from '../src/db/node-client';
import { loadExtract } from '../src/dataset/load-extract';
import { readWorkbook } from '../src/dataset/workbook-csv';
import { buildApp, servePreview } from './browser';
import { ensureExtract } from './extracts';

const ROOT = resolve('.bench');
const SEED = 20250930;
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  mkdirSync(ROOT, { recursive: true });
  const extract = ensureExtract(ROOT, SIZE, SEED, (line) => {
    console.log(line);
  });
  const csvPath = extract.paths[0]!;
  const xlsxPath = join(extract.dir, 'families.xlsx');
  const rows = await writeWorkbook(csvPath, xlsxPath);
  const bytes = readFileSync(xlsxPath);

  let started = performance.now();
  const parsed = await readWorkbook('families.xlsx', bytes);
  const parseMs = performance.now() - started;
  if (!parsed.ok) throw new Error(parsed.error);

  const results: [string, number][] = [
    ['Node: workbook → CSV text (read-excel-file)', parseMs],
    ['Node: load families.xlsx', await timeNode('families.xlsx', xlsxPath)],
    ['Node: load families.csv', await timeNode('families.csv', csvPath)],
  ];
  const outDir = join(ROOT, 'dist-workbook');
  if (!values['no-build']) await buildApp(outDir);
  const server = await servePreview(outDir);
  try {
    started = performance.now();
    results.push(['Chromium: load families.xlsx', await timeBrowser(server.url, xlsxPath)]);
    results.push(['Chromium: load families.csv', await timeBrowser(server.url, csvPath)]);
  } finally {
    await server.close();
  }
  const lines = [
    `${rows.toLocaleString('en-US')} family rows; workbook ${(bytes.length / 1e6).toFixed(1)} MB, CSV ${(readFileSync(csvPath).length / 1e6).toFixed(1)} MB`,
    '',
    '| step | seconds |',
    '| --- | ---: |',
    ...results.map(([step, ms]) => `| ${step} | ${(ms / 1000).toFixed(1)} |`),
  ];
  writeFileSync(join(ROOT, 'workbook-results.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
