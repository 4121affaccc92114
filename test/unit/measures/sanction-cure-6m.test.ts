import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { sanctionCure6m } from '../../../src/measures/definitions/sanction-cure-6m';
import type { MeasureRequest } from '../../../src/measures/types';
import {
  addFamily,
  counts,
  createMeasureDb,
  emptyTables,
  insert,
  request,
  runProportionMeasure,
  type Values,
} from './helpers';

describe('sanction-cure-6m', () => {
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

  let personNo = 0;
  async function addAdult(start: string, values: Values) {
    const familyId = await addFamily(db, start);
    await insert(db, 'adults', [
      { person_id: `P${String(++personNo)}`, family_id: familyId, ...values },
    ]);
  }
  const run = (dataThrough = '2025-12-31', overrides: Partial<MeasureRequest> = {}) =>
    runProportionMeasure(db, sanctionCure6m, request(dataThrough, overrides));

  it('measures 6 months from the index date for a sanction in effect at the index date', async () => {
    await addAdult('2024-01-31', {
      wtw_status_at_index: 'sanction',
      sanction_cure_date: '2024-07-31',
    });
    await addAdult('2024-01-31', {
      wtw_status_at_index: 'sanction',
      sanction_cure_date: '2024-08-01',
    });
    await addAdult('2024-01-31', {
      sanction_start_date: '2023-11-15',
      sanction_cure_date: '2024-03-01',
    });
    expect(counts(await run())).toEqual({ linkages: [2, 3, 0] });
  });

  it('measures 6 months from the start of a sanction imposed within 90 days after the index date', async () => {
    await addAdult('2024-01-01', {
      sanction_start_date: '2024-03-31',
      sanction_cure_date: '2024-09-30',
    }); // day 90
    await addAdult('2024-01-01', {
      sanction_start_date: '2024-03-31',
      sanction_cure_date: '2024-10-01',
    });
    await addAdult('2024-01-01', {
      sanction_start_date: '2024-04-01',
      sanction_cure_date: '2024-04-15',
    }); // day 91
    expect(counts(await run('2025-12-31', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [1, 2, 0],
    });
  });

  it('leaves out adults never sanctioned and adults with an exclusion reason', async () => {
    await addAdult('2024-01-31', { wtw_status_at_index: 'active' });
    await addAdult('2024-01-31', {
      wtw_status_at_index: 'sanction',
      exclusion_reason: 'other',
      sanction_cure_date: '2024-03-01',
    });
    await addAdult('2024-01-31', {
      wtw_status_at_index: 'sanction',
      sanction_cure_date: '2024-03-01',
    });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('excludes a cure dated before the sanction start and waits 6 months after it', async () => {
    await addAdult('2024-01-01', {
      sanction_start_date: '2024-02-01',
      sanction_cure_date: '2024-01-15',
    });
    await addAdult('2024-01-01', { sanction_start_date: '2024-02-01' });
    expect(counts(await run('2024-07-31'))).toEqual({ linkages: [0, 0, 1] });
    expect(counts(await run('2024-08-01'))).toEqual({ linkages: [0, 1, 0] });
  });
});
