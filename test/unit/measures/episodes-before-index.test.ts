import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { countEpisodesBeforeIndex } from '../../../src/measures/episodes-before-index';
import { addFamily, createMeasureDb, emptyTables, insert } from './helpers';

describe('child episodes that ended before the family index date', () => {
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

  it('counts an episode ending the day before the index date, not one ending on it or still open', async () => {
    const family = await addFamily(db, '2024-03-01');
    await insert(db, 'children', [
      {
        child_id: 'A',
        family_id: family,
        removal_date: '2023-01-01',
        episode_end_date: '2024-02-29',
        exit_reason: 'reunified',
      },
      {
        child_id: 'B',
        family_id: family,
        removal_date: '2023-01-01',
        episode_end_date: '2024-03-01',
        exit_reason: 'reunified',
      },
      { child_id: 'C', family_id: family, removal_date: '2023-01-01' },
      {
        child_id: 'D',
        family_id: family,
        removal_date: '2024-05-01',
        episode_end_date: '2024-06-01',
        exit_reason: 'reunified',
      },
    ]);
    expect(await countEpisodesBeforeIndex(db)).toEqual({ episodes: 1, reunifications: 1 });
  });

  it('counts every such episode, whatever its exit, the child age or its length', async () => {
    const family = await addFamily(db, '2024-03-01');
    await insert(db, 'children', [
      {
        child_id: 'A',
        family_id: family,
        removal_date: '2023-01-01',
        episode_end_date: '2023-06-01',
        exit_reason: 'adopted',
      },
      {
        child_id: 'B',
        family_id: family,
        removal_date: '2023-01-01',
        episode_end_date: '2023-01-03',
        exit_reason: 'reunified',
      },
      {
        child_id: 'C',
        family_id: family,
        removal_date: '2023-01-01',
        episode_end_date: '2023-06-01',
        age_at_removal: 18,
      },
    ]);
    expect(await countEpisodesBeforeIndex(db)).toEqual({ episodes: 3, reunifications: 1 });
  });

  it('is null without children', async () => {
    await addFamily(db, '2024-03-01');
    expect(await countEpisodesBeforeIndex(db)).toBeNull();
  });
});
