import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { logRank } from '../../../src/measures/survival';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import {
  addDays,
  addFamily,
  createMeasureDb,
  emptyTables,
  insert,
  request,
  runIncidenceMeasure,
  type Values,
} from './helpers';

const REMOVAL = '2024-01-01';
const D = '2024-12-31'; // day 365 after the removal

describe('time-to-reunification', () => {
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
  async function addEpisode(
    values: Values,
    group: 'linkages' | 'comparison' = 'linkages',
    index = '2023-06-01',
  ) {
    const familyId = await addFamily(db, index, { group });
    await insert(db, 'children', [
      { child_id: `C${String(++childNo)}`, family_id: familyId, removal_date: REMOVAL, ...values },
    ]);
  }
  const exitAfter = (days: number, exit_reason: string | null): Values => ({
    episode_end_date: addDays(REMOVAL, days),
    exit_reason,
  });
  const run = (dataThrough = D) =>
    runIncidenceMeasure(db, timeToReunification, request(dataThrough));

  it('treats other exits as competing events (Aalen–Johansen worked example)', async () => {
    await addEpisode(exitAfter(10, 'reunified'));
    await addEpisode(exitAfter(20, 'adopted'));
    await addEpisode(exitAfter(30, 'reunified'));
    await addEpisode({});
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ group: 'linkages', n: 4, events: 2, medianDays: 30 });
    expect(row?.curve.map((p) => [p.t, p.incidence, p.atRisk])).toEqual([
      [0, 0, 4],
      [10, 0.25, 4],
      [20, 0.25, 3],
      [30, 0.5, 2],
      [365, 0.5, 1],
    ]);
  });

  it('counts an exit without a reason as competing and censors a reunification after the data-through date', async () => {
    await addEpisode(exitAfter(10, null));
    await addEpisode(exitAfter(400, 'reunified'));
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ n: 2, events: 0, medianDays: null });
    expect(row?.curve.map((p) => [p.t, p.incidence, p.atRisk])).toEqual([
      [0, 0, 2],
      [10, 0, 2],
      [365, 0, 1],
    ]);
  });

  it('uses the same episodes as reunification-12m: 8 days or more, under 18', async () => {
    await addEpisode(exitAfter(7, 'reunified'));
    await addEpisode(exitAfter(8, 'reunified'));
    await addEpisode({ ...exitAfter(8, 'reunified'), age_at_removal: 18 });
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ n: 1, events: 1, medianDays: 8 });
  });

  it('compares the reunification hazard of the groups with a log-rank test, other exits censored', async () => {
    for (const days of [3, 6, 7, 10, 12]) await addEpisode(exitAfter(days + 10, 'reunified'));
    for (const days of [2, 4, 5]) await addEpisode(exitAfter(days + 10, 'reunified'), 'comparison');
    await addEpisode(exitAfter(30, 'guardianship'), 'comparison');
    const result = await run();
    expect(result.rows.map((row) => [row.group, row.n, row.events])).toEqual([
      ['linkages', 5, 5],
      ['comparison', 4, 3],
    ]);
    const event = (t: number) => ({ t, events: 1, censored: 0 });
    const expected = logRank([13, 16, 17, 20, 22].map(event), [
      ...[12, 14, 15].map(event),
      { t: 30, events: 0, censored: 1 },
    ]);
    expect(expected?.chiSquare).toBeGreaterThan(0);
    expect(result.comparisons).toEqual([
      {
        chiSquare: expected?.chiSquare,
        p: expected?.p,
        throughDays: null,
        units: { linkages: 1, comparison: 1 },
        fewUnits: true,
        suppressed: false,
      },
    ]);
  });
  it("follows an episode open on the family's index date from that date, and leaves out one that ended the day before", async () => {
    const index = '2024-01-01';
    const reunifiedOn = (removal: string, end: string): Values => ({
      removal_date: removal,
      episode_end_date: end,
      exit_reason: 'reunified',
    });
    await addEpisode(reunifiedOn('2023-12-01', '2023-12-31'), 'linkages', index); // out of scope
    await addEpisode(reunifiedOn('2023-12-01', '2024-01-01'), 'linkages', index); // day 0
    await addEpisode(reunifiedOn('2023-12-22', '2024-01-11'), 'linkages', index); // day 10, not 20
    await addEpisode({ removal_date: '2023-12-01' }, 'linkages', index); // censored on day 365
    const [row] = (await run()).rows;
    expect(row).toMatchObject({ n: 3, events: 2, medianDays: 10 });
    expect(row?.curve.map((p) => [p.t, p.incidence, p.atRisk])).toEqual([
      [0, 0, 3],
      [0, 1 / 3, 3],
      [10, expect.closeTo(2 / 3, 15), 2],
      [365, expect.closeTo(2 / 3, 15), 1],
    ]);
  });
});
