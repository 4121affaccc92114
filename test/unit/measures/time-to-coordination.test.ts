import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import {
  addDays,
  addFamily,
  createMeasureDb,
  emptyTables,
  request,
  runSurvivalMeasure,
} from './helpers';

const D = '2024-12-31';

describe('time-to-coordination', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
  });
  beforeEach(async () => {
    await emptyTables(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A plan `t` days after the index date, or no plan with the index date `t` days before D. */
  async function addTimes(times: number[], events: number[], group: 'linkages' | 'comparison') {
    for (const [i, t] of times.entries()) {
      if (events[i] === 1)
        await addFamily(db, '2024-06-01', {
          group,
          coordinated_plan_date: addDays('2024-06-01', t),
        });
      else await addFamily(db, addDays(D, -t), { group });
    }
  }

  const run = () => runSurvivalMeasure(db, timeToCoordination, request(D));

  it('censors families without a plan at the data-through date (Kaplan–Meier worked example)', async () => {
    await addTimes([3, 5, 6, 7, 8, 10, 12, 12], [1, 0, 1, 1, 0, 1, 1, 0], 'linkages');
    const [row] = (await run()).rows;
    expect(row).toMatchObject({
      group: 'linkages',
      n: 8,
      events: 5,
      medianDays: 10,
      unstable: true,
    });
    expect(row?.curve.map((p) => [p.t, Number(p.survival.toFixed(6)), p.atRisk])).toEqual([
      [0, 1, 8],
      [3, 0.875, 8],
      [5, 0.875, 7],
      [6, 0.729167, 6],
      [7, 0.583333, 5],
      [8, 0.583333, 4],
      [10, 0.388889, 3],
      [12, 0.194444, 2],
    ]);
  });

  it('compares the groups with the log-rank test', async () => {
    await addTimes([3, 5, 6, 7, 8, 10, 12, 12], [1, 0, 1, 1, 0, 1, 1, 0], 'linkages');
    await addTimes([2, 4, 4, 5, 6, 9, 11], [1, 1, 1, 1, 0, 1, 1], 'comparison');
    const result = await run();
    expect(result.rows.map((row) => [row.group, row.n, row.events])).toEqual([
      ['linkages', 8, 5],
      ['comparison', 7, 6],
    ]);
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]?.chiSquare).toBeCloseTo(2.175, 3);
    expect(result.comparisons[0]?.p).toBeCloseTo(0.14, 3);
  });

  it('treats a plan dated after the data-through date as not yet observed', async () => {
    await addFamily(db, '2024-12-01', { coordinated_plan_date: '2025-01-05' });
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ n: 1, events: 0, medianDays: null });
    expect(row?.curve.at(-1)).toMatchObject({ t: 30, survival: 1, atRisk: 1 });
  });

  it('counts a plan on the index date at day 0 and excludes a plan before it', async () => {
    await addFamily(db, '2024-12-01', { coordinated_plan_date: '2024-12-01' });
    await addFamily(db, '2024-12-01', { coordinated_plan_date: '2024-11-30' });
    await addFamily(db, '2024-12-01');
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ n: 2, events: 1, medianDays: 0 });
    expect(row?.curve.map((p) => [p.t, p.survival, p.atRisk])).toEqual([
      [0, 1, 2],
      [0, 0.5, 2],
      [30, 0.5, 1],
    ]);
  });

  it('draws one curve per county and group and tests each county where both groups are present', async () => {
    await addFamily(db, '2024-12-01', { county: 'Kern', coordinated_plan_date: '2024-12-05' });
    await addFamily(db, '2024-12-01', {
      county: 'Kern',
      group: 'comparison',
      coordinated_plan_date: '2024-12-11',
    });
    await addFamily(db, '2024-12-01', { county: 'Kern', group: 'comparison' });
    await addFamily(db, '2024-12-01', { county: 'Napa', coordinated_plan_date: '2024-12-02' });
    const result = await runSurvivalMeasure(db, timeToCoordination, request(D, { by: ['county'] }));
    expect(
      result.rows.map((row) => [row.county, row.group, row.n, row.events, row.medianDays]),
    ).toEqual([
      ['Kern', 'linkages', 1, 1, 4],
      ['Kern', 'comparison', 2, 1, 10],
      ['Napa', 'linkages', 1, 1, 1],
    ]);
    expect(result.rows[0]).not.toHaveProperty('cohort');
    expect(result.comparisons.map((comparison) => comparison.county)).toEqual(['Kern']);
  });
});
