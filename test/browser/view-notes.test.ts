import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import { findMeasure } from '../../src/measures/catalog';
import { runMeasure } from '../../src/measures/run-measure';
import type { MeasureRequest, ProportionRow } from '../../src/measures/types';
import { formatCount } from '../../src/ui/format';
import { axeViolations } from './axe';
import { openBrowser, readTable, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

// A new-user tester's display findings (issue 19): a page says honestly why rows are masked and
// never shows a confusing state. Each view below is one the tester scripted on the sample.

const baseUrl = inject('baseUrl');

describe('a measure page says why rows are masked, and never shows a confusing state (sample)', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  const pageErrors: string[] = [];

  const open = async (view: string) => {
    await app.page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/${view}`);
    await waitForReady(app.page, 90_000, view);
  };
  /** Unsuppressed numbers of the Node engine: what a shown number is checked against. */
  const raw = async (id: string, request: Omit<MeasureRequest, 'dataThrough'>) =>
    runMeasure(node.db, findMeasure(id)!, { ...request, dataThrough: node.report.dataThrough! });

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await loadSampleInNode();
    app = await openBrowser(baseUrl);
    app.page.on('pageerror', (error) => pageErrors.push(error.message));
    await app.page.goto(baseUrl);
    await waitForReady(app.page, 110_000);
  });

  afterAll(async () => {
    await app.close();
    await node.db.close();
  });

  it('a one-quarter range with no families says so, and draws no empty axes', async () => {
    const view = 'measure/families-identified?from=2025Q3&to=2025Q3';
    // 2025 Q3 is closed on the data-through date (Sep 30, 2025) and has no family in the sample.
    const result = await raw('families-identified', {
      by: ['cohort'],
      period: 'quarter',
      filters: { cohortFrom: '2025Q3', cohortTo: '2025Q3' },
    });
    expect(result.rows).toEqual([]);
    await open(view);
    const { page } = app;
    await expect(page.locator('#headline-title').textContent()).resolves.toBe(
      'No families in this view’s complete cohorts',
    );
    for (const chart of ['trend', 'county']) {
      const figure = page.locator(`[data-chart="${chart}"]`);
      await expect(figure.locator('.chart-empty').textContent()).resolves.toMatch(
        /^No families in this view’s (complete )?cohorts: nothing to draw\.$/,
      );
      await expect(figure.locator('svg.recharts-surface').count()).resolves.toBe(0);
      await expect(figure.locator('table.data-table').count()).resolves.toBe(0);
    }
    await expect(page.locator('main').textContent()).resolves.not.toContain('complete window');
    await page.screenshot({ path: 'test-results/view-notes-empty-quarter.png', fullPage: true });

    // Its time-to-event sibling: no curve, no median "not reached" for groups with no member.
    await open('measure/time-to-coordination?from=2025Q3&to=2025Q3');
    const curve = page.locator('[data-chart="curve"]');
    await expect(curve.locator('.chart-empty').textContent()).resolves.toBe(
      'No families in this view’s complete cohorts: no curve to draw.',
    );
    await expect(curve.locator('svg').count()).resolves.toBe(0);
    await expect(page.locator('main').textContent()).resolves.not.toContain('median not reached');
  });

  it('half-years: no rate reads "masked" beside 0 / 0; a partly closed half says whose rate it is; the masked halves are explained once', async () => {
    const view = 'measure/reunification-12m?period=half';
    await open(view);
    const { page } = app;
    const rows = await readTable(page, 'trend');
    let empty = 0;
    for (const row of rows) {
      for (const label of ['Linkages', 'Comparison']) {
        if (row[`${label} denominator`] !== '0') continue;
        empty++;
        expect(row[`${label} rate`], row.Cohort).toBe('—');
        expect(row[`${label} note`], row.Cohort).toBe(
          row[`${label} window open`] === '0' ? 'no child episodes' : 'no window closed yet',
        );
      }
      if (row['Linkages denominator'] === '0' || row['Comparison denominator'] === '0')
        expect(row['Difference (pts)'], row.Cohort).toBe('—');
    }
    expect(empty).toBeGreaterThanOrEqual(4);

    // 2024 H2 is not complete: its rate is that of 2024 Q3's episodes alone (2024 Q4's windows
    // are all open on Sep 30, 2025), and the page says so.
    const half = rows.find((r) => r.Cohort === '2024 H2')!;
    expect(half.Window).toBe('not complete: 2024 Q3 closed, 2024 Q4 open');
    const byHalf = await raw('reunification-12m', { by: ['cohort'], period: 'half', filters: {} });
    const byQuarter = await raw('reunification-12m', {
      by: ['cohort'],
      period: 'quarter',
      filters: {},
    });
    const rowAt = (list: readonly ProportionRow[], cohort: string, group: string) =>
      list.find((r) => r.cohort === cohort && r.group === group)!;
    for (const [group, label] of [
      ['linkages', 'Linkages'],
      ['comparison', 'Comparison'],
    ] as const) {
      const h2 = rowAt(byHalf.rows as ProportionRow[], '2024H2', group);
      const q3 = rowAt(byQuarter.rows as ProportionRow[], '2024Q3', group);
      expect(h2.denominator).toBe(q3.denominator);
      expect(h2.numerator).toBe(q3.numerator);
      expect(half[`${label} denominator`]).toBe(formatCount(h2.denominator));
    }
    const trend = page.locator('[data-chart="trend"]');
    await expect(trend.locator('.chart-note').allTextContents()).resolves.toContainEqual(
      expect.stringContaining('2024 H2’s rate is of 2024 Q3’s child episodes alone'),
    );

    // Halves masked although the quarter view shows their quarters: one note, beside the table.
    expect(rows.filter((r) => r['Linkages rate'] === 'masked').length).toBeGreaterThan(0);
    const note = page.locator('[data-derived-note]');
    await expect(note.count()).resolves.toBe(1);
    await expect(
      page.locator('section.panel', { has: trend }).locator('[data-derived-note]').count(),
    ).resolves.toBe(1);
    await expect(note.textContent()).resolves.toContain(
      'a half-year is shown only where its numbers are the sum of its quarters’ shown numbers',
    );
    await page.screenshot({ path: 'test-results/view-notes-halves.png', fullPage: true });
    // The chart's gaps are explained in its exports too, not only on the page (new-user finding).
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      trend.getByRole('button', { name: 'SVG' }).click(),
    ]);
    expect(readFileSync(await svg.path(), 'utf8')).toContain('Gaps are masked values');
    await note.getByRole('link', { name: 'By quarter' }).click();
    await waitForReady(page, 90_000, 'measure/reunification-12m');
    await expect(page.locator('[data-derived-note]').count()).resolves.toBe(0);
  });

  it('a custom range masks every county row of sanction cure: the page says why once and offers the view that shows them', async () => {
    const view = 'measure/sanction-cure-6m?from=2023Q1&to=2024Q2';
    await open(view);
    const { page } = app;
    const counties = await readTable(page, 'county');
    expect(counties.length).toBe(5);
    for (const row of counties) {
      expect(row['Linkages rate']).toBe('masked');
      expect(row['Comparison rate']).toBe('masked');
    }
    // None of them is masked for a small number: every numerator and its complement are over 10.
    const before = await raw('sanction-cure-6m', {
      by: ['county'],
      period: 'quarter',
      filters: { cohortFrom: '2023Q1', cohortTo: '2024Q2' },
    });
    for (const row of before.rows as ProportionRow[]) {
      expect(row.numerator!).toBeGreaterThan(10);
      expect(row.denominator! - row.numerator!).toBeGreaterThan(10);
    }
    const note = page.locator('[data-derived-note]');
    await expect(note.count()).resolves.toBe(1);
    const countyPanel = page.locator('section.panel', {
      has: page.locator('[data-chart="county"]'),
    });
    await expect(countyPanel.locator('[data-derived-note]').count()).resolves.toBe(1);
    await expect(note.textContent()).resolves.toContain(
      'a custom cohort range is shown only where it adds up from the standard views’ numbers',
    );
    // Each masked cell still reads just "masked" (rule 7: no reason per number).
    const table = page.locator('[data-chart="county"] table.data-table');
    await expect(table.textContent()).resolves.not.toMatch(/custom|derived|rule/i);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/view-notes-custom-range.png', fullPage: true });
    await note.getByRole('link', { name: 'All cohorts' }).click();
    await waitForReady(page, 90_000, 'measure/sanction-cure-6m');
    await expect(page.locator('[data-derived-note]').count()).resolves.toBe(0);
    const shown = await readTable(page, 'county');
    expect(shown.filter((r) => r['Linkages rate'] !== 'masked').length).toBeGreaterThan(0);
  });

  it('sibling pages name their county tables’ cohorts, the same cohorts, and the same families in each county', async () => {
    const { page } = app;
    const titleOf = () => page.locator('[data-chart="county"] .chart-title').textContent();
    await open('measure/coordination-30d');
    const coordination = await readTable(page, 'county');
    await expect(titleOf()).resolves.toBe('Rate by county, complete cohorts 2022 Q3–2025 Q2');
    await expect(page.locator('#headline-title').textContent()).resolves.toBe(
      'Complete cohorts pooled, 2022 Q3–2025 Q2',
    );
    await open('measure/time-to-coordination');
    await expect(titleOf()).resolves.toBe(
      'Median days by county, complete cohorts 2022 Q3–2025 Q2',
    );
    const time = await readTable(page, 'county');
    expect(time.map((r) => r.County)).toEqual(coordination.map((r) => r.County));
    for (const [i, row] of time.entries()) {
      for (const label of ['Linkages', 'Comparison']) {
        const n = row[`${label} n`]!;
        if (n === 'masked') continue;
        expect(n, row.County).toBe(coordination[i]![`${label} denominator`]);
      }
    }
    await open('measure/families-identified');
    await expect(titleOf()).resolves.toBe('Count by county, complete cohorts 2022 Q3–2025 Q2');
  });

  it('coordination within 30 days says once why its rows may be masked (families left out by definition), and where to correct them', async () => {
    const { page } = app;
    const expected =
      'Why rows may read “masked” on this measure. By its definition it leaves out the families ' +
      'below. Where a county, cohort or unit leaves out 1 to 10 of any one kind below, its row ' +
      'is masked to ' +
      'protect that small count: the count of mutual families identified less this measure’s ' +
      'families would give it.' +
      'A family whose coordinated case plan is dated before its index date: a data problem; ' +
      'correcting the extract removes this reason. The Data & validation page lists any such ' +
      "rows under the warning “coordinated_plan_date is before the family's mutual_start_date”.";
    // On the sample every county leaves out 1–10 such families: the county chart masks every row.
    const [counted] = await node.db.query<{ before: number }>(
      'SELECT count(*)::INTEGER AS before FROM families WHERE coordinated_plan_date < mutual_start_date',
    );
    const before = counted!.before;
    expect(before).toBe(29);
    await open('measure/coordination-30d');
    const counties = await readTable(page, 'county');
    expect(counties.length).toBe(5);
    for (const row of counties) {
      expect(row['Linkages rate'], row.County).toBe('masked');
      expect(row['Comparison rate'], row.County).toBe('masked');
    }
    // One note box on the page (no rule 9 note in this view), the text as the evaluator reads it.
    await expect(page.locator('[role="note"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-derived-note]').count()).resolves.toBe(0);
    const note = page.locator('[data-exclusion-note]');
    await expect(note.count()).resolves.toBe(1);
    await expect(note.textContent()).resolves.toBe(expected);
    // Each masked cell still reads just "masked" (rule 7: no reason per number).
    await expect(
      page.locator('[data-chart="county"] table.data-table').textContent(),
    ).resolves.not.toMatch(/exclu|left out|before/i);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/view-notes-exclusions.png', fullPage: true });

    // Its time-to-event sibling excludes the same families: the same note, once.
    await open('measure/time-to-coordination');
    await expect(page.locator('[role="note"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-exclusion-note]').textContent()).resolves.toBe(expected);

    // With rule 9's note on the page (half-years), one box holds both.
    await open('measure/coordination-30d?period=half');
    await expect(page.locator('[role="note"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-derived-note] [data-exclusion-note]').count()).resolves.toBe(
      1,
    );

    // A measure that leaves no one out has no such note, even where its rows are masked:
    // reunification's child episodes (an exit before the start is rejected on load).
    await open('measure/reunification-12m');
    const reunified = await readTable(page, 'county');
    expect(reunified.filter((r) => r['Linkages rate'] === 'masked').length).toBeGreaterThan(0);
    await expect(page.locator('[data-exclusion-note]').count()).resolves.toBe(0);
    await expect(page.locator('main').textContent()).resolves.not.toContain(
      'By its definition it leaves out',
    );

    // The link leads to the warning that lists those rows, with their number.
    await open('measure/coordination-30d');
    await page
      .locator('[data-exclusion-note]')
      .getByRole('link', { name: 'Data & validation' })
      .click();
    await waitForReady(page, 90_000, 'data');
    const warning = page.locator('table.issues tbody tr', {
      hasText: "coordinated_plan_date is before the family's mutual_start_date",
    });
    await expect(warning.count()).resolves.toBe(1);
    await expect(warning.locator('td').nth(0).textContent()).resolves.toBe('Warning');
    await expect(warning.locator('td').nth(3).textContent()).resolves.toBe(formatCount(before));
  });

  it('the adult measures and entry into foster care say why too, each in its own words and with what the evaluator can do (issue 19)', async () => {
    const { page } = app;
    const adultsCount =
      'a count of the same adults that another measure or page shows less ' +
      'this measure’s adults would give it.';
    const intro = (population: string, count: string) =>
      'Why rows may read “masked” on this measure. By its definition it leaves out the ' +
      `${population} below. Where a county, cohort or unit leaves out 1 to 10 of any one kind ` +
      'below, its row is ' +
      `masked to protect that small count: ${count}`;
    const listed = (column: string) =>
      ' The Data & validation page lists any such rows under the warning ' +
      `“${column} is before the family's mutual_start_date”.`;
    const fix = ': a data problem; correcting the extract removes this reason.';
    const notAbout =
      ': the measure is not about them, so there is nothing to correct; such rows stay masked.';

    // Exit from aid: on the sample its county chart over complete cohorts masks all 10 bars.
    await open('measure/aid-exit-12m');
    const counties = await readTable(page, 'county');
    expect(counties.length).toBe(5);
    for (const row of counties) expect(row['Linkages rate'], row.County).toBe('masked');
    const note = page.locator('[data-exclusion-note]');
    await expect(page.locator('[role="note"]').count()).resolves.toBe(1);
    await expect(note.textContent()).resolves.toBe(
      intro('adults', adultsCount) +
        'An adult whose family is known to have received no grant in the index month' +
        notAbout +
        'An adult whose exit from aid is dated before the index date' +
        fix +
        listed('aid_exit_date'),
    );
    await expect(
      page.locator('[data-chart="county"] table.data-table').textContent(),
    ).resolves.not.toMatch(/exclu|left out|before/i);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/view-notes-aid-exit.png', fullPage: true });

    // Employment within 12 months, all counties: no row masked, so no note (it depends on "this
    // view masks a row", never on which). Filtered to Fresno, whose quarters it masks: its own two
    // reasons (before, it had no note at all).
    await open('measure/employment-12m');
    for (const chart of ['trend', 'county']) {
      const rows = await readTable(page, chart);
      expect(rows.length, chart).toBeGreaterThan(0);
      expect(
        rows.flatMap((r) => Object.values(r)),
        chart,
      ).not.toContain('masked');
    }
    await expect(page.locator('[data-exclusion-note]').count()).resolves.toBe(0);
    await open('measure/employment-12m?counties=Fresno');
    const fresno = await readTable(page, 'trend');
    expect(fresno.filter((r) => r['Linkages rate'] === 'masked').length).toBeGreaterThan(0);
    await expect(page.locator('[data-exclusion-note]').textContent()).resolves.toBe(
      intro('adults', adultsCount) +
        'An adult already employed on the index date, or whose employment then is unknown' +
        notAbout +
        'An adult whose first employment is dated before the index date' +
        fix +
        listed('first_employment_date'),
    );

    // Entry into foster care: families, beside the count of families identified.
    await open('measure/foster-entry-12m');
    await expect(page.locator('[data-exclusion-note]').textContent()).resolves.toBe(
      intro(
        'families',
        'the count of mutual families identified less this measure’s families would give it.',
      ) +
        'A family with a child already in out-of-home care on the index date, or without an ' +
        'Emergency Response or Family Maintenance case then (or with either unknown)' +
        notAbout +
        'A family whose first removal is dated before its index date' +
        fix +
        listed('first_removal_after_index_date'),
    );

    // Aid decrease: an unknown grant is a data problem the Data & validation page does not list,
    // so no link.
    await open('measure/aid-decrease-6m');
    const decrease = page.locator('[data-exclusion-note]');
    await expect(decrease.textContent()).resolves.toContain(
      `An adult whose month-6 grant is unknown (blank)${fix}`,
    );
    await expect(decrease.getByRole('link').count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Sanction cure (since its population became a left-out flag): who it is not about, and a
    // cure before its sanction start, which the Data & validation page does not list: no link.
    await open('measure/sanction-cure-6m');
    const cure = page.locator('[data-exclusion-note]');
    await expect(cure.textContent()).resolves.toBe(
      intro('adults', adultsCount) +
        'An adult not sanctioned on the index date and with no sanction start within 90 days ' +
        `after it${notAbout}` +
        `An adult whose sanction cure is dated before the sanction start it is followed from${fix}`,
    );
    await expect(cure.getByRole('link').count()).resolves.toBe(0);

    // Employment's link leads to the Data & validation page, whose adults file lists any such
    // rows: the sample has none (its employment rows are masked by the definition's own
    // exclusions), and the page shows no such warning.
    await open('measure/employment-12m?counties=Fresno');
    await page
      .locator('[data-exclusion-note]')
      .getByRole('link', { name: 'Data & validation' })
      .click();
    await waitForReady(page, 90_000, 'data');
    const [counted] = await node.db.query<{ before: number }>(
      `SELECT count(*)::INTEGER AS before FROM adults a JOIN families f USING (family_id)
        WHERE a.first_employment_date < f.mutual_start_date`,
    );
    expect(counted!.before).toBe(0);
    await expect(page.locator('table.issues').count()).resolves.toBeGreaterThan(0);
    await expect(
      page.locator('table.issues tbody tr', { hasText: 'first_employment_date is before' }).count(),
    ).resolves.toBe(0);
  });

  it('a card whose headline is masked says why under it, never which reason, and links to who the measure leaves out', async () => {
    const { page } = app;
    await open('overview');
    // Re-entry's all-county Linkages headline is masked on the sample (a child 18 at exit).
    const card = page.locator('[data-measure="reentry-12m"]');
    await expect(card.locator('.card-values dd').first().textContent()).resolves.toBe('masked');
    const reason = card.locator('[data-masked-reason]');
    await expect(reason.textContent()).resolves.toBe(
      '“Masked” protects small counts: a count of 1 to 10, or a number that would give one away, including a count of the child episodes this measure leaves out by its definition. Who it leaves out is on the measure’s page.',
    );
    // Only the cards with a masked headline say it; a median "over N days" is not masked.
    const withReason = await page
      .locator('[data-measure]:has([data-masked-reason])')
      .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.measure));
    const maskedCards = await page
      .locator('[data-measure]:has(.card-values dd:text-is("masked"))')
      .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.measure));
    expect(withReason).toEqual(maskedCards);
    expect(withReason).toContain('reentry-12m');
    await expect(
      page.locator('[data-measure="time-to-reunification"] [data-masked-reason]').count(),
    ).resolves.toBe(0);
    await card.screenshot({ path: 'test-results/overview-card-masked-reason.png' });
    // The link opens the measure page at the note that says why, not at its top.
    const link = reason.getByRole('link', { name: 'Who it leaves out' });
    await expect(link.getAttribute('href')).resolves.toBe('#/measure/reentry-12m?note=masked');
    await link.click();
    await waitForReady(page, 90_000, 'measure/reentry-12m');
    expect(page.url()).toContain('#/measure/reentry-12m');
    await expect(page.locator('[data-exclusion-note]').count()).resolves.toBe(1);
    await expect(page.locator('[data-exclusion-note]').textContent()).resolves.toContain(
      'Why rows may read “masked” on this measure.',
    );
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-exclusion-note'));
    const inView = await page.locator('[data-exclusion-note]').evaluate((note) => {
      const box = note.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight && window.scrollY > 0;
    });
    expect(inView).toBe(true);
    await page.screenshot({ path: 'test-results/masked-card-link-at-note.png' });
    await open('overview?period=half');
    // A measure that leaves no one out by definition says the reason without a link.
    await expect(
      page.locator('[data-measure="reunification-12m"] [data-masked-reason]').textContent(),
    ).resolves.toBe(
      '“Masked” protects small counts: a count of 1 to 10, or a number that would give one away.',
    );
    expect(pageErrors).toEqual([]);
  });

  it('the overview says it once too, above the cards, when rule 9 masked rows of its view', async () => {
    const { page } = app;
    await open('overview');
    await expect(page.locator('[data-derived-note]').count()).resolves.toBe(0);
    await open('overview?period=half');
    const note = page.locator('[data-derived-note]');
    await expect(note.count()).resolves.toBe(1);
    // Reunification's halves are masked on its card (its headline pools halves the quarters do not add up to).
    await expect(
      page.locator('[data-measure="reunification-12m"] .card-values dd').first().textContent(),
    ).resolves.toBe('masked');
    await expect(note.getByRole('link', { name: 'By quarter' }).getAttribute('href')).resolves.toBe(
      '#/overview',
    );
    expect(pageErrors).toEqual([]);
  });

  it('a group with no members reads so (never "masked" or "median not reached"), and a chart with no curve says so without empty axes', async () => {
    const { page } = app;
    // FRE-West is a comparison unit: the view has no Linkages families.
    await open('measure/time-to-coordination?units=FRE-West');
    const curve = page.locator('[data-chart="curve"]');
    await expect(curve.locator('.median-text').first().textContent()).resolves.toBe(
      'Linkages units: no families',
    );
    await expect(curve.textContent()).resolves.not.toContain('median not reached');
    // Its cohort table's CSV leaves the Linkages cells empty, as the screen shows "—".
    await open('measure/coordination-30d?period=half&units=FRE-West');
    const trend = page.locator('[data-chart="trend"]');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      trend.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\r\n')
      .slice(4);
    const header = lines[0]!.split(',');
    const linkages = ['Linkages numerator', 'Linkages denominator', 'Linkages window open'].map(
      (name) => header.indexOf(name),
    );
    expect(linkages.every((i) => i >= 0)).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(linkages.map((i) => cells[i])).toEqual(['', '', '']);
    }
    // Fresno and Yolo pooled: time to coordination's numbers are masked on the sample (each
    // county excludes 1–10 families), so no curve: a sentence, no axes, no table.
    await open('measure/time-to-coordination?counties=Fresno,Yolo');
    await expect(curve.locator('.chart-empty').textContent()).resolves.toBe(
      'No curve to draw in this view: its numbers are masked.',
    );
    await expect(curve.locator('svg').count()).resolves.toBe(0);
    await expect(curve.locator('table').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
