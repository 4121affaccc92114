import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { employment12m } from '../../../src/measures/definitions/employment-12m';
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

describe('employment-12m', () => {
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
  async function addAdult(start: string, values: Values, familyValues: Values = {}) {
    const familyId = await addFamily(db, start, familyValues);
    await insert(db, 'adults', [
      {
        person_id: `P${String(++personNo)}`,
        family_id: familyId,
        employed_at_index: false,
        ...values,
      },
    ]);
  }
  const run = (dataThrough = '2025-12-31') =>
    runProportionMeasure(db, employment12m, request(dataThrough));

  it('counts a job 12 calendar months after a Jan 31 index date but not a day later', async () => {
    await addAdult('2024-01-31', { first_employment_date: '2025-01-31' });
    await addAdult('2024-01-31', { first_employment_date: '2025-02-01' });
    await addAdult('2024-01-31', {});
    expect(counts(await run())).toEqual({ linkages: [1, 3, 0] });
  });

  it('counts a job on the index date and excludes one before it', async () => {
    await addAdult('2024-01-31', { first_employment_date: '2024-01-31' });
    await addAdult('2024-01-31', { first_employment_date: '2024-01-30' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('follows only adults known to be without a job at the index date', async () => {
    await addAdult('2024-01-31', { employed_at_index: null, first_employment_date: '2024-02-01' });
    await addAdult('2024-01-31', { employed_at_index: true, first_employment_date: '2024-02-01' });
    await addAdult('2024-01-31', { employed_at_index: false, first_employment_date: '2024-02-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('leaves out adults with an exclusion reason', async () => {
    await addAdult('2024-01-31', {
      exclusion_reason: 'timed_out',
      first_employment_date: '2024-02-01',
    });
    await addAdult('2024-01-31', { exclusion_reason: 'ssi' });
    await addAdult('2024-01-31', { first_employment_date: '2024-02-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('reports adults whose 12 months have not passed as window not complete, not as failures', async () => {
    await addAdult('2024-01-31', { first_employment_date: '2024-02-15' });
    await addAdult('2024-01-31', {});
    expect(counts(await run('2025-01-30'))).toEqual({ linkages: [0, 0, 2] });
    expect(counts(await run('2025-01-31'))).toEqual({ linkages: [1, 2, 0] });
  });

  it("takes county and group from the adult's family", async () => {
    await addAdult(
      '2024-01-31',
      { first_employment_date: '2024-02-15' },
      { county: 'Napa', group: 'comparison' },
    );
    const result = await runProportionMeasure(
      db,
      employment12m,
      request('2025-12-31', { by: ['county'] }),
    );
    expect(counts(result)).toEqual({ 'Napa comparison': [1, 1, 0] });
  });
});
