import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { DEFAULT_PERIOD } from '../measures/cohorts';
import { headlineScope } from '../measures/headline';
import { runMeasure } from '../measures/run-measure';
import { familyCountShown, runSuppressed } from '../measures/run-protected';
import type { ByKey, MeasureDefinition, MeasureFilters, Period } from '../measures/types';
import type { LoadedExtract } from './extract';

/** What the evaluator is looking at: view settings only, never data (these go in the URL). */
export interface ViewSettings {
  period: Period;
  filters: MeasureFilters;
  /** Off only in the internal view, which is labeled "internal — not for publication". */
  suppress: boolean;
}

export const DEFAULT_VIEW: ViewSettings = { period: DEFAULT_PERIOD, filters: {}, suppress: true };

export function measureQuery(
  db: DbClient,
  extract: LoadedExtract,
  measure: MeasureDefinition,
  by: ByKey[],
  view: ViewSettings,
) {
  const dataThrough = extract.report.dataThrough ?? '';
  // The engine is one per page and extract.id names its data (and D), so neither is in the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['measure', extract.id, measure.id, by, view.period, view.filters, view.suppress],
    queryFn: ({ signal }) => {
      const request = { by, period: view.period, filters: view.filters, dataThrough };
      return view.suppress
        ? runSuppressed(db, measure, request, signal, extract.members)
        : runMeasure(db, measure, request, signal, extract.members);
    },
    staleTime: Infinity,
    enabled: dataThrough !== '',
  });
}

/**
 * A measure's headline in a view: pooled over the view's complete cohorts (headlineScope). Card,
 * measure page and slides ask for this same query, so they show the same number.
 */
export function headlineQuery(
  db: DbClient,
  extract: LoadedExtract,
  measure: MeasureDefinition,
  view: ViewSettings,
) {
  const dataThrough = extract.report.dataThrough ?? '';
  // Without D the measure queries wait (enabled), and no cohort is complete.
  const scope =
    dataThrough === ''
      ? { filters: view.filters, latestCohort: null }
      : headlineScope(measure, view.period, view.filters, dataThrough);
  return {
    latestCohort: scope.latestCohort,
    /** The view's filters ending at its latest complete cohort: what the headline pools. */
    filters: scope.filters,
    options: measureQuery(db, extract, measure, [], { ...view, filters: scope.filters }),
  };
}

/**
 * Whether the banner may show the number of families loaded (familyCountShown); always in the
 * internal view.
 */
export function familyCountQuery(db: DbClient, extract: LoadedExtract, suppress: boolean) {
  const dataThrough = extract.report.dataThrough ?? '';
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['family-count-shown', extract.id, suppress],
    queryFn: ({ signal }) =>
      suppress ? familyCountShown(db, dataThrough, signal, extract.members) : Promise.resolve(true),
    staleTime: Infinity,
    enabled: dataThrough !== '',
  });
}
