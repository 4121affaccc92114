import { describe, expect, it } from 'vitest';
import { CATALOG, REACH_MEASURE } from '../../../src/measures/catalog';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import {
  cellOf,
  isTimeToEvent,
  medianOverText,
  rowOf,
  valueKindOf,
} from '../../../src/measures/result-values';
import type { MeasureRow } from '../../../src/measures/types';

const survival = (medianDays: number | null, suppressed: boolean): MeasureRow => ({
  group: 'linkages',
  n: suppressed ? null : 40,
  events: suppressed ? null : 12,
  medianDays,
  suppressed,
  unstable: false,
  curve: [],
});

describe('reading a result row', () => {
  it('reads a count as its own n, masked when suppression hid it', () => {
    expect(cellOf({ group: 'linkages', count: 131, suppressed: false })).toEqual({
      value: 131,
      low: null,
      high: null,
      n: 131,
      events: null,
      openWindows: null,
      masked: false,
      medianOver: null,
      lastDay: null,
      unstable: false,
    });
    expect(cellOf({ group: 'linkages', count: null, suppressed: true })).toMatchObject({
      value: null,
      n: null,
      masked: true,
    });
  });

  it('reads a rate with its interval, numerator over denominator and open windows', () => {
    expect(
      cellOf({
        group: 'comparison',
        denominator: 25,
        numerator: 7,
        rate: 0.28,
        ciLow: 0.1428,
        ciHigh: 0.4757,
        suppressed: false,
        windowNotComplete: 3,
        unstable: true,
      }),
    ).toEqual({
      value: 0.28,
      low: 0.1428,
      high: 0.4757,
      n: 25,
      events: 7,
      openWindows: 3,
      masked: false,
      medianOver: null,
      lastDay: null,
      unstable: true,
    });
  });

  it('tells a median not reached (shown) from a masked one, and marks no masked value unstable', () => {
    expect(cellOf(survival(null, false))).toMatchObject({ value: null, n: 40, masked: false });
    expect(cellOf({ ...survival(null, true), unstable: true })).toMatchObject({
      value: null,
      n: null,
      masked: true,
      unstable: false,
    });
  });

  it('reads a median hidden past its drawn curve as over the last drawn day, and a row masked whole as masked', () => {
    // Crafted: 2,502 members, the curve drawn to day 364 with 890 still at risk (41% had the
    // event), its median past the cut hidden; then the same row masked whole (no curve).
    const point = (t: number, atRisk: number, survival: number) => ({
      t,
      survival,
      low: survival - 0.02,
      high: survival + 0.02,
      atRisk,
    });
    const cut: MeasureRow = {
      group: 'comparison',
      n: 2502,
      events: null,
      medianDays: null,
      suppressed: true,
      unstable: false,
      curve: [point(0, 2502, 1), point(180, 1500, 0.75), point(364, 890, 0.59)],
    };
    const hidden = cellOf(cut);
    expect(hidden).toMatchObject({ value: null, n: 2502, masked: true, medianOver: 364 });
    expect(medianOverText(hidden!.medianOver!)).toBe('over 364 days');
    expect(medianOverText(1)).toBe('over 1 day');
    expect(medianOverText(1095)).toBe('over 1,095 days');
    expect(cellOf({ ...cut, n: null, curve: [] })).toMatchObject({
      value: null,
      masked: true,
      medianOver: null,
    });
    // A median shown, or not reached on a whole curve (not suppressed), has no "over".
    expect(cellOf({ ...cut, medianDays: 320, suppressed: false })?.medianOver).toBeNull();
    expect(cellOf({ ...cut, suppressed: false })).toMatchObject({
      value: null,
      masked: false,
      medianOver: null,
    });
  });

  it("gives a curve's last drawn day, whole or cut, and none where no curve is drawn", () => {
    const row: MeasureRow = {
      group: 'linkages',
      n: 40,
      events: 30,
      medianDays: 12,
      suppressed: false,
      unstable: false,
      curve: [
        { t: 0, survival: 1, low: 1, high: 1, atRisk: 40 },
        { t: 12, survival: 0.5, low: 0.4, high: 0.6, atRisk: 40 },
        { t: 400, survival: 0.25, low: 0.2, high: 0.3, atRisk: 11 },
      ],
    };
    expect(cellOf(row)?.lastDay).toBe(400);
    expect(cellOf({ ...row, medianDays: null })).toMatchObject({ lastDay: 400, medianOver: null });
    expect(cellOf({ ...row, events: null, suppressed: true, curve: [] })?.lastDay).toBeNull();
  });

  it('has no cell for a group without a row', () => {
    expect(cellOf(undefined)).toBeNull();
  });

  it('finds the row of a group in a cell, and the pooled row with no keys', () => {
    const rows: MeasureRow[] = [
      { cohort: '2024Q1', group: 'linkages', count: 40, suppressed: false },
      { cohort: '2024Q2', group: 'linkages', count: 50, suppressed: false },
      { cohort: '2024Q2', group: 'comparison', count: 60, suppressed: false },
    ];
    expect(rowOf(rows, 'linkages', { cohort: '2024Q2' })).toBe(rows[1]);
    expect(rowOf(rows, 'comparison', { cohort: '2024Q1' })).toBeUndefined();
    expect(rowOf(rows, 'linkages')).toBeUndefined();
  });

  it('names the headline number of each kind', () => {
    expect(CATALOG.filter(isTimeToEvent).map((m) => m.id)).toEqual([
      'time-to-coordination',
      'time-to-reunification',
    ]);
    expect([REACH_MEASURE, reunification12m, timeToReunification].map(valueKindOf)).toEqual([
      'count',
      'rate',
      'days',
    ]);
  });
});
