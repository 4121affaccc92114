import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
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

describe('reunification-12m', () => {
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

  let childNo = 0;
  async function addEpisodes(familyValues: Values, episodes: Values[], index = '2023-06-01') {
    const familyId = await addFamily(db, index, familyValues);
    const childId = `C${String(++childNo)}`;
    await insert(
      db,
      'children',
      episodes.map((episode) => ({ child_id: childId, family_id: familyId, ...episode })),
    );
  }
  const reunified = (removal: string, end: string): Values => ({
    removal_date: removal,
    episode_end_date: end,
    exit_reason: 'reunified',
  });
  const run = (dataThrough: string, overrides: Partial<MeasureRequest> = {}) =>
    runProportionMeasure(db, reunification12m, request(dataThrough, overrides));

  it('counts 12 calendar months from Jan 31 up to Jan 31 of the next year', async () => {
    await addEpisodes({}, [reunified('2024-01-31', '2025-01-31')]);
    await addEpisodes({}, [reunified('2024-01-31', '2025-02-01')]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 2, 0] });
  });

  it('clamps Feb 29 plus 12 months to Feb 28', async () => {
    await addEpisodes({}, [reunified('2024-02-29', '2025-02-28')]);
    await addEpisodes({}, [reunified('2024-02-29', '2025-03-01')]);
    expect(counts(await run('2025-02-28'))).toEqual({ linkages: [1, 2, 0] });
    expect(counts(await run('2025-02-27'))).toEqual({ linkages: [0, 0, 2] });
  });

  it('keeps an episode of 8 days and drops one of 7 days', async () => {
    await addEpisodes({}, [reunified('2024-03-01', '2024-03-08')]);
    await addEpisodes({}, [reunified('2024-03-01', '2024-03-09')]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 1, 0] });
  });

  it('keeps a child aged 17 at removal and drops one aged 18', async () => {
    await addEpisodes({}, [{ ...reunified('2024-03-01', '2024-06-01'), age_at_removal: 17 }]);
    await addEpisodes({}, [{ ...reunified('2024-03-01', '2024-06-01'), age_at_removal: 18 }]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 1, 0] });
  });

  it('counts an open episode and other exits in the denominator only', async () => {
    await addEpisodes({}, [{ removal_date: '2024-03-01' }]);
    await addEpisodes({}, [
      { removal_date: '2024-03-01', episode_end_date: '2024-05-01', exit_reason: 'adopted' },
    ]);
    await addEpisodes({}, [{ removal_date: '2024-03-01', episode_end_date: '2024-05-01' }]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [0, 3, 0] });
  });

  it('leaves an episode less than 12 months old out as window not complete', async () => {
    await addEpisodes({}, [reunified('2024-01-15', '2024-12-20')]);
    expect(counts(await run('2025-01-15'))).toEqual({ linkages: [1, 1, 0] });
    expect(counts(await run('2024-12-19'))).toEqual({ linkages: [0, 0, 1] });
  });

  it('takes only the first qualifying episode of a child in one cohort', async () => {
    await addEpisodes({}, [
      { removal_date: '2024-01-05', episode_end_date: '2024-01-08', exit_reason: 'reunified' }, // 3 days
      { removal_date: '2024-01-20', episode_end_date: '2024-02-10', exit_reason: 'other' },
      reunified('2024-03-01', '2024-04-01'),
      reunified('2024-05-01', '2024-06-01'),
    ]);
    expect(counts(await run('2025-06-30', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [0, 1, 0],
      '2024Q2 linkages': [1, 1, 0],
    });
    expect(counts(await run('2025-06-30', { by: ['cohort'], period: 'year' }))).toEqual({
      '2024 linkages': [0, 1, 0],
    });
  });

  it("takes the child's county and group from the family", async () => {
    await addEpisodes({ county: 'Kern', group: 'comparison' }, [
      reunified('2024-03-01', '2024-06-01'),
    ]);
    await addEpisodes({ county: 'Kern' }, [{ removal_date: '2024-03-01' }]);
    expect(counts(await run('2025-06-30', { by: ['county'] }))).toEqual({
      'Kern linkages': [0, 1, 0],
      'Kern comparison': [1, 1, 0],
    });
  });
  it("leaves out an episode that ended the day before the family's index date, keeps one ending on it", async () => {
    await addEpisodes({}, [reunified('2024-01-02', '2024-02-29')], '2024-03-01');
    await addEpisodes({}, [reunified('2024-01-02', '2024-03-01')], '2024-03-01');
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 1, 0] });
  });

  it('follows an episode open on the index date for 12 months from the index date: day 12 months in, a day later out', async () => {
    // From the removal (2023-06-01) the window would have closed on 2024-06-01.
    await addEpisodes({}, [reunified('2023-06-01', '2025-01-31')], '2024-01-31');
    await addEpisodes({}, [reunified('2023-06-01', '2025-02-01')], '2024-01-31');
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 2, 0] });
  });

  it('puts an episode open on the index date in the cohort of the index date', async () => {
    await addEpisodes({}, [reunified('2023-11-01', '2024-05-01')], '2024-01-15');
    expect(counts(await run('2025-06-30', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [1, 1, 0],
    });
  });

  it('waits 12 months from the index date, not from the earlier removal', async () => {
    await addEpisodes({}, [{ removal_date: '2023-06-01' }], '2024-01-15');
    expect(counts(await run('2025-01-14'))).toEqual({ linkages: [0, 0, 1] });
    expect(counts(await run('2025-01-15'))).toEqual({ linkages: [0, 1, 0] });
  });

  it('counts the 8 days and the age from the removal, not from the index date', async () => {
    // Removed 2024-02-25, index 2024-03-01: ended 2024-03-04 is day 8 from removal (day 3 from the index).
    await addEpisodes({}, [reunified('2024-02-25', '2024-03-04')], '2024-03-01');
    await addEpisodes({}, [reunified('2024-02-25', '2024-03-03')], '2024-03-01');
    await addEpisodes(
      {},
      [{ ...reunified('2022-03-01', '2024-06-01'), age_at_removal: 17 }],
      '2024-03-01',
    );
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [2, 2, 0] });
  });

  it("takes a child's first episode in a cohort among episodes in scope only", async () => {
    // The first episode ended (other exit) before the index date: out of scope, not the child's first.
    await addEpisodes(
      {},
      [
        { removal_date: '2024-01-02', episode_end_date: '2024-02-01', exit_reason: 'other' },
        reunified('2024-02-20', '2024-03-20'),
      ],
      '2024-02-15',
    );
    expect(counts(await run('2025-06-30', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [1, 1, 0],
    });
  });

  it('counts only the first of an episode open on the index date and a later removal in the same cohort', async () => {
    await addEpisodes(
      {},
      [
        { removal_date: '2024-03-01', episode_end_date: '2024-03-20', exit_reason: 'reunified' },
        { removal_date: '2023-12-01', episode_end_date: '2024-02-20', exit_reason: 'other' },
      ],
      '2024-01-10',
    );
    expect(counts(await run('2025-06-30', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [0, 1, 0],
    });
  });
});
