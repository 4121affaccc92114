import { describe, expect, it } from 'vitest';
import { filtersOf, hrefFor, parseLocation } from '../../../src/app/use-hash-route';

describe('the groups-at-baseline page in the URL', () => {
  it('round-trips with the filters the measures take', () => {
    const hash = '#/baseline?counties=Tehama&units=TEH-Corning&from=2024Q1&to=2024Q2';
    const location = parseLocation(hash);
    expect(location.route).toBe('baseline');
    expect(location.measure).toBeNull();
    expect(hrefFor(location)).toBe(hash);
    expect(filtersOf(location)).toEqual({
      counties: ['Tehama'],
      units: ['TEH-Corning'],
      cohortFrom: '2024Q1',
      cohortTo: '2024Q2',
    });
  });
});
