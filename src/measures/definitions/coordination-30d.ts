import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';

export const coordination30d: ProportionMeasure = {
  id: 'coordination-30d',
  title: 'Coordinated case plan within 30 days',
  finding: 'had a coordinated case plan within 30 days',
  definition:
    'Of the mutual families whose index date (mutual start date) is at least 30 days before the ' +
    'data-through date, the share with a coordinated case plan dated on or after the index date ' +
    'and no more than 30 days after it (day 30 counts, day 31 does not). Families whose plan is ' +
    'dated before the index date are excluded. Families less than 30 days past their index date ' +
    'are reported as "window not complete", never as failures. Cohort: quarter of the index date.',
  kind: 'proportion',
  better: 'higher',
  requires: ['families'],
  reads: [{ table: 'families', column: 'coordinated_plan_date' }],
  tier: 1,
  population: 'families',
  family: 'families',
  excludes: [
    {
      who: 'a family whose coordinated case plan is dated before its index date',
      listed: { table: 'families', column: 'coordinated_plan_date' },
    },
  ],
  window: { days: 30 },
  event: 'date',
  members: () => sql`
    SELECT county, unit_id, "group", mutual_start_date AS cohort_date, mutual_start_date AS anchor_date,
      coordinated_plan_date AS event_date
    FROM families`,
};
