import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
const SOURCE = 'Synthetic sample — not county data';
const SAMPLE = ['families.csv', 'children.csv', 'adults.csv'].map((name) => `sample-data/${name}`);

async function upload(page: Page, paths: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Load your extract' }).click();
  await page.locator('input[type=file]').setInputFiles(paths);
}

/** The overview's measure cards as shown: the numbers of the extract on screen. */
function shownNumbers(page: Page): Promise<string[]> {
  return page.locator('[data-measure]').allTextContents();
}

describe("the sample's own files uploaded: named the synthetic sample, never county data", () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp(baseUrl, '#/overview');
  });

  afterAll(async () => {
    await app.close();
  });

  async function download(click: () => Promise<void>): Promise<string> {
    const [file] = await Promise.all([app.page.waitForEvent('download'), click()]);
    return readFileSync(await file.path(), 'utf8');
  }

  it("refuses a mix of the sample's families.csv and another children.csv before loading, the sample kept on screen", async () => {
    const { page } = app;
    const before = await shownNumbers(page);
    expect(before.length).toBeGreaterThan(0);
    // The sample's children.csv with one line changed (a later exit date): not the sample's.
    const lines = readFileSync('sample-data/children.csv', 'latin1').split('\r\n');
    expect(lines[1]).toBe('C0000001,F0000003,2022-01-05,2023-09-22,5438,6,8,NA');
    lines[1] = 'C0000001,F0000003,2022-01-05,2023-09-23,5438,6,8,NA';
    const children = join(mkdtempSync(join(tmpdir(), 'linkages-mix-')), 'children.csv');
    writeFileSync(children, lines.join('\r\n'), 'latin1');
    await upload(page, [SAMPLE[0]!, children]);
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(
      "families.csv is from the synthetic sample but children.csv is not: load the sample or your county's files, not a mix",
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await waitForReady(page);
    await expect(page.locator('.data-banner .source-pill').textContent()).resolves.toBe(SOURCE);
    // Nothing was loaded: the bundled sample is still the extract on screen (no upload to keep).
    expect(await page.getByText('Keep this extract on this computer').count()).toBe(0);
    expect(await shownNumbers(page)).toEqual(before);
  });

  it('names the uploaded sample the synthetic sample in the banner and in the CSV and JSON exports', async () => {
    const { page } = app;
    const before = await shownNumbers(page);
    await upload(page, SAMPLE);
    // The upload is on screen once the banner says it is the sample uploaded: nothing to keep,
    // and nothing asked before the page is left (isOwnUpload).
    await page.locator('[data-sample-upload]').waitFor({ timeout: 120_000 });
    await waitForReady(page, 120_000);
    await expect(page.locator('[data-sample-upload]').textContent()).resolves.toBe(
      'The synthetic sample, uploaded: nothing to keep (the dashboard opens it by itself)',
    );
    expect(await page.getByText('Keep this extract on this computer').count()).toBe(0);
    const pill = page.locator('.data-banner .source-pill');
    await expect(pill.textContent()).resolves.toBe(SOURCE);
    await expect(pill.getAttribute('class')).resolves.toContain('source-sample');
    // The same files through the loader: the same numbers as the bundled sample's prepared tables.
    expect(await shownNumbers(page)).toEqual(before);
    await page.screenshot({ path: 'test-results/sample-upload-banner.png' });

    const csv = await download(() => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.slice(1).split('\r\n').slice(0, 2)).toEqual([
      `# Source,${SOURCE}`,
      '# Data through,2025-09-30',
    ]);
    expect(csv).not.toContain('County extract');
    const json = JSON.parse(
      await download(() => page.getByRole('button', { name: 'Download JSON' }).click()),
    ) as { provenance: { source: string; synthetic: boolean; fileNames: string[] } };
    expect(json.provenance).toMatchObject({
      source: SOURCE,
      synthetic: true,
      fileNames: ['families.csv', 'children.csv', 'adults.csv'],
    });
  });

  it('sends no request outside its own origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
