import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CATALOG } from '../../src/measures/catalog';
import { countEpisodesBeforeIndex } from '../../src/measures/episodes-before-index';
import { runMeasure } from '../../src/measures/run-measure';
import { suppressResult } from '../../src/measures/suppression';
import type { CountResult } from '../../src/measures/types';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import { openBrowser, recordStatuses, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

describe('the dashboard on the bundled sample data', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await loadSampleInNode();
    app = await openBrowser(baseUrl);
    app.page.on('pageerror', (error) => pageErrors.push(error.message));
    await app.page.goto(baseUrl);
    await waitForReady(app.page);
  });

  afterAll(async () => {
    await app.close();
    await node.db.close();
  });

  it('opens on the sample data, clearly labeled as synthetic', async () => {
    await expect(
      app.page.getByText('Synthetic sample — not county data', { exact: true }).isVisible(),
    ).resolves.toBe(true);
    await expect(
      app.page.getByRole('heading', { name: 'Linkages Evaluation Dashboard' }).isVisible(),
    ).resolves.toBe(true);
  });

  it('draws one bar per cohort and group, as DuckDB in Node counts them', async () => {
    const measure = CATALOG.find((m) => m.id === 'families-identified')!;
    const expected = suppressResult(
      await runMeasure(node.db, measure, {
        by: ['cohort'],
        period: 'quarter',
        dataThrough: node.report.dataThrough!,
      }),
    ) as CountResult;
    const bars = expected.rows.filter((r) => (r.count ?? 0) > 0).length;
    expect(bars).toBeGreaterThan(20);
    await expect(
      app.page
        .locator('[aria-label="Mutual families identified per cohort"] .recharts-bar-rectangle')
        .count(),
    ).resolves.toBe(bars);

    await app.page.getByRole('button', { name: 'Show data table' }).first().click();
    const firstRow = expected.rows.filter((r) => r.cohort === expected.rows[0]!.cohort);
    const cells = await app.page
      .locator('table.data-table tbody tr')
      .first()
      .locator('td')
      .allTextContents();
    expect(cells).toEqual([
      firstRow[0]!.cohort!.replace(/Q/, ' Q'),
      firstRow.find((r) => r.group === 'linkages')!.count!.toLocaleString('en-US'),
      firstRow.find((r) => r.group === 'comparison')!.count!.toLocaleString('en-US'),
    ]);
  });

  it('shows a card for every measure in the catalog', async () => {
    for (const measure of CATALOG.filter((m) => m.id !== 'families-identified')) {
      await expect(app.page.locator(`[data-measure="${measure.id}"]`).count()).resolves.toBe(1);
    }
  });

  it('accounts for every row of the sample in the validation report', async () => {
    await app.page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(app.page);
    for (const file of node.report.files) {
      const panel = app.page.getByRole('article', { name: `Validation of ${file.fileName}` });
      const counts = await panel.locator('.counts dd').allTextContents();
      expect(counts).toEqual(
        [file.rows, file.loaded, file.warnings, file.rejected].map((n) =>
          n.toLocaleString('en-US'),
        ),
      );
    }
    // The episodes out of scope (ended before the family's index date), counted in Node and
    // shown suppressed: the sample has 1, so the page says "masked", never the count itself.
    const outOfScope = await countEpisodesBeforeIndex(node.db);
    expect(outOfScope).toEqual({ episodes: 1, reunifications: 1 });
    const note = app.page.locator('[data-note="episodes-before-index"]');
    await expect(note.locator('strong').allTextContents()).resolves.toEqual(['masked', 'masked']);
    await expect(note.textContent()).resolves.toContain(
      'They are left out of reunification within 12 months, time to reunification and re-entry',
    );
    await app.page.screenshot({ path: 'test-results/data-page-1366.png', fullPage: true });
    await app.page.getByRole('link', { name: 'Overview' }).click();
    await waitForReady(app.page);
  });

  it('takes screenshots at laptop and projector sizes', async () => {
    await app.page.screenshot({ path: 'test-results/overview-1366.png', fullPage: true });
    await app.page.setViewportSize({ width: 1920, height: 1080 });
    await app.page.screenshot({ path: 'test-results/overview-1920.png', fullPage: true });
    await app.page.setViewportSize({ width: 1366, height: 768 });
  });

  it('reports a new view as loading before ready, never a stale ready', async () => {
    const { page } = app;
    const statuses = await recordStatuses(page);
    await page.evaluate(() => {
      window.location.hash = '#/overview?counties=Yolo';
    });
    await page.waitForSelector('[data-status="ready"][data-view="overview?counties=Yolo"]');
    const log = await statuses();
    const forView = log.filter((entry) => entry.startsWith('overview?counties=Yolo '));
    expect(forView[0]).toBe('overview?counties=Yolo loading');
    expect(forView.at(-1)).toBe('overview?counties=Yolo ready');
    await page.evaluate(() => {
      window.location.hash = '#/overview';
    });
    await waitForReady(page, 60_000, 'overview');
  });

  it('raises no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('sends no request outside its own origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
