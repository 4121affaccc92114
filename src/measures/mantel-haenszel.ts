/** Linkages minus comparison adjusted for county: the Mantel–Haenszel risk difference over strata. */
import type { UnitCount } from './cluster-robust';
import { normalCdf, Z95 } from './statistics';

export interface GroupCount {
  members: number;
  events: number;
}

/** One stratum (a county): members and events of each group. */
export interface StratumCount {
  stratum: string;
  linkages: GroupCount;
  comparison: GroupCount;
}

export interface StratifiedDifference {
  /** Mantel–Haenszel risk difference, Linkages minus comparison (proportions 0–1). */
  difference: number;
  /** Square root of the Sato variance. */
  standardError: number;
  /** Normal 95% interval: difference ± 1.959964 · standardError. */
  low: number;
  high: number;
  z: number;
  /** Two-sided, from the normal distribution. */
  p: number;
  /** Strata with members in both groups; the others contribute nothing. */
  strata: number;
}

function checkCount({ members, events }: GroupCount, stratum: string): void {
  if (!(Number.isFinite(members) && events >= 0 && events <= members)) {
    throw new RangeError(
      `Not a count of members and events in stratum ${stratum}: ${String(events)}/${String(members)}`,
    );
  }
}

/**
 * Mantel–Haenszel risk difference across strata, Σ (a·n0 − c·n1)/N ÷ Σ n1·n0/N (Greenland &
 * Robins 1985, Biometrics 41:55), with Sato's variance, consistent both with many small strata
 * and with a few large ones (Sato 1989, Biometrics 45:1323):
 * Var = (RD·Σ P + Σ Q) / (Σ n1·n0/N)², P = (n1²·c − n0²·a + n1·n0·(n0 − n1)/2)/N²,
 * Q = (a·(n0 − c) + c·(n1 − a))/(2N), where a of n1 are Linkages members with the event and c of
 * n0 comparison ones. Matches `epiR::epi.2by2(method = "cohort.count")$massoc.detail$ARisk.mh.sato`
 * (which uses qnorm(0.975) rather than 1.959964 for the interval).
 *
 * A stratum where either group has no members contributes nothing. Returns null when no stratum
 * has members in both groups. Throws a RangeError for events above members or a negative count.
 * When each stratum's members are all 0 or all 1 alike, the difference and standard error are 0
 * (z 0, p 1) and the interval is the point 0.
 */
export function mantelHaenszelDifference(
  strata: readonly StratumCount[],
): StratifiedDifference | null {
  let weights = 0;
  let numerator = 0;
  let sumP = 0;
  let sumQ = 0;
  let contributing = 0;
  for (const { stratum, linkages, comparison } of strata) {
    checkCount(linkages, stratum);
    checkCount(comparison, stratum);
    const n1 = linkages.members;
    const n0 = comparison.members;
    if (n1 === 0 || n0 === 0) continue;
    const a = linkages.events;
    const c = comparison.events;
    const N = n1 + n0;
    contributing++;
    weights += (n1 * n0) / N;
    numerator += (a * n0 - c * n1) / N;
    sumP += (n1 * n1 * c - n0 * n0 * a + (n1 * n0 * (n0 - n1)) / 2) / (N * N);
    sumQ += (a * (n0 - c) + c * (n1 - a)) / (2 * N);
  }
  if (contributing === 0) return null;
  const difference = numerator / weights;
  const standardError = Math.sqrt(Math.max(0, difference * sumP + sumQ)) / weights;
  // Var is 0 only when every stratum's groups are all 0 or all 1 alike: difference 0, no evidence.
  const z = standardError > 0 ? difference / standardError : 0;
  return {
    difference,
    standardError,
    low: difference - Z95 * standardError,
    high: difference + Z95 * standardError,
    z,
    p: 2 * normalCdf(-Math.abs(z)),
    strata: contributing,
  };
}

/** Counts per unit (or per cell) summed into one stratum per county, in first-seen order. */
export function strataByCounty(counts: readonly UnitCount[]): StratumCount[] {
  const strata = new Map<string, StratumCount>();
  for (const { county, group, members, events } of counts) {
    const stratum = strata.get(county) ?? {
      stratum: county,
      linkages: { members: 0, events: 0 },
      comparison: { members: 0, events: 0 },
    };
    stratum[group].members += members;
    stratum[group].events += events;
    strata.set(county, stratum);
  }
  return [...strata.values()];
}
