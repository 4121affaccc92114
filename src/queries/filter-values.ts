import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { keptFilterValues } from '../measures/filter-values';
import type { LoadedExtract } from './extract';
import { extractContentsQuery } from './extract-contents';

/**
 * The counties, units and dates the filter bar offers for the loaded extract; which tables hold
 * rows is taken from the extract's contents (the pages ask for them too); both kept with its
 * member tables, prepared ahead for the sample.
 */
export function filterValuesQuery(db: DbClient, extract: LoadedExtract) {
  // The engine is one per page and extract.id names its data.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['filter-values', extract.id],
    queryFn: async ({ signal, client }) => {
      const contents = await client.query({
        ...extractContentsQuery(db, extract),
        staleTime: 'static',
      });
      return keptFilterValues(db, extract.members, contents.tables, signal);
    },
    staleTime: Infinity,
  });
}
