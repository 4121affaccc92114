/** Child episodes left out of the child welfare measures because they ended before the family's index date. */
import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import { tablesWithRows } from './catalog';
import { EPISODE_IN_SCOPE } from './definitions/populations';

export interface EpisodesBeforeIndex {
  /** Episodes (rows of children.csv with a known family) that ended before the family's index date. */
  episodes: number;
  /** Of those, the ones that ended in reunification: left out of re-entry within 12 months. */
  reunifications: number;
}

/**
 * For the data page's notes: how many child episodes are out of scope of reunification within
 * 12 months, time to reunification and re-entry within 12 months because they ended before their
 * family's `mutual_start_date` (the rule the members SQL applies, `EPISODE_IN_SCOPE`), whatever
 * the child's age or the episode's length. Null when no children were loaded.
 */
export async function countEpisodesBeforeIndex(
  db: DbClient,
  signal?: AbortSignal,
): Promise<EpisodesBeforeIndex | null> {
  const tables = await tablesWithRows(db, signal);
  if (!tables.has('children') || !tables.has('families')) return null;
  const [row] = await db.query(
    sql`SELECT count(*)::INTEGER AS episodes,
          count(*) FILTER (WHERE c.exit_reason = 'reunified')::INTEGER AS reunifications
        FROM children c JOIN families f ON f.family_id = c.family_id
        WHERE NOT ${EPISODE_IN_SCOPE}`,
    signal,
  );
  return { episodes: Number(row?.episodes ?? 0), reunifications: Number(row?.reunifications ?? 0) };
}
