import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import { reentry12m } from '../../../src/measures/definitions/reentry-12m';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import { CATALOG } from '../../../src/measures/catalog';
import {
  compareProportions,
  normalCdf,
  wilsonInterval,
  Z95,
} from '../../../src/measures/statistics';
import { suppressResult } from '../../../src/measures/suppression';
import type {
  MeasureDefinition,
  ProportionResult,
  ProportionRow,
  SurvivalResult,
  SurvivalRow,
} from '../../../src/measures/types';
import {
  BETTER_TEXT,
  comparisonEvidence,
  judgeComparison,
  SIGNIFICANCE,
  verdictOf,
  type ComparisonEvidence,
  type DifferenceEvidence,
} from '../../../src/measures/verdict';
import { logRankFields, MANY_UNITS, unitFields } from './comparison-fixtures';

const base = { dataThrough: '2025-06-30', period: 'quarter' as const, by: [] };

function proportionRow(group: 'linkages' | 'comparison', x: number, n: number): ProportionRow {
  const ci = wilsonInterval(x, n);
  return {
    group,
    denominator: n,
    numerator: x,
    rate: x / n,
    ciLow: ci.low,
    ciHigh: ci.high,
    suppressed: false,
    windowNotComplete: 0,
    unstable: n < 30,
  };
}

/** Linkages xA/nA against comparison xB/nB, pooled, with the spec's Newcombe difference. */
function proportionResult(
  measure: MeasureDefinition,
  xA: number,
  nA: number,
  xB: number,
  nB: number,
): ProportionResult {
  const test = compareProportions(xA, nA, xB, nB)!;
  return {
    ...base,
    kind: 'proportion',
    measureId: measure.id,
    suppression: false,
    rows: [proportionRow('linkages', xA, nA), proportionRow('comparison', xB, nB)],
    comparisons: [
      {
        difference: test.difference,
        ciLow: test.low,
        ciHigh: test.high,
        z: test.z,
        p: test.p,
        ...unitFields({ ciLow: test.low, ciHigh: test.high, p: test.p }),
        suppressed: false,
      },
    ],
  };
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

function survivalResult(
  medians: [Median, Median],
  p: number,
  n: [number, number] = [600, 640],
): SurvivalResult {
  return {
    ...base,
    kind: 'time-to-event',
    measureId: timeToCoordination.id,
    suppression: false,
    rows: [survivalRow('linkages', n[0], medians[0]), survivalRow('comparison', n[1], medians[1])],
    comparisons: [{ chiSquare: 20, p, ...logRankFields(), suppressed: false }],
  };
}

const difference = (d: number, low: number, high: number): DifferenceEvidence => ({
  basis: 'difference',
  method: 'cluster-robust',
  difference: d,
  low,
  high,
  p: null,
  ...MANY_UNITS,
});

describe('the verdict of a comparison', () => {
  it('puts Linkages ahead when the difference of a higher-is-better rate is above zero and its interval excludes zero', () => {
    expect(verdictOf(coordination30d, proportionResult(coordination30d, 45, 60, 30, 60))).toEqual({
      evidence: {
        basis: 'difference',
        method: 'cluster-robust',
        difference: 0.25,
        low: expect.closeTo(0.0768, 4) as number,
        high: expect.closeTo(0.4035, 4) as number,
        p: expect.closeTo(0.0047, 4) as number,
        ...MANY_UNITS,
      },
      significant: true,
      ahead: 'linkages',
      label: 'Linkages ahead',
      reading: 'the interval excludes zero',
    });
  });

  it('puts the comparison ahead when its rate is the higher one, significantly', () => {
    const verdict = verdictOf(coordination30d, proportionResult(coordination30d, 30, 60, 45, 60));
    expect(verdict).toMatchObject({
      significant: true,
      ahead: 'comparison',
      label: 'Comparison ahead',
    });
  });

  it('puts Linkages ahead with fewer re-entries where lower is better', () => {
    const verdict = verdictOf(reentry12m, proportionResult(reentry12m, 12, 300, 40, 300));
    expect(verdict.evidence?.basis === 'difference' && verdict.evidence.difference).toBeCloseTo(
      -0.09333,
      5,
    );
    expect(verdict).toMatchObject({ significant: true, ahead: 'linkages' });
  });

  it('puts the comparison ahead with more re-entries in Linkages units where lower is better', () => {
    expect(judgeComparison(reentry12m, difference(0.05, 0.01, 0.09))).toMatchObject({
      significant: true,
      ahead: 'comparison',
      label: 'Comparison ahead',
    });
  });

  it('makes no claim when the interval includes zero, whichever way the difference points', () => {
    expect(judgeComparison(coordination30d, difference(0.05, -0.15, 0.25))).toEqual({
      evidence: difference(0.05, -0.15, 0.25),
      significant: false,
      ahead: null,
      label: 'No clear difference yet',
      reading: 'the interval includes zero',
    });
    expect(judgeComparison(reentry12m, difference(-0.05, -0.25, 0.15))).toMatchObject({
      significant: false,
      ahead: null,
    });
  });

  it('decides a difference by its interval, not by its p', () => {
    expect(
      judgeComparison(coordination30d, { ...difference(0.1, 0.001, 0.2), p: 0.051 }),
    ).toMatchObject({ significant: true, ahead: 'linkages' });
  });

  it('never claims a difference from the Newcombe interval alone: the interval by unit decides', () => {
    // 45/60 against 30/60: the Newcombe interval excludes zero, units vary too much to tell.
    const result = proportionResult(coordination30d, 45, 60, 30, 60);
    const [c] = result.comparisons;
    if (!c) throw new Error('no comparison');
    const byUnit = { ...c, clusterCiLow: -0.05, clusterCiHigh: 0.55, clusterP: 0.09 };
    expect(verdictOf(coordination30d, { ...result, comparisons: [byUnit] })).toMatchObject({
      evidence: { basis: 'difference', method: 'cluster-robust', low: -0.05, high: 0.55 },
      significant: false,
      ahead: null,
      label: 'No clear difference yet',
    });
  });

  it('headlines the county-stratified difference where the view pools counties', () => {
    const result = proportionResult(coordination30d, 45, 60, 30, 60);
    const [c] = result.comparisons;
    if (!c) throw new Error('no comparison');
    const stratified = {
      ...c,
      mhDifference: 0.02,
      mhCiLow: -0.1,
      mhCiHigh: 0.14,
      mhP: 0.7,
      mhStrata: 3,
    };
    expect(verdictOf(coordination30d, { ...result, comparisons: [stratified] })).toMatchObject({
      evidence: { basis: 'difference', method: 'county-stratified', difference: 0.02, p: 0.7 },
      significant: false,
      ahead: null,
    });
  });

  it('makes no claim with one unit in a group, not even on a stratified interval', () => {
    const result = proportionResult(coordination30d, 45, 60, 30, 60);
    const [c] = result.comparisons;
    if (!c) throw new Error('no comparison');
    const oneUnit = {
      ...c,
      units: { linkages: 1, comparison: 4 },
      fewUnits: true,
      clusterCiLow: null,
      clusterCiHigh: null,
      clusterP: null,
      clusterDf: null,
      clusterNoInterval: 'one-unit-in-a-group' as const,
      mhDifference: 0.2,
      mhCiLow: 0.1,
      mhCiHigh: 0.3,
      mhP: 0.001,
      mhStrata: 2,
    };
    expect(verdictOf(coordination30d, { ...result, comparisons: [oneUnit] })).toEqual({
      evidence: {
        basis: 'no-interval',
        difference: 0.25,
        reason: 'one-unit-in-a-group',
        units: { linkages: 1, comparison: 4 },
        fewUnits: true,
      },
      significant: false,
      ahead: null,
      label: 'No clear difference yet',
      reading: 'no interval: only one unit in a group, so units cannot be told from groups',
    });
  });

  it('does not compare a masked difference', () => {
    // 8 of 15 against 30 of 60: the numerator under 11 masks the rate and its difference.
    const masked = suppressResult(proportionResult(coordination30d, 8, 15, 30, 60));
    expect(comparisonEvidence(masked)).toBeNull();
    expect(verdictOf(coordination30d, masked)).toEqual({
      evidence: null,
      significant: false,
      ahead: null,
      label: 'Not compared',
      reading: '',
    });
  });

  it('puts Linkages ahead on time to coordination when its median is shorter and log-rank p < 0.05', () => {
    expect(verdictOf(timeToCoordination, survivalResult([12, 41], 0.0004))).toEqual({
      evidence: {
        basis: 'log-rank',
        chiSquare: 20,
        p: 0.0004,
        sooner: 'linkages',
        throughDays: null,
        orderUnknown: false,
        ...MANY_UNITS,
      },
      significant: true,
      ahead: 'linkages',
      label: 'Linkages ahead',
      reading: 'the curves differ',
    });
  });

  it('puts the comparison ahead when its units reach the event sooner', () => {
    expect(verdictOf(timeToCoordination, survivalResult([41, 12], 0.0004))).toMatchObject({
      significant: true,
      ahead: 'comparison',
    });
  });

  it('counts reunification sooner as better, like coordination', () => {
    expect(timeToReunification.better).toBe('sooner');
    const evidence: ComparisonEvidence = {
      basis: 'log-rank',
      chiSquare: 9,
      p: 0.003,
      sooner: 'linkages',
      throughDays: null,
      orderUnknown: false,
      ...MANY_UNITS,
    };
    expect(judgeComparison(timeToReunification, evidence).ahead).toBe('linkages');
  });

  it('puts the later group ahead where later is better', () => {
    const laterBetter: MeasureDefinition = { ...timeToCoordination, better: 'later' };
    expect(verdictOf(laterBetter, survivalResult([12, 41], 0.0004)).ahead).toBe('comparison');
  });

  it('treats a median not reached as longer than any median reached', () => {
    expect(verdictOf(timeToCoordination, survivalResult([30, null], 0.001))).toMatchObject({
      evidence: { sooner: 'linkages' },
      ahead: 'linkages',
    });
  });

  it('puts a shown median before one hidden past a curve cut on or after it, and cannot tell them apart otherwise', () => {
    // A hidden median lies past its curve's last drawn day (or is not reached).
    expect(
      verdictOf(timeToCoordination, survivalResult([320, { over: 364 }], 0.001)),
    ).toMatchObject({
      evidence: { sooner: 'linkages' },
      ahead: 'linkages',
    });
    expect(
      verdictOf(timeToCoordination, survivalResult([364, { over: 364 }], 0.001)),
    ).toMatchObject({
      evidence: { sooner: 'linkages' },
    });
    expect(
      verdictOf(timeToCoordination, survivalResult([{ over: 200 }, 150], 0.001)),
    ).toMatchObject({
      evidence: { sooner: 'comparison' },
      ahead: 'comparison',
    });
    // Shown past the other's cut: the hidden one may be shorter or longer.
    for (const medians of [
      [400, { over: 364 }],
      [{ over: 364 }, { over: 364 }],
      [{ over: 300 }, null],
    ] as [Median, Median][]) {
      expect(verdictOf(timeToCoordination, survivalResult(medians, 0.001))).toMatchObject({
        evidence: { sooner: null },
        significant: true,
        ahead: null,
      });
    }
  });

  it('makes no claim at p = 0.05; with neither median reached it is too early to tell, as the slides say', () => {
    expect(verdictOf(timeToCoordination, survivalResult([12, 41], 0.05))).toMatchObject({
      significant: false,
      ahead: null,
      label: 'No clear difference yet',
      reading: 'no significant difference',
    });
    expect(verdictOf(timeToCoordination, survivalResult([null, null], 0.001))).toMatchObject({
      significant: true,
      ahead: null,
      label: 'Too early to tell',
      reading: 'the curves differ',
    });
  });

  it('places a median not reached only against a shown median at or before the day its curve ends (a short follow-up)', () => {
    // Not reached by day 400, where the curve ends: the median lies past day 400 or is never reached.
    expect(
      verdictOf(timeToCoordination, survivalResult([300, { notReachedBy: 400 }], 0.001)),
    ).toMatchObject({
      evidence: { sooner: 'linkages', orderUnknown: false },
      ahead: 'linkages',
    });
    expect(
      verdictOf(timeToCoordination, survivalResult([{ notReachedBy: 400 }, 400], 0.001)),
    ).toMatchObject({ evidence: { sooner: 'comparison' }, ahead: 'comparison' });
    // 500 days against not reached by day 400: either may be the shorter.
    expect(
      verdictOf(timeToCoordination, survivalResult([500, { notReachedBy: 400 }], 0.001)),
    ).toMatchObject({
      evidence: { sooner: null, orderUnknown: true },
      significant: true,
      ahead: null,
      label: 'Too early to tell',
    });
  });

  it('cannot place a median against a group whose curve is not drawn (its events masked)', () => {
    const result = survivalResult([300, null], 0.001);
    const undrawn: SurvivalRow = {
      ...survivalRow('comparison', 640, null),
      events: null,
      suppressed: true,
      curve: [],
    };
    expect(
      verdictOf(timeToCoordination, { ...result, rows: [result.rows[0]!, undrawn] }),
    ).toMatchObject({ evidence: { sooner: null, orderUnknown: true }, ahead: null });
  });

  it('does not compare curves whose log-rank test is masked (a group under 11)', () => {
    const masked = suppressResult(survivalResult([12, 41], 0.0004, [10, 640]));
    expect(masked.comparisons[0]).toEqual({
      chiSquare: null,
      p: null,
      ...MANY_UNITS,
      throughDays: null,
      suppressed: true,
    });
    expect(verdictOf(timeToCoordination, masked)).toMatchObject({
      evidence: null,
      significant: false,
      ahead: null,
      label: 'Not compared',
    });
  });

  it('never compares the reach count', () => {
    expect(judgeComparison(familiesIdentified, difference(0.25, 0.1, 0.4))).toEqual({
      evidence: null,
      significant: false,
      ahead: null,
      label: 'Not compared',
      reading: '',
    });
  });

  it('refuses evidence that does not fit what is better', () => {
    expect(() => judgeComparison(timeToCoordination, difference(0.25, 0.1, 0.4))).toThrow(
      'A difference of rates cannot judge a measure where sooner is better',
    );
    expect(() =>
      judgeComparison(coordination30d, {
        basis: 'log-rank',
        chiSquare: 9,
        p: 0.003,
        sooner: null,
        throughDays: null,
        orderUnknown: false,
        ...MANY_UNITS,
      }),
    ).toThrow('A log-rank test cannot judge a measure where higher is better');
  });

  it('tests at the level of the 95% intervals', () => {
    expect(SIGNIFICANCE).toBe(0.05);
    expect(2 * (1 - normalCdf(Z95))).toBeCloseTo(SIGNIFICANCE, 6);
  });

  it('says which way each measure is better', () => {
    expect(Object.fromEntries(CATALOG.map((m) => [m.id, BETTER_TEXT[m.better]]))).toEqual({
      'families-identified': 'Reach: more is the aim',
      'coordination-30d': 'Higher is better',
      'time-to-coordination': 'Shorter is better',
      'reunification-12m': 'Higher is better',
      'reentry-12m': 'Lower is better',
      'employment-6m': 'Higher is better',
      'employment-12m': 'Higher is better',
      'recurrence-12m': 'Lower is better',
      'foster-entry-12m': 'Lower is better',
      'time-to-reunification': 'Shorter is better',
      'sanction-cure-6m': 'Higher is better',
      'aid-decrease-6m': 'Higher is better',
      'aid-decrease-9m': 'Higher is better',
      'aid-exit-12m': 'Higher is better',
      'return-to-aid-12m': 'Lower is better',
    });
  });
});
