import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDb } from '../../src/db/node-client';
import type { DbClient } from '../../src/db/client';
import { loadExtract, type LoadReport } from '../../src/dataset/load-extract';
import { syntheticExtractText } from '../../src/synthetic/synthetic-extract';
import { CATALOG } from '../../src/measures/catalog';
import { runMeasure } from '../../src/measures/run-measure';
import { suppressResult } from '../../src/measures/suppression';
import type { ProportionResult } from '../../src/measures/types';
import { openApp, recordStatuses, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
/** A header no synonym covers: the evaluator has to map it by hand. */
const ODD_HEADER = 'Date both programs began';

/** A messy county extract (seeded), written as a county evaluator's three files. */
function writeExtract(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'linkages-upload-'));
  const { files } = syntheticExtractText({ families: 900, seed: 41, mess: true });
  files.families = files.families.replace('Mutual Start Date', ODD_HEADER);
  return (['families', 'children', 'adults'] as const).map((table) => {
    const path = join(dir, `${table}-export.csv`);
    writeFileSync(path, files[table]);
    return path;
  });
}

describe('an evaluator loading a messy extract', () => {
  let app: AppSession;
  let paths: string[];
  let node: DbClient;
  let expected: LoadReport;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    paths = writeExtract();
    node = await createNodeDb();
    expected = await loadExtract(
      node,
      paths.map((path) => ({
        fileName: path.split('/').pop()!,
        source: { kind: 'path' as const, path },
      })),
      { mapping: { families: { mutual_start_date: ODD_HEADER } } },
    );
    app = await openApp(baseUrl);
  });

  afterAll(async () => {
    await app.close();
    await node.close();
  });

  it('is asked for the one column it could not match, with a preview, and maps it by hand', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles(paths);
    const families = page.getByRole('region', { name: 'Columns of families-export.csv' });
    await families.getByText('Pick the column for mutual_start_date.').waitFor();
    await families.getByRole('table', { name: 'First rows of families-export.csv' }).waitFor();
    await expect(
      page.getByRole('button', { name: 'Load with this mapping' }).isDisabled(),
    ).resolves.toBe(true);
    await page.screenshot({ path: 'test-results/upload-mapping-1366.png' });
    await families.getByLabel('mutual_start_date').selectOption(ODD_HEADER);
    await page.getByRole('button', { name: 'Load with this mapping' }).click();
    await page.waitForSelector('.source-upload');
    await waitForReady(page);
  });

  it('accounts for every row in the report, as the Node loader does', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(page, 60_000, 'data');
    for (const file of expected.files) {
      expect(file.loaded + file.warnings + file.rejected).toBe(file.rows);
      const panel = page.getByRole('article', { name: `Validation of ${file.fileName}` });
      const counts = await panel.locator('.counts dd').allTextContents();
      expect(counts).toEqual(
        [file.rows, file.loaded, file.warnings, file.rejected].map((n) =>
          n.toLocaleString('en-US'),
        ),
      );
    }
    expect(expected.files.map((f) => f.rejected)).toEqual([2, 1, 3]);
    await page.screenshot({ path: 'test-results/upload-report-1366.png', fullPage: true });
  });

  it('shows the coordination rate of the uploaded extract, as the Node engine computes it', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Overview' }).click();
    await waitForReady(page, 60_000, 'overview');
    const measure = CATALOG.find((m) => m.id === 'coordination-30d')!;
    const result = suppressResult(
      await runMeasure(node, measure, {
        by: [],
        period: 'quarter',
        dataThrough: expected.dataThrough!,
      }),
    ) as ProportionResult;
    // Each group's rate is shown, or its row masked whole: a group excluding 1–10 families by
    // definition (a plan dated before the index date) is masked (docs/disclosure-control.md,
    // rule 1), as its headline card shows.
    expect(result.rows.every((r) => r.rate !== null || r.denominator === null)).toBe(true);
    const card = page.locator('[data-measure="coordination-30d"] .card-values dd');
    const shown = result.rows.filter((r) => r.rate !== null).length;
    if (shown < result.rows.length)
      await expect(card.allTextContents()).resolves.toContain('masked');
    await page.getByRole('button', { name: 'Show data table' }).first().click();
    const firstCells = await page
      .locator('table.data-table tbody tr')
      .first()
      .locator('td')
      .allTextContents();
    expect(firstCells[0]).toMatch(/^\d{4} Q[1-4]$/);
  });

  it('remembers the mapping next time, so the same export loads without asking', async () => {
    const { page } = app;
    await page.reload();
    await waitForReady(page);
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles(paths);
    await page.waitForSelector('.source-upload');
    await waitForReady(page);
    const stored = await page.evaluate(
      () => localStorage.getItem('linkages.column-mappings.v2') ?? '',
    );
    expect(stored).toContain(ODD_HEADER);
    expect(stored).not.toMatch(/F0000\d/);
  });

  it('adds a children or adults file to what is loaded, replacing only that file', async () => {
    const { page } = app;
    const adults = paths.find((path) => path.endsWith('adults-export.csv'))!;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    const statuses = await recordStatuses(page);
    await page.locator('input[type=file]').setInputFiles([adults]);
    await expect
      .poll(async () => (await statuses()).some((entry) => entry.endsWith(' loading')), {
        timeout: 30_000,
      })
      .toBe(true);
    await waitForReady(page);
    await expect(page.locator('.source-upload').textContent()).resolves.toBe(
      'County extract: families-export.csv, children-export.csv, adults-export.csv',
    );
    await expect(page.getByText('3 of 3 files loaded').isVisible()).resolves.toBe(true);
  });

  it('keeps the loaded data usable when a PDF renamed .csv is dropped in', async () => {
    const { page } = app;
    const pdf = join(mkdtempSync(join(tmpdir(), 'linkages-pdf-')), 'families.csv');
    writeFileSync(pdf, '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([pdf]);
    const alert = page.getByRole('alert').filter({ hasText: 'Your files could not be loaded' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/families\.csv.*PDF/);
    await waitForReady(page);
    await expect(page.locator('.source-upload').textContent()).resolves.toContain(
      'families-export.csv',
    );
    await page.screenshot({ path: 'test-results/upload-bad-file-1366.png' });
  });

  it('counts a refused second families file as a file not loaded, never its rows as rejected', async () => {
    const { page } = app;
    const dir = mkdtempSync(join(tmpdir(), 'linkages-two-families-'));
    const paths = [11, 12].map((seed, i) => {
      const path = join(dir, i === 0 ? 'families.csv' : 'families-2.csv');
      writeFileSync(
        path,
        syntheticExtractText({ families: 300, seed, mess: false }).files.families,
      );
      return path;
    });
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles(paths);
    // Two files read as families: the columns are shown to check before loading.
    await page.getByRole('button', { name: 'Load with this mapping' }).click();
    await page
      .locator('.source-upload', { hasText: 'families.csv, families-2.csv' })
      .waitFor({ timeout: 60_000 });
    await waitForReady(page);
    const banner = page.getByRole('region', { name: 'Loaded data' });
    // The loaded file has no rejected row; the refused one's 300 rows are refused with it.
    await expect(
      banner.getByRole('button', { name: /see the validation report/ }).textContent(),
    ).resolves.toBe('1 file not loaded — see the validation report');
    await banner.screenshot({ path: 'test-results/upload-second-families-banner.png' });
    await page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(page, 60_000, 'data');
    const loaded = page.getByRole('article', { name: 'Validation of families.csv' });
    await expect(loaded.locator('.counts dd').last().textContent()).resolves.toBe('0');
    await expect(
      page
        .getByRole('article', { name: 'Validation of families-2.csv' })
        .getByRole('alert')
        .textContent(),
    ).resolves.toContain('looks like a second families file');
    // Nothing to download for either: no rejected row was read into the extract.
    await expect(
      page.getByRole('button', { name: /Download rejected rows/ }).count(),
    ).resolves.toBe(0);
  });
});
