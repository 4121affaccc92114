import { describe, expect, it } from 'vitest';
import { filtersOf, hrefFor, parseLocation, viewOf } from '../../../src/app/use-hash-route';

describe('the view in the URL', () => {
  it('round-trips a measure page with every filter', () => {
    const hash =
      '#/measure/coordination-30d?period=half&counties=Fresno,Los%20Angeles&units=FRE-West&from=2023H1&to=2024H2';
    const location = parseLocation(hash);
    expect(location).toEqual({
      route: 'measure',
      measure: 'coordination-30d',
      period: 'half',
      counties: ['Fresno', 'Los Angeles'],
      units: ['FRE-West'],
      from: '2023H1',
      to: '2024H2',
    });
    expect(hrefFor(location)).toBe(hash);
    expect(filtersOf(location)).toEqual({
      counties: ['Fresno', 'Los Angeles'],
      units: ['FRE-West'],
      cohortFrom: '2023H1',
      cohortTo: '2024H2',
    });
  });

  it("carries a note to bring into view (a masked card's link), which is no part of the view", () => {
    const hash = '#/measure/reentry-12m?period=half&note=masked';
    const location = parseLocation(hash);
    expect(location).toMatchObject({ route: 'measure', measure: 'reentry-12m', note: 'masked' });
    expect(hrefFor(location)).toBe(hash);
    expect(viewOf(location)).toBe('measure/reentry-12m?period=half');
    // Only the note the page has; none by default.
    expect(parseLocation('#/measure/reentry-12m?note=elsewhere')).not.toHaveProperty('note');
    expect(parseLocation('#/measure/reentry-12m')).not.toHaveProperty('note');
  });

  it('writes the overview with quarters and no filters as a bare path', () => {
    expect(hrefFor(parseLocation('#/overview?period=quarter'))).toBe('#/overview');
    expect(hrefFor(parseLocation(''))).toBe('#/overview');
  });

  it('ignores what it cannot read: unknown routes, periods and cohort labels', () => {
    expect(parseLocation('#/nowhere?period=decade&from=soon&to=2024Q5')).toMatchObject({
      route: 'overview',
      period: 'quarter',
      from: null,
      to: null,
    });
    expect(parseLocation('#/measure').route).toBe('overview');
  });

  it('reads the URL params the benchmark writes (URLSearchParams encodes commas)', () => {
    expect(parseLocation('#/overview?counties=Fresno%2CYolo').counties).toEqual(['Fresno', 'Yolo']);
  });
});
