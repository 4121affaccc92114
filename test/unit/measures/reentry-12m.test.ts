import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { reentry12m } from '../../../src/measures/definitions/reentry-12m';
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

describe('reentry-12m', () => {
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
  async function addChild(episodes: Values[], familyValues: Values = {}) {
    const familyId = await addFamily(db, '2023-01-01', familyValues);
    const childId = `C${String(++childNo)}`;
    await insert(
      db,
      'children',
      episodes.map((episode) => ({ child_id: childId, family_id: familyId, ...episode })),
    );
  }
  /** Reunified on `exit` after a 60-day episode. */
  const exitOn = (exit: string, values: Values = {}): Values => ({
    removal_date: new Date(Date.parse(exit) - 60 * 86_400_000).toISOString().slice(0, 10),
    episode_end_date: exit,
    exit_reason: 'reunified',
    ...values,
  });
  const run = (dataThrough: string, overrides: Partial<MeasureRequest> = {}) =>
    runProportionMeasure(db, reentry12m, request(dataThrough, overrides));

  it('counts a re-entry 12 calendar months after a Jan 31 exit but not a day later', async () => {
    await addChild([exitOn('2024-01-31', { reentry_date: '2025-01-31' })]);
    await addChild([exitOn('2024-01-31', { reentry_date: '2025-02-01' })]);
    await addChild([exitOn('2024-01-31')]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 3, 0] });
  });

  it("finds a re-entry only recorded as the child's next episode", async () => {
    await addChild([
      exitOn('2024-04-01'),
      { removal_date: '2024-09-01', episode_end_date: '2024-10-01', exit_reason: 'adopted' },
    ]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 1, 0] });
  });

  it('prefers the episode re-entry date over the next episode', async () => {
    await addChild([
      exitOn('2024-04-01', { reentry_date: '2025-05-01' }),
      { removal_date: '2024-09-01' },
    ]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [0, 1, 0] });
  });

  it('excludes an episode whose re-entry date is on or before its exit', async () => {
    await addChild([exitOn('2024-04-01', { reentry_date: '2024-04-01' })]);
    await addChild([exitOn('2024-04-01', { reentry_date: '2024-04-02' })]);
    await addChild([exitOn('2024-04-01', { reentry_date: '2024-03-20' })]);
    await addChild([exitOn('2024-04-01', { age_at_removal: 17, age_at_exit: 18 })]);
    const result = await run('2025-06-30');
    expect(counts(result)).toEqual({ linkages: [1, 1, 0] });
    // The parts hold the two apart (issue 19): the child 18 at exit is left out (not who the
    // measure is about), the two re-entries on or before the exit are a data problem (excluded).
    const parts = result.disclosure?.parts ?? [];
    const sum = (k: number) => parts.reduce((total, part) => total + (part.values[k] ?? 0), 0);
    expect([sum(3), sum(4)]).toEqual([1, 2]);
  });

  it('keeps an episode of 8 days and drops one of 7 days', async () => {
    await addChild([
      { removal_date: '2024-03-01', episode_end_date: '2024-03-08', exit_reason: 'reunified' },
    ]);
    await addChild([
      { removal_date: '2024-03-01', episode_end_date: '2024-03-09', exit_reason: 'reunified' },
    ]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [0, 1, 0] });
  });

  it('uses the age at exit, or the age at removal where it is blank: 17 in, 18 out', async () => {
    await addChild([exitOn('2024-04-01', { age_at_removal: 16, age_at_exit: 17 })]);
    await addChild([exitOn('2024-04-01', { age_at_removal: 17, age_at_exit: 18 })]);
    await addChild([exitOn('2024-04-01', { age_at_removal: 17 })]);
    await addChild([exitOn('2024-04-01', { age_at_removal: 18 })]);
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [0, 2, 0] });
  });

  it('follows only exits to reunification', async () => {
    await addChild([
      exitOn('2024-04-01', { exit_reason: 'guardianship', reentry_date: '2024-06-01' }),
    ]);
    await addChild([{ removal_date: '2024-01-01' }]);
    expect((await run('2025-06-30')).rows).toEqual([]);
  });

  it('groups by the quarter of the exit date and waits 12 months after the exit', async () => {
    await addChild([exitOn('2024-03-31', { reentry_date: '2024-05-01' })]);
    await addChild([exitOn('2024-04-01', { reentry_date: '2024-05-01' })]);
    expect(counts(await run('2025-03-31', { by: ['cohort'] }))).toEqual({
      '2024Q1 linkages': [1, 1, 0],
      '2024Q2 linkages': [0, 0, 1],
    });
  });

  it('reports an exit less than 12 months old as window not complete, even after a re-entry', async () => {
    await addChild([exitOn('2023-06-01', { reentry_date: '2024-05-15' })]);
    expect(counts(await run('2024-05-31'))).toEqual({ linkages: [0, 0, 1] });
    expect(counts(await run('2024-06-01'))).toEqual({ linkages: [1, 1, 0] });
  });
  it("follows a reunification on the family's index date but not one the day before", async () => {
    await addChild([exitOn('2024-03-31', { reentry_date: '2024-05-01' })], {
      mutual_start_date: '2024-04-01',
    });
    await addChild([exitOn('2024-04-01', { reentry_date: '2024-05-01' })], {
      mutual_start_date: '2024-04-01',
    });
    expect(counts(await run('2025-06-30'))).toEqual({ linkages: [1, 1, 0] });
  });
});
