/** Student's t distribution: the two-sided tail and the quantile, for intervals on few clusters. */

/**
 * ln Γ(x) for x > 0: Stirling's series to the x^−13 term, after shifting x to at least 15 by
 * Γ(x) = Γ(x + n) / (x(x + 1)…(x + n − 1)); the first omitted term is below 1e-19.
 */
function logGamma(x: number): number {
  let shift = 0;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
    shift++;
  }
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series =
    inverse *
    (1 / 12 +
      inverse2 *
        (-1 / 360 +
          inverse2 *
            (1 / 1260 +
              inverse2 *
                (-1 / 1680 +
                  inverse2 * (1 / 1188 + inverse2 * (-691 / 360360 + inverse2 / 156))))));
  const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/**
 * Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz), taken on the
 * side of the mean where it converges fast: I_x(a, b) = 1 − I_{1−x}(b, a).
 */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let f = d;
  for (let m = 1; m < 10_000; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + numerator / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-16) break;
  }
  return (front * f) / a;
}

function checkDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`Degrees of freedom must be positive and finite: ${String(df)}`);
  }
}

/**
 * P(T > t) for T ~ Student t on `df` degrees of freedom (df > 0, not necessarily whole), from
 * P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2). Matches R's `pt(t, df, lower.tail = FALSE)` to about
 * 1e-14. Throws a RangeError for NaN or df <= 0.
 */
export function studentTSf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) throw new RangeError('t of NaN');
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const twoSided = incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? twoSided / 2 : 1 - twoSided / 2;
}

/** Density of Student's t on `df` degrees of freedom at t. */
function studentTDensity(t: number, df: number): number {
  return Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/**
 * The quantile q with P(T <= q) = p, T ~ Student t on `df` degrees of freedom: R's `qt(p, df)`.
 * Exact formulas for df 1 and 2; otherwise Newton's method on the upper tail, kept inside a
 * bracket, to about 1e-13 relative. p must lie strictly between 0 and 1 (RangeError otherwise).
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1))
    throw new RangeError(`Not a probability strictly inside (0, 1): ${String(p)}`);
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  const sign = p > 0.5 ? 1 : -1;
  if (df === 1) return sign * Math.tan(Math.PI * (0.5 - tail));
  if (df === 2) return (sign * (1 - 2 * tail)) / Math.sqrt(2 * tail * (1 - tail));
  // Bracket [low, high] on t > 0 with studentTSf(low) > tail >= studentTSf(high).
  let low = 0;
  let high = 1;
  while (studentTSf(high, df) > tail) {
    low = high;
    high *= 2;
  }
  let t = (low + high) / 2;
  for (let i = 0; i < 200; i++) {
    const excess = studentTSf(t, df) - tail;
    if (excess > 0) low = t;
    else high = t;
    let next = t + excess / studentTDensity(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * next) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}
