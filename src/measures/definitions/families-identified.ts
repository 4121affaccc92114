import { sql } from '../../db/sql';
import type { CountMeasure } from '../types';

export const familiesIdentified: CountMeasure = {
  id: 'families-identified',
  title: 'Mutual families identified',
  finding: 'were identified as mutual families',
  definition:
    'The number of mutual families (families both on CalWORKs and with an open child welfare ' +
    'referral or case), by the cohort of their mutual start date (the index date). ' +
    'A measure of reach: more families served is the aim.',
  kind: 'count',
  better: 'reach',
  requires: ['families'],
  reads: [],
  tier: 1,
  population: 'families',
  family: 'families',
  members: () => sql`
    SELECT county, unit_id, "group", mutual_start_date AS cohort_date, mutual_start_date AS anchor_date
    FROM families`,
};
