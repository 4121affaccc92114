import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { countEpisodesBeforeIndex } from '../measures/episodes-before-index';
import { maskCount } from '../measures/suppression';
import type { LoadedExtract } from './extract';

/**
 * The child episodes left out of the child welfare measures because they ended before their
 * family's index date, suppressed like every shown count (1–10 → null): `{ episodes,
 * reunifications }`, or null when the extract has no children or no families.
 */
export function episodesBeforeIndexQuery(db: DbClient, extract: LoadedExtract) {
  // The engine is one per page and extract.id names its data.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: ['episodes-before-index', extract.id],
    queryFn: async ({ signal }) => {
      const counts = await countEpisodesBeforeIndex(db, signal);
      return counts
        ? { episodes: maskCount(counts.episodes), reunifications: maskCount(counts.reunifications) }
        : null;
    },
    staleTime: Infinity,
  });
}
