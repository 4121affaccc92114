import type { Row } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import { PERIODS, firstInCohort } from './cohorts';
import { readInteger, readRowKeys, readText } from './row-keys';
import { viewScope } from './scope';
import type { DisclosurePart, MeasureRequest, Period } from './types';

// What the tables kept per extract (cells of counts, each member's time) hold so that a view
// change builds no table: the view sums cells or counts times within its filters.

/** The month of a member's cohort day: the column cell tables are kept by. */
const COHORT_MONTH = sql`CAST(date_trunc('month', cohort_date) AS DATE) AS cohort_month`;

/** Cell tables hold a row per county, unit, group and month: ordered for a county filter. */
export const CELL_ORDER = raw('county, cohort_month, unit_id, "group"');

/**
 * The key columns of a cell table, for `SELECT … GROUP BY ALL` over members: county, unit, group,
 * COHORT_MONTH and firstInColumns. Ends with a comma.
 */
export function cellKeys(onePerCohort: boolean | undefined): Sql {
  return sql`county, unit_id, "group", ${COHORT_MONTH}, ${firstInColumns(onePerCohort)}`;
}

/**
 * What a kept table (cells, times) of a measure adds to its columns so that one table serves every
 * cohort size: the first-in-cohort flags of a measure with `onePerCohort`, else nothing. Ends
 * with a comma when not empty.
 */
export function firstInColumns(onePerCohort: boolean | undefined): Sql {
  return onePerCohort ? sql`${join(PERIODS.map(firstInCohort), ', ')},` : sql``;
}

/** The condition a view puts on such a table: first in its cohort of the view's size, or none. */
export function firstInView(onePerCohort: boolean | undefined, period: Period): Sql {
  return onePerCohort ? firstInCohort(period) : raw('TRUE');
}

/**
 * The query that sums `columns` of a cell table (`cells`: its SQL, or FROM its table; keyed by
 * cellKeys) over the cells within the request's filters, by its breakdown and group, Linkages
 * first: each an INTEGER column. With `perUnit`, by unit too: a row per breakdown cell, group and
 * unit (`unit_county`, `unit_id`), which the reader sums to cells (see UnitCount).
 */
export function sumCells(
  request: MeasureRequest,
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
  perUnit = false,
): Sql {
  const view = viewScope(request, 'cohort_month');
  const names = raw(columns.join(', '));
  const sums = join(
    columns.map((column) => raw(`sum(${column})::INTEGER AS ${column}`)),
    ', ',
  );
  const unit = perUnit ? raw(', unit_county, unit_id') : raw('');
  return sql`WITH cells AS (${cells}),
    scoped AS (
      SELECT ${view.select}, county AS unit_county, unit_id, ${names} FROM cells
      WHERE ${firstInView(onePerCohort, request.period)} AND ${view.filters}
    )
    SELECT ${view.cell}${unit}, ${sums} FROM scoped GROUP BY ${view.cell}${unit}
    ORDER BY ${view.order}${unit}`;
}

/**
 * The parts suppression checks a view against (see DisclosurePart): `columns` of a cell table
 * summed per county, unit, quarter cohort and group, with no view filter (members first in their
 * quarter where the measure counts one per cohort).
 */
export function cellParts(
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): Sql {
  const everything: MeasureRequest = {
    by: ['county', 'cohort'],
    period: 'quarter',
    filters: {},
    dataThrough: '',
  };
  return sumCells(everything, cells, columns, onePerCohort, true);
}

/**
 * Rows with `county, cohort` (a quarter), `"group"`, `unit_id` and `columns` as parts, `values`
 * in the order of `columns`.
 */
export function readParts(rows: readonly Row[], columns: readonly string[]): DisclosurePart[] {
  return rows.map((row) => {
    const keys = readRowKeys(row, ['county', 'cohort']);
    return {
      county: keys.county ?? '',
      unit: readText(row, 'unit_id'),
      quarter: keys.cohort ?? '',
      group: keys.group,
      values: columns.map((column) => readInteger(row, column)),
    };
  });
}
