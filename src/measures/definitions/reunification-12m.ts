import type { ProportionMeasure } from '../types';
import { removalEpisodes } from './populations';

export const reunification12m: ProportionMeasure = {
  id: 'reunification-12m',
  title: 'Reunification within 12 months of removal',
  finding: 'were reunified within 12 months of removal',
  definition:
    'Of the child placement episodes that began at least 12 months before the data-through date ' +
    '(child under 18 at removal; episode lasting at least 8 days, or still open), the share that ' +
    'ended in reunification within 12 months of the removal date. If a child has several such ' +
    'episodes starting in one cohort, only the first counts. Episodes less than 12 months old ' +
    'are reported as "window not complete". Cohort: quarter of the removal date (entry cohort). ' +
    "County and group are those of the child's family.",
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'children'],
  tier: 1,
  population: 'child episodes',
  window: { months: 12 },
  event: 'date',
  members: removalEpisodes,
  onePerCohort: true,
};
