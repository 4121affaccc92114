import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { aidDecrease6m } from './aid-decrease-6m';
import { aidDecrease9m } from './aid-decrease-9m';
import { aidExit12m } from './aid-exit-12m';
import { employment12m } from './employment-12m';
import { employment6m } from './employment-6m';
import { evaluationAdultsLeavingOut } from './populations';

/** Left aid on or after the family's index date. */
const EXITED = sql`coalesce(a.aid_exit_date >= f.mutual_start_date, FALSE)`;

/** Left aid on a known date (before the index date too: a data problem, excluded). */
const HAS_EXIT = sql`a.aid_exit_date IS NOT NULL`;

export const returnToAid12m: ProportionMeasure = {
  id: 'return-to-aid-12m',
  title: 'Return to aid within 12 months of exit',
  finding: 'returned to aid within 12 months of leaving',
  definition:
    'Of the adults in the evaluation population (blank exclusion reason) who left aid on or after ' +
    "their family's index date, at least 12 months before the data-through date, the share whose " +
    'aid was re-approved within 12 months of the exit. Adults whose exit is dated before the index ' +
    'date, or whose return is dated before the exit, are excluded. Exits less than 12 months old ' +
    'are reported as "window not complete". ' +
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
    who: 'an adult who has not left aid (no exit date)',
  },
  event: 'date',
  // The adults counted beside it by the index date (every adult measure's members, aid exit's
  // exits): their rows less this measure's of the same label are held (`bases`,
  // compile-proportion.ts).
  bases: [
    ...[employment6m, employment12m, aidExit12m, aidDecrease6m, aidDecrease9m].map((base) => ({
      measure: base,
      count: 'members' as const,
    })),
    { measure: aidExit12m, count: 'numerator' },
  ],
  excludes: [
    {
      who: 'an adult whose exit from aid is dated before the index date',
      listed: { table: 'adults', column: 'aid_exit_date' },
    },
    {
      who: 'an adult whose return to aid is dated before their exit',
    },
  ],
  // Every evaluation adult, those with no exit left out (`leavesOut`) and followed from their
  // index date, as the base counts beside them are. An exit dated before the index date is a data
  // problem, as aid exit's: followed from the index date with that exit as its event, it is
  // dated before its anchor, so excluded (compile-proportion.ts), like a return before the exit.
  members: () =>
    evaluationAdultsLeavingOut(
      sql`CASE WHEN ${EXITED} THEN a.aid_exit_date ELSE f.mutual_start_date END AS cohort_date,
        CASE WHEN ${EXITED} THEN a.aid_exit_date ELSE f.mutual_start_date END AS anchor_date,
        CASE WHEN ${EXITED} THEN a.aid_return_date ELSE a.aid_exit_date END AS event_date`,
      HAS_EXIT,
    ),
};
