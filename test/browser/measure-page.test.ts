import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CATALOG, findMeasure } from '../../src/measures/catalog';
import {
  familyMembers,
  runFamilySuppressed,
  runSuppressed,
} from '../../src/measures/run-protected';
import { headlineScope } from '../../src/measures/headline';
import { runMeasure } from '../../src/measures/run-measure';
import { suppressResult } from '../../src/measures/suppression';
import type { MeasureRequest, ProportionResult, SurvivalResult } from '../../src/measures/types';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import {
  formatCount,
  formatDays,
  formatPoints,
  formatPointsInterval,
  formatRate,
} from '../../src/ui/format';
import { openBrowser, readTable, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

describe('a measure page on the bundled sample data', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  const pageErrors: string[] = [];
  const view = 'measure/coordination-30d?period=half&counties=Fresno';

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await loadSampleInNode();
    app = await openBrowser(baseUrl);
    app.page.on('pageerror', (error) => pageErrors.push(error.message));
    await app.page.goto(baseUrl);
    // The engine boots and loads the sample first; other work on a shared machine can slow it.
    await waitForReady(app.page, 110_000);
  });

  afterAll(async () => {
    await app.close();
    await node.db.close();
  });

  const expected = async (request: Omit<MeasureRequest, 'dataThrough'>, id = 'coordination-30d') =>
    suppressResult(
      await runMeasure(node.db, findMeasure(id)!, {
        ...request,
        dataThrough: node.report.dataThrough!,
      }),
    );

  it('opens a measure from its overview card, with the same headline numbers as the card', async () => {
    const { page } = app;
    const card = page.locator('[data-measure="coordination-30d"]');
    const onCard = await card.locator('.card-values dd').allTextContents();
    await card.getByRole('link', { name: /Open measure/ }).click();
    await waitForReady(page, 60_000, 'measure/coordination-30d');
    const onPage = await Promise.all(
      ['linkages', 'comparison'].map((group) =>
        page.locator(`.headline .group-${group} dd`).first().textContent(),
      ),
    );
    expect(onCard).toHaveLength(2);
    expect(onPage).toEqual(onCard);
    await expect(
      page
        .getByRole('heading', { name: 'Coordinated case plan within 30 days', level: 2 })
        .isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: 'test-results/measure-page-1366.png', fullPage: true });
  });

  it('puts a county filter and the cohort size in the URL', async () => {
    const { page } = app;
    await page.locator('details[data-filter="counties"] > summary').click();
    await page.getByRole('checkbox', { name: 'Fresno' }).check();
    await waitForReady(page, 60_000, 'measure/coordination-30d?counties=Fresno');
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: 'Half-year' }).click();
    await waitForReady(page, 60_000, view);
    expect(page.url()).toBe(`${baseUrl}#/${view}`);
  });

  it('shows in its data table the numbers the Node engine computes for the same view', async () => {
    const result = (await expected({
      by: ['cohort'],
      period: 'half',
      filters: { counties: ['Fresno'] },
    })) as ProportionResult;
    const rows = await readTable(app.page, 'trend');
    const cohorts = [...new Set(result.rows.map((r) => r.cohort!))].sort();
    expect(rows.map((r) => r.Cohort)).toEqual(cohorts.map((c) => c.replace('H', ' H')));
    for (const row of rows) {
      const cohort = row.Cohort!.replace(' ', '');
      for (const [group, label] of [
        ['linkages', 'Linkages'],
        ['comparison', 'Comparison'],
      ] as const) {
        const want = result.rows.find((r) => r.cohort === cohort && r.group === group)!;
        expect(row[`${label} rate`]).toBe(formatRate(want.rate, want.suppressed));
        expect(row[`${label} numerator`]).toBe(formatCount(want.numerator));
        expect(row[`${label} denominator`]).toBe(formatCount(want.denominator));
      }
    }
    // The headline pools the view's complete half-years.
    const { filters } = headlineScope(
      findMeasure('coordination-30d')!,
      'half',
      { counties: ['Fresno'] },
      node.report.dataThrough!,
    );
    const pooled = (await expected({ by: [], period: 'half', filters })) as ProportionResult;
    const linkages = pooled.rows.find((r) => r.group === 'linkages')!;
    await expect(
      app.page.locator('.headline .group-linkages dd').first().textContent(),
    ).resolves.toBe(formatRate(linkages.rate, linkages.suppressed));
  });

  it('reopens the same view from its URL', async () => {
    const before = await readTable(app.page, 'trend');
    await app.page.goto('about:blank');
    await app.page.goto(`${baseUrl}#/${view}`);
    await waitForReady(app.page, 60_000, view);
    await expect(
      app.page.getByRole('radio', { name: 'Half-year' }).getAttribute('aria-checked'),
    ).resolves.toBe('true');
    await expect(
      app.page.locator('details[data-filter="counties"] > summary').textContent(),
    ).resolves.toContain('Fresno');
    await expect(readTable(app.page, 'trend')).resolves.toEqual(before);
  });

  it('exports a chart as PNG and its table as CSV, suppressed', async () => {
    const { page } = app;
    const figure = page.locator('[data-chart="trend"]');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toMatch(/^coordination-30d-by-cohort-.*\.png$/);
    const image = readFileSync(await png.path());
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(image.length).toBeGreaterThan(5000);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    // Under its four provenance lines (test/browser/provenance.test.ts).
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\r\n')
      .slice(4);
    const header = lines[0]!.split(',');
    const result = (await expected({
      by: ['cohort'],
      period: 'half',
      filters: { counties: ['Fresno'] },
    })) as ProportionResult;
    const cohorts = [...new Set(result.rows.map((r) => r.cohort!))].sort();
    expect(lines.length).toBe(cohorts.length + 1);
    const first = new Map(lines[1]!.split(',').map((cell, i) => [header[i] ?? '', cell] as const));
    const want = result.rows.find((r) => r.cohort === cohorts[0] && r.group === 'linkages')!;
    expect(first.get('Cohort')).toBe(cohorts[0]);
    expect(first.get('Linkages denominator')).toBe(
      want.denominator === null ? 'masked' : String(want.denominator),
    );

    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'SVG' }).click(),
    ]);
    const text = readFileSync(await svg.path(), 'utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text).toContain('Linkages units');
  });

  it('draws the share coordinated by day with the number at risk the Node engine counts', async () => {
    const { page } = app;
    await page.getByLabel('Measure').selectOption('time-to-coordination');
    await waitForReady(page, 60_000, 'measure/time-to-coordination?period=half&counties=Fresno');
    // All counties: on the sample each county's groups exclude 1–10 families by definition (a
    // plan dated before the index date), so a county's time to coordination is masked whole.
    const ttc = 'measure/time-to-coordination?period=half';
    await page.goto(`${baseUrl}#/${ttc}`);
    await waitForReady(page, 60_000, ttc);
    // Suppressed as the page suppresses it: with its family, so that rule 5's lines cut its curves
    // and the log-rank test reads only the days both curves are drawn (drawn-log-rank.ts).
    const result = (await runSuppressed(node.db, findMeasure('time-to-coordination')!, {
      by: [],
      period: 'half',
      filters: {},
      dataThrough: node.report.dataThrough!,
    })) as SurvivalResult;
    const rows = await readTable(page, 'curve');
    expect(rows[0]).toMatchObject({
      Day: '0',
      'Linkages at risk': formatCount(result.rows.find((r) => r.group === 'linkages')!.n),
      'Comparison at risk': formatCount(result.rows.find((r) => r.group === 'comparison')!.n),
    });
    const test = result.comparisons[0]!;
    await expect(
      page.locator('[data-chart="curve"] .logrank-text').textContent(),
    ).resolves.toContain(`χ² = ${test.chiSquare!.toFixed(2)}`);
    // The cohort table's columns each have their own header (two read "Cohort" before).
    const trend = page.locator('[data-chart="trend"]');
    const toggle = trend.getByRole('button', { name: 'Show data table' });
    if ((await toggle.count()) > 0) await toggle.click();
    const headers = await trend.locator('table.data-table thead th').allTextContents();
    expect(headers.slice(0, 2)).toEqual(['Cohort', 'Cohort status']);
    expect(new Set(headers).size).toBe(headers.length);
    await page.screenshot({ path: 'test-results/measure-time-to-event-1366.png', fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-results/measure-time-to-event-1920.png', fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('draws the curves of two counties cut where the first county curve stops (rule 9), the numbers the Node engine shows', async () => {
    const { page } = app;
    await expect(page.locator('[data-chart="curve"]').textContent()).resolves.not.toContain(
      'No curve drawn',
    );
    const twoCounties = 'measure/time-to-reunification?counties=Fresno,Yolo';
    await page.goto(`${baseUrl}#/${twoCounties}`);
    await waitForReady(page, 60_000, twoCounties);
    // Time to reunification: on the sample, time to coordination's county rows are masked whole
    // (each county excludes 1–10 families by definition, rule 1), so their sums draw nothing.
    // The app's own suppressed output in Node, with the family as the page asks for it.
    const measure = findMeasure('time-to-reunification')!;
    const family = familyMembers(measure.family!, CATALOG);
    // The curve is the headline's: the view's complete cohorts pooled.
    const dataThrough = node.report.dataThrough!;
    const { filters } = headlineScope(
      measure,
      'quarter',
      { counties: ['Fresno', 'Yolo'] },
      dataThrough,
    );
    const results = await runFamilySuppressed(node.db, family, {
      by: [],
      period: 'quarter',
      filters,
      dataThrough,
    });
    const result = results[family.indexOf(measure)] as SurvivalResult;
    const rowOf = (group: string) => result.rows.find((r) => r.group === group)!;
    for (const group of ['linkages', 'comparison']) {
      expect(rowOf(group).curve.length).toBeGreaterThan(1);
      expect(rowOf(group).events).toBeNull();
    }
    // Rule 5's lines stop each county's range near day 364 on the sample (past it a county's
    // full range is its headline range alone, and before it the two differ by 2024 Q4, cut
    // earlier): the two counties' curve, cut at the earlier county's stop, reaches the Linkages
    // median (335 days) but not the comparison one (543), which reads "over" the curve's last day.
    expect([rowOf('linkages').medianDays, rowOf('comparison').medianDays]).toEqual([335, null]);
    const curve = page.locator('[data-chart="curve"]');
    await expect(curve.locator('.median-text').allTextContents()).resolves.toEqual(
      ['linkages', 'comparison'].map(
        (group) =>
          // A median past the cut reads "over" the curve's last day, never "not reached".
          `${group === 'linkages' ? 'Linkages' : 'Comparison'} units: median ${rowOf(group).medianDays === null ? `over ${formatDays(rowOf(group).curve.at(-1)!.t)}, where the curve stops` : formatDays(rowOf(group).medianDays)} (n = ${formatCount(rowOf(group).n)} child episodes)`,
      ),
    );
    await expect(curve.locator('.logrank-text').textContent()).resolves.toBe(
      'Log-rank test: masked (a group has fewer than 11 or its events are masked)',
    );
    await expect(curve.textContent()).resolves.not.toContain('No curve drawn');
    // The table's first day counts every member; its last drawn day is no later than the
    // Node engine's curves.
    const rows = await readTable(page, 'curve');
    expect(rows[0]).toMatchObject({
      Day: '0',
      'Linkages at risk': formatCount(rowOf('linkages').n),
      'Comparison at risk': formatCount(rowOf('comparison').n),
    });
    const last = Math.max(...['linkages', 'comparison'].map((g) => rowOf(g).curve.at(-1)!.t));
    expect(Number(rows.at(-1)!.Day)).toBeLessThanOrEqual(last);
    await page.screenshot({ path: 'test-results/measure-curves-two-counties.png', fullPage: true });
  });

  it('reads a median hidden past its drawn curve as "over" the curve\'s last day, on the card, the chart, the county table and its CSV', async () => {
    const { page } = app;
    const view = 'measure/time-to-reunification';
    await page.goto(`${baseUrl}#/${view}`);
    await waitForReady(page, 60_000, view);
    // The app's own suppressed headline in Node (all counties, complete cohorts pooled).
    const measure = findMeasure('time-to-reunification')!;
    const family = familyMembers(measure.family!, CATALOG);
    const dataThrough = node.report.dataThrough!;
    const { filters } = headlineScope(measure, 'quarter', {}, dataThrough);
    const results = await runFamilySuppressed(node.db, family, {
      by: [],
      period: 'quarter',
      filters,
      dataThrough,
    });
    const result = results[family.indexOf(measure)] as SurvivalResult;
    const comparison = result.rows.find((r) => r.group === 'comparison')!;
    // On the sample: 2,502 comparison episodes, the curve drawn to day 364 with 878 at risk, its
    // median (about 540 days) past it and hidden.
    expect([comparison.n, comparison.medianDays, comparison.curve.at(-1)]).toMatchObject([
      2502,
      null,
      { t: 364, atRisk: 878 },
    ]);
    await expect(
      page.locator('.headline .group-comparison dd').first().textContent(),
    ).resolves.toBe('over 364 days');
    await expect(page.locator('.headline').textContent()).resolves.not.toMatch(
      /Comparison units\s*masked/,
    );
    await expect(
      page.locator('[data-chart="curve"] .median-text').nth(1).textContent(),
    ).resolves.toBe(
      'Comparison units: median over 364 days, where the curve stops (n = 2,502 child episodes)',
    );
    // The county table and its CSV: each county's hidden median with a drawn curve reads "over"
    // its own curve's last day; one masked whole still reads "masked".
    const byCounty = await runFamilySuppressed(node.db, family, {
      by: ['county'],
      period: 'quarter',
      filters,
      dataThrough,
    });
    const countyRows = (byCounty[family.indexOf(measure)] as SurvivalResult).rows;
    const countyRow = (county: string, group: string) =>
      countyRows.find((r) => r.county === county && r.group === group)!;
    // A hidden median reads "over" its drawn curve's last day, or "masked" with no curve; the
    // CSV gives a shown median as its number.
    const wanted = (county: string, group: string, csv = false) => {
      const row = countyRow(county, group);
      if (row.medianDays !== null) return csv ? String(row.medianDays) : formatDays(row.medianDays);
      if (!row.suppressed) return csv ? '' : 'not reached';
      return row.curve.length > 0 ? `over ${formatDays(row.curve.at(-1)!.t)}` : 'masked';
    };
    const table = await readTable(page, 'county');
    expect(table.length).toBeGreaterThan(0);
    const over = countyRows.filter(
      (r) => r.group === 'comparison' && r.medianDays === null && r.curve.length > 0,
    ).length;
    expect(over).toBeGreaterThan(0);
    expect(table.filter((r) => r['Comparison median days']!.startsWith('over ')).length).toBe(over);
    for (const r of table) {
      expect([r['Linkages median days'], r['Comparison median days']]).toEqual([
        wanted(r.County!, 'linkages'),
        wanted(r.County!, 'comparison'),
      ]);
    }
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-chart="county"]').getByRole('button', { name: 'CSV' }).click(),
    ]);
    // Under its four provenance lines (test/browser/provenance.test.ts); no cell holds a comma.
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\r\n')
      .slice(4);
    const header = lines[0]!.split(',');
    expect(lines.length).toBe(table.length + 1);
    for (const line of lines.slice(1)) {
      const cells = new Map(line.split(',').map((cell, i) => [header[i] ?? '', cell] as const));
      const county = cells.get('County')!;
      expect([cells.get('Linkages median days'), cells.get('Comparison median days')]).toEqual([
        wanted(county, 'linkages', true),
        wanted(county, 'comparison', true),
      ]);
    }
    await page.screenshot({ path: 'test-results/measure-median-over.png', fullPage: true });
  });

  it('shows the difference adjusted for county, by unit and Newcombe, with the units the Node engine counts', async () => {
    const { page } = app;
    const pooledView = 'measure/coordination-30d?period=half';
    await page.goto(`${baseUrl}#/${pooledView}`);
    await waitForReady(page, 60_000, pooledView);
    const result = (await expected({ by: [], period: 'half' })) as ProportionResult;
    const c = result.comparisons[0]!;
    expect(c.mhDifference).not.toBeNull();
    const table = page.locator('.headline table.estimates');
    const rows = await table.locator('tbody tr').all();
    const cells = await Promise.all(
      rows.map(async (row) => [
        (await row.locator('th').textContent()) ?? '',
        ...(await row.locator('td').allTextContents()).slice(0, 2),
      ]),
    );
    expect(cells).toEqual([
      [
        'Adjusted for county · headline',
        formatPoints(c.mhDifference).replace(' pts', ''),
        formatPointsInterval(c.mhCiLow!, c.mhCiHigh!, ''),
      ],
      [
        'Crude, interval by unit',
        formatPoints(c.difference).replace(' pts', ''),
        formatPointsInterval(c.clusterCiLow!, c.clusterCiHigh!, ''),
      ],
      [
        'Crude, families as independent',
        formatPoints(c.difference).replace(' pts', ''),
        formatPointsInterval(c.ciLow!, c.ciHigh!, ''),
      ],
    ]);
    await expect(
      page.locator('.headline .group-linkages .headline-n').textContent(),
    ).resolves.toContain(`· ${String(c.units.linkages)} units`);
    await page.locator('.headline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/measure-proportion-headline-1366.png' });

    // The county chart covers the cohorts the headline pools, so its counties add up to it.
    const { filters, latestCohort } = headlineScope(
      findMeasure('coordination-30d')!,
      'half',
      {},
      node.report.dataThrough!,
    );
    const byCounty = (await expected({
      by: ['county'],
      period: 'half',
      filters,
    })) as ProportionResult;
    const headline = (await expected({ by: [], period: 'half', filters })) as ProportionResult;
    // Its title names the cohorts, first to last (the headline's range).
    await expect(page.locator('#county-title').textContent()).resolves.toMatch(
      new RegExp(`complete cohorts \\d{4} H\\d–${latestCohort!.replace('H', ' H')}$`),
    );
    const countyRows = await readTable(page, 'county');
    expect(countyRows.map((r) => r.County).sort()).toEqual(
      [...new Set(byCounty.rows.map((r) => r.county!))].sort(),
    );
    for (const [group, label] of [
      ['linkages', 'Linkages'],
      ['comparison', 'Comparison'],
    ] as const) {
      for (const row of countyRows) {
        const want = byCounty.rows.find((r) => r.county === row.County && r.group === group)!;
        expect(row[`${label} denominator`]).toBe(formatCount(want.denominator));
      }
      // Shown whole, the counties add up to the headline; else at least two are masked, so that
      // the headline less the shown counties is no one county's (on the sample every county is:
      // each excludes 1–10 families by definition).
      const rows = byCounty.rows.filter((r) => r.group === group);
      const total = headline.rows.find((r) => r.group === group)!.denominator;
      const masked = rows.filter((r) => r.denominator === null).length;
      if (masked === 0) expect(rows.reduce((sum, r) => sum + r.denominator!, 0)).toBe(total);
      else expect(masked).toBeGreaterThanOrEqual(2);
    }
  });

  it('raises no error in the page and sends nothing outside its origin', () => {
    expect(pageErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
