import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { listFilterValues } from '../../../src/measures/filter-values';
import { cohortLabelsBetween, cohortOfDay, relabelCohort } from '../../../src/measures/cohorts';
import { loadSampleInNode } from '../../browser/node-reference';

describe('the filter bar offers', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = (await loadSampleInNode()).db;
  });
  afterAll(async () => {
    await db.close();
  });

  it('every county and unit of the extract, and its first start date and D', async () => {
    const values = await listFilterValues(db);
    expect(values.counties).toEqual(['Fresno', 'Los Angeles', 'San Luis Obispo', 'Tehama', 'Yolo']);
    expect(values.units.length).toBe(18);
    expect(values.units[0]?.unitId).toBe('FRE-Central');
    expect(values.units[0]?.county).toBe('Fresno');
    expect(new Set(values.units.map((u) => u.group))).toEqual(new Set(['linkages', 'comparison']));
    expect(values.dataThrough).toBe('2025-09-30');
    expect(values.firstDate! <= '2022-07-01').toBe(true);
  });

  it('nothing for an empty engine', async () => {
    const empty = await createNodeDb();
    await expect(listFilterValues(empty)).resolves.toEqual({
      counties: [],
      units: [],
      firstDate: null,
      dataThrough: null,
    });
    await empty.close();
  });
});

describe('cohort labels for the range pickers', () => {
  it('names the quarter, half-year and year of a day', () => {
    expect(cohortOfDay('quarter', '2024-06-30')).toBe('2024Q2');
    expect(cohortOfDay('quarter', '2024-07-01')).toBe('2024Q3');
    expect(cohortOfDay('half', '2024-06-30')).toBe('2024H1');
    expect(cohortOfDay('half', '2024-07-01')).toBe('2024H2');
    expect(cohortOfDay('year', '2024-12-31')).toBe('2024');
  });

  it('lists every cohort from the first day to D, across a year end', () => {
    expect(cohortLabelsBetween('quarter', '2023-11-15', '2024-04-01')).toEqual([
      '2023Q4',
      '2024Q1',
      '2024Q2',
    ]);
    expect(cohortLabelsBetween('half', '2023-11-15', '2024-04-01')).toEqual(['2023H2', '2024H1']);
    expect(cohortLabelsBetween('year', '2023-11-15', '2024-04-01')).toEqual(['2023', '2024']);
  });
});

describe('a cohort range kept across cohort sizes', () => {
  it('widens its start down and its end up to whole cohorts of the new size', () => {
    expect(relabelCohort('2024Q2', 'half', 'from')).toBe('2024H1');
    expect(relabelCohort('2024Q2', 'half', 'to')).toBe('2024H1');
    expect(relabelCohort('2024Q3', 'year', 'to')).toBe('2024');
    expect(relabelCohort('2024H2', 'quarter', 'from')).toBe('2024Q3');
    expect(relabelCohort('2024H2', 'quarter', 'to')).toBe('2024Q4');
    expect(relabelCohort('2024', 'quarter', 'to')).toBe('2024Q4');
  });
});
