import { join, raw, sql, type Sql } from '../db/sql';
import { PERIODS, firstInCohort } from './cohorts';
import { viewScope } from './scope';
import type { MeasureRequest, Period } from './types';

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
 * cellKeys) over the cells within the request's
 * filters, by its breakdown and group, Linkages first: each an INTEGER column.
 */
export function sumCells(
  request: MeasureRequest,
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): Sql {
  const view = viewScope(request, 'cohort_month');
  const names = raw(columns.join(', '));
  const sums = join(
    columns.map((column) => raw(`sum(${column})::INTEGER AS ${column}`)),
    ', ',
  );
  return sql`WITH cells AS (${cells}),
    scoped AS (
      SELECT ${view.select}, ${names} FROM cells
      WHERE ${firstInView(onePerCohort, request.period)} AND ${view.filters}
    )
    SELECT ${view.cell}, ${sums} FROM scoped GROUP BY ${view.cell} ORDER BY ${view.order}`;
}
