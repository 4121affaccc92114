import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** A families file exported without its header row: its first record is read as headers. */
const FIRST = ['F0000001', 'Los Angeles', 'LA-East', 'linkages', '2022-07-01', '2025-09-30'];
const ROWS = [FIRST, ['F0000002', 'Fresno', 'FRE-West', 'comparison', '2022-08-01', '2025-09-30']];
const COLUMNS = ['family_id', 'county', 'unit_id', 'group', 'mutual_start_date'];

describe('a file without a header row, mapped by hand', () => {
  let app: AppSession;
  let path: string;
  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'linkages-headerless-')), 'families.csv');
    writeFileSync(path, ROWS.map((row) => row.join(',')).join('\n') + '\n');
    app = await openApp(baseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('leaves none of its values, nor a mapping, in local storage', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([path]);
    for (const [i, column] of COLUMNS.entries())
      await page.locator(`[id="map-families.csv-${column}"]`).selectOption(FIRST[i]!);
    const remember = page.getByRole('checkbox', { name: /Remember this mapping/ });
    expect(await remember.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Load with this mapping' }).click();
    await waitForReady(page, 60_000, 'overview');
    // Everything the page keeps on disk: the mapping store, with no mapping in it.
    expect(await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)))).toEqual({
      'linkages.column-mappings.v2': '{}',
    });
  });
});
