import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdultsLeavingOut } from './populations';

export const employment6m: ProportionMeasure = {
  id: 'employment-6m',
  title: 'Employment within 6 months',
  finding: 'found a job within 6 months',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) who were not employed on ' +
    "their family's index date (employment unknown is excluded) and whose index date is at least " +
    '6 months before the data-through date, the share who started an unsubsidized job within 6 ' +
    'months of the index date. Adults whose first employment is dated before the index date are ' +
    'excluded. Adults less than 6 months past the index date are reported as "window not ' +
    'complete". Cohort: quarter of the family\'s index date.',
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'adults'],
  reads: [
    { table: 'adults', column: 'employed_at_index' },
    { table: 'adults', column: 'first_employment_date' },
  ],
  tier: 1,
  population: 'adults',
  window: { months: 6 },
  leavesOut: {
    who: 'an adult already employed on the index date, or whose employment then is unknown',
  },
  excludes: [
    {
      who: 'an adult whose first employment is dated before the index date',
      listed: { table: 'adults', column: 'first_employment_date' },
    },
  ],
  event: 'date',
  members: () =>
    evaluationAdultsLeavingOut(
      sql`f.mutual_start_date AS cohort_date, f.mutual_start_date AS anchor_date,
        a.first_employment_date AS event_date`,
      sql`a.employed_at_index = FALSE`,
    ),
};
