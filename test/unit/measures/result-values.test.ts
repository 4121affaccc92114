import { describe, expect, it } from 'vitest';
import { CATALOG, measuresShown, missingFiles, REACH_MEASURE } from '../../../src/measures/catalog';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import { cellOf, isTimeToEvent, rowOf, valueKindOf } from '../../../src/measures/result-values';
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

describe('which measures an extract can show', () => {
  it('shows only the families measures from a families file alone', () => {
    expect(measuresShown(['families']).map((m) => m.id)).toEqual([
      'families-identified',
      'coordination-30d',
      'time-to-coordination',
      'recurrence-12m',
      'foster-entry-12m',
    ]);
  });

  it('names the file a measure still needs, and none once it is loaded', () => {
    expect(missingFiles(reunification12m, ['families'])).toEqual(['children.csv']);
    expect(missingFiles(reunification12m, [])).toEqual(['families.csv', 'children.csv']);
    expect(missingFiles(reunification12m, ['families', 'children'])).toEqual([]);
  });

  it('shows the whole catalog from all three files', () => {
    expect(measuresShown(['families', 'children', 'adults'])).toEqual(CATALOG);
  });
});
