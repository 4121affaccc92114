import { sql } from '../../db/sql';
import type { ProportionMeasure } from '../types';

export const recurrence12m: ProportionMeasure = {
  id: 'recurrence-12m',
  title: 'Substantiated maltreatment within 12 months',
  finding: 'had a new substantiated maltreatment referral within 12 months',
  definition:
    'Of the mutual families whose index date is at least 12 months before the data-through date, ' +
    'the share with a substantiated maltreatment referral on any child (more than 14 days after ' +
    'the index date, as extracted) within 12 months of the index date. Families whose referral is ' +
    'dated before the index date are excluded. Families less than 12 months past the index date ' +
    'are reported as "window not complete". Cohort: quarter of the index date.',
  kind: 'proportion',
  better: 'lower',
  requires: ['families'],
  reads: [{ table: 'families', column: 'next_subst_referral_date' }],
  tier: 2,
  population: 'families',
  family: 'families',
  ownPattern: true,
  window: { months: 12 },
  event: 'date',
  excludes: [
    {
      who: 'a family whose substantiated referral is dated before its index date',
      listed: { table: 'families', column: 'next_subst_referral_date' },
    },
  ],
  members: () => sql`
    SELECT county, unit_id, "group", mutual_start_date AS cohort_date, mutual_start_date AS anchor_date,
      next_subst_referral_date AS event_date
    FROM families`,
};
