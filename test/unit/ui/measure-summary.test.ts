import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import type { CountResult, ProportionResult, ProportionRow } from '../../../src/measures/types';
import { valuesByCohort } from '../../../src/ui/chart-data';
import { isCohortComplete } from '../../../src/measures/cohorts';
import { summarizeMeasure } from '../../../src/ui/measure-summary';
import { unitFields } from '../measures/comparison-fixtures';

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

  it('makes no claim when the pooled interval includes zero', () => {
    const base = {
      kind: 'proportion' as const,
      measureId: 'coordination-30d',
      dataThrough: '2024-12-31',
      period: 'quarter' as const,
      suppression: true,
    };
    const byCohort: ProportionResult = {
      ...base,
      by: ['cohort'],
      rows: [rate('2024Q1', 'linkages', 12, 40), rate('2024Q1', 'comparison', 10, 40)],
      comparisons: [],
    };
    const pooled = (row: ProportionRow): ProportionRow => ({ ...row, cohort: undefined });
    const linkages = pooled(rate('2024Q1', 'linkages', 12, 40));
    const comparison = pooled(rate('2024Q1', 'comparison', 10, 40));
    const headline: ProportionResult = {
      ...base,
      by: [],
      rows: [linkages, comparison],
      comparisons: [
        {
          difference: 0.05,
          ciLow: -0.15,
          ciHigh: 0.25,
          z: 0.5,
          p: 0.62,
          ...unitFields({ ciLow: -0.15, ciHigh: 0.25, p: 0.62 }),
          suppressed: false,
        },
      ],
    };
    const summary = summarizeMeasure(coordination30d, byCohort, headline, '2024Q4', '2024-12-31');
    expect(summary.value.linkages?.value).toBe(0.3);
    expect(summary.span).toEqual({ first: '2024Q1', last: '2024Q1' });
    expect(summary.verdict.significant).toBe(false);
    expect(summary.verdict.ahead).toBe(null);
  });
});
