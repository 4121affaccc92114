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
import { verdictOf } from '../../../src/measures/verdict';
import { STATUS_TEXT } from '../../../src/ui/slide-model';
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

/** The last day a whole curve below is drawn (its follow-up), unless its median says otherwise. */
const FOLLOW_UP = 1095;

/**
 * A median shown (days) on a whole curve drawn to FOLLOW_UP; not reached on a whole curve drawn to
 * FOLLOW_UP (null) or to day `notReachedBy` (a short follow-up); or hidden past a curve cut on day
 * `over`.
 */
type Median = number | null | { over: number } | { notReachedBy: number };

function survivalRow(group: 'linkages' | 'comparison', n: number, median: Median): SurvivalRow {
  if (median !== null && typeof median === 'object' && 'notReachedBy' in median) {
    return {
      ...survivalRow(group, n, null),
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: n },
        { t: median.notReachedBy, survival: 0.6, low: 0.55, high: 0.65, atRisk: 11 },
      ],
    };
  }
  if (median !== null && typeof median === 'object') {
    // As suppressCurveRow leaves a cut curve: no events, the median past the last drawn day hidden.
    return {
      group,
      n,
      events: null,
      medianDays: null,
      suppressed: true,
      unstable: false,
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: n },
        { t: median.over, survival: 0.6, low: 0.55, high: 0.65, atRisk: 40 },
      ],
    };
  }
  return {
    group,
    n,
    events: n - 5,
    medianDays: median,
    suppressed: false,
    unstable: false,
    curve: [
      { t: 0, survival: 1, low: 1, high: 1, atRisk: n },
      ...(median === null ? [] : [{ t: median, survival: 0.5, low: 0.45, high: 0.55, atRisk: n }]),
      { t: FOLLOW_UP, survival: median === null ? 0.6 : 0.3, low: 0.25, high: 0.65, atRisk: 11 },
    ],
  };
}

function survivalEvidence(a: Median, b: Median, p: number): MeasureEvidence {
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

  describe('with a median hidden past its drawn curve', () => {
    const finding = (a: Median, b: Median, p = 0.001) =>
      describeFinding(survivalEvidence(a, b, p), 4);

    it('claims the shown median sooner when it is at or before the day the other curve stops', () => {
      expect(finding(320, { over: 364 })).toMatchObject({
        status: 'win',
        sentence:
          'Median time until families reached a coordinated case plan: 320 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops. Linkages units are quicker, by more than chance would explain.',
      });
      expect(finding(364, { over: 364 }).status).toBe('win');
      expect(finding({ over: 90 }, 60)).toMatchObject({
        status: 'comparison-ahead',
        sentence:
          'Comparison units are ahead: median time until families reached a coordinated case plan: more than 90 days in Linkages units, where the Linkages curve stops, against 60 days in comparison units. Comparison units are quicker, by more than chance would explain.',
      });
      expect(finding(320, { over: 364 }, 0.3)).toMatchObject({
        status: 'no-difference',
        sentence:
          'No clear difference yet: median time until families reached a coordinated case plan: 320 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops. The gap could be chance.',
      });
    });

    it('says too early to tell which is quicker when the shown median lies past the day the other curve stops', () => {
      expect(finding(400, { over: 364 })).toEqual({
        measureId: 'time-to-coordination',
        status: 'too-early',
        scope: '2024 Q1–2024 Q4, 4 counties, 1,240 families',
        sentence:
          'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is 400 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops. The curves differ by more than chance would explain.',
      });
      expect(finding(400, { over: 364 }, 0.3).sentence).toBe(
        'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is 400 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops.',
      );
    });

    it('never says fewer than half so far when a median may lie past its curve', () => {
      expect(finding({ over: 364 }, { over: 364 }, 0.3)).toMatchObject({
        status: 'too-early',
        sentence:
          'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is more than 364 days in both groups, where the curves stop.',
      });
      expect(finding({ over: 300 }, { over: 364 }, 0.3).sentence).toBe(
        'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is more than 300 days in Linkages units, where the Linkages curve stops, against more than 364 days in comparison units, where the comparison curve stops.',
      );
      expect(finding({ over: 300 }, null, 0.3).sentence).toBe(
        'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is more than 300 days in Linkages units, where the Linkages curve stops, against not reached yet (fewer than half so far) in comparison units.',
      );
      // Only where both curves are whole is it "fewer than half so far".
      expect(finding(null, null, 0.3)).toMatchObject({
        status: 'too-early',
        sentence:
          'Too early to tell: fewer than half reached a coordinated case plan in either group so far.',
      });
    });

    it("says too early to tell when a median not reached by a short curve's end cannot be placed", () => {
      expect(finding(500, { notReachedBy: 400 })).toMatchObject({
        status: 'too-early',
        sentence:
          'Too early to tell which group is quicker: the median time until families reached a coordinated case plan is 500 days in Linkages units, against not reached yet (fewer than half so far) in comparison units. The curves differ by more than chance would explain.',
      });
      expect(finding(300, { notReachedBy: 400 }).status).toBe('win');
    });

    it('says "too early to tell" on the slide whenever the card\'s verdict does, and the same claim otherwise', () => {
      const cases: [Median, Median, number][] = [
        [400, { over: 364 }, 0.001],
        [500, { notReachedBy: 400 }, 0.3],
        [{ over: 364 }, { over: 364 }, 0.001],
        [null, null, 0.001],
        [320, { over: 364 }, 0.001],
        [{ over: 90 }, 60, 0.001],
        [41, 41, 0.001],
        [12, 15, 0.2],
      ];
      for (const [a, b, p] of cases) {
        const evidence = survivalEvidence(a, b, p);
        const label = verdictOf(evidence.measure, evidence.pooled).label;
        expect([a, b, p, STATUS_TEXT[describeFinding(evidence, 4).status]]).toEqual([
          a,
          b,
          p,
          label,
        ]);
      }
    });

    it('says where the test stops when a curve is cut: over the first days both curves are drawn', () => {
      const evidence = survivalEvidence(320, { over: 364 }, 0.001);
      const pooled = evidence.pooled as SurvivalResult;
      const cut = {
        ...evidence,
        pooled: { ...pooled, comparisons: [{ ...pooled.comparisons[0]!, throughDays: 364 }] },
      };
      expect(describeFinding(cut, 4).sentence).toBe(
        'Median time until families reached a coordinated case plan: 320 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops. Linkages units are quicker, by more than chance would explain (compared over the first 364 days, where both curves are drawn).',
      );
      const notSignificant = survivalEvidence(320, { over: 364 }, 0.3);
      const p = notSignificant.pooled as SurvivalResult;
      expect(
        describeFinding(
          {
            ...notSignificant,
            pooled: { ...p, comparisons: [{ ...p.comparisons[0]!, throughDays: 1093 }] },
          },
          4,
        ).sentence,
      ).toMatch(
        /The gap could be chance \(compared over the first 1,093 days, where both curves are drawn\)\.$/,
      );
    });

    it('says the curves differ, not that the gap could be chance, when equal medians come with a significant test', () => {
      expect(finding(41, 41).sentence).toBe(
        'No clear difference in the medians: median time until families reached a coordinated case plan: 41 days in Linkages units, against 41 days in comparison units. The curves differ by more than chance would explain.',
      );
    });
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
