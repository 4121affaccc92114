import { cohortRange, latestCompleteCohort, relabelCohort } from './cohorts';
import type { MeasureDefinition, MeasureFilters, Period } from './types';

/** What a measure's headline pools in a view, and the cohort its secondary line shows. */
export interface HeadlineScope {
  /** The view's filters, the cohort range ending at the view's latest complete cohort. */
  filters: MeasureFilters;
  /** That cohort (of the view's period); null when no cohort in the view is complete. */
  latestCohort: string | null;
}

/**
 * One headline per measure everywhere (card, measure page, slide, sentence): pooled over the
 * view's complete cohorts, those whose every member has been followed for the full window by D
 * (isCohortComplete). The same request serves them all, so they show the same number.
 */
export function headlineScope(
  measure: MeasureDefinition,
  period: Period,
  filters: MeasureFilters,
  dataThrough: string,
): HeadlineScope {
  const latest = latestCompleteCohort(measure, period, dataThrough);
  const to =
    filters.cohortTo !== undefined && cohortRange(filters.cohortTo).end <= cohortRange(latest).end
      ? filters.cohortTo
      : latest;
  const empty =
    filters.cohortFrom !== undefined &&
    cohortRange(filters.cohortFrom).start >= cohortRange(to).end;
  return {
    filters: { ...filters, cohortTo: to },
    latestCohort: empty ? null : relabelCohort(to, period, 'to'),
  };
}
