import { describe, expect, it } from 'vitest';
import {
  categoryBalance,
  classifyBalance,
  standardizedDifferenceOfMeans,
  standardizedDifferenceOfProportions,
} from '../../../src/measures/standardized-difference';

// Expected values: Austin (2009) formulas computed in R: test/reference/standardized-difference.R.
describe('standardized difference of proportions', () => {
  it('divides by the square root of the average Bernoulli variance', () => {
    expect(standardizedDifferenceOfProportions(0.42, 0.31)).toBeCloseTo(0.22999168433529929, 14);
    expect(standardizedDifferenceOfProportions(0.3, 0.32)).toBeCloseTo(-0.043253986984834063, 14);
    expect(standardizedDifferenceOfProportions(0.05, 0)).toBeCloseTo(0.32444284226152509, 14);
  });

  it('is 0 for equal shares, also when both are 0 or 1', () => {
    expect(standardizedDifferenceOfProportions(0.4, 0.4)).toBe(0);
    expect(standardizedDifferenceOfProportions(0, 0)).toBe(0);
    expect(standardizedDifferenceOfProportions(1, 1)).toBe(0);
  });

  it('is infinite for 0 against 1, and not comparable', () => {
    expect(standardizedDifferenceOfProportions(0, 1)).toBe(-Infinity);
    expect(classifyBalance(standardizedDifferenceOfProportions(1, 0))).toBe('not-comparable');
  });

  it('refuses a share outside 0 to 1', () => {
    expect(() => standardizedDifferenceOfProportions(1.2, 0.5)).toThrow(RangeError);
    expect(() => standardizedDifferenceOfProportions(0.5, Number.NaN)).toThrow(RangeError);
  });
});

describe('standardized difference of means', () => {
  it('divides by the pooled SD √((s1² + s2²)/2): number of children', () => {
    const d = standardizedDifferenceOfMeans(
      { mean: 2.1428571428571428, sd: 1.0690449676496976 },
      { mean: 1.625, sd: 0.74402380914284494 },
    );
    expect(d).toBeCloseTo(0.56228588238887389, 14);
  });

  it('divides by the pooled SD: age at removal', () => {
    const d = standardizedDifferenceOfMeans(
      { mean: 6.5, sd: 5.2098807225172772 },
      { mean: 6.666666666666667, sd: 4.4158804331639239 },
    );
    expect(d).toBeCloseTo(-0.034512083193232047, 14);
  });

  it('is 0 for equal means and infinite for different constants', () => {
    expect(standardizedDifferenceOfMeans({ mean: 3, sd: 0 }, { mean: 3, sd: 0 })).toBe(0);
    expect(standardizedDifferenceOfMeans({ mean: 4, sd: 0 }, { mean: 3, sd: 0 })).toBe(Infinity);
  });

  it('refuses a negative or missing SD', () => {
    expect(() => standardizedDifferenceOfMeans({ mean: 3, sd: -1 }, { mean: 3, sd: 1 })).toThrow(
      RangeError,
    );
    expect(() =>
      standardizedDifferenceOfMeans({ mean: 3, sd: 1 }, { mean: Number.NaN, sd: 1 }),
    ).toThrow(RangeError);
  });
});

describe('What Works Clearinghouse thresholds', () => {
  it('calls at most 0.05 comparable, up to 0.25 needing adjustment, above not comparable', () => {
    expect(classifyBalance(0)).toBe('comparable');
    expect(classifyBalance(0.05)).toBe('comparable');
    expect(classifyBalance(-0.05)).toBe('comparable');
    expect(classifyBalance(0.0501)).toBe('needs-adjustment');
    expect(classifyBalance(0.25)).toBe('needs-adjustment');
    expect(classifyBalance(-0.25)).toBe('needs-adjustment');
    expect(classifyBalance(0.2501)).toBe('not-comparable');
    expect(classifyBalance(-Infinity)).toBe('not-comparable');
  });

  it('refuses NaN', () => {
    expect(() => classifyBalance(Number.NaN)).toThrow(RangeError);
  });
});

describe('a characteristic with several categories', () => {
  const counties = [
    { category: 'Fresno', linkages: 40, comparison: 70 },
    { category: 'Kern', linkages: 25, comparison: 60 },
    { category: 'Tulare', linkages: 15, comparison: 50 },
  ];

  it('gives one row per category with its shares and standardized difference', () => {
    const rows = categoryBalance(counties);
    expect(rows.map((row) => row.category)).toEqual(['Fresno', 'Kern', 'Tulare']);
    expect(rows[0]!.linkages).toBe(0.5);
    expect(rows[0]!.comparison).toBeCloseTo(0.3888888888888889, 15);
    expect(rows.map((row) => row.standardizedDifference)).toEqual([
      expect.closeTo(0.22501758018520476, 14),
      expect.closeTo(-0.0445656517821586, 14),
      expect.closeTo(-0.21489805092484351, 14),
    ]);
    expect(rows.map((row) => row.balance)).toEqual([
      'needs-adjustment',
      'comparable',
      'needs-adjustment',
    ]);
  });

  it('takes shares of given totals, members with an unknown value included', () => {
    const rows = categoryBalance(counties, { linkages: 100, comparison: 200 });
    expect(rows.map((row) => row.standardizedDifference)).toEqual([
      expect.closeTo(0.10341753799900393, 14),
      expect.closeTo(-0.11215443081840884, 14),
      expect.closeTo(-0.25197631533948484, 14),
    ]);
    expect(rows[2]!.balance).toBe('not-comparable');
  });

  it('refuses a group without members', () => {
    expect(() => categoryBalance([{ category: 'Fresno', linkages: 0, comparison: 3 }])).toThrow(
      RangeError,
    );
  });
});
