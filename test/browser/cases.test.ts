import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
const CASES = resolve(import.meta.dirname, '../fixtures/cases');

/** Drops the given files of a case folder on the upload dialog and waits for the report. */
async function loadCase(app: AppSession, folder: string, names: readonly string[]) {
  const { page } = app;
  await page.getByRole('button', { name: 'Load your extract' }).click();
  await page.locator('input[type=file]').setInputFiles(names.map((n) => resolve(CASES, folder, n)));
  await page.waitForSelector('.source-upload');
  await waitForReady(page);
  await page.getByRole('link', { name: 'Data & validation' }).click();
  await waitForReady(page, 60_000, 'data');
}

/** A file's panel counts: rows, loaded, with warnings, rejected. */
async function countsOf(app: AppSession, fileName: string): Promise<string[]> {
  const panel = app.page.getByRole('article', { name: `Validation of ${fileName}` });
  return panel.locator('.counts dd').allTextContents();
}

describe('issue 14 cases loaded through the file input', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp(baseUrl);
  });

  afterAll(async () => {
    await app.close();
  });

  it('removes a NUL byte in the first 4 KB of families.csv with a warning, not a binary-file error', async () => {
    await loadCase(app, 'nul-byte/early', ['families.csv', 'children.csv']);
    expect(await countsOf(app, 'families.csv')).toEqual(['120', '119', '1', '0']);
    expect(await countsOf(app, 'children.csv')).toEqual(['2', '2', '0', '0']);
  });

  it('rejects only the families row with a stray quote, on its line 3, and loads every other row', async () => {
    await loadCase(app, 'unclosed-quote-cascade', ['families.csv', 'children.csv', 'adults.csv']);
    // Three families loaded: the banner masks their number (docs/disclosure-control.md, rule 6),
    // so the families file's rows, loaded and with-warnings counts are masked too (rows less
    // rejected would give it); the rejected row is a row, in no measure, and stays counted.
    await expect(app.page.locator('.data-banner').textContent()).resolves.toContain(
      'masked families',
    );
    expect(await countsOf(app, 'families.csv')).toEqual(['masked', 'masked', 'masked', '1']);
    expect(await countsOf(app, 'children.csv')).toEqual(['4', '4', '0', '0']);
    expect(await countsOf(app, 'adults.csv')).toEqual(['4', '3', '0', '1']);
    const families = app.page.getByRole('article', { name: 'Validation of families.csv' });
    const text = (await families.textContent()) ?? '';
    expect(text).toContain('opens a quote (") that it never closes');
    expect(text).not.toMatch(/duckdb|Error:|\/tmp\//i);
  });
});
