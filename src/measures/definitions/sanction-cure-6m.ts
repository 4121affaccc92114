import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdults } from './populations';

export const sanctionCure6m: ProportionMeasure = {
  id: 'sanction-cure-6m',
  title: 'Sanction cured within 6 months',
  finding: 'cured their sanction within 6 months',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) who were sanctioned on ' +
    'their family\'s index date (Welfare-to-Work status "sanction", or a sanction starting on or ' +
    'before the index date) or had a sanction start within 90 days after it, the share whose ' +
    'sanction was cured within 6 months of the later of the index date and the sanction start. ' +
    'Adults whose cure is dated before that start are excluded. Adults less than 6 months past ' +
    'that start are reported as "window not complete". Cohort: quarter of that start.',
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'adults'],
  reads: [
    { table: 'adults', anyOf: ['wtw_status_at_index', 'sanction_start_date'] },
    { table: 'adults', column: 'sanction_cure_date' },
  ],
  tier: 2,
  population: 'adults',
  window: { months: 6 },
  event: 'date',
  excludes: [
    {
      who: 'an adult whose sanction cure is dated before the sanction start it is followed from',
    },
  ],
  members: () =>
    evaluationAdults(
      sql`s.sanction_from AS cohort_date, s.sanction_from AS anchor_date, a.sanction_cure_date AS event_date`,
      sql`(a.wtw_status_at_index = 'sanction' OR a.sanction_start_date <= f.mutual_start_date + 90)`,
      sql`CROSS JOIN LATERAL (SELECT
        CASE WHEN a.wtw_status_at_index IS DISTINCT FROM 'sanction' AND a.sanction_start_date > f.mutual_start_date
          THEN a.sanction_start_date ELSE f.mutual_start_date END AS sanction_from) s`,
    ),
};
