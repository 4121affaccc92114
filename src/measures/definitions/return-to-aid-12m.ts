import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { evaluationAdultsLeavingOut } from './populations';

/** Left aid on or after the family's index date. */
const EXITED = sql`coalesce(a.aid_exit_date >= f.mutual_start_date, FALSE)`;

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
  leavesOut: {
    who: 'an adult who had not left aid on or after the index date (no exit, or one before it)',
  },
  event: 'date',
  excludes: [
    {
      who: 'an adult whose return to aid is dated before their exit',
    },
  ],
  // Every evaluation adult, those with no exit on or after the index date left out (`leavesOut`)
  // and followed from their index date, as the base counts beside them are.
  members: () =>
    evaluationAdultsLeavingOut(
      sql`CASE WHEN ${EXITED} THEN a.aid_exit_date ELSE f.mutual_start_date END AS cohort_date,
        CASE WHEN ${EXITED} THEN a.aid_exit_date ELSE f.mutual_start_date END AS anchor_date,
        a.aid_return_date AS event_date`,
      EXITED,
    ),
};
