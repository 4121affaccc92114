import type { CompetingMeasure } from '../types';
import { removalEpisodes } from './populations';

export const timeToReunification: CompetingMeasure = {
  id: 'time-to-reunification',
  title: 'Time to reunification',
  eventLabel: 'reunified',
  finding: 'were reunified',
  definition:
    'Days from removal to reunification for child placement episodes (child under 18 at removal; ' +
    'episode lasting at least 8 days, or still open; the first such episode of a child in each ' +
    'cohort). Adoption, guardianship, emancipation and other exits (or an exit with no reason) ' +
    'are competing events: the curve is the cumulative incidence of reunification (Aalen–Johansen), ' +
    'not one minus Kaplan–Meier. Episodes still open on the data-through date are censored there. ' +
    'Cohort: quarter of the removal date. The groups are compared with a log-rank test of the ' +
    'reunification hazard (other exits censored).',
  kind: 'competing-time-to-event',
  better: 'sooner',
  requires: ['families', 'children'],
  tier: 2,
  population: 'child episodes',
  members: removalEpisodes,
  onePerCohort: true,
};
