import { describe, expect, it } from 'vitest';
import { complementaryMask, suppressResult } from '../../../src/measures/suppression';
import { logRank } from '../../../src/measures/survival';
import type {
  CountResult,
  ProportionResult,
  ProportionRow,
  SurvivalResult,
  SurvivalRow,
} from '../../../src/measures/types';
import { logRankFields, unitFields } from './comparison-fixtures';

const base = {
  measureId: 'm',
  dataThrough: '2025-06-30',
  period: 'quarter',
  suppression: false,
} as const;

function proportionRow(
  numerator: number,
  denominator: number,
  extra: Partial<ProportionRow> = {},
): ProportionRow {
  return {
    cohort: '2024Q1',
    group: 'linkages',
    denominator,
    numerator,
    rate: denominator > 0 ? numerator / denominator : null,
    ciLow: denominator > 0 ? 0.1 : null,
    ciHigh: denominator > 0 ? 0.9 : null,
    suppressed: false,
    windowNotComplete: 0,
    unstable: denominator > 0 && denominator < 30,
    ...extra,
  };
}

function suppressProportion(
  rows: ProportionRow[],
  comparisons: ProportionResult['comparisons'] = [],
) {
  const result = suppressResult({ ...base, kind: 'proportion', by: ['cohort'], rows, comparisons });
  if (result.kind !== 'proportion') throw new Error('kind changed');
  return result;
}

function suppressOne(numerator: number, denominator: number, extra: Partial<ProportionRow> = {}) {
  const [row] = suppressProportion([proportionRow(numerator, denominator, extra)]).rows;
  return row;
}

describe('small-cell suppression', () => {
  it('shows a count of 0, masks counts of 1 to 10 and shows 11', () => {
    const result: CountResult = {
      ...base,
      kind: 'count',
      by: ['cohort'],
      comparisons: [],
      rows: [0, 1, 10, 11].map((count, i) => ({
        cohort: `2024Q${String(i + 1)}`,
        group: 'linkages',
        count,
        suppressed: false,
      })),
    };
    const suppressed = suppressResult(result);
    expect(
      suppressed.rows.map((row) => ('count' in row ? [row.count, row.suppressed] : null)),
    ).toEqual([
      [0, false],
      [null, true],
      [null, true],
      [11, false],
    ]);
  });

  it('masks a rate whose numerator is 1 to 10 and shows it at 11', () => {
    expect(suppressOne(10, 50)).toMatchObject({
      numerator: null,
      rate: null,
      ciLow: null,
      ciHigh: null,
      denominator: 50,
      suppressed: true,
    });
    expect(suppressOne(11, 50)).toMatchObject({
      numerator: 11,
      rate: 0.22,
      denominator: 50,
      suppressed: false,
    });
  });

  it('masks a rate whose denominator minus numerator is 1 to 10 and shows it at 11', () => {
    expect(suppressOne(40, 50)).toMatchObject({
      numerator: null,
      rate: null,
      denominator: 50,
      suppressed: true,
    });
    expect(suppressOne(39, 50)).toMatchObject({ numerator: 39, rate: 0.78, suppressed: false });
  });

  it('masks a rate on a denominator under 11, and the denominator itself when it is 1 to 10', () => {
    expect(suppressOne(0, 10)).toMatchObject({
      numerator: null,
      denominator: null,
      rate: null,
      suppressed: true,
    });
    expect(suppressOne(0, 11)).toMatchObject({
      numerator: 0,
      denominator: 11,
      rate: 0,
      suppressed: false,
    });
  });

  it('shows a zero rate and a full rate when both counts are large', () => {
    expect(suppressOne(0, 40)).toMatchObject({ numerator: 0, rate: 0, suppressed: false });
    expect(suppressOne(40, 40)).toMatchObject({ numerator: 40, rate: 1, suppressed: false });
  });

  it('leaves a cohort with no complete window unmasked: there is no rate to hide', () => {
    expect(suppressOne(0, 0, { windowNotComplete: 25 })).toMatchObject({
      denominator: 0,
      rate: null,
      windowNotComplete: 25,
      suppressed: false,
    });
  });

  it('masks a window-not-complete count of 1 to 10 without calling the estimate suppressed', () => {
    expect(suppressOne(20, 50, { windowNotComplete: 4 })).toMatchObject({
      windowNotComplete: null,
      rate: 0.4,
      suppressed: false,
    });
  });

  it('keeps the unstable flag for a denominator under 30', () => {
    expect(suppressOne(12, 29)).toMatchObject({ rate: 12 / 29, unstable: true });
    expect(suppressOne(12, 30)).toMatchObject({ unstable: false });
  });

  it('masks a difference when either side is masked', () => {
    const difference = {
      difference: 0.1,
      ciLow: 0,
      ciHigh: 0.2,
      z: 1,
      p: 0.3,
      ...unitFields({ ciLow: -0.05, ciHigh: 0.25, p: 0.4 }),
      suppressed: false,
    };
    const result = suppressProportion(
      [
        proportionRow(20, 50, { cohort: '2024Q1' }),
        proportionRow(5, 50, { cohort: '2024Q1', group: 'comparison' }),
        proportionRow(20, 50, { cohort: '2024Q2' }),
        proportionRow(15, 50, { cohort: '2024Q2', group: 'comparison' }),
      ],
      [
        { cohort: '2024Q1', ...difference },
        { cohort: '2024Q2', ...difference },
      ],
    );
    expect(result.comparisons).toEqual([
      {
        cohort: '2024Q1',
        difference: null,
        ciLow: null,
        ciHigh: null,
        z: null,
        p: null,
        ...unitFields({ ciLow: null, ciHigh: null, p: null }),
        suppressed: true,
      },
      { cohort: '2024Q2', ...difference },
    ]);
  });

  it('suppresses once: a suppressed result passes through unchanged', () => {
    const once = suppressProportion([proportionRow(5, 50)]);
    expect(suppressResult(once)).toBe(once);
  });
});

describe('curve suppression', () => {
  function survivalRow(
    group: 'linkages' | 'comparison',
    n: number,
    events: number,
    medianDays: number | null,
  ): SurvivalRow {
    return {
      group,
      n,
      events,
      medianDays,
      suppressed: false,
      unstable: n < 30,
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: n },
        { t: 5, survival: 0.8, low: 0.7, high: 0.9, atRisk: 12 },
        { t: 9, survival: 0.6, low: 0.5, high: 0.7, atRisk: 11 },
        { t: 14, survival: 0.45, low: 0.3, high: 0.6, atRisk: 10 },
        { t: 20, survival: 0.3, low: 0.2, high: 0.5, atRisk: 4 },
      ],
    };
  }
  function suppressSurvival(rows: SurvivalRow[]) {
    const result: SurvivalResult = {
      ...base,
      kind: 'time-to-event',
      by: [],
      rows,
      comparisons: [{ chiSquare: 3, p: 0.08, ...logRankFields(), suppressed: false }],
    };
    const suppressed = suppressResult(result);
    if (suppressed.kind !== 'time-to-event') throw new Error('kind changed');
    return suppressed;
  }

  it('stops a curve where fewer than 11 remain at risk and hides a median past that point', () => {
    const [row] = suppressSurvival([survivalRow('linkages', 40, 25, 14)]).rows;
    expect(row?.curve.map((point) => [point.t, point.atRisk])).toEqual([
      [0, 40],
      [5, 12],
      [9, 11],
    ]);
    // Past the cut, n minus the events shown would be the events the cut hides: none shown.
    expect(row).toMatchObject({ n: 40, events: null, medianDays: null, suppressed: true });
  });

  it('keeps a median reached before the cut', () => {
    const [row] = suppressSurvival([survivalRow('linkages', 40, 25, 9)]).rows;
    expect(row).toMatchObject({ medianDays: 9, events: null });
  });

  it('shows events with a whole curve, and drops the curve when its events are 1 to 10', () => {
    const whole = (n: number, events: number): SurvivalRow => ({
      group: 'linkages',
      n,
      events,
      medianDays: null,
      suppressed: false,
      unstable: false,
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: n },
        { t: 5, survival: 1 - events / n, low: 0.5, high: 0.9, atRisk: n },
      ],
    });
    const [shown] = suppressSurvival([whole(40, 12)]).rows;
    expect(shown).toMatchObject({ n: 40, events: 12, suppressed: false });
    expect(shown?.curve).toHaveLength(2);
    // n × (1 − S) = 40 × 0.2 = 8 would give the masked events: the curve goes with them.
    const [masked] = suppressSurvival([whole(40, 8)]).rows;
    expect(masked).toMatchObject({ n: 40, events: null, medianDays: null, suppressed: true });
    expect(masked?.curve).toEqual([]);
  });

  it('masks counts of 1 to 10 and the log-rank test when a group has fewer than 11', () => {
    const result = suppressSurvival([
      survivalRow('linkages', 40, 8, null),
      survivalRow('comparison', 10, 6, null),
    ]);
    expect(result.rows.map((row) => [row.n, row.events, row.curve.length, row.suppressed])).toEqual(
      [
        // Events 1–10: no curve (n × (1 − S) would give them).
        [40, null, 0, true],
        [null, null, 0, true],
      ],
    );
    expect(result.comparisons).toEqual([
      { chiSquare: null, p: null, ...logRankFields(), suppressed: true },
    ]);
  });

  it('shows the log-rank test of whole curves when both groups have 11 or more', () => {
    const whole = (group: 'linkages' | 'comparison'): SurvivalRow => ({
      ...survivalRow(group, 40, 25, null),
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 40 },
        { t: 5, survival: 0.375, low: 0.2, high: 0.5, atRisk: 40 },
      ],
    });
    const result = suppressSurvival([whole('linkages'), whole('comparison')]);
    expect(result.comparisons).toEqual([
      { chiSquare: 3, p: 0.08, ...logRankFields(), suppressed: false },
    ]);
  });

  it('computes the log-rank test beside cut curves over the days both are drawn (to day 9)', () => {
    // Both curves below stop at day 9 (10 at risk on day 14). The counts are the test's inputs.
    const linkages = [
      { t: 5, events: 28, censored: 0 },
      { t: 9, events: 1, censored: 0 },
      { t: 14, events: 6, censored: 0 },
      { t: 20, events: 1, censored: 3 },
    ];
    const comparison = [
      { t: 5, events: 20, censored: 0 },
      { t: 9, events: 1, censored: 0 },
      { t: 12, events: 9, censored: 9 },
    ];
    const rows = [survivalRow('linkages', 39, 36, null), survivalRow('comparison', 39, 30, null)];
    const result: SurvivalResult = {
      ...base,
      kind: 'time-to-event',
      by: [],
      rows,
      comparisons: [{ chiSquare: 3, p: 0.08, ...logRankFields(), suppressed: false }],
      testCounts: [{ linkages, comparison }],
    };
    const suppressed = suppressResult(result);
    const drawn = logRank(linkages, comparison, 9)!;
    expect(drawn.chiSquare).not.toBeCloseTo(logRank(linkages, comparison)!.chiSquare, 3);
    expect(suppressed.comparisons).toEqual([
      {
        chiSquare: drawn.chiSquare,
        p: drawn.p,
        ...logRankFields(),
        throughDays: 9,
        suppressed: false,
      },
    ]);
    // The counts are read, never published.
    expect(suppressed).not.toHaveProperty('testCounts');
    // A group whose events are 1–10 draws no curve: no day is drawn in both, the test is masked
    // (it was shown before, on every event, beside n = 40 and events masked).
    const undrawn = suppressResult({
      ...result,
      rows: [rows[0]!, { ...survivalRow('comparison', 40, 8, null), curve: rows[1]!.curve }],
    });
    expect(undrawn.rows[1]).toMatchObject({ events: null, curve: [] });
    expect(undrawn.comparisons).toEqual([
      { chiSquare: null, p: null, ...logRankFields(), suppressed: true },
    ]);
    // Without the counts (a result built by hand) the test beside a cut curve is masked.
    expect(suppressSurvival(rows).comparisons).toEqual([
      { chiSquare: null, p: null, ...logRankFields(), suppressed: true },
    ]);
  });
});

describe('complementary suppression', () => {
  it('masks the next-smallest cell when only one cell of a totalled table is masked', () => {
    expect(complementaryMask([40, 5, 25, 60])).toEqual({
      cells: [false, true, true, false],
      total: false,
    });
  });

  it('prefers a non-zero cell as the complement', () => {
    expect(complementaryMask([0, 7, 30, 12])).toEqual({
      cells: [false, true, false, true],
      total: false,
    });
  });

  it('adds nothing when no cell or two cells are masked already', () => {
    expect(complementaryMask([40, 25])).toEqual({ cells: [false, false], total: false });
    expect(complementaryMask([40, 3, 9])).toEqual({ cells: [false, true, true], total: false });
  });

  it('masks the total of a single small cell', () => {
    expect(complementaryMask([4])).toEqual({ cells: [true], total: true });
  });
});
