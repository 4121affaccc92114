import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdultsLeavingOut } from './populations';

export const aidExit12m: ProportionMeasure = {
  id: 'aid-exit-12m',
  title: 'Exit from aid within 12 months',
  finding: 'left aid within 12 months',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) whose index date is at ' +
    'least 12 months before the data-through date, the share whose CalWORKs case closed (followed ' +
    'by at least 90 days without aid) within 12 months of the index date. Adults whose family is ' +
    'known to have received no grant in the index month are excluded (an unknown grant is kept), ' +
    'as are adults whose exit is dated before the index date. Adults less than 12 months past the ' +
    'index date are reported as "window not complete". Cohort: quarter of the index date.',
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'adults'],
  reads: [{ table: 'adults', column: 'aid_exit_date' }],
  tier: 2,
  population: 'adults',
  window: { months: 12 },
  leavesOut: { who: 'an adult whose family is known to have received no grant in the index month' },
  excludes: [
    {
      who: 'an adult whose exit from aid is dated before the index date',
      listed: { table: 'adults', column: 'aid_exit_date' },
    },
  ],
  event: 'date',
  members: () =>
    evaluationAdultsLeavingOut(
      sql`f.mutual_start_date AS cohort_date, f.mutual_start_date AS anchor_date, a.aid_exit_date AS event_date`,
      sql`a.grant_m1 IS DISTINCT FROM 0`,
    ),
};
