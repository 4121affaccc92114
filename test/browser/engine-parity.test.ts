import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import { catalogToCsv } from '../../src/measures/baseline-csv';
import { runCatalog, validationSummary, type MeasuresJson } from '../../src/measures/run-catalog';
import { openApp, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

/**
 * Integers, text, booleans and nulls must match exactly; doubles to 1e-12 relative, because the
 * two V8 builds' Math.exp and Math.log may differ in the last bit of a p-value or a band.
 */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b ? [] : [`${path}: ${a} ≠ ${b}`];
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
      ? []
      : [`${path}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: ${a.length} items ≠ ${b.length} items`];
    return a.flatMap((item, i) => differences(item, b[i], `${path}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keysA = Object.keys(a).sort();
    const keysB = Object.keys(b).sort();
    if (keysA.join() !== keysB.join()) return [`${path}: keys ${keysA.join()} ≠ ${keysB.join()}`];
    return keysA.flatMap((key) =>
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** The same extract through DuckDB-wasm in Chromium and native DuckDB in Node: the same numbers. */
describe('the browser engine and the Node engine', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  let expected: MeasuresJson;

  beforeAll(async () => {
    node = await loadSampleInNode();
    expected = await runCatalog(node.db, {
      source: { kind: 'sample', fileNames: node.report.files.map((f) => f.fileName) },
      dataThrough: node.report.dataThrough!,
      by: ['county', 'cohort'],
      period: 'half',
      suppress: true,
      baseline: true,
      validation: validationSummary(node.report),
    });
    app = await openApp(baseUrl, '#/overview?period=half');
  });

  afterAll(async () => {
    await app.close();
    await node.db.close();
  });

  async function download(button: string): Promise<string> {
    const [file] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByRole('button', { name: button }).click(),
    ]);
    return readFileSync(await file.path(), 'utf8');
  }

  it('export every measure by county and half-year with identical numbers', async () => {
    const browser = JSON.parse(await download('Download JSON')) as MeasuresJson;
    expect(Object.keys(browser.measures)).toEqual(Object.keys(expected.measures));
    expect(differences(browser, expected)).toEqual([]);
    expect(differences({ n: 1, p: 0.5 }, { n: 1, p: 0.5000001 })).toEqual(['$.p: 0.5 ≠ 0.5000001']);
  });

  it('export the same CSV', async () => {
    // A byte-order mark first, for spreadsheets.
    expect(await download('Download CSV')).toBe(`\uFEFF${catalogToCsv(expected)}`);
  });

  it('export only what the view shows when it is filtered to one county', async () => {
    const filtered = await runCatalog(node.db, {
      source: { kind: 'sample', fileNames: node.report.files.map((f) => f.fileName) },
      dataThrough: node.report.dataThrough!,
      by: ['county', 'cohort'],
      period: 'year',
      filters: { counties: ['Fresno'] },
      suppress: true,
      baseline: true,
      validation: validationSummary(node.report),
    });
    await app.page.goto(`${baseUrl}#/overview?period=year&counties=Fresno`);
    await waitForReady(app.page);
    const browser = JSON.parse(await download('Download JSON')) as MeasuresJson;
    expect(new Set(browser.measures['families-identified']!.map((row) => row.county))).toEqual(
      new Set(['Fresno']),
    );
    expect(differences(browser, filtered)).toEqual([]);
  });

  it('reads the sample with the same account of every row', () => {
    expect(expected.validation).toEqual({
      families: { loaded: 5965, warnings: 34, rejected: 2 },
      children: { loaded: 4858, warnings: 0, rejected: 1 },
      adults: { loaded: 7397, warnings: 0, rejected: 4 },
    });
  });
});
