import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdultsLeavingOut } from './populations';

export const aidDecrease6m: ProportionMeasure = {
  id: 'aid-decrease-6m',
  title: 'Decrease in aid by month 6',
  finding: 'had a lower grant by month 6',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) who were not sanctioned ' +
    "on their family's index date and whose family received a grant in the index month, with the " +
    'index date at least 6 months before the data-through date, the share whose month-6 grant ' +
    'was smaller than the index-month grant (no grant in month 6 counts as a decrease). Adults ' +
    'with the month-6 grant unknown are excluded. Adults less than 6 months past the index ' +
    'date are reported as "window not complete". Cohort: quarter of the index date.',
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'adults'],
  // wtw_status_at_index is a population column: without it sanctioned adults would stay in.
  reads: [
    { table: 'adults', column: 'wtw_status_at_index' },
    { table: 'adults', column: 'grant_m1' },
    { table: 'adults', column: 'grant_m6' },
  ],
  tier: 2,
  population: 'adults',
  window: { months: 6 },
  leavesOut: {
    who:
      'an adult whose family had no grant in the index month (or it is unknown), or who was ' +
      'sanctioned on the index date',
  },
  excludes: [
    {
      who: 'an adult whose month-6 grant is unknown (blank)',
    },
  ],
  event: 'flag',
  members: () =>
    evaluationAdultsLeavingOut(
      sql`f.mutual_start_date AS cohort_date, f.mutual_start_date AS anchor_date,
        a.grant_m6 < a.grant_m1 AS event_flag`,
      sql`a.grant_m1 > 0 AND a.wtw_status_at_index IS DISTINCT FROM 'sanction'
        AND NOT coalesce(a.sanction_start_date <= f.mutual_start_date, FALSE)`,
    ),
};
