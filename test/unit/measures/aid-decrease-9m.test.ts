import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { aidDecrease9m } from '../../../src/measures/definitions/aid-decrease-9m';
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

describe('aid-decrease-9m', () => {
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
  async function addAdult(values: Values) {
    const familyId = await addFamily(db, '2024-01-31');
    await insert(db, 'adults', [
      { person_id: `P${String(++personNo)}`, family_id: familyId, grant_m1: 800, ...values },
    ]);
  }
  const run = (dataThrough = '2025-12-31') =>
    runProportionMeasure(db, aidDecrease9m, request(dataThrough));

  it('counts a smaller month-9 grant, and no grant, as a decrease', async () => {
    await addAdult({ grant_m9: 799.5 });
    await addAdult({ grant_m9: 0 });
    await addAdult({ grant_m9: 800 });
    await addAdult({ grant_m9: 950 });
    expect(counts(await run())).toEqual({ linkages: [2, 4, 0] });
  });

  it('excludes an unknown month-9 grant, no grant in the index month, sanctions and exclusions', async () => {
    await addAdult({ grant_m9: null });
    await addAdult({ grant_m1: 0, grant_m9: 0 });
    await addAdult({ grant_m1: null, grant_m9: 0 });
    await addAdult({ wtw_status_at_index: 'sanction', grant_m9: 0 });
    await addAdult({ sanction_start_date: '2024-01-31', grant_m9: 0 });
    await addAdult({ exclusion_reason: 'drug_felon', grant_m9: 0 });
    await addAdult({ sanction_start_date: '2024-03-01', grant_m9: 0 });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('waits 9 months after the index date', async () => {
    await addAdult({ grant_m9: 100 });
    await addAdult({ grant_m9: null });
    expect(counts(await run('2024-10-30'))).toEqual({ linkages: [0, 0, 2] });
    expect(counts(await run('2024-10-31'))).toEqual({ linkages: [1, 1, 0] });
  });
});
