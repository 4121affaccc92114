import type { Group } from '../dataset/schema';
import type { MeasureDefinition, MeasureResult, MeasureRow } from '../measures/types';
import { countsByCohort, mediansByCohort, ratesByCohort, type CohortPoint } from './chart-data';
import { isCohortComplete } from './cohorts';

/** What an overview card says about one measure: the latest complete cohort, side by side. */
export interface MeasureSummary {
  cohort: string | null;
  value: Record<Group, { text: 'count' | 'rate' | 'days'; value: number | null; masked: boolean; unstable: boolean }>;
  difference: { value: number; low: number; high: number; p: number | null } | null;
  /** The difference's interval excludes zero. */
  significant: boolean;
  /** Linkages ahead in the measure's better direction (only meaningful when significant). */
  linkagesAhead: boolean | null;
  trend: CohortPoint[];
  /** Cohorts still inside their window, reported as such, never as failures. */
  incompleteCohorts: string[];
}

function rowValue(row: MeasureRow | undefined): number | null {
  if (!row) return null;
  if ('count' in row) return row.count;
  if ('rate' in row) return row.rate;
  return row.medianDays;
}

export function summarizeMeasure(
  measure: MeasureDefinition,
  result: MeasureResult,
  dataThrough: string,
): MeasureSummary {
  const rows: readonly MeasureRow[] = result.rows;
  const cohorts = [...new Set(rows.map((r) => r.cohort ?? ''))].sort();
  const complete = cohorts.filter((c) => c !== '' && isCohortComplete(measure, c, dataThrough));
  const incompleteCohorts = cohorts.filter((c) => !complete.includes(c));
  const find = (cohort: string | null, group: Group) =>
    rows.find((r) => (r.cohort ?? null) === cohort && r.group === group);
  const cohort = [...complete].reverse().find((c) => find(c, 'linkages') && find(c, 'comparison')) ?? null;
  const kind = measure.kind === 'count' ? 'count' : measure.kind === 'proportion' ? 'rate' : 'days';
  const cell = (group: Group) => {
    const row = find(cohort, group);
    const value = rowValue(row);
    return {
      text: kind,
      value,
      masked: !!row && row.suppressed && value === null,
      unstable: !!row && 'unstable' in row && row.unstable,
    } as const;
  };
  let difference: MeasureSummary['difference'] = null;
  if (result.kind === 'proportion') {
    const c = result.comparisons.find((x) => (x.cohort ?? null) === cohort);
    if (c && c.difference !== null && c.ciLow !== null && c.ciHigh !== null) {
      difference = { value: c.difference, low: c.ciLow, high: c.ciHigh, p: c.p };
    }
  }
  const significant = !!difference && (difference.low > 0 || difference.high < 0);
  const better = measure.direction === 'lower' ? -1 : 1;
  const linkagesAhead = difference ? Math.sign(difference.value) * better > 0 : null;
  const trend =
    result.kind === 'count'
      ? countsByCohort(result.rows)
      : result.kind === 'proportion'
        ? ratesByCohort(result.rows.filter((r) => complete.includes(r.cohort ?? '')))
        : mediansByCohort(result.rows);
  return {
    cohort,
    value: { linkages: cell('linkages'), comparison: cell('comparison') },
    difference,
    significant,
    linkagesAhead,
    trend,
    incompleteCohorts,
  };
}
