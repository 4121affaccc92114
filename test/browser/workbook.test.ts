import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDb } from '../../src/db/node-client';
import type { DbClient } from '../../src/db/client';
import { loadExtract } from '../../src/dataset/load-extract';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** The sample extract kept as one workbook, a sheet per table, with a hidden sheet besides. */
async function writeWorkbook(): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const table of ['families', 'children', 'adults']) {
    const text = readFileSync(`sample-data/${table}.csv`, 'utf8').replace(/^\uFEFF/, '');
    const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
    book.addWorksheet(table).addRows(data.map((row) => row.map((v) => (v === '' ? null : v))));
  }
  book.addWorksheet('lookup', { state: 'hidden' }).addRow(['family_id', 'county']);
  const path = join(mkdtempSync(join(tmpdir(), 'linkages-xlsx-')), 'extract.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

describe('an evaluator loading an Excel workbook', () => {
  let app: AppSession;
  let node: DbClient;
  let path: string;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await createNodeDb();
    path = await writeWorkbook();
    app = await openApp(baseUrl);
  });

  afterAll(async () => {
    await app.close();
    await node.close();
  });

  it('loads its three sheets with the report the Node loader gives', async () => {
    const expected = await loadExtract(node, [
      { fileName: 'extract.xlsx', source: { kind: 'path', path } },
    ]);
    expect(expected.fatal).toBeNull();
    expect(expected.files.map((f) => [f.fileName, f.rows])).toEqual([
      ['extract.xlsx — families', 6001],
      ['extract.xlsx — children', 4859],
      ['extract.xlsx — adults', 7401],
    ]);
    const { page } = app;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([path]);
    // The sample's content in a workbook: named the synthetic sample, never county data.
    await page.waitForSelector('[data-sample-upload]');
    await waitForReady(page);
    await expect(page.locator('.data-banner .source-pill').textContent()).resolves.toBe(
      'Synthetic sample — not county data',
    );
    await page
      .locator('.data-banner')
      .screenshot({ path: 'test-results/workbook-sample-banner.png' });
    await page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(page, 60_000, 'data');
    for (const file of expected.files) {
      const panel = page.getByRole('article', { name: `Validation of ${file.fileName}` });
      const counts = await panel.locator('.counts dd').allTextContents();
      expect(counts).toEqual(
        [file.rows, file.loaded, file.warnings, file.rejected].map((n) =>
          n.toLocaleString('en-US'),
        ),
      );
    }
  });
});
