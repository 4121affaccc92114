/** Proportions: Wilson interval, Newcombe difference, pooled z-test; the normal and chi-square tails. */

export const Z95 = 1.959964;

export interface Interval {
  low: number;
  high: number;
}

export interface DifferenceTest {
  difference: number;
  low: number;
  high: number;
  z: number;
  p: number;
}

function checkCount(numerator: number, denominator: number): void {
  if (
    !(denominator >= 0) ||
    !(numerator >= 0) ||
    numerator > denominator ||
    !Number.isFinite(denominator)
  ) {
    throw new RangeError(`Not a proportion: ${String(numerator)}/${String(denominator)}`);
  }
}

/** With a denominator of 0 nothing is known: the interval is [0, 1]. */
export function wilsonInterval(numerator: number, denominator: number, z: number = Z95): Interval {
  checkCount(numerator, denominator);
  if (denominator === 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const center = (numerator + z2 / 2) / (denominator + z2);
  const half =
    (z / (denominator + z2)) *
    Math.sqrt((numerator * (denominator - numerator)) / denominator + z2 / 4);
  return {
    low: numerator === 0 ? 0 : Math.max(0, center - half),
    high: numerator === denominator ? 1 : Math.min(1, center + half),
  };
}

/** a minus b: Newcombe hybrid score interval (method 10) + pooled two-proportion z-test, two-sided p. */
export function compareProportions(
  xA: number,
  nA: number,
  xB: number,
  nB: number,
): DifferenceTest | null {
  checkCount(xA, nA);
  checkCount(xB, nB);
  if (nA === 0 || nB === 0) return null;
  const pA = xA / nA;
  const pB = xB / nB;
  const a = wilsonInterval(xA, nA);
  const b = wilsonInterval(xB, nB);
  const difference = pA - pB;
  const low = difference - Math.hypot(pA - a.low, b.high - pB);
  const high = difference + Math.hypot(a.high - pA, pB - b.low);

  const pooled = (xA + xB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  // Both groups all 0 or all 1: no difference and no evidence of one.
  const z = se > 0 ? difference / se : 0;
  return { difference, low, high, z, p: erfc(Math.abs(z) / Math.SQRT2) };
}

export function normalCdf(x: number): number {
  return erfc(-x / Math.SQRT2) / 2;
}

/** Survival function of chi-square with 1 degree of freedom: P(X > x) = erfc(sqrt(x / 2)). */
export function chiSquare1Sf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('chi-square of NaN');
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Complementary error function to about 1e-15 relative error: below 2.5 from the series
 * erf(x) = 2/√π·e^(−x²)·Σ (2x²)^k·x / (1·3·…·(2k+1)) (all terms positive), above it from the
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
 */
function erfc(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('erfc of NaN');
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; term > sum * 1e-17; k++) {
      term *= (2 * x2) / (2 * k + 1);
      sum += term;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0; // e^(−x²) underflows
  // Modified Lentz evaluation of x + a1/(x + a2/(x + …)) with a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
