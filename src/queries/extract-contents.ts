import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { keptExtractContents } from '../measures/columns-read';
import type { LoadedExtract } from './extract';

/**
 * Which tables and optional columns of the loaded extract hold values: what it can measure (kept
 * with its member tables, prepared ahead for the sample).
 */
export function extractContentsQuery(db: DbClient, extract: LoadedExtract) {
  // The engine is one per page and extract.id names its data.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['extract-contents', extract.id],
    queryFn: ({ signal }) => keptExtractContents(db, extract.members, signal),
    staleTime: Infinity,
  });
}
