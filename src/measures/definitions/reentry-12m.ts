import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { reunification12m } from './reunification-12m';

export const reentry12m: ProportionMeasure = {
  id: 'reentry-12m',
  title: 'Re-entry into care within 12 months of reunification',
  finding: 're-entered care within 12 months of reunification',
  definition:
    "Of the child placement episodes that ended in reunification on or after the family's index " +
    'date (mutual start date) and at least 12 months before the data-through date (episode lasting at least 8 days; child under 18 at exit, or at removal ' +
    'where the age at exit is blank), the share where the child re-entered care within 12 months ' +
    "after the exit. The re-entry date is the episode's re-entry date or, where blank, the removal " +
    "date of the same child's next episode. Episodes whose re-entry date is on or before the exit " +
    'are excluded as a data problem. Exits less than 12 months old are reported as "window not ' +
    'complete". Cohort: quarter of the exit date (exit cohort). County and group are those of the child\'s family.',
  kind: 'proportion',
  better: 'lower',
  requires: ['families', 'children'],
  reads: [
    { table: 'children', column: 'episode_end_date' },
    { table: 'children', column: 'exit_reason' },
  ],
  tier: 1,
  population: 'child episodes',
  window: { months: 12 },
  leavesOut: { who: 'an episode of a child removed under 18 but 18 or older at exit' },
  excludes: [{ who: 'an episode whose re-entry date is on or before its exit' }],
  excludesOnAnchor: true,
  event: 'date',
  // The reunified episodes reunification counts beside it by their start: its rows' numerators
  // less this measure's members of the same label are held (`bases`, compile-proportion.ts).
  bases: [{ measure: reunification12m, count: 'numerator' }],
  // Every reunification (of 8 days or more) on or after the family's index date of a child
  // removed under 18, as reunification counts them; the episodes the measure is not about (18 or
  // older at exit) are flagged `left_out`, and a re-entry dated on or before the exit is a data
  // problem (`excludesOnAnchor`), so that suppression holds each number apart.
  members: () => sql`
    SELECT f.county, f.unit_id, f."group", e.episode_end_date AS cohort_date, e.episode_end_date AS anchor_date,
      e.reentry AS event_date,
      NOT (coalesce(e.age_at_exit, e.age_at_removal) < 18) AS left_out
    FROM (
      SELECT c.*, coalesce(c.reentry_date, lead(c.removal_date) OVER (
        PARTITION BY c.child_id ORDER BY c.removal_date, c.row_no)) AS reentry
      FROM children c
    ) e JOIN families f ON f.family_id = e.family_id
    WHERE e.exit_reason = 'reunified'
      AND e.episode_end_date >= f.mutual_start_date
      AND e.episode_end_date - e.removal_date >= 8
      AND (e.age_at_removal < 18 OR coalesce(e.age_at_exit, e.age_at_removal) < 18)`,
};
