import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { aidExit12m } from '../../../src/measures/definitions/aid-exit-12m';
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

describe('aid-exit-12m', () => {
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
      { person_id: `P${String(++personNo)}`, family_id: familyId, ...values },
    ]);
  }
  const run = (dataThrough = '2025-12-31') =>
    runProportionMeasure(db, aidExit12m, request(dataThrough));

  it('counts an exit 12 calendar months after a Jan 31 index date but not a day later', async () => {
    await addAdult({ grant_m1: 700, aid_exit_date: '2025-01-31' });
    await addAdult({ grant_m1: 700, aid_exit_date: '2025-02-01' });
    await addAdult({ grant_m1: 700 });
    expect(counts(await run())).toEqual({ linkages: [1, 3, 0] });
  });

  it('keeps an unknown index-month grant and leaves out no grant and exclusions', async () => {
    await addAdult({ grant_m1: null, aid_exit_date: '2024-06-01' });
    await addAdult({ grant_m1: 0, aid_exit_date: '2024-06-01' });
    await addAdult({ exclusion_reason: 'ssi', aid_exit_date: '2024-06-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 1, 0] });
  });

  it('excludes an exit dated before the index date and waits 12 months', async () => {
    await addAdult({ aid_exit_date: '2023-12-01' });
    await addAdult({ aid_exit_date: '2024-06-01' });
    expect(counts(await run('2025-01-30'))).toEqual({ linkages: [0, 0, 1] });
  });
});
