import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { listFilterValues } from '../measures/filter-values';
import type { LoadedExtract } from './extract';

/** The counties, units and dates the filter bar offers for the loaded extract. */
export function filterValuesQuery(db: DbClient, extract: LoadedExtract) {
  // The engine is one per page and extract.id names its data.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['filter-values', extract.id],
    queryFn: ({ signal }) => listFilterValues(db, signal),
    staleTime: Infinity,
  });
}
