import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { recurrence12m } from '../../../src/measures/definitions/recurrence-12m';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { headlineScope } from '../../../src/measures/headline';
import { runMeasure } from '../../../src/measures/run-measure';
import { suppressResult } from '../../../src/measures/suppression';
import { summarizeMeasure } from '../../../src/ui/measure-summary';
import { addFamily, createMeasureDb, request } from './helpers';

const D = '2024-08-15';

describe('what a headline pools', () => {
  it('ends at the latest cohort whose every window has closed by D', () => {
    // 2024Q2 ends 2024-06-30, its 30-day windows by 2024-07-30; 2024Q3's not until 2024-10-30.
    expect(headlineScope(coordination30d, 'quarter', {}, D)).toEqual({
      filters: { cohortTo: '2024Q2' },
      latestCohort: '2024Q2',
    });
    // Time to event needs no window: a cohort is complete once it has ended.
    expect(headlineScope(timeToCoordination, 'quarter', {}, D).latestCohort).toBe('2024Q2');
    // 2023's 12-month windows close on 2024-12-31, after D: 2022 is the latest complete year.
    expect(headlineScope(recurrence12m, 'year', {}, D).latestCohort).toBe('2022');
  });

  it("keeps a view's earlier end and clamps a later one", () => {
    expect(headlineScope(coordination30d, 'quarter', { cohortTo: '2024Q1' }, D)).toEqual({
      filters: { cohortTo: '2024Q1' },
      latestCohort: '2024Q1',
    });
    expect(
      headlineScope(coordination30d, 'quarter', { cohortFrom: '2023Q3', cohortTo: '2025' }, D),
    ).toEqual({ filters: { cohortFrom: '2023Q3', cohortTo: '2024Q2' }, latestCohort: '2024Q2' });
  });

  it('has no cohort when the view starts after the latest complete one', () => {
    expect(headlineScope(coordination30d, 'quarter', { cohortFrom: '2024Q3' }, D)).toEqual({
      filters: { cohortFrom: '2024Q3', cohortTo: '2024Q2' },
      latestCohort: null,
    });
  });
});

describe('one headline per measure', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
    const families = async (count: number, start: string, values: Record<string, string>) => {
      for (let i = 0; i < count; i++) await addFamily(db, start, values);
    };
    // 2024Q1: 45 of 60 Linkages families and 30 of 60 comparison families coordinated in 30 days.
    await families(45, '2024-02-01', { coordinated_plan_date: '2024-02-10' });
    await families(15, '2024-02-01', {});
    await families(30, '2024-02-01', { group: 'comparison', coordinated_plan_date: '2024-02-10' });
    await families(30, '2024-02-01', { group: 'comparison' });
    // 2024Q2: 5 of 8 and 6 of 9, small enough to be masked.
    await families(5, '2024-05-01', { coordinated_plan_date: '2024-05-10' });
    await families(3, '2024-05-01', {});
    await families(6, '2024-05-01', { group: 'comparison', coordinated_plan_date: '2024-05-10' });
    await families(3, '2024-05-01', { group: 'comparison' });
    // 2024Q3, not complete: 12 Linkages families whose own windows have closed, all coordinated.
    await families(12, '2024-07-01', { coordinated_plan_date: '2024-07-05' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('pools the complete cohorts, with a masked latest cohort as a secondary line', async () => {
    const scope = headlineScope(coordination30d, 'quarter', {}, D);
    const headline = suppressResult(
      await runMeasure(db, coordination30d, request(D, { filters: scope.filters })),
    );
    const byCohort = suppressResult(
      await runMeasure(db, coordination30d, request(D, { by: ['cohort'] })),
    );
    const summary = summarizeMeasure(coordination30d, byCohort, headline, scope.latestCohort, D);
    // 50 of 68 and 36 of 69: 2024Q3's 12 closed windows are left out of the headline.
    expect(summary.value.linkages).toMatchObject({ events: 50, n: 68, masked: false });
    expect(summary.value.linkages?.value).toBeCloseTo(50 / 68, 12);
    expect(summary.value.comparison).toMatchObject({ events: 36, n: 69, masked: false });
    expect(summary.span).toEqual({ first: '2024Q1', last: '2024Q2' });
    expect(summary.latest?.cohort).toBe('2024Q2');
    expect(summary.latest?.value.linkages).toMatchObject({ value: null, masked: true });
    expect(summary.incompleteCohorts).toEqual(['2024Q3']);
    const all = suppressResult(await runMeasure(db, coordination30d, request(D)));
    expect(all.rows[0]).toMatchObject({ numerator: 62, denominator: 80 });
  });
});
