import type { ProportionMeasure } from '../types';
import { removalEpisodes } from './populations';

export const reunification12m: ProportionMeasure = {
  id: 'reunification-12m',
  title: 'Reunification within 12 months',
  finding: "were reunified within 12 months of removal (or of the family's index date, if later)",
  definition:
    "Child placement episodes are followed from their family's index date (mutual start date): " +
    'an episode that ended before it is left out, since Linkages could not affect it; an episode ' +
    'open on that date, or starting after it, is followed from the later of its removal date and ' +
    'the index date (its start). Of the episodes whose start is at least 12 months before the ' +
    'data-through date (child under 18 at removal; episode lasting at least 8 days from removal, ' +
    'or still open), the share that ended in reunification within 12 months of the start. If a ' +
    'child has several such episodes starting in one cohort, only the first counts. Episodes ' +
    'whose start is less than 12 months old are reported as "window not complete". Cohort: ' +
    "quarter of the start (entry cohort). County and group are those of the child's family.",
  kind: 'proportion',
  better: 'higher',
  requires: ['families', 'children'],
  reads: [
    { table: 'children', column: 'episode_end_date' },
    { table: 'children', column: 'exit_reason' },
  ],
  tier: 1,
  population: 'child episodes',
  family: 'child-episodes',
  window: { months: 12 },
  event: 'date',
  members: removalEpisodes,
  onePerCohort: true,
};
