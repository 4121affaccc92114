import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { availableMeasures, CATALOG } from '../../../src/measures/catalog';
import {
  measuresJsonToCsv,
  runCatalog,
  type MeasuresJson,
} from '../../../src/measures/run-catalog';
import { provenanceOf } from '../../../src/measures/provenance';
import { addFamily, createMeasureDb, emptyTables, insert } from './helpers';

describe('the catalog runner', () => {
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

  async function addFamilies(count: number, values: Record<string, string | null>) {
    for (let i = 0; i < count; i++) await addFamily(db, '2024-02-01', values);
  }

  it('lists every measure id once', () => {
    const ids = CATALOG.map((measure) => measure.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('offers the measures whose required tables have rows and read columns have values', async () => {
    expect(await availableMeasures(db)).toEqual([]);
    const familyId = await addFamily(db, '2024-02-01', { coordinated_plan_date: '2024-02-05' });
    const familyOnly = (await availableMeasures(db)).map((measure) => measure.id);
    expect(familyOnly).toContain('coordination-30d');
    expect(familyOnly).not.toContain('reunification-12m');
    expect(familyOnly).not.toContain('employment-6m');
    await insert(db, 'children', [
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-03-01',
        episode_end_date: '2024-05-01',
        exit_reason: 'reunified',
      },
    ]);
    const withChildren = (await availableMeasures(db)).map((measure) => measure.id);
    expect(withChildren).toContain('reunification-12m');
    expect(withChildren).not.toContain('employment-6m');
  });

  it('prints the command-line JSON with suppressed small cells', async () => {
    await addFamilies(45, { county: 'Fresno', coordinated_plan_date: '2024-02-10' });
    await addFamilies(15, { county: 'Fresno' });
    await addFamilies(4, { county: 'Fresno', group: 'comparison' });
    const json = await runCatalog(db, {
      source: { kind: 'county', fileNames: ['families.csv'] },
      by: ['county', 'cohort'],
      period: 'quarter',
      dataThrough: '2025-06-30',
      filters: { counties: ['Fresno'], cohortFrom: '2024Q1' },
      suppress: true,
      validation: { families: { loaded: 64, warnings: 0, rejected: 0 } },
    });
    expect(Object.keys(json)).toEqual([
      'provenance',
      'dataThrough',
      'by',
      'period',
      'suppressed',
      'measures',
      'comparisons',
      'unavailable',
      'validation',
    ]);
    expect(json.dataThrough).toBe('2025-06-30');
    expect(json.provenance).toEqual({
      source: 'County extract: families.csv',
      synthetic: false,
      fileNames: ['families.csv'],
      dataThrough: '2025-06-30',
      view: 'Quarterly cohorts · Fresno · all units · cohorts from 2024 Q1 · by county and cohort',
      suppression: 'Counts of 1–10 and numbers that would reveal them masked',
      line:
        'Source: County extract: families.csv · Data through Jun 30, 2025 · Quarterly cohorts · ' +
        'Fresno · all units · cohorts from 2024 Q1 · by county and cohort · Counts of 1–10 and numbers that would reveal them masked',
    });
    expect(Object.keys(json.measures)).toEqual([
      'families-identified',
      'coordination-30d',
      'time-to-coordination',
    ]);
    expect(json.unavailable).toEqual({
      'reunification-12m': 'Needs children.csv',
      'reentry-12m': 'Needs children.csv',
      'employment-6m': 'Needs adults.csv',
      'employment-12m': 'Needs adults.csv',
      'recurrence-12m': 'Needs the next_subst_referral_date column in families.csv',
      'foster-entry-12m':
        'Needs the child_in_care_at_index, cws_component_at_index and first_removal_after_index_date columns in families.csv',
      'time-to-reunification': 'Needs children.csv',
      'sanction-cure-6m': 'Needs adults.csv',
      'aid-decrease-6m': 'Needs adults.csv',
      'aid-decrease-9m': 'Needs adults.csv',
      'aid-exit-12m': 'Needs adults.csv',
      'return-to-aid-12m': 'Needs adults.csv',
    });
    expect(json.measures['families-identified']).toEqual([
      { county: 'Fresno', cohort: '2024Q1', group: 'linkages', count: 60, suppressed: false },
      { county: 'Fresno', cohort: '2024Q1', group: 'comparison', count: null, suppressed: true },
    ]);
    const [linkages, comparison] = json.measures['coordination-30d'] ?? [];
    expect(linkages).toMatchObject({
      county: 'Fresno',
      cohort: '2024Q1',
      group: 'linkages',
      denominator: 60,
      numerator: 45,
      rate: 0.75,
      suppressed: false,
    });
    expect(linkages && 'ciLow' in linkages ? linkages.ciLow : null).toBeCloseTo(0.6277, 4);
    expect(comparison).toMatchObject({
      denominator: null,
      numerator: null,
      rate: null,
      ciLow: null,
      suppressed: true,
    });
    expect(json.comparisons['coordination-30d']).toEqual([
      {
        county: 'Fresno',
        cohort: '2024Q1',
        difference: null,
        ciLow: null,
        ciHigh: null,
        z: null,
        p: null,
        // Units are not people: shown while the comparison is masked.
        units: { linkages: 1, comparison: 1 },
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
      },
    ]);
    const [curve] = json.measures['time-to-coordination'] ?? [];
    expect(curve).toMatchObject({
      group: 'linkages',
      n: 60,
      events: 45,
      medianDays: 9,
      suppressed: false,
    });
    expect(curve && 'curve' in curve ? curve.curve[0] : null).toEqual({
      t: 0,
      survival: 1,
      low: 1,
      high: 1,
      atRisk: 60,
    });
  });

  it('leaves keys not asked for out of the rows and shows small cells when not suppressing', async () => {
    await addFamilies(4, { county: 'Fresno', group: 'comparison' });
    const json = await runCatalog(db, {
      source: { kind: 'sample', fileNames: ['families.csv'] },
      by: [],
      period: 'year',
      dataThrough: '2025-06-30',
      suppress: false,
    });
    expect(json.provenance.line).toBe(
      'Source: Synthetic sample — not county data · Data through Jun 30, 2025 · Yearly cohorts · ' +
        'all counties · all units · all cohorts · Not suppressed — internal, not for publication',
    );
    expect(json.measures['families-identified']).toEqual([
      { group: 'comparison', count: 4, suppressed: false },
    ]);
    expect(json.suppressed).toBe(false);
    expect('validation' in json).toBe(false);
  });

  it('writes one flat CSV under its provenance lines, with a measure column, and neutralizes formula-like text', () => {
    const json: MeasuresJson = {
      provenance: provenanceOf(
        { kind: 'county', fileNames: ['families.csv', 'children.csv'] },
        '2025-06-30',
        {
          period: 'quarter',
          filters: { counties: ['Fresno', 'Kern'], units: ['FRE-West'] },
          by: ['county'],
        },
      ),
      dataThrough: '2025-06-30',
      by: ['county'],
      period: 'quarter',
      suppressed: true,
      measures: {
        'families-identified': [
          { county: '=HYPERLINK("x")', group: 'linkages', count: 12, suppressed: false },
        ],
        'coordination-30d': [
          {
            county: 'Fresno',
            group: 'comparison',
            denominator: 60,
            numerator: null,
            rate: null,
            ciLow: null,
            ciHigh: null,
            windowNotComplete: 0,
            unstable: false,
            suppressed: true,
          },
        ],
        'time-to-reunification': [
          {
            county: 'Fresno',
            group: 'comparison',
            n: 120,
            events: null,
            medianDays: null,
            medianOverDays: 364,
            unstable: false,
            suppressed: true,
            curve: [{ t: 364, survival: 0.6, low: 0.5, high: 0.7, atRisk: 40 }],
          },
        ],
      },
      comparisons: {},
      unavailable: {},
    };
    expect(measuresJsonToCsv(json).split('\r\n')).toEqual([
      '# Source,"County extract: families.csv, children.csv"',
      '# Data through,2025-06-30',
      '# View,"Quarterly cohorts · Fresno, Kern · unit FRE-West · all cohorts · by county"',
      '# Suppression,Counts of 1–10 and numbers that would reveal them masked',
      'measure,county,group,count,denominator,numerator,rate,ciLow,ciHigh,windowNotComplete,n,events,medianDays,medianOverDays,unstable,suppressed',
      `families-identified,"'=HYPERLINK(""x"")",linkages,12,,,,,,,,,,,,false`,
      'coordination-30d,Fresno,comparison,,60,,,,,0,,,,,false,true',
      'time-to-reunification,Fresno,comparison,,,,,,,,120,,,364,false,true',
      '',
    ]);
  });
});
