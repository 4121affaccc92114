import type { DifferenceComparison, LogRankComparison } from '../../../src/measures/types';

/** Units enough not to rest on few: 12 per group. */
export const MANY_UNITS = { units: { linkages: 12, comparison: 12 }, fewUnits: false } as const;

type UnitFields = Omit<
  DifferenceComparison,
  'county' | 'cohort' | 'difference' | 'ciLow' | 'ciHigh' | 'z' | 'p' | 'suppressed'
>;

/**
 * What a hand-written difference comparison adds to its Newcombe test, for tests of what reads
 * comparisons: 12 units per group whose cluster-robust interval is the one given (by default the
 * Newcombe one), no county strata. The computed fields have their worked example in
 * comparison-units.test.ts.
 */
export function unitFields(interval: {
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
}): UnitFields {
  return {
    ...MANY_UNITS,
    clusterCiLow: interval.ciLow,
    clusterCiHigh: interval.ciHigh,
    clusterP: interval.p,
    clusterDf: interval.ciLow === null ? null : 23,
    clusterNoInterval: null,
    mhDifference: null,
    mhCiLow: null,
    mhCiHigh: null,
    mhP: null,
    mhStrata: null,
  };
}

/** A hand-written log-rank comparison's units (12 per group), over all follow-up (no curve cut). */
export function logRankFields(): Pick<LogRankComparison, 'units' | 'fewUnits' | 'throughDays'> {
  return { ...MANY_UNITS, throughDays: null };
}
