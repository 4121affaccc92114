import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import type {
  IncidenceRow,
  ProportionResult,
  ProportionRow,
  SurvivalRow,
} from '../../../src/measures/types';
import {
  atRiskAt,
  atRiskDays,
  byCounty,
  cumulativeCurve,
  mergeCurves,
  rateTicks,
  sortCounties,
  trendByCohort,
} from '../../../src/ui/chart-data';
import { csvCell } from '../../../src/dataset/csv-cell';
import { toCsv } from '../../../src/ui/export-chart';
import { formatCellValue } from '../../../src/ui/format';
import { unitFields } from '../measures/comparison-fixtures';

const rate = (
  keys: Partial<ProportionRow>,
  numerator: number | null,
  denominator: number | null,
): ProportionRow => ({
  group: 'linkages',
  numerator,
  denominator,
  rate: numerator !== null && denominator ? numerator / denominator : null,
  ciLow: numerator !== null && denominator ? numerator / denominator - 0.05 : null,
  ciHigh: numerator !== null && denominator ? numerator / denominator + 0.05 : null,
  suppressed: false,
  windowNotComplete: 0,
  unstable: false,
  ...keys,
});

const proportion = (
  rows: ProportionRow[],
  comparisons: ProportionResult['comparisons'] = [],
): ProportionResult => ({
  kind: 'proportion',
  measureId: 'coordination-30d',
  dataThrough: '2024-06-30',
  by: ['cohort'],
  period: 'quarter',
  suppression: true,
  rows,
  comparisons,
});

describe('the trend by cohort', () => {
  it('keeps a masked rate masked (null and marked), never zero', () => {
    const [point] = trendByCohort(
      coordination30d,
      proportion([
        rate({ cohort: '2024Q1' }, 40, 60),
        {
          ...rate({ cohort: '2024Q1', group: 'comparison' }, null, 14),
          rate: null,
          ciLow: null,
          ciHigh: null,
          suppressed: true,
        },
      ]),
      '2024-06-30',
    );
    expect(point?.linkages).toMatchObject({ value: 40 / 60, n: 60, events: 40, masked: false });
    expect(point?.comparison).toMatchObject({
      value: null,
      n: 14,
      events: null,
      masked: true,
      unstable: false,
    });
    expect(formatCellValue('rate', point!.comparison)).toBe('masked');
    expect(formatCellValue('count', { value: null, masked: true })).toBe('masked');
    expect(formatCellValue('rate', { value: 0, masked: false })).toBe('0.0%');
  });

  it('marks cohorts whose 30-day window has not closed by D as not complete', () => {
    const points = trendByCohort(
      coordination30d,
      proportion([
        rate({ cohort: '2024Q2', windowNotComplete: 12 }, 20, 40),
        rate({ cohort: '2024Q1' }, 30, 60),
      ]),
      '2024-06-30',
    );
    expect(points.map((p) => [p.cohort, p.complete])).toEqual([
      ['2024Q1', true],
      ['2024Q2', false],
    ]);
    expect(points[1]?.linkages?.openWindows).toBe(12);
  });

  it('flags an unstable estimate but not a masked one', () => {
    const [point] = trendByCohort(
      coordination30d,
      proportion([
        rate({ cohort: '2024Q1', unstable: true }, 12, 25),
        {
          ...rate({ cohort: '2024Q1', group: 'comparison', unstable: true }, null, null),
          suppressed: true,
        },
      ]),
      '2024-06-30',
    );
    expect(point?.linkages?.unstable).toBe(true);
    expect(point?.comparison?.unstable).toBe(false);
    expect(point?.comparison?.masked).toBe(true);
  });

  it('reads a shown 0 / 0 as no rate, not "masked", and its difference as none (new-user finding)', () => {
    // A half whose members are all inside their window: denominator 0, open windows masked.
    const [point] = trendByCohort(
      coordination30d,
      proportion(
        [
          { ...rate({ cohort: '2024H1', windowNotComplete: null }, 0, 0), suppressed: true },
          { ...rate({ cohort: '2024H1', group: 'comparison' }, 0, 0), windowNotComplete: 45 },
        ],
        [
          {
            cohort: '2024H1',
            difference: null,
            ciLow: null,
            ciHigh: null,
            z: null,
            p: null,
            suppressed: true,
            ...unitFields({ ciLow: null, ciHigh: null, p: null }),
          },
        ],
      ),
      '2024-06-30',
    );
    expect(point?.linkages).toMatchObject({ value: null, n: 0, openWindows: null, masked: false });
    expect(point?.comparison).toMatchObject({ value: null, n: 0, openWindows: 45, masked: false });
    expect(formatCellValue('rate', point!.linkages)).toBe('—');
    expect(point?.test).toMatchObject({ difference: null, masked: false });
  });

  it('names the quarters of a half whose windows have closed: its rate is theirs alone', () => {
    // 30-day windows on D = 2024-06-15: 2024 Q1's closed (Mar 31 + 30 days), Q2's partly.
    const points = trendByCohort(
      coordination30d,
      {
        ...proportion([rate({ cohort: '2024H1', windowNotComplete: 30 }, 20, 40)]),
        period: 'half',
      },
      '2024-06-15',
    );
    expect(points[0]).toMatchObject({
      complete: false,
      windows: { closed: ['2024Q1'], partly: ['2024Q2'], open: [] },
    });
    const [late] = trendByCohort(
      coordination30d,
      { ...proportion([rate({ cohort: '2024H2', windowNotComplete: 30 }, 0, 0)]), period: 'half' },
      '2024-06-15',
    );
    expect(late?.windows).toEqual({ closed: [], partly: [], open: ['2024Q3', '2024Q4'] });
  });
});

describe('the county bars', () => {
  const result = proportion(
    [
      rate({ county: 'Yolo' }, 30, 100),
      rate({ county: 'Yolo', group: 'comparison' }, 20, 100),
      rate({ county: 'Fresno' }, 50, 100),
      rate({ county: 'Fresno', group: 'comparison' }, 45, 100),
      { ...rate({ county: 'Tehama' }, null, 9), rate: null, suppressed: true },
      rate({ county: 'Tehama', group: 'comparison' }, 20, 40),
    ],
    [
      {
        county: 'Yolo',
        difference: 0.1,
        ciLow: 0,
        ciHigh: 0.2,
        z: 1,
        p: 0.1,
        ...unitFields({ ciLow: 0, ciHigh: 0.2, p: 0.1 }),
        suppressed: false,
      },
      {
        county: 'Fresno',
        difference: 0.05,
        ciLow: 0,
        ciHigh: 0.1,
        z: 1,
        p: 0.1,
        ...unitFields({ ciLow: 0, ciHigh: 0.1, p: 0.1 }),
        suppressed: false,
      },
      {
        county: 'Tehama',
        difference: null,
        ciLow: null,
        ciHigh: null,
        z: null,
        p: null,
        ...unitFields({ ciLow: null, ciHigh: null, p: null }),
        suppressed: true,
      },
    ],
  );

  it('sort by name, by the Linkages value and by the difference, masked last', () => {
    const points = byCounty({ ...result, by: ['county'] });
    expect(sortCounties(points, 'name').map((p) => p.county)).toEqual(['Fresno', 'Tehama', 'Yolo']);
    expect(sortCounties(points, 'linkages').map((p) => p.county)).toEqual([
      'Fresno',
      'Yolo',
      'Tehama',
    ]);
    expect(sortCounties(points, 'difference').map((p) => p.county)).toEqual([
      'Yolo',
      'Fresno',
      'Tehama',
    ]);
  });
});

const survivalRow = (curve: SurvivalRow['curve']): SurvivalRow => ({
  group: 'linkages',
  n: curve[0]?.atRisk ?? 0,
  events: 0,
  medianDays: null,
  suppressed: false,
  unstable: false,
  curve,
});

describe('time-to-event curves', () => {
  it('show Kaplan–Meier as the share reaching the event, 1 − S(t), with the band flipped', () => {
    const curve = cumulativeCurve(
      survivalRow([
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 8 },
        { t: 3, survival: 0.875, low: 0.39, high: 0.98, atRisk: 8 },
        { t: 6, survival: 0.729167, low: 0.28, high: 0.92, atRisk: 6 },
      ]),
    );
    expect(curve.map((p) => p.value)).toEqual([0, 0.125, 1 - 0.729167]);
    expect(curve[1]?.low).toBeCloseTo(0.02, 10);
    expect(curve[1]?.high).toBeCloseTo(0.61, 10);
  });

  it('show the cumulative incidence as it is', () => {
    const row: IncidenceRow = {
      group: 'comparison',
      n: 20,
      events: 1,
      medianDays: null,
      suppressed: false,
      unstable: true,
      curve: [
        { t: 0, incidence: 0, low: 0, high: 0, atRisk: 20 },
        { t: 5, incidence: 0.05, low: 0.01, high: 0.2, atRisk: 20 },
      ],
    };
    expect(cumulativeCurve(row).map((p) => p.value)).toEqual([0, 0.05]);
  });

  it('put both groups on the union of their days as steps, and end each where its curve ends', () => {
    const a = cumulativeCurve(
      survivalRow([
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 4 },
        { t: 2, survival: 0.75, low: 0.5, high: 0.9, atRisk: 4 },
        { t: 9, survival: 0.5, low: 0.3, high: 0.8, atRisk: 2 },
      ]),
    );
    const b = cumulativeCurve(
      survivalRow([
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 3 },
        { t: 5, survival: 2 / 3, low: 0.4, high: 0.9, atRisk: 3 },
      ]),
    );
    expect(mergeCurves(a, b).map((p) => [p.t, p.linkages, p.comparison])).toEqual([
      [0, 0, 0],
      [2, 0.25, 0],
      [5, 0.25, 1 - 2 / 3],
      [9, 0.5, null],
    ]);
  });

  it('count at risk on a day those whose time is at least that day; past a suppressed curve, masked', () => {
    const curve = cumulativeCurve(
      survivalRow([
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 40 },
        { t: 10, survival: 0.9, low: 0.8, high: 0.95, atRisk: 40 },
        { t: 45, survival: 0.8, low: 0.7, high: 0.9, atRisk: 25 },
      ]),
    );
    expect(atRiskAt(curve, [0, 30, 45, 60], true)).toEqual([40, 25, 25, null]);
    expect(atRiskAt(curve, [0, 30, 45, 60], false)).toEqual([40, 25, 25, 0]);
    expect(formatCellValue('count', { value: null, masked: true })).toBe('masked');
  });

  it('read the at-risk table at round days', () => {
    expect(atRiskDays(100)).toEqual([0, 15, 30, 45, 60, 75, 90]);
    expect(atRiskDays(300)).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300]);
    expect(atRiskDays(1000).slice(0, 3)).toEqual([0, 180, 360]);
  });
});

describe('CSV exports', () => {
  it('neutralize text cells that a spreadsheet would run as a formula, and leave numbers alone', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell('<11')).toBe('<11');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['county', 'rate'], [['Los Angeles, CA', 0.5]])).toBe(
      'county,rate\r\n"Los Angeles, CA",0.5\r\n',
    );
  });
});

describe('rate axes', () => {
  it('tick at round percentages up to just above the highest value', () => {
    expect(rateTicks(0.26)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(rateTicks(0.12)).toEqual([0, 0.05, 0.1, 0.15]);
    expect(rateTicks(0.79)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(rateTicks(0.95)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(rateTicks(0)).toEqual([0, 0.05]);
  });
});
