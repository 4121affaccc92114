import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { runBaseline, suppressBaseline, unsuppressedBaseline } from '../measures/baseline';
import type { LoadedExtract } from './extract';
import type { ViewSettings } from './measures';

/** The groups-at-baseline view of the filters, suppressed unless the view says otherwise. */
export function baselineQuery(db: DbClient, extract: LoadedExtract, view: ViewSettings) {
  const dataThrough = extract.report.dataThrough ?? '';
  // As for measures: the engine is one per page and extract.id names its data and D.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['baseline', extract.id, view.filters, view.suppress],
    queryFn: async ({ signal }) => {
      const result = await runBaseline(db, { dataThrough, filters: view.filters }, signal);
      return view.suppress ? suppressBaseline(result) : unsuppressedBaseline(result);
    },
    staleTime: Infinity,
    enabled: dataThrough !== '',
  });
}
