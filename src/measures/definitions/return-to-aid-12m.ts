import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdults } from './populations';

export const returnToAid12m: ProportionMeasure = {
  id: 'return-to-aid-12m',
  title: 'Return to aid within 12 months of exit',
  finding: 'returned to aid within 12 months of leaving',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) who left aid on or after ' +
    "their family's index date, at least 12 months before the data-through date, the share whose " +
    'aid was re-approved within 12 months of the exit. Adults whose return is dated before the ' +
    'exit are excluded. Exits less than 12 months old are reported as "window not complete". ' +
    'Cohort: quarter of the exit date (exit cohort).',
  kind: 'proportion',
  better: 'lower',
  requires: ['families', 'adults'],
  reads: [
    { table: 'adults', column: 'aid_exit_date' },
    { table: 'adults', column: 'aid_return_date' },
  ],
  tier: 2,
  population: 'adults',
  window: { months: 12 },
  event: 'date',
  excludes: [
    {
      who: 'an adult whose return to aid is dated before their exit',
    },
  ],
  members: () =>
    evaluationAdults(
      sql`a.aid_exit_date AS cohort_date, a.aid_exit_date AS anchor_date, a.aid_return_date AS event_date`,
      sql`a.aid_exit_date >= f.mutual_start_date`,
    ),
};
