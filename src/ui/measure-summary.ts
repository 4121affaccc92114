import type { Group } from '../dataset/schema';
import type { MeasureDefinition, MeasureResult, MeasureRow } from '../measures/types';
import { countsByCohort, mediansByCohort, ratesByCohort, type CohortPoint } from './chart-data';
import { isCohortComplete } from '../measures/cohorts';

/** What an overview card says about one measure: the latest complete cohort, side by side. */
export interface MeasureSummary {
  /** The cohort headlined, or null when all cohorts are pooled (time to event). */
  cohort: string | null;
  /** All cohorts pooled: what time-to-event cards headline (a recent quarter rarely reaches a median). */
  pooled: boolean;
  value: Record<Group, { text: 'count' | 'rate' | 'days'; value: number | null; masked: boolean; unstable: boolean }>;
  difference: { value: number; low: number; high: number; p: number | null } | null;
  /** Log-rank test of the pooled curves (time to event). */
  logRank: { chiSquare: number; p: number } | null;
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

/** Days are shown for time to event: is a shorter time the better outcome? */
export function shorterIsBetter(measure: MeasureDefinition): boolean {
  if (measure.kind === 'time-to-event') return measure.direction === 'lower';
  if (measure.kind === 'competing-time-to-event') return measure.direction === 'higher';
  return false;
}

/**
 * `result` is broken down by cohort (the trend); `pooled`, with no breakdown, is what a
 * time-to-event card headlines.
 */
export function summarizeMeasure(
  measure: MeasureDefinition,
  result: MeasureResult,
  dataThrough: string,
  pooled?: MeasureResult,
): MeasureSummary {
  const timeToEvent = measure.kind === 'time-to-event' || measure.kind === 'competing-time-to-event';
  const headline: MeasureResult = timeToEvent && pooled ? pooled : result;
  const rows: readonly MeasureRow[] = headline.rows;
  const cohorts = [...new Set(rows.map((r) => r.cohort ?? ''))].sort();
  const complete = cohorts.filter((c) => c !== '' && isCohortComplete(measure, c, dataThrough));
  const incompleteCohorts = cohorts.filter((c) => !complete.includes(c));
  const find = (cohort: string | null, group: Group) =>
    rows.find((r) => (r.cohort ?? null) === cohort && r.group === group);
  const cohort =
    headline === pooled
      ? null
      : ([...complete].reverse().find((c) => find(c, 'linkages') && find(c, 'comparison')) ?? null);
  const kind = measure.kind === 'count' ? 'count' : measure.kind === 'proportion' ? 'rate' : 'days';
  const cell = (group: Group) => {
    const row = find(cohort, group);
    const value = rowValue(row);
    const masked = !!row && row.suppressed && value === null;
    return {
      text: kind,
      value,
      masked,
      unstable: !masked && !!row && 'unstable' in row && row.unstable,
    } as const;
  };
  let difference: MeasureSummary['difference'] = null;
  if (result.kind === 'proportion') {
    const c = result.comparisons.find((x) => (x.cohort ?? null) === cohort);
    if (c && c.difference !== null && c.ciLow !== null && c.ciHigh !== null) {
      difference = { value: c.difference, low: c.ciLow, high: c.ciHigh, p: c.p };
    }
  }
  let logRank: MeasureSummary['logRank'] = null;
  let significant = !!difference && (difference.low > 0 || difference.high < 0);
  const better = measure.direction === 'lower' ? -1 : 1;
  let linkagesAhead = difference ? Math.sign(difference.value) * better > 0 : null;
  if (headline.kind === 'time-to-event' || headline.kind === 'competing-time-to-event') {
    const test = headline.comparisons.find((x) => (x.cohort ?? null) === cohort);
    logRank = test && test.chiSquare !== null && test.p !== null ? { chiSquare: test.chiSquare, p: test.p } : null;
    significant = !!logRank && logRank.p < 0.05;
    const a = rowValue(find(cohort, 'linkages'));
    const b = rowValue(find(cohort, 'comparison'));
    // A median not reached is longer than any median reached.
    const sooner = a !== null && (b === null || a < b) ? true : b !== null && (a === null || b < a) ? false : null;
    linkagesAhead = sooner === null ? null : sooner === shorterIsBetter(measure);
  }
  const trend =
    result.kind === 'count'
      ? countsByCohort(result.rows)
      : result.kind === 'proportion'
        ? ratesByCohort(result.rows.filter((r) => complete.includes(r.cohort ?? '')))
        : mediansByCohort(result.rows);
  return {
    cohort,
    value: { linkages: cell('linkages'), comparison: cell('comparison') },
    pooled: headline === pooled,
    difference,
    logRank,
    significant,
    linkagesAhead,
    trend,
    incompleteCohorts,
  };
}
