import { describe, expect, it } from 'vitest';
import {
  clusterRobustDifference,
  countUnits,
  type UnitCount,
} from '../../../src/measures/cluster-robust';
import { compareProportions } from '../../../src/measures/statistics';

function unit(
  county: string,
  unitId: string,
  group: UnitCount['group'],
  members: number,
  events: number,
): UnitCount {
  return { county, unitId, group, members, events };
}

// 3 Linkages units against 4 comparison units; unit id U1 exists in both counties.
const small: UnitCount[] = [
  unit('Fresno', 'U1', 'linkages', 12, 7),
  unit('Fresno', 'U2', 'linkages', 9, 3),
  unit('Kern', 'U1', 'linkages', 15, 10),
  unit('Fresno', 'U3', 'comparison', 10, 2),
  unit('Fresno', 'U4', 'comparison', 14, 6),
  unit('Kern', 'U2', 'comparison', 8, 1),
  unit('Kern', 'U3', 'comparison', 11, 5),
];

// 7 Linkages units against 11 comparison units (as many as the sample extract has), 3,000 members.
const largeMembers = [
  212, 187, 240, 95, 160, 133, 178, 201, 176, 150, 222, 98, 131, 189, 164, 142, 205, 117,
];
const largeEvents = [81, 64, 102, 30, 70, 41, 66, 58, 61, 39, 77, 25, 44, 70, 49, 47, 66, 34];
const large: UnitCount[] = largeMembers.map((members, i) =>
  unit(
    'Fresno',
    `U${String(i + 1).padStart(2, '0')}`,
    i < 7 ? 'linkages' : 'comparison',
    members,
    largeEvents[i]!,
  ),
);

describe('cluster-robust difference of proportions', () => {
  // Expected values: R lm(y ~ group) on one row per member, sandwich::vcovCL(fit, cluster = ~unit,
  // type = "HC1"), qt(0.975, G - 1), 2 * pt(-|t|, G - 1): test/reference/cluster-robust.R.
  it('matches vcovCL HC1 with t on G − 1 df for 3 Linkages against 4 comparison units', () => {
    const result = clusterRobustDifference(small)!;
    expect(result.difference).toBeCloseTo(0.22997416020671829, 12);
    expect(result.df).toBe(6);
    expect(result.interval!.standardError).toBeCloseTo(0.10747484057440382, 12);
    expect(result.interval!.low).toBeCloseTo(-0.033007300894706548, 10);
    expect(result.interval!.high).toBeCloseTo(0.49295562130814313, 10);
    expect(result.interval!.t).toBeCloseTo(2.1397953137460979, 10);
    expect(result.interval!.p).toBeCloseTo(0.076171898862902723, 10);
    expect(result.linkages).toEqual({ units: 3, members: 36, events: 20 });
    expect(result.comparison).toEqual({ units: 4, members: 43, events: 14 });
    expect(result.fewUnits).toBe(true);
  });

  it('matches vcovCL for 7 Linkages against 11 comparison units and 3,000 members', () => {
    const result = clusterRobustDifference(large)!;
    expect(result.difference).toBeCloseTo(0.059214738959081588, 12);
    expect(result.df).toBe(17);
    expect(result.interval!.standardError).toBeCloseTo(0.019919085618706336, 12);
    expect(result.interval!.low).toBeCloseTo(0.017189141824539372, 10);
    expect(result.interval!.high).toBeCloseTo(0.1012403360936238, 10);
    expect(result.interval!.p).toBeCloseTo(0.0085358811732412984, 10);
    expect(result.linkages.units).toBe(7);
    expect(result.comparison.units).toBe(11);
    expect(result.fewUnits).toBe(false);
  });

  it('is wider than the Newcombe interval when units differ more than chance would make them', () => {
    const result = clusterRobustDifference(large)!;
    const newcombe = compareProportions(454, 1205, 570, 1795)!;
    expect(newcombe.difference).toBeCloseTo(result.difference, 14);
    expect(result.interval!.high - result.interval!.low).toBeGreaterThan(
      newcombe.high - newcombe.low,
    );
  });

  it('sums the cells of one unit (cohort months) before clustering', () => {
    const split = small.flatMap((count) => [
      { ...count, members: count.members - 4, events: Math.max(0, count.events - 2) },
      { ...count, members: 4, events: Math.min(2, count.events) },
      { ...count, members: 0, events: 0 },
    ]);
    const whole = clusterRobustDifference(small)!;
    const summed = clusterRobustDifference(split)!;
    expect(summed.interval!.standardError).toBeCloseTo(whole.interval!.standardError, 15);
    expect(summed.df).toBe(6);
  });

  it('keeps a unit with members in both groups as one cluster', () => {
    // R: unit B has 10 Linkages members (6 events) and 6 comparison members (1 event).
    const result = clusterRobustDifference([
      unit('Kern', 'A', 'linkages', 20, 9),
      unit('Kern', 'B', 'linkages', 10, 6),
      unit('Kern', 'B', 'comparison', 6, 1),
      unit('Kern', 'C', 'comparison', 25, 7),
      unit('Kern', 'D', 'comparison', 18, 8),
    ])!;
    expect(result.df).toBe(3);
    expect(result.difference).toBeCloseTo(0.17346938775510171, 12);
    expect(result.interval!.standardError).toBeCloseTo(0.092611725367527528, 12);
    expect(result.interval!.low).toBeCloseTo(-0.12126245546673572, 10);
    expect(result.interval!.high).toBeCloseTo(0.46820123097693911, 10);
  });

  it('gives no interval when a group has a single unit', () => {
    // vcovCL would give se 0.069885385181482004 from the two comparison units alone: the Linkages
    // unit's residuals sum to zero, so its share would count as known exactly.
    const result = clusterRobustDifference([
      unit('Kern', 'A', 'linkages', 20, 9),
      unit('Kern', 'B', 'comparison', 25, 7),
      unit('Kern', 'C', 'comparison', 18, 8),
    ])!;
    expect(result.difference).toBeCloseTo(0.10116279069767463, 12);
    expect(result.interval).toBeNull();
    expect(result.noInterval).toBe('one-unit-in-a-group');
    expect(result.df).toBe(2);
  });

  it('gives no interval when every unit has its group share (no events anywhere)', () => {
    const none = clusterRobustDifference([
      unit('Kern', 'A', 'linkages', 20, 0),
      unit('Kern', 'B', 'linkages', 12, 0),
      unit('Kern', 'C', 'comparison', 25, 0),
      unit('Kern', 'D', 'comparison', 18, 0),
    ])!;
    expect(none).toMatchObject({
      difference: 0,
      interval: null,
      noInterval: 'no-variation-between-units',
    });
    const alike = clusterRobustDifference([
      unit('Kern', 'A', 'linkages', 3, 1),
      unit('Kern', 'B', 'linkages', 6, 2),
      unit('Kern', 'C', 'comparison', 10, 5),
      unit('Kern', 'D', 'comparison', 4, 2),
    ])!;
    expect(alike.noInterval).toBe('no-variation-between-units');
    expect(alike.difference).toBeCloseTo(1 / 3 - 1 / 2, 15);
  });

  it('is undefined (null) when a group has no members in the view', () => {
    expect(
      clusterRobustDifference([
        unit('Kern', 'A', 'linkages', 20, 9),
        unit('Kern', 'B', 'linkages', 5, 1),
      ]),
    ).toBeNull();
    expect(
      clusterRobustDifference([
        unit('Kern', 'A', 'linkages', 20, 9),
        unit('Kern', 'C', 'comparison', 0, 0),
      ]),
    ).toBeNull();
    expect(clusterRobustDifference([])).toBeNull();
  });

  it('refuses events above members and non-whole counts', () => {
    expect(() => clusterRobustDifference([unit('Kern', 'A', 'linkages', 5, 6)])).toThrow(
      RangeError,
    );
    expect(() => clusterRobustDifference([unit('Kern', 'A', 'linkages', 5.5, 1)])).toThrow(
      RangeError,
    );
    expect(() => clusterRobustDifference([unit('Kern', 'A', 'linkages', 5, -1)])).toThrow(
      RangeError,
    );
  });
});

describe('units per group', () => {
  it('counts units with members in the view, a unit id per county', () => {
    expect(countUnits([...small, unit('Kern', 'U9', 'comparison', 0, 0)])).toEqual({
      linkages: { units: 3, members: 36, events: 20 },
      comparison: { units: 4, members: 43, events: 14 },
    });
  });
});
