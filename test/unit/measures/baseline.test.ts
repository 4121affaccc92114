import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import {
  runBaseline,
  suppressBaseline,
  type BaselineCharacteristic,
  type BaselineResult,
  type CategoricalCharacteristic,
  type BaselineMean,
  type MeanCharacteristic,
} from '../../../src/measures/baseline';
import { isMeanMasked } from '../../../src/measures/suppression';
import { addFamily, createMeasureDb, emptyTables, insert } from './helpers';

const THROUGH = '2025-06-30';

function find(result: BaselineResult, id: string): BaselineCharacteristic {
  const characteristic = result.characteristics.find((c) => c.id === id);
  if (!characteristic) throw new Error(`No characteristic ${id}`);
  return characteristic;
}

function categories(result: BaselineResult, id: string): CategoricalCharacteristic {
  const c = find(result, id);
  if (c.kind !== 'categories') throw new Error(`${id} is not categorical`);
  return c;
}

function mean(result: BaselineResult, id: string): MeanCharacteristic {
  const c = find(result, id);
  if (c.kind !== 'mean') throw new Error(`${id} is not a mean`);
  return c;
}

/** category → [Linkages count, comparison count]. */
function countsOf(c: CategoricalCharacteristic): Record<string, [number | null, number | null]> {
  return Object.fromEntries(
    c.categories.map((row) => [row.category, [row.linkages.count, row.comparison.count]]),
  );
}

/** A group's n and mean exactly, and its SD to `digits` decimals. */
function expectMean(
  actual: BaselineMean,
  expected: { n: number; mean: number; sd: number },
  digits = 14,
): void {
  expect([actual.n, actual.mean]).toEqual([expected.n, expected.mean]);
  expect(actual.sd).toBeCloseTo(expected.sd, digits);
}

function differencesOf(c: CategoricalCharacteristic): Record<string, number | null> {
  return Object.fromEntries(c.categories.map((row) => [row.category, row.standardizedDifference]));
}

// Expected shares, means, SDs and standardized differences: test/reference/baseline.R (base R,
// Austin 2009 formulas) on the same rows written out by hand.
describe('groups at baseline, worked example', () => {
  let db: DbClient;
  let result: BaselineResult;

  beforeAll(async () => {
    db = await createMeasureDb();
    const linkages = { group: 'linkages', unit_id: 'L-unit' };
    const comparison = { group: 'comparison', unit_id: 'C-unit' };
    // prettier-ignore
    {
      await addFamily(db, '2024-01-15', { family_id: 'L1', ...linkages, cws_component_at_index: 'ER', child_in_care_at_index: true, id_source: 'data_match', unit_id: 'L-east' });
      await addFamily(db, '2024-01-15', { family_id: 'L2', ...linkages, cws_component_at_index: 'FM', child_in_care_at_index: false, id_source: 'liaison' });
      await addFamily(db, '2024-01-15', { family_id: 'L3', ...linkages, county: 'Yolo', cws_component_at_index: 'ER', id_source: 'unknown' });
      await addFamily(db, '2024-01-15', { family_id: 'L4', ...linkages, county: 'Yolo', cws_component_at_index: 'unknown', child_in_care_at_index: true, id_source: 'data_match' });
      await addFamily(db, '2024-04-10', { family_id: 'C1', ...comparison, cws_component_at_index: 'ER', child_in_care_at_index: false, id_source: 'data_match' });
      await addFamily(db, '2024-04-10', { family_id: 'C2', ...comparison, child_in_care_at_index: false, id_source: 'cws_screening' });
      await addFamily(db, '2024-04-10', { family_id: 'C3', ...comparison, cws_component_at_index: 'FM', child_in_care_at_index: false, id_source: 'cws_screening' });
      await insert(db, 'children', [
        { child_id: 'K1', family_id: 'L1', removal_date: '2023-01-01', episode_end_date: '2023-03-01', age_at_removal: 4 },
        { child_id: 'K1', family_id: 'L1', removal_date: '2023-06-01', age_at_removal: 4 },
        // Removed after the index date: an outcome, not a baseline characteristic.
        { child_id: 'K2', family_id: 'L1', removal_date: '2024-03-01', age_at_removal: 9 },
        // Removed on the index date: known at it. Age 30 is out of range: not recorded.
        { child_id: 'K3', family_id: 'L2', removal_date: '2024-01-15', age_at_removal: 30 },
        { child_id: 'K4', family_id: 'C1', removal_date: '2022-05-05', age_at_removal: 10 },
        { child_id: 'K5', family_id: 'C1', removal_date: '2023-02-02', age_at_removal: 2 },
      ]);
      await insert(db, 'adults', [
        { person_id: 'A1', family_id: 'L1', wtw_status_at_index: 'active', employed_at_index: true, grant_m1: 500 },
        { person_id: 'A2', family_id: 'L1', wtw_status_at_index: 'sanction', exclusion_reason: 'timed_out', employed_at_index: true, grant_m1: 900 },
        { person_id: 'A3', family_id: 'L2', wtw_status_at_index: 'sanction', employed_at_index: false, grant_m1: 0 },
        { person_id: 'A4', family_id: 'L3' },
        { person_id: 'A5', family_id: 'C1', wtw_status_at_index: 'active', employed_at_index: false, grant_m1: 700 },
        { person_id: 'A6', family_id: 'C2', wtw_status_at_index: 'exempt', employed_at_index: true, grant_m1: 300 },
      ]);
    }
    result = await runBaseline(db, { dataThrough: THROUGH });
  });

  afterAll(async () => {
    await db.close();
  });

  it('lists every characteristic in order, each with its unit', () => {
    expect(result.characteristics.map((c) => [c.id, c.unit])).toEqual([
      ['county', 'families'],
      ['cws-component', 'families'],
      ['child-in-care', 'families'],
      ['identification-source', 'families'],
      ['wtw-status', 'adults'],
      ['employed-at-index', 'adults'],
      ['grant-index-month', 'adults'],
      ['children-removed', 'families'],
      ['age-at-removal', 'child episodes'],
    ]);
    expect(result.characteristics.every((c) => c.notMeasured === null)).toBe(true);
    expect(result.suppression).toBe(false);
  });

  it('gives each county its share of the group and the standardized difference', () => {
    const county = categories(result, 'county');
    expect(county.members).toEqual({ linkages: 4, comparison: 3 });
    expect(countsOf(county)).toEqual({ Fresno: [2, 3], Yolo: [2, 0] });
    const fresno = county.categories[0];
    expect(fresno?.linkages.share).toBe(0.5);
    expect(fresno?.comparison.share).toBe(1);
    expect(fresno?.standardizedDifference).toBeCloseTo(-1.4142135623730949, 14);
    expect(fresno?.balance).toBe('not-comparable');
  });

  it('keeps blank and unknown values as their own "not recorded" category, last', () => {
    const component = categories(result, 'cws-component');
    expect(countsOf(component)).toEqual({ ER: [2, 1], FM: [1, 1], 'not recorded': [1, 1] });
    const d = differencesOf(component);
    expect(d.ER).toBeCloseTo(0.34299717028501775, 14);
    expect(d.FM).toBeCloseTo(-0.18411492357966464, 14);
    expect(d['not recorded']).toBeCloseTo(-0.18411492357966464, 14);
    expect(component.categories.map((c) => c.balance)).toEqual([
      'not-comparable',
      'needs-adjustment',
      'needs-adjustment',
    ]);
    expect(countsOf(categories(result, 'identification-source'))).toEqual({
      data_match: [2, 1],
      cws_screening: [0, 2],
      liaison: [1, 0],
      'not recorded': [1, 0],
    });
  });

  it('reads a flag as yes, no and not recorded (unknown is never no)', () => {
    const inCare = categories(result, 'child-in-care');
    expect(countsOf(inCare)).toEqual({ yes: [2, 0], no: [1, 3], 'not recorded': [1, 0] });
    const d = differencesOf(inCare);
    expect(d.yes).toBeCloseTo(1.4142135623730949, 14);
    expect(d.no).toBeCloseTo(-2.4494897427831783, 14);
    expect(d['not recorded']).toBeCloseTo(0.81649658092772615, 14);
  });

  it('counts adults of the evaluation population only (blank exclusion reason)', () => {
    const wtw = categories(result, 'wtw-status');
    expect(wtw.members).toEqual({ linkages: 3, comparison: 2 });
    expect(countsOf(wtw)).toEqual({
      active: [1, 1],
      exempt: [0, 1],
      sanction: [1, 0],
      'not recorded': [1, 0],
    });
    const d = differencesOf(wtw);
    expect(d.active).toBeCloseTo(-0.34299717028501775, 14);
    expect(d.exempt).toBeCloseTo(-1.4142135623730949, 14);
    expect(d.sanction).toBeCloseTo(0.99999999999999989, 14);
    const employed = categories(result, 'employed-at-index');
    expect(countsOf(employed)).toEqual({ yes: [1, 1], no: [1, 1], 'not recorded': [1, 0] });
    expect(differencesOf(employed).yes).toBeCloseTo(-0.34299717028501775, 14);
  });

  it('means the index-month grant over adults with it known, 0 included', () => {
    const grant = mean(result, 'grant-index-month');
    expectMean(grant.linkages, { n: 2, mean: 250, sd: 353.55339059327378 }, 10);
    expectMean(grant.comparison, { n: 2, mean: 500, sd: 282.84271247461902 }, 10);
    expect(grant.standardizedDifference).toBeCloseTo(-0.78086880944303039, 13);
    expect(grant.balance).toBe('not-comparable');
  });

  it('counts distinct children removed by the index date per family, 0 for none', () => {
    const children = mean(result, 'children-removed');
    expectMean(children.linkages, { n: 4, mean: 0.5, sd: 0.57735026918962573 }, 14);
    expect(children.comparison.n).toBe(3);
    expect(children.comparison.mean).toBeCloseTo(0.66666666666666663, 14);
    expect(children.comparison.sd).toBeCloseTo(1.1547005383792515, 14);
    expect(children.standardizedDifference).toBeCloseTo(-0.18257418583505533, 14);
    expect(children.balance).toBe('needs-adjustment');
  });

  it('means age at removal over episodes begun by the index date, ages outside 0–21 left out', () => {
    const age = mean(result, 'age-at-removal');
    expect(age.linkages).toEqual({ n: 2, mean: 4, sd: 0 });
    expectMean(age.comparison, { n: 2, mean: 6, sd: 5.6568542494923806 }, 14);
    expect(age.standardizedDifference).toBe(-0.5);
  });

  it('honours the county, unit and cohort filters of the view', async () => {
    const yolo = await runBaseline(db, { dataThrough: THROUGH, filters: { counties: ['Yolo'] } });
    const county = categories(yolo, 'county');
    expect(county.members).toEqual({ linkages: 2, comparison: 0 });
    // No comparison families in view: no share, no difference, no class.
    expect(county.categories).toEqual([
      {
        category: 'Yolo',
        linkages: { count: 2, share: 1 },
        comparison: { count: 0, share: null },
        standardizedDifference: null,
        balance: null,
        suppressed: false,
      },
    ]);
    const unit = await runBaseline(db, {
      dataThrough: THROUGH,
      filters: { units: ['L-east', 'C-unit'] },
    });
    expect(categories(unit, 'county').members).toEqual({ linkages: 1, comparison: 3 });
    const q2 = await runBaseline(db, { dataThrough: THROUGH, filters: { cohortFrom: '2024Q2' } });
    expect(categories(q2, 'county').members).toEqual({ linkages: 0, comparison: 3 });
    expect(mean(q2, 'age-at-removal').comparison.n).toBe(2);
    expect(mean(q2, 'age-at-removal').linkages).toEqual({ n: 0, mean: null, sd: null });
  });

  it('says a characteristic is not measured when its column is blank for every member, never 0%', async () => {
    const comparisonOnly = await runBaseline(db, {
      dataThrough: THROUGH,
      filters: { counties: ['Yolo'], cohortFrom: '2024Q2' },
    });
    expect(find(comparisonOnly, 'county').notMeasured).toBe('No families in this view');
    expect(find(comparisonOnly, 'age-at-removal').notMeasured).toBe(
      'No child episodes in this view',
    );
    await db.exec('UPDATE families SET cws_component_at_index = NULL');
    const blank = await runBaseline(db, { dataThrough: THROUGH });
    const component = categories(blank, 'cws-component');
    expect(component.notMeasured).toBe(
      'cws_component_at_index is blank for every family in this view',
    );
    expect(component.categories).toEqual([]);
  });
});

describe('groups at baseline without children.csv or adults.csv', () => {
  it('reports their characteristics as not measured, naming the file', async () => {
    const db = await createMeasureDb();
    try {
      await addFamily(db, '2024-01-15', { family_id: 'N1' });
      const result = await runBaseline(db, { dataThrough: THROUGH });
      expect(Object.fromEntries(result.characteristics.map((c) => [c.id, c.notMeasured]))).toEqual({
        county: null,
        'cws-component': 'cws_component_at_index is blank for every family in this view',
        'child-in-care': 'child_in_care_at_index is blank for every family in this view',
        'identification-source': 'id_source is blank for every family in this view',
        'wtw-status': 'Needs adults.csv',
        'employed-at-index': 'Needs adults.csv',
        'grant-index-month': 'Needs adults.csv',
        'children-removed': 'Needs children.csv',
        'age-at-removal': 'Needs children.csv',
      });
    } finally {
      await db.close();
    }
  });
});

describe('groups at baseline, small-cell suppression', () => {
  let db: DbClient;
  let raw: BaselineResult;
  let masked: BaselineResult;

  beforeAll(async () => {
    db = await createMeasureDb();
    await emptyTables(db);
    // Linkages 40 families: ER 5, FM 20, FR 15; in care: yes 33, no 4, unknown 3.
    // Comparison 30 families: ER 12, FM 18; in care: yes 15, no 15.
    await db.exec(`
      INSERT INTO families (row_no, family_id, county, unit_id, "group", mutual_start_date,
        cws_component_at_index, child_in_care_at_index)
      SELECT i, 'L' || i, 'Fresno', 'U1', 'linkages', DATE '2024-01-15',
        CASE WHEN i <= 5 THEN 'ER' WHEN i <= 25 THEN 'FM' ELSE 'FR' END,
        CASE WHEN i <= 33 THEN TRUE WHEN i <= 37 THEN FALSE END
      FROM range(1, 41) t(i)
      UNION ALL
      SELECT 100 + i, 'C' || i, 'Fresno', 'U2', 'comparison', DATE '2024-01-15',
        CASE WHEN i <= 12 THEN 'ER' ELSE 'FM' END, i <= 15
      FROM range(1, 31) t(i)`);
    // Index-month grants: 12 Linkages adults (100, 200, …, 1200), 10 comparison adults (all 500).
    await db.exec(`
      INSERT INTO adults (row_no, person_id, family_id, grant_m1)
      SELECT i, 'PL' || i, 'L' || i, 100 * i FROM range(1, 13) t(i)
      UNION ALL
      SELECT 100 + i, 'PC' || i, 'C' || i, 500 FROM range(1, 11) t(i)`);
    raw = await runBaseline(db, { dataThrough: THROUGH });
    masked = suppressBaseline(raw);
  });

  afterAll(async () => {
    await db.close();
  });

  it('masks a count of 1–10 with its share, and the next-smallest of the group too', () => {
    const component = categories(masked, 'cws-component');
    expect(countsOf(categories(raw, 'cws-component'))).toEqual({
      ER: [5, 12],
      FM: [20, 18],
      FR: [15, 0],
    });
    // ER 5 is small; FR 15 is the next-smallest, masked so that ER is not 40 − 20 − 15.
    expect(countsOf(component)).toEqual({ ER: [null, 12], FM: [20, 18], FR: [null, 0] });
    expect(component.members).toEqual({ linkages: 40, comparison: 30 });
    expect(component.categories.map((c) => [c.linkages.share, c.comparison.share])).toEqual([
      [null, 0.4],
      [0.5, 0.6],
      [null, 0],
    ]);
  });

  it('masks a standardized difference and its class when either share is masked', () => {
    const component = categories(masked, 'cws-component');
    expect(component.categories.map((c) => [c.balance, c.suppressed])).toEqual([
      [null, true],
      ['needs-adjustment', false],
      [null, true],
    ]);
    const [er, fm, fr] = component.categories.map((c) => c.standardizedDifference);
    expect([er, fr]).toEqual([null, null]);
    expect(fm).toBeCloseTo(-0.20203050891044211, 14);
  });

  it('masks a share whose complement within the group is 1–10, with its count', () => {
    const inCare = categories(masked, 'child-in-care');
    expect(countsOf(categories(raw, 'child-in-care'))).toEqual({
      yes: [33, 15],
      no: [4, 15],
      'not recorded': [3, 0],
    });
    // 40 − 33 = 7: the share of yes would give the two masked cells' sum away.
    expect(countsOf(inCare)).toEqual({
      yes: [null, 15],
      no: [null, 15],
      'not recorded': [null, 0],
    });
    expect(inCare.categories.every((c) => c.standardizedDifference === null)).toBe(true);
  });

  it('masks a mean over fewer than 11 members, and the difference built on it', () => {
    expect(isMeanMasked(10)).toBe(true);
    expect(isMeanMasked(11)).toBe(false);
    expect(isMeanMasked(0)).toBe(false);
    const grant = mean(masked, 'grant-index-month');
    expectMean(grant.linkages, { n: 12, mean: 650, sd: 360.55512754639892 }, 10);
    expect(grant.comparison).toEqual({ n: null, mean: null, sd: null });
    expect(grant.standardizedDifference).toBeNull();
    expect(grant.balance).toBeNull();
    expect(grant.suppressed).toBe(true);
  });

  it('is idempotent', () => {
    expect(suppressBaseline(masked)).toBe(masked);
    expect(masked.suppression).toBe(true);
  });
});
