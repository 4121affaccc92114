import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import type { MeasureRequest } from '../../../src/measures/types';
import { addFamily, createMeasureDb, emptyTables, request, runCountMeasure } from './helpers';

describe('families-identified', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
  });
  beforeEach(async () => {
    await emptyTables(db);
    await addFamily(db, '2024-01-01', { county: 'Fresno', unit_id: 'F-1' });
    await addFamily(db, '2024-03-31', { county: 'Fresno', unit_id: 'F-2' });
    await addFamily(db, '2024-04-01', { county: 'Fresno', unit_id: 'F-1' });
    await addFamily(db, '2024-07-01', { county: 'Los Angeles', unit_id: 'LA-9' });
    await addFamily(db, '2024-12-31', {
      county: 'Los Angeles',
      unit_id: 'LA-9',
      group: 'comparison',
    });
    await addFamily(db, '2025-02-14', { county: 'Fresno', unit_id: 'F-3', group: 'comparison' });
  });
  afterAll(async () => {
    await db.close();
  });

  const run = (overrides: Partial<MeasureRequest> = {}) =>
    runCountMeasure(db, familiesIdentified, request('2025-06-30', overrides));

  it('counts every family once per group when nothing is broken down', async () => {
    expect((await run()).rows).toEqual([
      { group: 'linkages', count: 4, suppressed: false },
      { group: 'comparison', count: 2, suppressed: false },
    ]);
  });

  it('labels quarter cohorts 2024Q1 from the index date', async () => {
    const result = await run({ by: ['cohort'] });
    expect(result.rows.map((row) => [row.cohort, row.group, row.count])).toEqual([
      ['2024Q1', 'linkages', 2],
      ['2024Q2', 'linkages', 1],
      ['2024Q3', 'linkages', 1],
      ['2024Q4', 'comparison', 1],
      ['2025Q1', 'comparison', 1],
    ]);
  });

  it('labels half-year cohorts 2024H1 and year cohorts 2024', async () => {
    const halves = await run({ by: ['cohort'], period: 'half' });
    expect(halves.rows.map((row) => [row.cohort, row.group, row.count])).toEqual([
      ['2024H1', 'linkages', 3],
      ['2024H2', 'linkages', 1],
      ['2024H2', 'comparison', 1],
      ['2025H1', 'comparison', 1],
    ]);
    const years = await run({ by: ['cohort'], period: 'year' });
    expect(years.rows.map((row) => [row.cohort, row.group, row.count])).toEqual([
      ['2024', 'linkages', 4],
      ['2024', 'comparison', 1],
      ['2025', 'comparison', 1],
    ]);
  });

  it('breaks down by county, and by county and cohort, leaving out keys not asked for', async () => {
    expect((await run({ by: ['county'] })).rows).toEqual([
      { county: 'Fresno', group: 'linkages', count: 3, suppressed: false },
      { county: 'Fresno', group: 'comparison', count: 1, suppressed: false },
      { county: 'Los Angeles', group: 'linkages', count: 1, suppressed: false },
      { county: 'Los Angeles', group: 'comparison', count: 1, suppressed: false },
    ]);
    const both = await run({ by: ['cohort', 'county'], period: 'year' });
    expect(both.by).toEqual(['county', 'cohort']);
    expect(both.rows).toEqual([
      { county: 'Fresno', cohort: '2024', group: 'linkages', count: 3, suppressed: false },
      { county: 'Fresno', cohort: '2025', group: 'comparison', count: 1, suppressed: false },
      { county: 'Los Angeles', cohort: '2024', group: 'linkages', count: 1, suppressed: false },
      { county: 'Los Angeles', cohort: '2024', group: 'comparison', count: 1, suppressed: false },
    ]);
  });

  it('filters by county and by unit', async () => {
    const la = await run({ filters: { counties: ['Los Angeles'] } });
    expect(la.rows.map((row) => [row.group, row.count])).toEqual([
      ['linkages', 1],
      ['comparison', 1],
    ]);
    const units = await run({ filters: { units: ['F-1', 'F-3'] } });
    expect(units.rows.map((row) => [row.group, row.count])).toEqual([
      ['linkages', 2],
      ['comparison', 1],
    ]);
  });

  it('filters a cohort range given as labels, inclusive at both ends', async () => {
    const quarters = await run({
      by: ['cohort'],
      filters: { cohortFrom: '2024Q2', cohortTo: '2024Q4' },
    });
    expect(quarters.rows.map((row) => row.cohort)).toEqual(['2024Q2', '2024Q3', '2024Q4']);
    const halves = await run({
      period: 'half',
      filters: { cohortFrom: '2024H2', cohortTo: '2024H2' },
    });
    expect(halves.rows.map((row) => [row.group, row.count])).toEqual([
      ['linkages', 1],
      ['comparison', 1],
    ]);
    const years = await run({ period: 'year', filters: { cohortFrom: '2025' } });
    expect(years.rows.map((row) => [row.group, row.count])).toEqual([['comparison', 1]]);
  });

  it('returns no rows when the filters leave no family', async () => {
    expect((await run({ filters: { counties: ['Yuba'] } })).rows).toEqual([]);
  });

  it('rejects a cohort label it cannot read', async () => {
    await expect(run({ filters: { cohortFrom: 'spring 2024' } })).rejects.toThrow(/cohort label/);
  });
});
