import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient, Row } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { sql } from '../../../src/db/sql';
import {
  planCompetingTimeToEvent,
  planTimeToEvent,
} from '../../../src/measures/compile-time-to-event';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import { readTimeTable, sumTimeRows, timeTableQuery } from '../../../src/measures/time-table';
import type { ByKey, MeasureFilters, MeasureRequest, Period } from '../../../src/measures/types';

// Issue 18: with kept tables a time to event's view is summed in TypeScript from its times read
// once per extract (sumTimeRows), so a view change sends no statement for the curves; it must
// give the rows of the view's own query in DuckDB, in DuckDB's order, for every breakdown, cohort
// size and filter, both kinds (one member per cohort or not). A crafted times table with what
// orders differently in JavaScript (text beyond the BMP), NULLs, several outcomes on one day.

const TIMES = sql`FROM times`;

/**
 * Rows with each run of unit rows (t NULL) sorted: the view's query orders cells and days, not
 * the unit rows within a cell (they are only counted), so those are compared as a set.
 */
function comparable(rows: readonly Row[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const row of rows) {
    const text = JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (row.unit_row === true) run.push(text);
    else {
      flush();
      out.push(text);
    }
  }
  flush();
  return out;
}

describe('time-to-event views summed in TypeScript', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb({ threads: 1 });
    await db.exec(`CREATE TABLE times (county VARCHAR, unit_id VARCHAR, "group" VARCHAR,
      cohort_date DATE, first_in_quarter BOOLEAN, first_in_half BOOLEAN, first_in_year BOOLEAN,
      outcome TINYINT, t INTEGER)`);
    // Units "U\u{1D7D8}" (beyond the BMP) and "U\uFFFD" order one way by code point (DuckDB) and
    // the other by UTF-16 unit (JavaScript's <).
    await db.exec(`INSERT INTO times VALUES
      ('Fresno', 'U\u{1D7D8}', 'linkages', DATE '2023-01-15', TRUE, TRUE, TRUE, 1, 12),
      ('Fresno', 'U\u{1D7D8}', 'linkages', DATE '2023-02-03', TRUE, FALSE, NULL, 0, 12),
      ('Fresno', 'U\u{1D7D8}', 'linkages', DATE '2023-02-03', TRUE, FALSE, NULL, 2, 12),
      ('Fresno', 'U\uFFFD', 'linkages', DATE '2023-02-28', TRUE, TRUE, TRUE, 1, 0),
      ('Fresno', 'U\uFFFD', 'comparison', DATE '2023-05-01', FALSE, TRUE, TRUE, 1, 40),
      ('Fresno', 'U\uFFFD', 'comparison', DATE '2023-06-30', TRUE, TRUE, TRUE, 0, 400),
      ('Fresno', 'Fresno-East', 'comparison', DATE '2023-07-01', TRUE, TRUE, FALSE, 2, 7),
      ('Fresno', 'Fresno-East', 'comparison', DATE '2023-07-01', TRUE, TRUE, FALSE, 1, 7),
      ('Kern', 'Kern-1', 'linkages', DATE '2023-12-31', TRUE, TRUE, TRUE, 1, 3),
      ('Kern', 'Kern-1', 'linkages', DATE '2024-01-01', TRUE, TRUE, TRUE, 1, 3),
      ('Kern', 'Kern-1', 'linkages', DATE '2024-01-02', TRUE, TRUE, TRUE, 0, 90),
      ('Kern', 'Kern-2', 'comparison', DATE '2024-01-01', NULL, TRUE, TRUE, 1, 5),
      ('Kern', 'Kern-2', 'comparison', DATE '2024-08-11', TRUE, TRUE, TRUE, 0, 300),
      ('Kern', NULL, 'comparison', DATE '2024-03-01', TRUE, TRUE, TRUE, 1, 21),
      ('Kings', 'Kings-1', 'linkages', NULL, TRUE, TRUE, TRUE, 0, 8),
      ('Kings', 'Kings-1', 'comparison', DATE '2024-02-01', TRUE, TRUE, TRUE, 2, 2),
      (NULL, 'Lost-1', 'comparison', DATE '2024-06-01', TRUE, TRUE, TRUE, 1, 33),
      ('Zacatecas\u00E9', 'Z-1', 'linkages', DATE '2022-11-01', TRUE, TRUE, TRUE, 1, 1),
      ('Zacatecas\u00E9', 'Z-1', 'linkages', DATE '2022-11-20', TRUE, TRUE, TRUE, 0, 1),
      ('Zacatecas\u00E9', 'Z-1', 'comparison', DATE '2022-12-01', TRUE, TRUE, TRUE, 1, 1)`);
  });
  afterAll(async () => {
    await db.close();
  });

  const breakdowns: ByKey[][] = [[], ['cohort'], ['county'], ['county', 'cohort']];
  const periods: Period[] = ['quarter', 'half', 'year'];
  const filterSets: MeasureFilters[] = [
    {},
    { counties: ['Fresno'] },
    { counties: ['Kern', 'Kings'], units: ['Kern-1', 'Kings-1'] },
    { cohortFrom: '2023Q2', cohortTo: '2024Q1' },
    { cohortFrom: '2023H2' },
    { cohortTo: '2023' },
  ];

  it("gives the rows of the view's query, in its order, for every breakdown, cohort size, filter and first-in flag", async () => {
    let compared = 0;
    for (const onePerCohort of [false, true]) {
      const table = readTimeTable(
        await db.query(timeTableQuery(TIMES, onePerCohort)),
        onePerCohort,
      );
      for (const by of breakdowns)
        for (const period of periods)
          for (const filters of filterSets) {
            const request: MeasureRequest = { by, period, filters, dataThrough: '2025-09-30' };
            const plan = onePerCohort
              ? planCompetingTimeToEvent(timeToReunification, request)
              : planTimeToEvent(timeToCoordination, request);
            expect(plan.times?.onePerCohort ?? false).toBe(onePerCohort);
            const expected = await db.query(plan.view(TIMES));
            const summed = sumTimeRows(request, table);
            expect(comparable(summed)).toEqual(comparable(expected));
            compared += expected.length;
          }
    }
    // Not an empty comparison: the views hold rows.
    expect(compared).toBeGreaterThan(1000);
  });

  it('orders cells by code point and keeps NULLs last, as DuckDB does; counts every outcome of a day', async () => {
    const table = readTimeTable(await db.query(timeTableQuery(TIMES, false)), false);
    const rows = sumTimeRows(
      { by: ['county'], period: 'quarter', filters: {}, dataThrough: '2025-09-30' },
      table,
    ).filter((row) => row.unit_row === false);
    // Linkages before comparison in each county, the county without a name last.
    expect([...new Set(rows.map((row) => `${String(row.county)} ${String(row.group)}`))]).toEqual([
      'Fresno linkages',
      'Fresno comparison',
      'Kern linkages',
      'Kern comparison',
      'Kings linkages',
      'Kings comparison',
      'Zacatecas\u00E9 linkages',
      'Zacatecas\u00E9 comparison',
      'null comparison',
    ]);
    // Fresno's Linkages: an event, a censoring and a competing exit on day 12, an event on day 0.
    expect(rows.filter((row) => row.county === 'Fresno' && row.group === 'linkages')).toEqual([
      {
        county: 'Fresno',
        cohort: null,
        group: 'linkages',
        t: 0,
        unit_row: false,
        events: 1,
        competing: 0,
        censored: 0,
      },
      {
        county: 'Fresno',
        cohort: null,
        group: 'linkages',
        t: 12,
        unit_row: false,
        events: 1,
        competing: 1,
        censored: 1,
      },
    ]);
  });
});
