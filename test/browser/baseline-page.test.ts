import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBaseline, suppressBaseline, type BaselineResult } from '../../src/measures/baseline';
import { openBrowser, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

/** A characteristic's table as row header → [Linkages, comparison, difference, balance]. */
async function readBaseline(page: Page, id: string): Promise<Record<string, string[]>> {
  const section = page.locator(`section[aria-labelledby="baseline-${id}"]`);
  const rows = await section.locator('tbody tr').all();
  const table: Record<string, string[]> = {};
  for (const row of rows) {
    const cells = await row.locator('td').allInnerTexts();
    table[await row.locator('th').innerText()] = cells.map((text) => text.trim());
  }
  return table;
}

describe('the groups-at-baseline page on the bundled sample data', () => {
  let app: AppSession;
  let small: BaselineResult;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const node = await loadSampleInNode();
    try {
      small = suppressBaseline(
        await runBaseline(node.db, {
          dataThrough: node.report.dataThrough ?? '',
          filters: { counties: ['Tehama'], cohortFrom: '2024Q1', cohortTo: '2024Q1' },
        }),
      );
    } finally {
      await node.db.close();
    }
    app = await openBrowser(baseUrl);
    app.page.on('pageerror', (error) => pageErrors.push(error.message));
    await app.page.goto(baseUrl);
    await waitForReady(app.page, 110_000);
  });

  afterAll(async () => {
    await app.close();
  });

  // Counts: R's table() of the sample's families.csv (see test/unit/cli/baseline-cli.test.ts).
  it('opens from the nav and shows each share with its count, difference and class', async () => {
    await app.page.getByRole('link', { name: 'Groups at baseline' }).click();
    await waitForReady(app.page, 60_000, 'baseline');
    await expect
      .poll(() => app.page.getByRole('heading', { name: 'Groups at baseline' }).count())
      .toBe(1);
    const source = await readBaseline(app.page, 'identification-source');
    expect(source.Liaison).toEqual(['23.2% (674)', '5.4% (166)', '+0.528', '✕ Not comparable']);
    expect(source['Data match']).toEqual([
      '27.7% (805)',
      '32.4% (1,003)',
      '−0.101',
      '△ Needs adjustment',
    ]);
    await expect
      .poll(() => app.page.getByText('at most 0.05 comparable', { exact: false }).count())
      .toBe(1);
  });

  it('reads masked cells as masked in a small view, as the Node engine masks them', async () => {
    await app.page.goto(`${baseUrl}#/baseline?counties=Tehama&from=2024Q1&to=2024Q1`);
    await waitForReady(app.page, 60_000, 'baseline?counties=Tehama&from=2024Q1&to=2024Q1');
    const component = await readBaseline(app.page, 'cws-component');
    const c = small.characteristics.find((x) => x.id === 'cws-component');
    if (c?.kind !== 'categories') throw new Error('cws-component is categorical');
    const fr = c.categories.find((row) => row.category === 'FR');
    expect(fr?.linkages.share).toBeNull();
    expect(component['Family Reunification (FR)']).toEqual([
      'masked',
      'masked',
      'masked',
      'masked',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
