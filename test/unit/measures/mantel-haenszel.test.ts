import { describe, expect, it } from 'vitest';
import {
  mantelHaenszelDifference,
  strataByCounty,
  type StratumCount,
} from '../../../src/measures/mantel-haenszel';

function stratum(name: string, a: number, n1: number, c: number, n0: number): StratumCount {
  return {
    stratum: name,
    linkages: { members: n1, events: a },
    comparison: { members: n0, events: c },
  };
}

// Expected values: epiR::epi.2by2(method = "cohort.count")$massoc.detail$ARisk.mh.sato and the
// same Sato (1989) formula by hand in R, interval with z = 1.959964: test/reference/mantel-haenszel.R.
describe('Mantel–Haenszel risk difference with the Sato variance', () => {
  it('matches epiR for three counties, one of them without comparison members', () => {
    const result = mantelHaenszelDifference([
      stratum('Fresno', 20, 45, 30, 90),
      stratum('Kern', 12, 30, 8, 40),
      stratum('Tulare', 5, 12, 0, 0),
    ])!;
    expect(result.difference).toBeCloseTo(0.14343434343434344, 14);
    expect(result.standardError).toBeCloseTo(0.06951083357646852, 14);
    expect(result.low).toBeCloseTo(0.0071956120144739122, 12);
    expect(result.high).toBeCloseTo(0.279673074854213, 12);
    expect(result.z).toBeCloseTo(2.0634818495817933, 12);
    expect(result.p).toBeCloseTo(0.039066870523279361, 12);
    expect(result.strata).toBe(2);
  });

  it('matches epiR for five counties whose mix differs between the groups', () => {
    const result = mantelHaenszelDifference([
      stratum('Fresno', 212, 540, 301, 910),
      stratum('Kern', 61, 150, 170, 512),
      stratum('Madera', 45, 96, 29, 88),
      stratum('Merced', 88, 260, 150, 497),
      stratum('Tulare', 30, 71, 95, 260),
    ])!;
    expect(result.difference).toBeCloseTo(0.062485510520445861, 14);
    expect(result.standardError).toBeCloseTo(0.017832044117353337, 14);
    expect(result.low).toBeCloseTo(0.027535346004021549, 12);
    expect(result.high).toBeCloseTo(0.097435675036870187, 12);
    expect(result.p).toBeCloseTo(0.00045812966784324717, 12);
    expect(result.strata).toBe(5);
  });

  it('equals the one stratum difference when there is one county', () => {
    const result = mantelHaenszelDifference([stratum('Kern', 12, 30, 8, 40)])!;
    expect(result.difference).toBeCloseTo(12 / 30 - 8 / 40, 15);
  });

  it('ignores the order of strata', () => {
    const forward = mantelHaenszelDifference([
      stratum('A', 3, 10, 4, 20),
      stratum('B', 9, 15, 2, 11),
    ])!;
    const backward = mantelHaenszelDifference([
      stratum('B', 9, 15, 2, 11),
      stratum('A', 3, 10, 4, 20),
    ])!;
    expect(backward.difference).toBeCloseTo(forward.difference, 15);
    expect(backward.standardError).toBeCloseTo(forward.standardError, 15);
  });

  it('finds difference 0, z 0 and p 1 when every county is all 0 alike', () => {
    expect(
      mantelHaenszelDifference([stratum('A', 0, 10, 0, 20), stratum('B', 0, 5, 0, 7)]),
    ).toMatchObject({
      difference: 0,
      standardError: 0,
      low: 0,
      high: 0,
      z: 0,
      p: 1,
    });
  });

  it('is undefined (null) when no county has members in both groups', () => {
    expect(
      mantelHaenszelDifference([stratum('A', 3, 10, 0, 0), stratum('B', 0, 0, 2, 11)]),
    ).toBeNull();
    expect(mantelHaenszelDifference([])).toBeNull();
  });

  it('refuses events above members or negative counts', () => {
    expect(() => mantelHaenszelDifference([stratum('A', 11, 10, 0, 5)])).toThrow(RangeError);
    expect(() => mantelHaenszelDifference([stratum('A', 1, 10, -1, 5)])).toThrow(RangeError);
  });
});

describe('strata by county', () => {
  it('sums the cells of each county and group into one stratum per county', () => {
    const cell = (
      county: string,
      group: 'linkages' | 'comparison',
      members: number,
      events: number,
    ) => ({
      county,
      unitId: 'U1',
      group,
      members,
      events,
    });
    expect(
      strataByCounty([
        cell('Kern', 'linkages', 10, 4),
        cell('Fresno', 'comparison', 7, 2),
        cell('Kern', 'linkages', 20, 8),
        cell('Kern', 'comparison', 5, 1),
      ]),
    ).toEqual([stratum('Kern', 12, 30, 1, 5), stratum('Fresno', 0, 0, 2, 7)]);
  });
});
