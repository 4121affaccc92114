import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createNodeDb } from '../../src/db/node-client';
import type { DbClient } from '../../src/db/client';
import { loadExtract, type LoadReport } from '../../src/dataset/load-extract';
import { familyCountShown } from '../../src/measures/run-protected';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
const TABLES = ['families', 'children', 'adults'] as const;

/** The sample extract as Parquet (all text), and a families file with typed DATE columns. */
async function writeParquet(node: DbClient): Promise<{ sample: string[]; typed: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'linkages-parquet-'));
  const sample: string[] = [];
  for (const table of TABLES) {
    const path = join(dir, `${table}.parquet`);
    const csv = resolve('sample-data', `${table}.csv`);
    await node.exec(
      `COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${path}' (FORMAT parquet)`,
    );
    sample.push(path);
  }
  const typed = join(dir, 'families-typed.parquet');
  const fixture = resolve('test/fixtures/extracts/good/families.csv');
  await node.exec(`COPY (SELECT * FROM read_csv('${fixture}')) TO '${typed}' (FORMAT parquet)`);
  return { sample, typed };
}

async function loadInNode(node: DbClient, paths: string[]): Promise<LoadReport> {
  return loadExtract(
    node,
    paths.map((path) => ({ fileName: path.split('/').pop()!, source: { kind: 'path', path } })),
  );
}

/** Uploads `paths`: the sample's content (`sample`) is named the sample, anything else county data. */
async function upload(page: Page, paths: string[], sample = false): Promise<void> {
  await page.getByRole('button', { name: 'Load your extract' }).click();
  await page.locator('input[type=file]').setInputFiles(paths);
  await page.waitForSelector(sample ? '[data-sample-upload]' : '.source-upload');
  await waitForReady(page);
}

/**
 * The validation report's counts as the Node loader gives them; the families file's rows, loaded
 * and with-warnings counts read "masked" when the banner masks the family count (the Node
 * engine's familyCountShown on the same extract, loaded into `node`).
 */
async function expectReportCounts(page: Page, expected: LoadReport, node: DbClient): Promise<void> {
  const shown = await familyCountShown(node, expected.dataThrough ?? '');
  await page.getByRole('link', { name: 'Data & validation' }).click();
  await waitForReady(page, 60_000, 'data');
  for (const file of expected.files) {
    const panel = page.getByRole('article', { name: `Validation of ${file.fileName}` });
    const counts = await panel.locator('.counts dd').allTextContents();
    const masked = file.table === 'families' && !shown;
    expect(counts).toEqual([
      ...[file.rows, file.loaded, file.warnings].map((n) =>
        masked ? 'masked' : n.toLocaleString('en-US'),
      ),
      file.rejected.toLocaleString('en-US'),
    ]);
  }
}

describe('an evaluator loading a Parquet extract', () => {
  let app: AppSession;
  let node: DbClient;
  let files: { sample: string[]; typed: string };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await createNodeDb();
    files = await writeParquet(node);
    app = await openApp(baseUrl);
  });

  afterAll(async () => {
    await app.close();
    await node.close();
  });

  it('loads the three Parquet files with the report the Node loader gives', async () => {
    const expected = await loadInNode(node, files.sample);
    expect(expected.fatal).toBeNull();
    expect(expected.tables).toEqual(['families', 'children', 'adults']);
    expect(expected.files.map((f) => f.rows)).toEqual([6001, 4859, 7401]);
    // The sample's content as Parquet: named the synthetic sample, never county data.
    await upload(app.page, files.sample, true);
    await expect(app.page.locator('.data-banner .source-pill').textContent()).resolves.toBe(
      'Synthetic sample — not county data',
    );
    expect(await app.page.getByText('Keep this extract on this computer').count()).toBe(0);
    await expectReportCounts(app.page, expected, node);
    await app.page.screenshot({ path: 'test-results/parquet-report-1366.png', fullPage: true });
  });

  it('reads typed DATE columns as the Node loader does', async () => {
    const expected = await loadInNode(node, [files.typed]);
    expect(expected.fatal).toBeNull();
    expect(expected.dataThrough).toBe('2025-06-30');
    expect(expected.files.map((f) => [f.rows, f.loaded, f.rejected])).toEqual([[4, 4, 0]]);
    // Four families: the banner masks their number, and the report's families counts with it.
    await expect(familyCountShown(node, '2025-06-30')).resolves.toBe(false);
    await app.page.getByRole('link', { name: 'Overview' }).click();
    await upload(app.page, [files.typed]);
    await expectReportCounts(app.page, expected, node);
  });

  it('reads Parquet without any request leaving the app', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
