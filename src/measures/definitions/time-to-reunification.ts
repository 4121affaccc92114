import type { CompetingMeasure } from '../types';
import { removalEpisodes } from './populations';

export const timeToReunification: CompetingMeasure = {
  id: 'time-to-reunification',
  title: 'Time to reunification',
  eventLabel: 'reunified',
  finding: 'were reunified',
  definition:
    "Days to reunification for child placement episodes followed from their family's index date " +
    '(mutual start date): an episode that ended before it is left out; the others are followed ' +
    'from the later of the removal date and the index date (the start). Child under 18 at ' +
    'removal; episode lasting at least 8 days from removal, or still open; the first such episode ' +
    'of a child in each cohort. Adoption, guardianship, emancipation and other exits (or an exit ' +
    'with no reason) are competing events: the curve is the cumulative incidence of reunification ' +
    '(Aalen–Johansen), not one minus Kaplan–Meier. Episodes still open on the data-through date ' +
    'are censored there. Cohort: quarter of the start. The groups are compared with a log-rank ' +
    'test of the reunification hazard (other exits censored).',
  kind: 'competing-time-to-event',
  better: 'sooner',
  requires: ['families', 'children'],
  reads: [
    { table: 'children', column: 'episode_end_date' },
    { table: 'children', column: 'exit_reason' },
  ],
  tier: 2,
  population: 'child episodes',
  family: 'child-episodes',
  members: removalEpisodes,
  onePerCohort: true,
};
