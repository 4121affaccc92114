import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';
import { aidDecrease6m } from './aid-decrease-6m';
import { aidDecrease9m } from './aid-decrease-9m';
import { aidExit12m } from './aid-exit-12m';
import { employment12m } from './employment-12m';
import { employment6m } from './employment-6m';
import { evaluationAdultsLeavingOut } from './populations';

/** Sanctioned on the family's index date, or a sanction start within 90 days after it. */
const SANCTIONED = sql`(a.wtw_status_at_index = 'sanction' OR a.sanction_start_date <= f.mutual_start_date + 90)`;

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
  // Both population columns: each finds sanctioned adults the other cannot (a status of
  // "sanction" without a start date; a start within 90 days after the index date), so with one
  // of them absent or blank in every row the population would be a part of the definition's,
  // shown as if whole. Not measured instead (spec: a measure whose population column is absent
  // is not computed).
  reads: [
    { table: 'adults', column: 'wtw_status_at_index' },
    { table: 'adults', column: 'sanction_start_date' },
    { table: 'adults', column: 'sanction_cure_date' },
  ],
  tier: 2,
  population: 'adults',
  window: { months: 6 },
  leavesOut: {
    who: 'an adult not sanctioned on the index date and with no sanction start within 90 days after it',
  },
  event: 'date',
  // The adults counted beside it by the index date (every adult measure's members): their rows
  // less this measure's of the same label are held (`bases`, compile-proportion.ts).
  bases: [employment6m, employment12m, aidExit12m, aidDecrease6m, aidDecrease9m].map((base) => ({
    measure: base,
    count: 'members' as const,
  })),
  excludes: [
    {
      who: 'an adult whose sanction cure is dated before the sanction start it is followed from',
    },
  ],
  // Every evaluation adult, those not sanctioned left out (`leavesOut`) and followed from their
  // index date, as the base counts beside them (the baseline page's adults, employment's) are.
  members: () =>
    evaluationAdultsLeavingOut(
      sql`s.sanction_from AS cohort_date, s.sanction_from AS anchor_date, a.sanction_cure_date AS event_date`,
      SANCTIONED,
      sql`CROSS JOIN LATERAL (SELECT
        CASE WHEN coalesce(${SANCTIONED}, FALSE)
          AND a.wtw_status_at_index IS DISTINCT FROM 'sanction' AND a.sanction_start_date > f.mutual_start_date
          THEN a.sanction_start_date ELSE f.mutual_start_date END AS sanction_from) s`,
    ),
};
