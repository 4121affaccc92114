import { describe, expect, it } from 'vitest';
import { studentTQuantile, studentTSf } from '../../../src/measures/student-t';

// Expected values: R 4.x qt() and pt(lower.tail = FALSE), printed by test/reference/cluster-robust.R.
const quantiles: [df: number, upper: number, lower: number][] = [
  [1, 12.706204736174694, -63.656741162871583],
  [2, 4.3026527297494619, -9.9248432009182928],
  [3, 3.1824463052837078, -5.8409093097333562],
  [4, 2.7764451051977934, -4.6040948713499938],
  [6, 2.4469118511449688, -3.7074280213247794],
  [10, 2.2281388519862739, -3.1692726726169504],
  [17, 2.1098155778333165, -2.8982305196774183],
  [30, 2.0422724563012378, -2.7499956535672259],
  [100, 1.9839715185235516, -2.6258905214380182],
  [2.5, 3.5746548420036919, -7.1637281389488061],
];

describe('Student t quantile', () => {
  it.each(quantiles)(
    'matches R qt(0.975) and qt(0.005) on %s degrees of freedom',
    (df, upper, lower) => {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(upper, 11);
      expect(studentTQuantile(0.005, df)).toBeCloseTo(lower, 11);
    },
  );

  it('is 0 at the median and antisymmetric', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 13);
  });

  it('refuses a probability of 0 or 1 and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 5)).toThrow(RangeError);
  });
});

describe('Student t upper tail', () => {
  it.each([
    [2.2, 3, 0.057585975988235352],
    [0.4, 6, 0.35150411575188389],
    [-1.3, 17, 0.89452409305623648],
    [12, 1, 0.026464676059589871],
    [5, 10, 0.00026866680137822624],
  ])('matches R pt(%s, %s, lower.tail = FALSE)', (t, df, expected) => {
    expect(studentTSf(t, df)).toBeCloseTo(expected, 13);
  });

  it('keeps relative accuracy far in the tail', () => {
    expect(studentTSf(40, 30) / 6.8630225972031808e-28).toBeCloseTo(1, 11);
  });

  it('is one half at 0, 0 at infinity and 1 at minus infinity', () => {
    expect(studentTSf(0, 4)).toBe(0.5);
    expect(studentTSf(Infinity, 4)).toBe(0);
    expect(studentTSf(-Infinity, 4)).toBe(1);
  });

  it('inverts the quantile', () => {
    for (const df of [3, 9, 40]) {
      expect(studentTSf(studentTQuantile(0.9, df), df)).toBeCloseTo(0.1, 14);
    }
  });
});
