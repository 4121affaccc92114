import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { runCatalog } from '../../../src/measures/run-catalog';
import { suppressResult } from '../../../src/measures/suppression';
import type { DifferenceComparison } from '../../../src/measures/types';
import { verdictOf } from '../../../src/measures/verdict';
import {
  addFamily,
  createMeasureDb,
  request,
  runProportionMeasure,
  runSurvivalMeasure,
} from './helpers';

/** These extracts are written by the test: provenance names them as county files. */
const COUNTY = { kind: 'county', fileNames: ['families.csv'] } as const;

// Linkages minus comparison where group is assigned by unit: coordination-30d on 3 counties with
// 1–2 units per group in each (unit ids repeat across counties; a unit is its county and id).
// Expected numbers: Rscript test/reference/comparison-units.R (sandwich::vcovCL for the
// cluster-robust interval, epiR::epi.2by2 and the Sato formula by hand for the stratified one).

const UNITS: [
  county: string,
  unit: string,
  group: 'linkages' | 'comparison',
  members: number,
  events: number,
][] = [
  ['Fresno', 'U1', 'linkages', 20, 12],
  ['Fresno', 'U2', 'linkages', 15, 6],
  ['Fresno', 'U3', 'comparison', 18, 5],
  ['Fresno', 'U4', 'comparison', 22, 9],
  ['Kern', 'U1', 'linkages', 16, 10],
  ['Kern', 'U2', 'comparison', 25, 8],
  ['Kern', 'U3', 'comparison', 12, 3],
  ['Tulare', 'U1', 'linkages', 14, 7],
  ['Tulare', 'U2', 'linkages', 10, 6],
  ['Tulare', 'U3', 'comparison', 20, 6],
];

const D = '2025-06-30';

describe('comparisons by unit and by county', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
    for (const [county, unit, group, members, events] of UNITS) {
      for (let i = 0; i < members; i++) {
        await addFamily(db, '2024-01-10', {
          county,
          unit_id: unit,
          group,
          coordinated_plan_date: i < events ? '2024-01-20' : null,
        });
      }
    }
    // A unit whose only family is still inside its 30-day window has no members in the rates.
    await addFamily(db, '2025-06-20', { county: 'Tulare', unit_id: 'U9', group: 'linkages' });
  });
  afterAll(async () => {
    await db.close();
  });

  const comparisonOf = async (by: ('county' | 'cohort')[]): Promise<DifferenceComparison[]> =>
    (await runProportionMeasure(db, coordination30d, request(D, { by }))).comparisons;

  it('gives the pooled difference its cluster-robust interval by unit, t on G − 1 = 9 df', async () => {
    const [pooled] = await comparisonOf([]);
    expect(pooled?.difference).toBeCloseTo(0.227079037800687, 12);
    expect(pooled?.units).toEqual({ linkages: 5, comparison: 5 });
    expect(pooled?.fewUnits).toBe(false);
    expect(pooled?.clusterDf).toBe(9);
    expect(pooled?.clusterNoInterval).toBeNull();
    expect(pooled?.clusterCiLow).toBeCloseTo(0.11929746374520542, 12);
    expect(pooled?.clusterCiHigh).toBeCloseTo(0.33486061185616856, 12);
    expect(pooled?.clusterP).toBeCloseTo(0.0010210424882351786, 12);
  });

  it('gives a view pooling three counties the county-stratified difference (Mantel–Haenszel, Sato)', async () => {
    const [pooled] = await comparisonOf([]);
    expect(pooled?.mhStrata).toBe(3);
    expect(pooled?.mhDifference).toBeCloseTo(0.22980186349348897, 12);
    expect(pooled?.mhCiLow).toBeCloseTo(0.081031044508229066, 12);
    expect(pooled?.mhCiHigh).toBeCloseTo(0.37857268247874887, 12);
    expect(pooled?.mhP).toBeCloseTo(0.0024658722166106557, 12);
    // A cohort breakdown pools the counties too: the one 2024Q1 cell gives the same numbers.
    const [cohort] = await comparisonOf(['cohort']);
    expect(cohort).toEqual({ ...pooled, cohort: '2024Q1' });
  });

  it('headlines the stratified difference and its interval', async () => {
    const result = await runProportionMeasure(db, coordination30d, request(D));
    expect(verdictOf(coordination30d, result)).toMatchObject({
      evidence: {
        basis: 'difference',
        method: 'county-stratified',
        difference: expect.closeTo(0.22980186349348897, 12) as number,
        units: { linkages: 5, comparison: 5 },
        fewUnits: false,
      },
      ahead: 'linkages',
      label: 'Linkages ahead',
    });
  });

  it('prints them in the command line JSON of each comparison', async () => {
    // Cohorts to 2025Q1: pooled with 2025Q2, the one family still inside its window (a masked
    // count of 1 that no other cell can cover) would be families identified minus the
    // denominator, and the pooled rates are masked (see the next test). Cohorts to 2025Q1 do
    // not hide it either: families identified masks that row (the full range's 76 less it is
    // the 1), so coordination's members there (75 + 0 open, issue 19 F1: what the count masks,
    // no other measure of its families shows) and its comparisons are masked when suppressed.
    const view = {
      source: COUNTY,
      by: [],
      period: 'quarter' as const,
      filters: { cohortTo: '2025Q1' },
      dataThrough: D,
    };
    const shown = await runCatalog(db, { ...view, suppress: true });
    expect(
      shown.measures['families-identified']?.find((r) => r.group === 'linkages'),
    ).toMatchObject({ count: null });
    expect(shown.comparisons['coordination-30d']?.[0]).toMatchObject({
      difference: null,
      clusterCiLow: null,
      mhDifference: null,
    });
    const json = await runCatalog(db, { ...view, suppress: false });
    expect(json.comparisons['coordination-30d']?.[0]).toMatchObject({
      units: { linkages: 5, comparison: 5 },
      clusterCiLow: expect.closeTo(0.11929746374520542, 12) as number,
      clusterCiHigh: expect.closeTo(0.33486061185616856, 12) as number,
      mhDifference: expect.closeTo(0.22980186349348897, 12) as number,
      mhCiLow: expect.closeTo(0.081031044508229066, 12) as number,
      mhCiHigh: expect.closeTo(0.37857268247874887, 12) as number,
    });
    const all = await runCatalog(db, {
      source: COUNTY,
      by: [],
      period: 'quarter',
      dataThrough: D,
      suppress: true,
    });
    expect(all.comparisons['time-to-coordination']?.[0]).toMatchObject({
      units: { linkages: 6, comparison: 5 },
      fewUnits: false,
    });
  });

  it('masks the pooled rates when families identified minus the denominator gives a masked count', async () => {
    const json = await runCatalog(db, {
      source: COUNTY,
      by: [],
      period: 'quarter',
      dataThrough: D,
      suppress: true,
    });
    const identified = json.measures['families-identified']?.find((r) => r.group === 'linkages');
    const coordination = json.measures['coordination-30d']?.find((r) => r.group === 'linkages');
    expect(identified).toMatchObject({ count: 76 });
    expect(coordination).toMatchObject({ denominator: null, rate: null, windowNotComplete: null });
  });

  it('gives a county its units, and no stratified difference', async () => {
    const byCounty = await comparisonOf(['county']);
    expect(byCounty.map((c) => [c.county, c.units, c.fewUnits, c.mhDifference])).toEqual([
      ['Fresno', { linkages: 2, comparison: 2 }, true, null],
      ['Kern', { linkages: 1, comparison: 2 }, true, null],
      ['Tulare', { linkages: 2, comparison: 1 }, true, null],
    ]);
    const fresno = byCounty[0];
    expect(fresno?.difference).toBeCloseTo(0.16428571428571406, 12);
    expect(fresno?.clusterDf).toBe(3);
    expect(fresno?.clusterCiLow).toBeCloseTo(-0.14328122075428681, 12);
    expect(fresno?.clusterCiHigh).toBeCloseTo(0.47185264932571491, 12);
    expect(fresno?.clusterP).toBeCloseTo(0.18771130585648763, 12);
  });

  it('gives no interval, and no verdict, where a group has one unit (vcovCL would understate it)', async () => {
    const result = await runProportionMeasure(db, coordination30d, request(D, { by: ['county'] }));
    const kern = result.comparisons.find((c) => c.county === 'Kern');
    expect(kern).toMatchObject({
      clusterCiLow: null,
      clusterCiHigh: null,
      clusterP: null,
      clusterDf: null,
      clusterNoInterval: 'one-unit-in-a-group',
    });
    // The Newcombe interval (families as independent) excludes zero; it never decides.
    expect(kern?.ciLow).toBeGreaterThan(0);
    expect(verdictOf(coordination30d, result, { county: 'Kern' })).toMatchObject({
      evidence: { basis: 'no-interval', reason: 'one-unit-in-a-group' },
      significant: false,
      ahead: null,
      label: 'No clear difference yet',
    });
  });

  it('masks every difference and interval with the rates, and keeps the units', async () => {
    const result = suppressResult(
      await runProportionMeasure(db, coordination30d, request(D, { by: ['county'] })),
    );
    // Tulare's comparison units coordinated 6 of 20 families: a numerator of 1–10.
    expect(result.comparisons.find((c) => c.county === 'Tulare')).toEqual({
      county: 'Tulare',
      difference: null,
      ciLow: null,
      ciHigh: null,
      z: null,
      p: null,
      units: { linkages: 2, comparison: 1 },
      fewUnits: true,
      clusterCiLow: null,
      clusterCiHigh: null,
      clusterP: null,
      clusterDf: null,
      clusterNoInterval: null,
      mhDifference: null,
      mhCiLow: null,
      mhCiHigh: null,
      mhP: null,
      mhStrata: null,
      suppressed: true,
    });
    expect(result.comparisons.find((c) => c.county === 'Fresno')?.suppressed).toBe(false);
  });

  it('counts the units of a time to event, with the open-window unit, and the caution', async () => {
    const pooled = await runSurvivalMeasure(db, timeToCoordination, request(D));
    expect(pooled.comparisons[0]).toMatchObject({
      units: { linkages: 6, comparison: 5 },
      fewUnits: false,
    });
    const byCounty = await runSurvivalMeasure(
      db,
      timeToCoordination,
      request(D, { by: ['county'] }),
    );
    expect(byCounty.comparisons.map((c) => [c.county, c.units, c.fewUnits])).toEqual([
      ['Fresno', { linkages: 2, comparison: 2 }, true],
      ['Kern', { linkages: 1, comparison: 2 }, true],
      ['Tulare', { linkages: 3, comparison: 1 }, true],
    ]);
  });
});
