import { sql, type Sql } from '../../db/sql';
import type { MemberContext } from '../types';

/**
 * Child episodes from removal: age at removal under 18, lasting at least 8 days or still open on
 * D; of a child's qualifying episodes starting in one cohort, only the first. County and group
 * are the family's. Event: reunification; competing: any other exit.
 */
export function removalEpisodes({ through, cohortOf }: MemberContext): Sql {
  return sql`
    SELECT f.county, f.unit_id, f."group", c.removal_date AS cohort_date, c.removal_date AS anchor_date,
      CASE WHEN c.exit_reason = 'reunified' THEN c.episode_end_date END AS event_date,
      CASE WHEN c.exit_reason IS DISTINCT FROM 'reunified' THEN c.episode_end_date END AS competing_date
    FROM children c JOIN families f ON f.family_id = c.family_id
    WHERE c.age_at_removal < 18
      AND (c.episode_end_date IS NULL OR c.episode_end_date > ${through}
           OR c.episode_end_date - c.removal_date >= 8)
    QUALIFY row_number() OVER (
      PARTITION BY c.child_id, ${cohortOf(sql`c.removal_date`)} ORDER BY c.removal_date, c.row_no) = 1`;
}

/** Adults in the evaluation population (blank exclusion reason), with their family's index date. */
export function evaluationAdults(columns: Sql, where: Sql, joins: Sql = sql``): Sql {
  return sql`
    SELECT f.county, f.unit_id, f."group", ${columns}
    FROM adults a JOIN families f ON f.family_id = a.family_id ${joins}
    WHERE a.exclusion_reason IS NULL AND ${where}`;
}
