import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { recurrence12m } from '../../../src/measures/definitions/recurrence-12m';
import {
  addFamily,
  counts,
  createMeasureDb,
  emptyTables,
  request,
  runProportionMeasure,
} from './helpers';

describe('recurrence-12m', () => {
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

  const run = (dataThrough = '2025-12-31') =>
    runProportionMeasure(db, recurrence12m, request(dataThrough));

  it('counts a substantiated referral 12 calendar months after a Jan 31 index date but not a day later', async () => {
    await addFamily(db, '2024-01-31', { next_subst_referral_date: '2025-01-31' });
    await addFamily(db, '2024-01-31', { next_subst_referral_date: '2025-02-01' });
    await addFamily(db, '2024-01-31');
    expect(counts(await run())).toEqual({ linkages: [1, 3, 0] });
  });

  it('excludes a family whose referral is dated before the index date', async () => {
    await addFamily(db, '2024-01-31', { next_subst_referral_date: '2024-01-01' });
    await addFamily(db, '2024-01-31', { next_subst_referral_date: '2024-03-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('reports families less than 12 months past the index date as window not complete', async () => {
    await addFamily(db, '2024-01-31', { next_subst_referral_date: '2024-03-01' });
    expect(counts(await run('2025-01-30'))).toEqual({ linkages: [0, 0, 1] });
  });

  it('is a measure where lower is better', () => {
    expect(recurrence12m.better).toBe('lower');
  });
});
