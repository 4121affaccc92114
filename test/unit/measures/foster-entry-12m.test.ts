import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { fosterEntry12m } from '../../../src/measures/definitions/foster-entry-12m';
import {
  addFamily,
  counts,
  createMeasureDb,
  emptyTables,
  request,
  runProportionMeasure,
} from './helpers';

describe('foster-entry-12m', () => {
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

  const atHome = { child_in_care_at_index: false, cws_component_at_index: 'ER' };
  const run = (dataThrough = '2025-12-31') =>
    runProportionMeasure(db, fosterEntry12m, request(dataThrough));

  it('counts a removal 12 calendar months after a Jan 31 index date but not a day later', async () => {
    await addFamily(db, '2024-01-31', { ...atHome, first_removal_after_index_date: '2025-01-31' });
    await addFamily(db, '2024-01-31', { ...atHome, first_removal_after_index_date: '2025-02-01' });
    expect(counts(await run())).toEqual({ linkages: [1, 2, 0] });
  });

  it('follows only families with no child in care (known) and an ER or FM case at the index date', async () => {
    const removal = { first_removal_after_index_date: '2024-05-01' };
    await addFamily(db, '2024-01-31', {
      ...removal,
      child_in_care_at_index: false,
      cws_component_at_index: 'FM',
    });
    await addFamily(db, '2024-01-31', {
      ...removal,
      child_in_care_at_index: false,
      cws_component_at_index: 'FR',
    });
    await addFamily(db, '2024-01-31', {
      ...removal,
      child_in_care_at_index: false,
      cws_component_at_index: null,
    });
    await addFamily(db, '2024-01-31', {
      ...removal,
      child_in_care_at_index: true,
      cws_component_at_index: 'ER',
    });
    await addFamily(db, '2024-01-31', {
      ...removal,
      child_in_care_at_index: null,
      cws_component_at_index: 'ER',
    });
    await addFamily(db, '2024-01-31', {
      child_in_care_at_index: false,
      cws_component_at_index: 'ER',
    });
    expect(counts(await run())).toEqual({ linkages: [1, 2, 0] });
  });

  it('excludes a family whose removal is dated before the index date', async () => {
    await addFamily(db, '2024-01-31', { ...atHome, first_removal_after_index_date: '2024-01-30' });
    expect((await run()).rows).toEqual([]);
  });
});
