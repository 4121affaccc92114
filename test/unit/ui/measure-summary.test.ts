import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import type { CountResult, ProportionResult, ProportionRow } from '../../../src/measures/types';
import { valuesByCohort } from '../../../src/ui/chart-data';
import { isCohortComplete } from '../../../src/measures/cohorts';
import { summarizeMeasure } from '../../../src/ui/measure-summary';

const rate = (
  cohort: string,
  group: 'linkages' | 'comparison',
  numerator: number | null,
  denominator: number | null,
  extra: Partial<ProportionRow> = {},
): ProportionRow => ({
  cohort,
  group,
  numerator,
  denominator,
  rate: numerator !== null && denominator ? numerator / denominator : null,
  ciLow: null,
  ciHigh: null,
  suppressed: false,
  windowNotComplete: 0,
  unstable: false,
  ...extra,
});

describe('chart data preparation', () => {
  it('keeps a masked count as masked, never as zero', () => {
    const result: CountResult = {
      kind: 'count',
      measureId: 'families-identified',
      dataThrough: '2025-06-30',
      by: ['cohort'],
      period: 'quarter',
      suppression: true,
      comparisons: [],
      rows: [
        { cohort: '2024Q2', group: 'linkages', count: 0, suppressed: false },
        { cohort: '2024Q2', group: 'comparison', count: null, suppressed: true },
        { cohort: '2024Q1', group: 'linkages', count: 40, suppressed: false },
      ],
    };
    expect(valuesByCohort(result.rows)).toEqual([
      {
        cohort: '2024Q1',
        linkages: 40,
        comparison: null,
        linkagesMasked: false,
        comparisonMasked: false,
      },
      {
        cohort: '2024Q2',
        linkages: 0,
        comparison: null,
        linkagesMasked: false,
        comparisonMasked: true,
      },
    ]);
  });
});

describe('which cohort an overview card headlines', () => {
  it('calls a quarter complete for a 30-day window only when its last day plus 30 days is on or before D', () => {
    expect(isCohortComplete(coordination30d, '2024Q1', '2024-04-30')).toBe(true);
    expect(isCohortComplete(coordination30d, '2024Q1', '2024-04-29')).toBe(false);
  });

  it('calls a quarter complete for a count once the quarter has ended', () => {
    expect(isCohortComplete(familiesIdentified, '2024Q2', '2024-06-30')).toBe(true);
    expect(isCohortComplete(familiesIdentified, '2024Q2', '2024-06-29')).toBe(false);
  });

  it('headlines the latest complete cohort and lists the incomplete ones, never as failures', () => {
    const result: ProportionResult = {
      kind: 'proportion',
      measureId: 'coordination-30d',
      dataThrough: '2024-05-15',
      by: ['cohort'],
      period: 'quarter',
      suppression: true,
      rows: [
        rate('2024Q1', 'linkages', 45, 60),
        rate('2024Q1', 'comparison', 30, 60),
        rate('2024Q2', 'linkages', 5, 20, { windowNotComplete: 40 }),
        rate('2024Q2', 'comparison', 2, 20, { windowNotComplete: 40 }),
      ],
      comparisons: [
        {
          cohort: '2024Q1',
          difference: 0.25,
          ciLow: 0.0768,
          ciHigh: 0.4035,
          z: 2.828,
          p: 0.0047,
          suppressed: false,
        },
      ],
    };
    const summary = summarizeMeasure(coordination30d, result, '2024-05-15');
    expect(summary.cohort).toBe('2024Q1');
    expect(summary.value.linkages?.value).toBe(0.75);
    expect(summary.value.comparison?.value).toBe(0.5);
    expect(summary.verdict.evidence).toEqual({
      basis: 'difference',
      difference: 0.25,
      low: 0.0768,
      high: 0.4035,
      p: 0.0047,
    });
    expect(summary.verdict.significant).toBe(true);
    expect(summary.verdict.ahead).toBe('linkages');
    expect(summary.incompleteCohorts).toEqual(['2024Q2']);
    expect(summary.trend.map((p) => p.cohort)).toEqual(['2024Q1']);
  });

  it('makes no claim when the interval includes zero', () => {
    const result: ProportionResult = {
      kind: 'proportion',
      measureId: 'coordination-30d',
      dataThrough: '2024-12-31',
      by: ['cohort'],
      period: 'quarter',
      suppression: true,
      rows: [rate('2024Q1', 'linkages', 12, 40), rate('2024Q1', 'comparison', 10, 40)],
      comparisons: [
        {
          cohort: '2024Q1',
          difference: 0.05,
          ciLow: -0.15,
          ciHigh: 0.25,
          z: 0.5,
          p: 0.62,
          suppressed: false,
        },
      ],
    };
    const summary = summarizeMeasure(coordination30d, result, '2024-12-31');
    expect(summary.verdict.significant).toBe(false);
    expect(summary.verdict.ahead).toBe(null);
  });
});
