/** Groups at baseline: standardized differences and the What Works Clearinghouse thresholds. */

/**
 * What Works Clearinghouse baseline equivalence (Standards Handbook, version 5.0, 2022) on the
 * absolute standardized difference: at most 0.05 comparable; above 0.05 up to 0.25 needs
 * statistical adjustment; above 0.25 not comparable.
 */
export type Balance = 'comparable' | 'needs-adjustment' | 'not-comparable';

export const COMPARABLE_UP_TO = 0.05;
export const ADJUSTABLE_UP_TO = 0.25;

/** The WWC class of a standardized difference (either sign; ±Infinity is not comparable). */
export function classifyBalance(standardizedDifference: number): Balance {
  if (Number.isNaN(standardizedDifference)) throw new RangeError('standardized difference of NaN');
  const size = Math.abs(standardizedDifference);
  if (size <= COMPARABLE_UP_TO) return 'comparable';
  if (size <= ADJUSTABLE_UP_TO) return 'needs-adjustment';
  return 'not-comparable';
}

function checkShare(share: number): void {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`Not a proportion: ${String(share)}`);
}

/**
 * Standardized difference of two proportions (0–1), Linkages minus comparison, in units of the
 * average of the two Bernoulli variances (Austin 2009, Stat Med 28:3083, eq. 2):
 * (p_L − p_C) / √((p_L(1 − p_L) + p_C(1 − p_C)) / 2). Equal shares give 0 (also 0 against 0);
 * 0 against 1, where both variances are 0, gives ±Infinity (not comparable; JSON writes null).
 * Throws a RangeError for a share outside 0–1.
 */
export function standardizedDifferenceOfProportions(linkages: number, comparison: number): number {
  checkShare(linkages);
  checkShare(comparison);
  if (linkages === comparison) return 0;
  const spread = Math.sqrt((linkages * (1 - linkages) + comparison * (1 - comparison)) / 2);
  return (linkages - comparison) / spread;
}

/** A group's mean and sample standard deviation (n − 1 denominator, SQL's `stddev_samp`). */
export interface MeanSummary {
  mean: number;
  sd: number;
}

/**
 * Standardized difference of two means, Linkages minus comparison, in units of the pooled
 * standard deviation √((s_L² + s_C²) / 2) (Austin 2009, Stat Med 28:3083, eq. 1; Cohen's d with
 * the groups weighted equally). Equal means give 0; different means with both SDs 0 give
 * ±Infinity. Throws a RangeError for a non-finite mean or a negative or non-finite SD.
 */
export function standardizedDifferenceOfMeans(
  linkages: MeanSummary,
  comparison: MeanSummary,
): number {
  for (const { mean, sd } of [linkages, comparison]) {
    if (!(Number.isFinite(mean) && Number.isFinite(sd) && sd >= 0)) {
      throw new RangeError(`Not a mean and standard deviation: ${String(mean)}, ${String(sd)}`);
    }
  }
  if (linkages.mean === comparison.mean) return 0;
  const spread = Math.sqrt((linkages.sd ** 2 + comparison.sd ** 2) / 2);
  return (linkages.mean - comparison.mean) / spread;
}

/** Members of each group in one category of a characteristic (a county, a CWS component). */
export interface CategoryCount {
  category: string;
  linkages: number;
  comparison: number;
}

export interface CategoryBalance {
  category: string;
  /** Share of the group's members in the category, 0–1. */
  linkages: number;
  comparison: number;
  standardizedDifference: number;
  balance: Balance;
}

/**
 * A characteristic with several categories, one row per category in the given order: each
 * category read as a yes/no characteristic (in it or not) with its own standardized difference
 * of proportions (Austin 2009, section 3.1 on categorical variables). Shares are of `totals`,
 * by default the sum of the categories' counts (the members with a known value). Throws a
 * RangeError when a group's total is 0 or below a category's count.
 */
export function categoryBalance(
  counts: readonly CategoryCount[],
  totals?: { linkages: number; comparison: number },
): CategoryBalance[] {
  const linkagesTotal = totals?.linkages ?? counts.reduce((sum, count) => sum + count.linkages, 0);
  const comparisonTotal =
    totals?.comparison ?? counts.reduce((sum, count) => sum + count.comparison, 0);
  if (!(linkagesTotal > 0 && comparisonTotal > 0)) {
    throw new RangeError('Each group needs members to compare shares');
  }
  return counts.map(({ category, linkages, comparison }) => {
    const linkagesShare = linkages / linkagesTotal;
    const comparisonShare = comparison / comparisonTotal;
    const standardizedDifference = standardizedDifferenceOfProportions(
      linkagesShare,
      comparisonShare,
    );
    return {
      category,
      linkages: linkagesShare,
      comparison: comparisonShare,
      standardizedDifference,
      balance: classifyBalance(standardizedDifference),
    };
  });
}
