import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { DEFAULT_PERIOD } from '../measures/cohorts';
import { headlineScope } from '../measures/headline';
import { runMeasure } from '../measures/run-measure';
import { measuresShown } from '../measures/catalog';
import {
  familyCountShown,
  familyMembers,
  runFamilySuppressed,
  runSuppressed,
} from '../measures/run-protected';
import type {
  ByKey,
  MeasureDefinition,
  MeasureFilters,
  MeasureRequest,
  MeasureResult,
  Period,
} from '../measures/types';
import type { LoadedExtract } from './extract';
import { extractContentsQuery } from './extract-contents';

/** What the evaluator is looking at: view settings only, never data (these go in the URL). */
export interface ViewSettings {
  period: Period;
  filters: MeasureFilters;
  /** Off only in the internal view, which is labeled "internal — not for publication". */
  suppress: boolean;
}

export const DEFAULT_VIEW: ViewSettings = { period: DEFAULT_PERIOD, filters: {}, suppress: true };

/**
 * A measure's result in a view (suppressed unless `view.suppress` is off). A measure of a family
 * (same people, suppressed together: runSuppressed) shares one query per extract, family,
 * breakdown and view with the other members: it runs each available member of the family once
 * and suppresses each with the others, and each member's query selects its own result, so a page
 * showing the whole family runs each member's statement once per view, not once per member.
 */
export function measureQuery(
  db: DbClient,
  extract: LoadedExtract,
  measure: MeasureDefinition,
  by: ByKey[],
  view: ViewSettings,
) {
  const dataThrough = extract.report.dataThrough ?? '';
  const request: MeasureRequest = { by, period: view.period, filters: view.filters, dataThrough };
  const family = view.suppress ? measure.family : undefined;
  // The engine is one per page and extract.id names its data (and D), so neither is in the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey:
      family === undefined
        ? ['measure', extract.id, measure.id, by, view.period, view.filters, view.suppress]
        : ['measure-family', extract.id, family, by, view.period, view.filters],
    queryFn: async ({ signal, client }): Promise<readonly MeasureResult[]> => {
      if (family === undefined) {
        return [
          view.suppress
            ? await runSuppressed(db, measure, request, signal, extract.members, [])
            : await runMeasure(db, measure, request, signal, extract.members),
        ];
      }
      // The extract's measures, read once per extract (the pages ask for them first).
      const contents = await client.query({
        ...extractContentsQuery(db, extract),
        staleTime: 'static',
      });
      const members = familyMembers(family, measuresShown(contents));
      return runFamilySuppressed(db, members, request, signal, extract.members);
    },
    select: resultOf(measure.id),
    staleTime: Infinity,
    enabled: dataThrough !== '',
  });
}

const pickers = new Map<string, (results: readonly MeasureResult[]) => MeasureResult>();

/**
 * The measure's own result among a query's results: one function per measure, so that React
 * Query runs it only when the results change.
 */
function resultOf(measureId: string): (results: readonly MeasureResult[]) => MeasureResult {
  let pick = pickers.get(measureId);
  if (!pick) {
    pick = (results) => {
      const result = results.find((r) => r.measureId === measureId);
      if (!result) throw new Error(`${measureId} is not available in this extract`);
      return result;
    };
    pickers.set(measureId, pick);
  }
  return pick;
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
