import { describe, expect, it } from 'vitest';
import {
  chiSquare1Sf,
  compareProportions,
  normalCdf,
  wilsonInterval,
  Z95,
} from '../../../src/measures/statistics';

describe('Wilson interval', () => {
  it('gives the spec worked values at 95%', () => {
    const a = wilsonInterval(7, 50);
    expect(a.low).toBeCloseTo(0.0695, 4);
    expect(a.high).toBeCloseTo(0.2619, 4);
    const b = wilsonInterval(45, 60);
    expect(b.low).toBeCloseTo(0.6277, 4);
    expect(b.high).toBeCloseTo(0.8422, 4);
  });

  it('starts exactly at 0 for 0/n', () => {
    expect(wilsonInterval(0, 12).low).toBe(0);
    expect(wilsonInterval(0, 12).high).toBeCloseTo(0.2425, 4);
  });

  it('ends exactly at 1 for n/n, mirroring 0/n', () => {
    expect(wilsonInterval(12, 12).high).toBe(1);
    expect(wilsonInterval(12, 12).low).toBeCloseTo(1 - 0.2425, 4);
  });

  it('says nothing is known (0 to 1) for an empty denominator', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('widens with a larger z', () => {
    const narrow = wilsonInterval(7, 50, 1);
    const wide = wilsonInterval(7, 50, Z95);
    expect(narrow.low).toBeGreaterThan(wide.low);
    expect(narrow.high).toBeLessThan(wide.high);
  });

  it('refuses a numerator above the denominator or a negative count', () => {
    expect(() => wilsonInterval(13, 12)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 12)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 12)).toThrow(RangeError);
  });
});

describe('difference of two proportions', () => {
  it('gives the spec worked values for 45/60 minus 30/60', () => {
    const test = compareProportions(45, 60, 30, 60)!;
    expect(test.difference).toBe(0.25);
    expect(test.low).toBeCloseTo(0.0768, 4);
    expect(test.high).toBeCloseTo(0.4035, 4);
    expect(test.z).toBeCloseTo(2.828, 3);
    expect(test.p).toBeCloseTo(0.0047, 4);
  });

  it('mirrors the interval and z when the groups swap', () => {
    const ab = compareProportions(45, 60, 30, 60)!;
    const ba = compareProportions(30, 60, 45, 60)!;
    expect(ba.difference).toBe(-0.25);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
  });

  it('is undefined (null) when either group has no one', () => {
    expect(compareProportions(0, 0, 3, 10)).toBeNull();
    expect(compareProportions(3, 10, 0, 0)).toBeNull();
  });

  it('finds no difference and p = 1 when both groups are all 0 or all 1', () => {
    const none = compareProportions(0, 10, 0, 20)!;
    expect(none).toMatchObject({ difference: 0, z: 0, p: 1 });
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    expect(compareProportions(10, 10, 20, 20)).toMatchObject({ difference: 0, z: 0, p: 1 });
  });

  it('stays finite for 0/n against n/n', () => {
    const test = compareProportions(0, 15, 15, 15)!;
    expect(test.difference).toBe(-1);
    expect(test.low).toBeGreaterThanOrEqual(-1);
    expect(test.high).toBeLessThan(0);
    expect(Number.isFinite(test.z)).toBe(true);
    expect(test.p).toBeLessThan(1e-6);
  });
});

describe('normal and chi-square tails', () => {
  // Reference values from scipy.stats.norm.cdf / chi2.sf.
  it('puts 2.5% beyond 1.959964 on each side', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(Z95)).toBeCloseTo(0.9750000009035577, 14);
    expect(normalCdf(-Z95)).toBeCloseTo(0.024999999096442398, 14);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14);
  });

  it('keeps relative accuracy far in the lower tail', () => {
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(-30) / 4.906713927147908e-198).toBeCloseTo(1, 11);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it('gives p = 0.05 at chi-square 3.841459 with one degree of freedom', () => {
    expect(chiSquare1Sf(3.841459)).toBeCloseTo(0.04999999465319563, 14);
    expect(chiSquare1Sf(2.175)).toBeCloseTo(0.14, 3);
  });

  it('gives p = 1 at or below zero and 0 at infinity', () => {
    expect(chiSquare1Sf(0)).toBe(1);
    expect(chiSquare1Sf(-1)).toBe(1);
    expect(chiSquare1Sf(Infinity)).toBe(0);
  });

  it('refuses NaN rather than passing it on', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
    expect(() => chiSquare1Sf(Number.NaN)).toThrow(RangeError);
  });
});
