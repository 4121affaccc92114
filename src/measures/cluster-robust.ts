/** Linkages minus comparison with a cluster-robust interval: group is assigned by unit, not by family. */
import type { Group } from '../dataset/schema';
import { studentTQuantile, studentTSf } from './student-t';

/** Members and events of a unit, or of part of one (rows of the same county and unit are summed). */
export interface UnitCount {
  county: string;
  /** A unit id is unique only within its county: units are keyed by county and id together. */
  unitId: string;
  group: Group;
  members: number;
  events: number;
}

export interface GroupUnits {
  /** Units with at least one member in the view. */
  units: number;
  members: number;
  events: number;
}

/** On the scale of the difference (proportions 0–1); low and high bound the 95% interval. */
export interface ClusterRobustInterval {
  standardError: number;
  low: number;
  high: number;
  t: number;
  /** Two-sided, from Student's t on `df`. */
  p: number;
}

/** Why there is no cluster-robust interval although both groups have members. */
export type NoClusterRobustInterval = 'one-unit-in-a-group' | 'no-variation-between-units';

interface ClusterRobustBase {
  /** Linkages share minus comparison share (proportions 0–1). */
  difference: number;
  linkages: GroupUnits;
  comparison: GroupUnits;
  /** G − 1, G = distinct units in the view. */
  df: number;
  /** Either group has fewer than FEW_UNITS units: the comparison rests on few units. */
  fewUnits: boolean;
}

export type ClusterRobustDifference = ClusterRobustBase &
  (
    | { interval: ClusterRobustInterval; noInterval: null }
    | { interval: null; noInterval: NoClusterRobustInterval }
  );

/** Below this many units in either group, a card says the comparison rests on few units. */
export const FEW_UNITS = 5;

function checkUnitCount({ members, events, county, unitId }: UnitCount): void {
  if (!(
    Number.isInteger(members) &&
    Number.isInteger(events) &&
    events >= 0 &&
    events <= members
  )) {
    throw new RangeError(
      `Not a count of members and events for unit ${county}/${unitId}: ${String(events)}/${String(members)}`,
    );
  }
}

/** Units with members in the view, and their members and events, per group. */
export function countUnits(counts: readonly UnitCount[]): Record<Group, GroupUnits> {
  const units = { linkages: new Set<string>(), comparison: new Set<string>() };
  const totals: Record<Group, GroupUnits> = {
    linkages: { units: 0, members: 0, events: 0 },
    comparison: { units: 0, members: 0, events: 0 },
  };
  for (const count of counts) {
    checkUnitCount(count);
    if (count.members === 0) continue;
    units[count.group].add(JSON.stringify([count.county, count.unitId]));
    totals[count.group].members += count.members;
    totals[count.group].events += count.events;
  }
  totals.linkages.units = units.linkages.size;
  totals.comparison.units = units.comparison.size;
  return totals;
}

/**
 * Linkages minus comparison share with the cluster-robust (CR1) 95% interval of the linear
 * probability model `y ~ group` fitted to one row per member, clustered by unit: what R's
 * `sandwich::vcovCL(lm(y ~ group), cluster = ~unit, type = "HC1")` (default `cadjust = TRUE`)
 * and Stata's `regress y group, vce(cluster unit)` give, with the t critical value on G − 1
 * degrees of freedom (G = units in the view), as Stata does. The interval is not clipped to
 * [−1, 1], as in R.
 *
 * Computed from counts per unit, which are sufficient: the coefficient is p_L − p_C and each
 * unit's score for it is E_L/N_L − E_C/N_C, where E is the unit's events minus its members times
 * its group's share; Var = G/(G−1) · (N−1)/(N−2) · Σ score² (Liang & Zeger 1986; Cameron & Miller
 * 2015, J Hum Resour 50:317). A unit with members in both groups is handled by the same sum.
 *
 * Returns null when either group has no members. Without an interval (`interval: null`):
 * `one-unit-in-a-group` when either group has a single unit, whose residuals sum to zero so that
 * vcovCL would give its share no variance at all; `no-variation-between-units` when the standard
 * error is exactly 0 (every unit's share equals its group's, e.g. no events anywhere), where a
 * zero-width interval would claim certainty. Throws a RangeError for events above members or
 * non-whole counts.
 */
export function clusterRobustDifference(
  counts: readonly UnitCount[],
): ClusterRobustDifference | null {
  const groups = countUnits(counts);
  const { linkages, comparison } = groups;
  if (linkages.members === 0 || comparison.members === 0) return null;

  const byUnit = new Map<string, Record<Group, { members: number; events: number }>>();
  for (const count of counts) {
    if (count.members === 0) continue;
    const key = JSON.stringify([count.county, count.unitId]);
    const unit = byUnit.get(key) ?? {
      linkages: { members: 0, events: 0 },
      comparison: { members: 0, events: 0 },
    };
    unit[count.group].members += count.members;
    unit[count.group].events += count.events;
    byUnit.set(key, unit);
  }

  const G = byUnit.size;
  const N = linkages.members + comparison.members;
  const difference = linkages.events / linkages.members - comparison.events / comparison.members;
  const base: ClusterRobustBase = {
    difference,
    linkages,
    comparison,
    df: G - 1,
    fewUnits: linkages.units < FEW_UNITS || comparison.units < FEW_UNITS,
  };
  if (linkages.units < 2 || comparison.units < 2) {
    return { ...base, interval: null, noInterval: 'one-unit-in-a-group' };
  }

  // E·N_group = events·N_group − members·events_group is a whole number: zero is found exactly.
  let meat = 0;
  for (const unit of byUnit.values()) {
    const residualL =
      unit.linkages.events * linkages.members - unit.linkages.members * linkages.events;
    const residualC =
      unit.comparison.events * comparison.members - unit.comparison.members * comparison.events;
    if (residualL === 0 && residualC === 0) continue;
    const score =
      residualL / (linkages.members * linkages.members) -
      residualC / (comparison.members * comparison.members);
    meat += score * score;
  }
  if (meat === 0) return { ...base, interval: null, noInterval: 'no-variation-between-units' };

  const standardError = Math.sqrt((((G / (G - 1)) * (N - 1)) / (N - 2)) * meat);
  const critical = studentTQuantile(0.975, G - 1);
  const t = difference / standardError;
  return {
    ...base,
    interval: {
      standardError,
      low: difference - critical * standardError,
      high: difference + critical * standardError,
      t,
      p: Math.min(1, 2 * studentTSf(Math.abs(t), G - 1)),
    },
    noInterval: null,
  };
}
