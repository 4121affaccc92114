import type { Group } from '../dataset/schema';
import type { CountRow, IncidenceRow, ProportionRow, SurvivalRow } from '../measures/types';

/** One point per cohort with both groups side by side; null = masked or absent, never zero. */
export interface CohortPoint {
  cohort: string;
  linkages: number | null;
  comparison: number | null;
  linkagesMasked: boolean;
  comparisonMasked: boolean;
}

function byCohort<R extends { cohort?: string; group: Group; suppressed: boolean }>(
  rows: readonly R[],
  value: (row: R) => number | null,
): CohortPoint[] {
  const points = new Map<string, CohortPoint>();
  for (const row of rows) {
    const cohort = row.cohort ?? 'All';
    const point = points.get(cohort) ?? {
      cohort,
      linkages: null,
      comparison: null,
      linkagesMasked: false,
      comparisonMasked: false,
    };
    point[row.group] = value(row);
    point[row.group === 'linkages' ? 'linkagesMasked' : 'comparisonMasked'] =
      row.suppressed && value(row) === null;
    points.set(cohort, point);
  }
  return [...points.values()].sort((a, b) => a.cohort.localeCompare(b.cohort));
}

export const countsByCohort = (rows: readonly CountRow[]) => byCohort(rows, (r) => r.count);
export const ratesByCohort = (rows: readonly ProportionRow[]) => byCohort(rows, (r) => r.rate);
export const mediansByCohort = (rows: readonly (SurvivalRow | IncidenceRow)[]) => byCohort(rows, (r) => r.medianDays);
