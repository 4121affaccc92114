import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/db/client';
import { planCount } from '../../../src/measures/compile-count';
import { planProportion } from '../../../src/measures/compile-proportion';
import { planTimeToEvent } from '../../../src/measures/compile-time-to-event';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { request } from './helpers';

// A plan's `read` turns the view's rows into the result without a database; the worked examples
// (one file per measure) run the whole plan on the real engine.

/**
 * Rows of (t, events, censored) counts of one group, as the time-to-event view returns them,
 * then a row per unit of the group (`unit_row`, t NULL): 3 units in Linkages, 6 in comparison.
 */
function timeRows(group: string, counts: [t: number, events: number, censored: number][]): Row[] {
  const base = { county: null, cohort: null, group };
  const unitRow = { ...base, t: null, unit_row: true, events: 0, competing: 0, censored: 0 };
  return [
    ...counts.map(([t, events, censored]) => ({
      ...base,
      t,
      unit_row: false,
      events,
      competing: 0,
      censored,
    })),
    ...Array.from({ length: group === 'linkages' ? 3 : 6 }, () => unitRow),
  ];
}

describe('reading the rows of a view', () => {
  it('reads counts per cell and group, with no comparisons', () => {
    const plan = planCount(familiesIdentified, request('2025-06-30', { by: ['county'] }));
    expect(
      plan.read([
        { county: 'Fresno', group: 'linkages', count: 131 },
        { county: 'Fresno', group: 'comparison', count: 7 },
      ]),
    ).toEqual({
      rows: [
        { county: 'Fresno', group: 'linkages', count: 131, suppressed: false },
        { county: 'Fresno', group: 'comparison', count: 7, suppressed: false },
      ],
      comparisons: [],
    });
  });

  it('gives each proportion its Wilson interval and each cell Linkages minus comparison', () => {
    const plan = planProportion(coordination30d, request('2025-06-30', { by: ['cohort'] }));
    // The view returns a row per unit; read sums them to cells (60/45 is 40/30 + 20/15).
    const unit = (county: string, id: string) => ({ unit_county: county, unit_id: id });
    const { rows, comparisons } = plan.read([
      {
        cohort: '2024Q1',
        group: 'linkages',
        ...unit('Fresno', 'U1'),
        denominator: 40,
        numerator: 30,
        window_not_complete: 2,
      },
      {
        cohort: '2024Q1',
        group: 'linkages',
        ...unit('Kern', 'U1'),
        denominator: 20,
        numerator: 15,
        window_not_complete: 0,
      },
      {
        cohort: '2024Q1',
        group: 'comparison',
        ...unit('Fresno', 'U2'),
        denominator: 60,
        numerator: 30,
        window_not_complete: 0,
      },
      {
        cohort: '2024Q2',
        group: 'linkages',
        ...unit('Fresno', 'U1'),
        denominator: 12,
        numerator: 0,
        window_not_complete: 0,
      },
    ]);
    expect(rows.map((row) => [row.rate, row.windowNotComplete, row.unstable])).toEqual([
      [0.75, 2, false],
      [0.5, 0, false],
      [0, 0, true],
    ]);
    expect(rows[0]?.ciLow).toBeCloseTo(0.6277, 4);
    expect(rows[0]?.ciHigh).toBeCloseTo(0.8422, 4);
    expect(rows[2]?.ciHigh).toBeCloseTo(0.2425, 4);
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]?.cohort).toBe('2024Q1');
    expect(comparisons[0]?.difference).toBeCloseTo(0.25, 10);
    expect(comparisons[0]?.ciLow).toBeCloseTo(0.0768, 4);
    expect(comparisons[0]?.ciHigh).toBeCloseTo(0.4035, 4);
    expect(comparisons[0]?.z).toBeCloseTo(2.828, 3);
    expect(comparisons[0]?.p).toBeCloseTo(0.0047, 4);
    // Two Linkages units (Fresno's U1 and Kern's U1) against one comparison unit.
    expect(comparisons[0]).toMatchObject({
      units: { linkages: 2, comparison: 1 },
      fewUnits: true,
      clusterNoInterval: 'one-unit-in-a-group',
      mhStrata: 1,
    });
  });

  it('fits a Kaplan–Meier curve per group from counts by day and compares the groups by log-rank', () => {
    const plan = planTimeToEvent(timeToCoordination, request('2025-06-30'));
    const { rows, comparisons } = plan.read([
      ...timeRows('linkages', [
        [3, 1, 0],
        [5, 0, 1],
        [6, 1, 0],
        [7, 1, 0],
        [8, 0, 1],
        [10, 1, 0],
        [12, 1, 1],
      ]),
      ...timeRows('comparison', [
        [2, 1, 0],
        [4, 2, 0],
        [5, 1, 0],
        [6, 0, 1],
        [9, 1, 0],
        [11, 1, 0],
      ]),
    ]);
    expect(rows.map((row) => [row.group, row.n, row.events, row.medianDays])).toEqual([
      ['linkages', 8, 5, 10],
      ['comparison', 7, 6, 5],
    ]);
    const survival = (t: number) => rows[0]?.curve.find((point) => point.t === t)?.survival;
    expect(survival(6)).toBeCloseTo(0.729167, 6);
    expect(survival(12)).toBeCloseTo(0.194444, 6);
    expect(comparisons[0]?.chiSquare).toBeCloseTo(2.175, 3);
    expect(comparisons[0]?.p).toBeCloseTo(0.14, 3);
    expect(comparisons[0]).toMatchObject({ units: { linkages: 3, comparison: 6 }, fewUnits: true });
  });
});
