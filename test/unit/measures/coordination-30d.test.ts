import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import {
  addFamily,
  counts,
  createMeasureDb,
  emptyTables,
  request,
  runProportionMeasure,
} from './helpers';

describe('coordination-30d', () => {
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

  const run = (dataThrough = '2024-12-31') =>
    runProportionMeasure(db, coordination30d, request(dataThrough));

  it('counts a plan on day 30 but not on day 31', async () => {
    await addFamily(db, '2024-03-01', { coordinated_plan_date: '2024-03-31' });
    await addFamily(db, '2024-03-01', { coordinated_plan_date: '2024-04-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 2, 0] });
  });

  it('counts a plan on the index date itself', async () => {
    await addFamily(db, '2024-03-01', { coordinated_plan_date: '2024-03-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('counts a family without a plan as not coordinated', async () => {
    await addFamily(db, '2024-03-01');
    expect(counts(await run())).toEqual({ linkages: [0, 1, 0] });
  });

  it('excludes a family whose plan is dated before the index date', async () => {
    await addFamily(db, '2024-03-01', { coordinated_plan_date: '2024-02-28' });
    await addFamily(db, '2024-03-01', { coordinated_plan_date: '2024-03-05' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('needs 30 days after the index date for a full window', async () => {
    await addFamily(db, '2024-12-01', { coordinated_plan_date: '2024-12-02' }); // + 30 = Dec 31 = D
    await addFamily(db, '2024-12-02', { coordinated_plan_date: '2024-12-03' }); // + 30 = Jan 1 > D
    await addFamily(db, '2024-12-15');
    expect(counts(await run())).toEqual({ linkages: [1, 1, 2] });
  });

  it('reports a cohort whose windows are all open with denominator 0 and no rate', async () => {
    await addFamily(db, '2024-12-20', { coordinated_plan_date: '2024-12-21' });
    const result = await run();
    expect(result.rows).toEqual([
      expect.objectContaining({
        group: 'linkages',
        denominator: 0,
        numerator: 0,
        rate: null,
        windowNotComplete: 1,
      }),
    ]);
  });

  it('does not see a plan dated after the data-through date', async () => {
    await addFamily(db, '2024-01-01', { coordinated_plan_date: '2024-01-20' });
    expect(counts(await run('2024-01-31'))).toEqual({ linkages: [1, 1, 0] });
    expect(counts(await run('2024-01-19'))).toEqual({ linkages: [0, 0, 1] });
  });

  it('gives the Wilson interval and the Linkages minus comparison difference', async () => {
    for (let i = 0; i < 60; i++) {
      await addFamily(db, '2024-01-10', { coordinated_plan_date: i < 45 ? '2024-01-20' : null });
      await addFamily(db, '2024-01-10', {
        group: 'comparison',
        coordinated_plan_date: i < 30 ? '2024-01-20' : null,
      });
    }
    const result = await run();
    expect(counts(result)).toEqual({ linkages: [45, 60, 0], comparison: [30, 60, 0] });
    const linkages = result.rows.find((row) => row.group === 'linkages');
    expect(linkages?.rate).toBe(0.75);
    expect(linkages?.ciLow).toBeCloseTo(0.6277, 4);
    expect(linkages?.ciHigh).toBeCloseTo(0.8422, 4);
    expect(result.comparisons).toHaveLength(1);
    const [comparison] = result.comparisons;
    expect(comparison?.difference).toBeCloseTo(0.25, 10);
    expect(comparison?.ciLow).toBeCloseTo(0.0768, 4);
    expect(comparison?.ciHigh).toBeCloseTo(0.4035, 4);
    expect(comparison?.z).toBeCloseTo(2.828, 3);
    expect(comparison?.p).toBeCloseTo(0.0047, 4);
  });

  it('compares the groups only in cells where both are present', async () => {
    await addFamily(db, '2024-01-10', { coordinated_plan_date: '2024-01-20' });
    await addFamily(db, '2024-01-10', { group: 'comparison' });
    await addFamily(db, '2024-04-10', { coordinated_plan_date: '2024-04-20' });
    const result = await runProportionMeasure(
      db,
      coordination30d,
      request('2024-12-31', { by: ['cohort'] }),
    );
    expect(counts(result)).toEqual({
      '2024Q1 linkages': [1, 1, 0],
      '2024Q1 comparison': [0, 1, 0],
      '2024Q2 linkages': [1, 1, 0],
    });
    expect(
      result.comparisons.map((comparison) => [comparison.cohort, comparison.difference]),
    ).toEqual([['2024Q1', 1]]);
  });
});
