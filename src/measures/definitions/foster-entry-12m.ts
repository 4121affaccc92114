import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';

export const fosterEntry12m: ProportionMeasure = {
  id: 'foster-entry-12m',
  title: 'Entry into foster care within 12 months',
  finding: 'had a child enter foster care within 12 months',
  definition:
    'Of the mutual families with no child in out-of-home care on the index date (unknown is ' +
    'excluded) and an Emergency Response or Family Maintenance case at the index date, whose index ' +
    'date is at least 12 months before the data-through date, the share with a removal of any ' +
    'child within 12 months of the index date. Families whose first removal is dated before the ' +
    'index date are excluded. Families less than 12 months past the index date are reported as ' +
    '"window not complete". Cohort: quarter of the index date.',
  kind: 'proportion',
  better: 'lower',
  requires: ['families'],
  reads: [
    { table: 'families', column: 'child_in_care_at_index' },
    { table: 'families', column: 'cws_component_at_index' },
    { table: 'families', column: 'first_removal_after_index_date' },
  ],
  tier: 2,
  population: 'families',
  family: 'families',
  ownPattern: true,
  window: { months: 12 },
  leavesOut: {
    who:
      'a family with a child already in out-of-home care on the index date, or without an ' +
      'Emergency Response or Family Maintenance case then (or with either unknown)',
  },
  excludes: [
    {
      who: 'a family whose first removal is dated before its index date',
      listed: { table: 'families', column: 'first_removal_after_index_date' },
    },
  ],
  event: 'date',
  members: () => sql`
    SELECT county, unit_id, "group", mutual_start_date AS cohort_date, mutual_start_date AS anchor_date,
      first_removal_after_index_date AS event_date,
      NOT coalesce(child_in_care_at_index = FALSE AND cws_component_at_index IN ('ER', 'FM'), FALSE)
        AS left_out
    FROM families`,
};
