import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import { reentry12m } from '../../../src/measures/definitions/reentry-12m';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import {
  describeFinding,
  findEarlyWins,
  type MeasureEvidence,
} from '../../../src/measures/early-wins';
import { compareProportions, wilsonInterval } from '../../../src/measures/statistics';
import type {
  CountResult,
  MeasureDefinition,
  ProportionResult,
  ProportionRow,
  SurvivalResult,
  SurvivalRow,
} from '../../../src/measures/types';
import { logRankFields, unitFields } from './comparison-fixtures';

const base = { dataThrough: '2025-06-30', period: 'quarter' as const, suppression: true };

function proportionRow(
  group: 'linkages' | 'comparison',
  x: number | null,
  n: number,
  cohort?: string,
): ProportionRow {
  const ci = x === null || n === 0 ? null : wilsonInterval(x, n);
  return {
    ...(cohort ? { cohort } : {}),
    group,
    denominator: n,
    numerator: x,
    rate: x === null || n === 0 ? null : x / n,
    ciLow: ci?.low ?? null,
    ciHigh: ci?.high ?? null,
    suppressed: x === null,
    windowNotComplete: 0,
    unstable: n < 30,
  };
}

/** Linkages xA/nA against comparison xB/nB, pooled, in cohorts 2024Q1 and 2024Q4. */
function proportionEvidence(
  measure: MeasureDefinition,
  xA: number | null,
  nA: number,
  xB: number | null,
  nB: number,
): MeasureEvidence {
  const test = xA !== null && xB !== null ? compareProportions(xA, nA, xB, nB) : null;
  const pooled: ProportionResult = {
    ...base,
    kind: 'proportion',
    measureId: measure.id,
    by: [],
    rows: [proportionRow('linkages', xA, nA), proportionRow('comparison', xB, nB)],
    comparisons: [
      test
        ? {
            difference: test.difference,
            ciLow: test.low,
            ciHigh: test.high,
            z: test.z,
            p: test.p,
            ...unitFields({ ciLow: test.low, ciHigh: test.high, p: test.p }),
            suppressed: false,
          }
        : {
            difference: null,
            ciLow: null,
            ciHigh: null,
            z: null,
            p: null,
            ...unitFields({ ciLow: null, ciHigh: null, p: null }),
            suppressed: true,
          },
    ],
  };
  const byCohort: ProportionResult = {
    ...pooled,
    by: ['cohort'],
    rows: ['2024Q1', '2024Q4'].flatMap((c) => [
      proportionRow('linkages', 5, 30, c),
      proportionRow('comparison', 5, 30, c),
    ]),
    comparisons: [],
  };
  return { measure, pooled, byCohort };
}

function survivalRow(
  group: 'linkages' | 'comparison',
  n: number,
  medianDays: number | null,
): SurvivalRow {
  return { group, n, events: n - 5, medianDays, suppressed: false, unstable: false, curve: [] };
}

function survivalEvidence(a: number | null, b: number | null, p: number): MeasureEvidence {
  const pooled: SurvivalResult = {
    ...base,
    kind: 'time-to-event',
    measureId: timeToCoordination.id,
    by: [],
    rows: [survivalRow('linkages', 600, a), survivalRow('comparison', 640, b)],
    comparisons: [{ chiSquare: 20, p, ...logRankFields(), suppressed: false }],
  };
  const byCohort: SurvivalResult = {
    ...pooled,
    by: ['cohort'],
    rows: [
      { ...survivalRow('linkages', 600, a), cohort: '2024Q1' },
      { ...survivalRow('comparison', 640, b), cohort: '2024Q4' },
    ],
    comparisons: [],
  };
  return { measure: timeToCoordination, pooled, byCohort };
}

describe('the early-wins sentences', () => {
  it('claims a win when the interval of the difference excludes zero in the better direction', () => {
    expect(describeFinding(proportionEvidence(coordination30d, 45, 60, 30, 60), 4)).toEqual({
      measureId: 'coordination-30d',
      status: 'win',
      sentence:
        'In Linkages units, 25 more of every 100 families had a coordinated case plan within 30 days: 75.0% against 50.0% in comparison units (likely between 8 and 40 more).',
      scope: '2024 Q1–2024 Q4, 4 counties, 120 families',
    });
  });

  it('makes no claim when the interval includes zero', () => {
    const finding = describeFinding(proportionEvidence(coordination30d, 33, 60, 30, 60), 4);
    expect(finding.status).toBe('no-difference');
    expect(finding.sentence).toMatch(
      /^No clear difference yet: 55\.0% of families .* against 50\.0% in comparison units\. The gap could be anywhere from \d+ fewer to \d+ more of every 100, so it may be chance\.$/,
    );
  });

  it('counts fewer re-entries as the win for a lower-is-better measure', () => {
    const finding = describeFinding(proportionEvidence(reentry12m, 12, 300, 40, 300), 2);
    expect(finding.status).toBe('win');
    expect(finding.sentence).toMatch(
      /^In Linkages units, 9 fewer of every 100 child episodes re-entered care .*: 4\.0% against 13\.3% in comparison units \(likely between \d+ and \d+ fewer\)\.$/,
    );
    expect(finding.sentence).not.toMatch(/[-−]\d|CI|points|p [<=]/);
  });

  it('says the comparison units are ahead, never a win, when they are', () => {
    const finding = describeFinding(proportionEvidence(coordination30d, 30, 60, 45, 60), 4);
    expect(finding.status).toBe('comparison-ahead');
    expect(finding.sentence).toMatch(
      /^Comparison units are ahead: in Linkages units, 25 fewer of every 100 families .*: 50\.0% against 75\.0%/,
    );
  });

  it('says "too early to tell" when no cohort has completed its window', () => {
    const finding = describeFinding(proportionEvidence(coordination30d, 0, 0, 0, 0), 4);
    expect(finding.status).toBe('too-early');
    expect(finding.sentence).toBe(
      'Too early to tell: no cohort has completed the window yet for “coordinated case plan within 30 days”.',
    );
  });

  it('reports nothing but "too few" when a cell is suppressed', () => {
    const finding = describeFinding(proportionEvidence(coordination30d, null, 15, 30, 60), 1);
    expect(finding.status).toBe('too-small');
    expect(finding.sentence).not.toMatch(/\d+\.\d%/);
  });

  it('says "too few", not "too early", when a headline is masked whole', () => {
    const evidence = proportionEvidence(coordination30d, 30, 60, 45, 60);
    const pooled = evidence.pooled as ProportionResult;
    const masked: MeasureEvidence = {
      ...evidence,
      pooled: {
        ...pooled,
        rows: pooled.rows.map((row) => ({
          ...row,
          numerator: null,
          denominator: null,
          rate: null,
          ciLow: null,
          ciHigh: null,
          suppressed: true,
        })),
      },
    };
    const finding = describeFinding(masked, 4);
    expect(finding.status).toBe('too-small');
    expect(finding.sentence).toBe(
      'Too few families to report “coordinated case plan within 30 days” (masked to protect small numbers).',
    );
  });

  it('gives medians for time to event, and the test in words, never its name', () => {
    expect(describeFinding(survivalEvidence(12, 41, 0.0004), 4).sentence).toBe(
      'Median time until families reached a coordinated case plan: 12 days in Linkages units, against 41 days in comparison units. Linkages units are quicker, by more than chance would explain.',
    );
  });

  it('makes no claim on time to event when the log-rank test is not significant', () => {
    expect(describeFinding(survivalEvidence(12, 15, 0.2), 4).status).toBe('no-difference');
  });

  it('treats a median not reached as longer than any median reached', () => {
    const finding = describeFinding(survivalEvidence(30, null, 0.001), 4);
    expect(finding.status).toBe('win');
    expect(finding.sentence).toContain(
      'against not reached yet (fewer than half so far) in comparison units',
    );
  });

  it('reports reach as a count, without a comparison claim', () => {
    const count: CountResult = {
      ...base,
      kind: 'count',
      measureId: familiesIdentified.id,
      by: [],
      rows: [
        { group: 'linkages', count: 620, suppressed: false },
        { group: 'comparison', count: 620, suppressed: false },
      ],
      comparisons: [],
    };
    expect(
      describeFinding(
        { measure: familiesIdentified, pooled: count, byCohort: { ...count, by: ['cohort'] } },
        4,
      ),
    ).toMatchObject({
      status: 'reach',
      sentence:
        '1,240 families were identified as mutual families: 620 in Linkages units and 620 in comparison units.',
    });
  });

  it('lists wins first, process measures first among them', () => {
    const findings = findEarlyWins(
      [
        proportionEvidence(reentry12m, 12, 300, 40, 300),
        proportionEvidence(coordination30d, 33, 60, 30, 60),
        survivalEvidence(12, 41, 0.0004),
      ],
      4,
    );
    expect(findings.map((f) => [f.measureId, f.status])).toEqual([
      ['time-to-coordination', 'win'],
      ['reentry-12m', 'win'],
      ['coordination-30d', 'no-difference'],
    ]);
  });
});
