import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { sql } from '../../../src/db/sql';
import {
  cellPartRows,
  cellParts,
  cellTableQuery,
  readCellTable,
  sumCellRows,
  sumCells,
} from '../../../src/measures/cells';
import type { ByKey, MeasureFilters, MeasureRequest, Period } from '../../../src/measures/types';

// Issue 18: with kept tables a view of a count or proportion is summed in TypeScript from its
// cell table read once per extract (sumCellRows), so it must give the rows sumCells gives in
// DuckDB, in DuckDB's order, for every breakdown, cohort size and filter. A crafted cell table
// with what orders differently in JavaScript (text beyond the BMP) and NULLs.

const CELLS = sql`FROM cells`;
const COLUMNS = ['denominator', 'numerator', 'window_not_complete'];

describe('cell sums in TypeScript', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb({ threads: 1 });
    await db.exec(`CREATE TABLE cells (county VARCHAR, unit_id VARCHAR, "group" VARCHAR,
      cohort_month DATE, first_in_quarter BOOLEAN, first_in_half BOOLEAN, first_in_year BOOLEAN,
      denominator INTEGER, numerator INTEGER, window_not_complete INTEGER)`);
    // Units "U\u{1D7D8}" (beyond the BMP) and "U\uFFFD" order one way by code point (DuckDB) and
    // the other by UTF-16 unit (JavaScript's <).
    await db.exec(`INSERT INTO cells VALUES
      ('Fresno', 'U\u{1D7D8}', 'linkages', DATE '2023-01-01', TRUE, TRUE, TRUE, 4, 1, 0),
      ('Fresno', 'U\uFFFD', 'linkages', DATE '2023-02-01', TRUE, FALSE, NULL, 3, 2, 1),
      ('Fresno', 'U\uFFFD', 'comparison', DATE '2023-05-01', FALSE, TRUE, TRUE, 7, 3, 0),
      ('Fresno', 'Fresno-East', 'comparison', DATE '2023-07-01', TRUE, TRUE, FALSE, 2, 0, 2),
      ('Kern', 'Kern-1', 'linkages', DATE '2023-12-01', TRUE, TRUE, TRUE, 5, 5, 0),
      ('Kern', 'Kern-1', 'linkages', DATE '2024-01-01', TRUE, TRUE, TRUE, 6, 1, 0),
      ('Kern', 'Kern-2', 'comparison', DATE '2024-01-01', NULL, TRUE, TRUE, 1, 1, 0),
      ('Kern', NULL, 'comparison', DATE '2024-03-01', TRUE, TRUE, TRUE, 9, 4, 3),
      ('Kings', 'Kings-1', 'linkages', NULL, TRUE, TRUE, TRUE, 8, 2, 0),
      ('Kings', 'Kings-1', NULL, DATE '2024-02-01', TRUE, TRUE, TRUE, 2, 1, 0),
      (NULL, 'Lost-1', 'comparison', DATE '2024-06-01', TRUE, TRUE, TRUE, 3, 3, 0),
      ('Zacatecas\u00E9', 'Z-1', 'linkages', DATE '2022-11-01', TRUE, TRUE, TRUE, 11, 7, 1)`);
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
    { cohortTo: '2023' },
  ];

  it('gives the rows of sumCells, in its order, for every breakdown, cohort size, filter and first-in flag', async () => {
    let compared = 0;
    for (const onePerCohort of [false, true]) {
      for (const perUnit of [false, true]) {
        const table = readCellTable(
          await db.query(cellTableQuery(CELLS, COLUMNS, onePerCohort)),
          COLUMNS,
          onePerCohort,
        );
        for (const by of breakdowns)
          for (const period of periods)
            for (const filters of filterSets) {
              const request: MeasureRequest = { by, period, filters, dataThrough: '2025-09-30' };
              const expected = await db.query(
                sumCells(request, CELLS, COLUMNS, onePerCohort, perUnit),
              );
              expect(sumCellRows(request, table, perUnit)).toEqual(expected);
              compared += expected.length;
            }
      }
    }
    // Not an empty comparison: the views hold rows.
    expect(compared).toBeGreaterThan(500);
  });

  it('orders units by code point, as DuckDB does, and keeps a NULL unit last', async () => {
    const table = readCellTable(
      await db.query(cellTableQuery(CELLS, COLUMNS, false)),
      COLUMNS,
      false,
    );
    const request: MeasureRequest = {
      by: ['county'],
      period: 'quarter',
      filters: { counties: ['Fresno', 'Kern'] },
      dataThrough: '2025-09-30',
    };
    const units = sumCellRows(request, table, true).map((row) => row.unit_id);
    // By county, Linkages first, then unit: U+FFFD before U+1D7D8 (JavaScript's < says after).
    expect(units).toEqual([
      'U\uFFFD',
      'U\u{1D7D8}',
      'Fresno-East',
      'U\uFFFD',
      'Kern-1',
      'Kern-2',
      null,
    ]);
    // JavaScript's default sort would put them the other way round.
    expect(['U\uFFFD', 'U\u{1D7D8}'].sort()).toEqual(['U\u{1D7D8}', 'U\uFFFD']);
  });

  it('gives the parts of cellParts', async () => {
    for (const onePerCohort of [false, true]) {
      const table = readCellTable(
        await db.query(cellTableQuery(CELLS, COLUMNS, onePerCohort)),
        COLUMNS,
        onePerCohort,
      );
      expect(cellPartRows(table)).toEqual(await db.query(cellParts(CELLS, COLUMNS, onePerCohort)));
    }
  });
});
