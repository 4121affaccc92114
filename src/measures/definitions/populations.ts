import { join, sql, type Sql } from '../../db/sql';
import { PERIODS, cohortKey, firstInCohort } from '../cohorts';
import type { MemberContext } from '../types';

/**
 * A child episode (`c`) with its family (`f`) is in scope unless it ended before the family's
 * index date: removals before the family was mutual are not something Linkages could affect.
 */
export const EPISODE_IN_SCOPE = sql`NOT coalesce(c.episode_end_date < f.mutual_start_date, FALSE)`;

/** Where a child episode (`c`) in scope is followed from: the later of removal and the family's index. */
export const EPISODE_START = sql`greatest(c.removal_date, f.mutual_start_date)`;

/**
 * Child episodes followed from their family's index date: an episode that ended before the
 * family's `mutual_start_date` is out of scope (`EPISODE_IN_SCOPE`); the others start at the later
 * of `removal_date` and `mutual_start_date` (anchor and cohort date). Age at removal under 18,
 * lasting at least 8 days from removal or still open on D. County and group are the family's.
 * Event: reunification; competing: any other exit.
 *
 * Of a child's qualifying episodes starting in one cohort only the first counts, and cohorts
 * depend on the view's cohort size: each episode says whether it is its child's first in its
 * quarter, half-year and year (`first_in_<period>`; measures using it set `onePerCohort`). An
 * episode is the first of its cohort when the child's previous qualifying episode (by start, then
 * removal date, then row) started in an earlier one: cohorts follow dates, so all earlier episodes did.
 */
export function removalEpisodes({ through }: MemberContext): Sql {
  const firsts = PERIODS.map(
    (period) =>
      sql`coalesce(${cohortKey(period, sql`previous_start`)} <> ${cohortKey(period, sql`cohort_date`)}, TRUE)
        AS ${firstInCohort(period)}`,
  );
  return sql`
    SELECT * EXCLUDE (previous_start), ${join(firsts, ', ')}
    FROM (
      SELECT f.county, f.unit_id, f."group", ${EPISODE_START} AS cohort_date, ${EPISODE_START} AS anchor_date,
        CASE WHEN c.exit_reason = 'reunified' THEN c.episode_end_date END AS event_date,
        CASE WHEN c.exit_reason IS DISTINCT FROM 'reunified' THEN c.episode_end_date END AS competing_date,
        lag(${EPISODE_START}) OVER (
          PARTITION BY c.child_id ORDER BY ${EPISODE_START}, c.removal_date, c.row_no) AS previous_start
      FROM children c JOIN families f ON f.family_id = c.family_id
      WHERE ${EPISODE_IN_SCOPE} AND c.age_at_removal < 18
        AND (c.episode_end_date IS NULL OR c.episode_end_date > ${through}
             OR c.episode_end_date - c.removal_date >= 8)
    )`;
}

/**
 * Every adult of the evaluation population (evaluationAdults), with `left_out`: TRUE unless
 * `population` (a condition on `a` and `f`) holds, an unknown (NULL) is left out too, as a WHERE
 * would leave it out. For a ProportionMeasure with `leavesOut`.
 */
export function evaluationAdultsLeavingOut(columns: Sql, population: Sql, joins: Sql = sql``): Sql {
  return evaluationAdults(
    sql`${columns}, NOT coalesce(${population}, FALSE) AS left_out`,
    sql`TRUE`,
    joins,
  );
}

/** Adults in the evaluation population (blank exclusion reason), with their family's index date. */
export function evaluationAdults(columns: Sql, where: Sql, joins: Sql = sql``): Sql {
  return sql`
    SELECT f.county, f.unit_id, f."group", ${columns}
    FROM adults a JOIN families f ON f.family_id = a.family_id ${joins}
    WHERE a.exclusion_reason IS NULL AND ${where}`;
}
