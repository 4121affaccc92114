import { sql } from '../../db/sql';
import type { TimeToEventMeasure } from '../types';

export const timeToCoordination: TimeToEventMeasure = {
  id: 'time-to-coordination',
  title: 'Time to a coordinated case plan',
  eventLabel: 'coordinated',
  finding: 'reached a coordinated case plan',
  definition:
    'Days from the index date (mutual start date) to the coordinated case plan, for all mutual ' +
    'families; families without a plan by the data-through date count until that date (censored). ' +
    'Families whose plan is dated before the index date are excluded. Read the curve as the ' +
    'cumulative share coordinated (Kaplan–Meier); the median is the first day by which half were.',
  kind: 'time-to-event',
  better: 'sooner',
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
  members: () => sql`
    SELECT county, unit_id, "group", mutual_start_date AS cohort_date, mutual_start_date AS anchor_date,
      coordinated_plan_date AS event_date
    FROM families`,
};
