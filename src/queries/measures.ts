import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { runMeasure } from '../measures/run-measure';
import { suppressResult } from '../measures/suppression';
import type { ByKey, MeasureDefinition, MeasureFilters, Period } from '../measures/types';
import type { LoadedExtract } from './extract';

/** What the evaluator is looking at: view settings only, never data (these go in the URL). */
export interface ViewSettings {
  period: Period;
  filters: MeasureFilters;
  /** Off only in the internal view, which is labeled "internal — not for publication". */
  suppress: boolean;
}

export const DEFAULT_VIEW: ViewSettings = { period: 'quarter', filters: {}, suppress: true };

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
    queryFn: async ({ signal }) => {
      const result = await runMeasure(
        db,
        measure,
        { by, period: view.period, filters: view.filters, dataThrough },
        signal,
        extract.members,
      );
      return view.suppress ? suppressResult(result) : result;
    },
    staleTime: Infinity,
    enabled: dataThrough !== '',
  });
}
