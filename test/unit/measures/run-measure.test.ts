import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { CATALOG } from '../../../src/measures/catalog';
import { runMeasure } from '../../../src/measures/run-measure';
import { addFamily, createMeasureDb, insert, request } from './helpers';

describe('running a measure', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
    const familyId = await addFamily(db, '2024-01-10', { coordinated_plan_date: '2024-01-20' });
    await insert(db, 'children', [
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-02-01',
        episode_end_date: '2024-05-01',
        exit_reason: 'reunified',
      },
    ]);
    await insert(db, 'adults', [
      {
        person_id: 'P1',
        family_id: familyId,
        employed_at_index: false,
        grant_m1: 500,
        grant_m6: 400,
        grant_m9: 0,
      },
    ]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('sends two queries per measure whatever the breakdown: the view, and the parts suppression checks it against', async () => {
    let queries = 0;
    const counting: DbClient = {
      ...db,
      query: (query, signal) => {
        queries++;
        return db.query(query, signal);
      },
    };
    for (const measure of CATALOG) {
      queries = 0;
      const result = await runMeasure(
        counting,
        measure,
        request('2025-12-31', { by: ['county', 'cohort'] }),
      );
      expect(result.measureId).toBe(measure.id);
      expect(queries).toBe(2);
      expect(result.disclosure?.parts).toBeInstanceOf(Array);
    }
  });

  it('stops when the request is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runMeasure(db, CATALOG[0]!, request('2025-12-31'), controller.signal),
    ).rejects.toThrow(/cancelled/);
  });
});
