import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MeasuresJson } from '../../src/measures/run-catalog';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
const SAMPLE = ['families.csv', 'children.csv', 'adults.csv'];

/** The data page's validation report of each file, as the evaluator reads it. */
async function validationTexts(page: Page): Promise<string[]> {
  await page.goto(`${baseUrl}#/data`);
  await waitForReady(page, 120_000, 'data');
  const articles = page.getByRole('article', { name: /^Validation of / });
  return articles.allInnerTexts();
}

/** The data page's "Download rejected rows" CSV of each file (on the data page). */
async function rejectedRows(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const name of SAMPLE) {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download rejected rows of ${name}` }).click(),
    ]);
    out.push(readFileSync(await file.path(), 'utf8'));
  }
  return out;
}

async function measuresJson(page: Page): Promise<MeasuresJson> {
  await page.goto(`${baseUrl}#/overview?period=half`);
  await waitForReady(page, 120_000);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  return JSON.parse(readFileSync(await file.path(), 'utf8')) as MeasuresJson;
}

/**
 * The page opens on the sample from its tables prepared ahead (sample-data/prepared/); the same
 * three CSV files dropped on the page go through the loader in DuckDB-wasm. Both must show the
 * same validation report and the same numbers: the loader is proven on the sample in the page.
 */
describe('the bundled sample, prepared ahead and through the loader in the page', () => {
  let app: AppSession;
  let prepared: { validation: string[]; rejected: string[]; json: MeasuresJson };

  beforeAll(async () => {
    app = await openApp(baseUrl, '#/overview');
    const validation = await validationTexts(app.page);
    const rejected = await rejectedRows(app.page);
    prepared = { validation, rejected, json: await measuresJson(app.page) };
  }, 240_000);

  afterAll(async () => {
    await app.close();
  });

  it('opens on the prepared sample without the loader reading a file', async () => {
    expect(prepared.json.provenance.synthetic).toBe(true);
    expect(prepared.validation).toHaveLength(3);
    expect(prepared.validation[0]).toContain('families.csv');
    // The loader's statements read the files with read_csv or split their lines: none ran.
    const statements = await app.page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .map((m) => m.name)
        .filter((name) => name.startsWith('duckdb:')),
    );
    expect(statements.filter((s) => /read_csv|load_file_/i.test(s))).toEqual([]);
    expect(statements.filter((s) => s.startsWith('duckdb: (Arrow rows into staged_'))).toHaveLength(
      8,
    );
    // Its member tables too (sample-data/prepared/member-tables.*): the overview, validation
    // page and export (every measure by county and cohort) computed none. No table is put in
    // place: counts and proportions read their kept cell rows, times to event their kept times.
    expect(
      statements.filter((s) => s.startsWith('duckdb: (Arrow rows into members_')),
    ).toHaveLength(0);
    expect(
      statements.filter((s) => /CREATE OR REPLACE TABLE "members_\d+_\d+" AS/.test(s)),
    ).toEqual([]);
  });

  it('loads the same three CSV files through the loader with the same report and numbers', async () => {
    const { page } = app;
    await page.goto(`${baseUrl}#/overview?period=half`);
    await waitForReady(page, 120_000);
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles(SAMPLE.map((name) => resolve('sample-data', name)));
    // The upload is on screen once the banner says it is the sample uploaded (nothing to keep);
    // known by its content, it is named the synthetic sample still (sample-upload.ts).
    await page.locator('[data-sample-upload]').waitFor({ timeout: 180_000 });
    await waitForReady(page, 180_000);
    const statements = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .map((m) => m.name)
        .filter((name) => /read_csv/i.test(name)),
    );
    expect(statements.length).toBeGreaterThan(0);

    const validation = await validationTexts(page);
    const rejected = await rejectedRows(page);
    const loaded = { validation, rejected, json: await measuresJson(page) };
    expect(loaded.validation).toEqual(prepared.validation);
    // The rejected rows as downloaded, from the prepared raw tables and from the loader's: the
    // same rows under provenance lines that name each source.
    const rows = (csv: string) =>
      csv
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .filter((line) => !line.startsWith('#'));
    expect(loaded.rejected.map(rows)).toEqual(prepared.rejected.map(rows));
    expect(prepared.rejected[0]).toContain('Synthetic sample — not county data');
    expect(loaded.rejected[0]).toContain('Synthetic sample — not county data');
    expect(rows(prepared.rejected[0]!).join('\n')).toContain('F0003001');
    expect(loaded.json.provenance.synthetic).toBe(true);
    expect(loaded.json.provenance.source).toBe('Synthetic sample — not county data');
    expect({ ...loaded.json, provenance: null }).toEqual({ ...prepared.json, provenance: null });
    expect(Object.keys(loaded.json.measures).length).toBeGreaterThan(10);
  }, 300_000);
});
