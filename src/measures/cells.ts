import type { Row } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import { PERIODS, cohortOfDay, cohortRange, firstInCohort } from './cohorts';
import { readInteger, readRowKeys, readText } from './row-keys';
import { breakdownOf, viewScope } from './scope';
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

/**
 * A cell table of a count or proportion read whole (see readCellTable): its rows, each with its
 * `columns` in `values`, so that a view is summed in TypeScript (sumCellRows) instead of by a
 * statement per view change. A cell table holds a row per county, unit, group and month (about
 * 230 units × 2 groups × 40 months at most in a statewide extract), whatever the number of members.
 */
export interface CellTable {
  columns: readonly string[];
  onePerCohort: boolean;
  rows: readonly CellRow[];
}

interface CellRow {
  county: string | null;
  unitId: string | null;
  group: string | null;
  /** The cohort month's first day, ISO `YYYY-MM-DD`. */
  month: string | null;
  /** first_in_quarter, first_in_half, first_in_year (PERIODS order); empty without onePerCohort. */
  first: readonly (boolean | null)[];
  values: readonly number[];
}

/**
 * How a plan over a cell table (counts, proportions) sums its view in TypeScript from the table
 * read whole once per extract (see MeasurePlan.cells): `view` gives the rows its view query
 * gives.
 */
export interface CellSums {
  columns: readonly string[];
  onePerCohort: boolean | undefined;
  view: (table: CellTable) => Row[];
}

/** The CellSums of sumCells(request, …, columns, onePerCohort, perUnit). */
export function cellSums(
  request: MeasureRequest,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
  perUnit = false,
): CellSums {
  return { columns, onePerCohort, view: (table) => sumCellRows(request, table, perUnit) };
}

/** The query that reads a cell table (`cells`: FROM its table) whole, for readCellTable. */
export function cellTableQuery(
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): Sql {
  const flags = onePerCohort ? sql`${join(PERIODS.map(firstInCohort), ', ')}, ` : sql``;
  return sql`WITH cells AS (${cells})
    SELECT county, unit_id, "group", CAST(cohort_month AS VARCHAR) AS cohort_month, ${flags}
      ${raw(columns.join(', '))}
    FROM cells`;
}

/** The rows of cellTableQuery as a CellTable. */
export function readCellTable(
  rows: readonly Row[],
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): CellTable {
  const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    columns,
    onePerCohort: onePerCohort === true,
    rows: rows.map((row) => ({
      county: textOrNull(row.county),
      unitId: textOrNull(row.unit_id),
      group: textOrNull(row.group),
      month: textOrNull(row.cohort_month),
      first: onePerCohort
        ? PERIODS.map((period) => {
            const flag = row[`first_in_${period}`];
            return typeof flag === 'boolean' ? flag : null;
          })
        : [],
      values: columns.map((column) => readInteger(row, column)),
    })),
  };
}

/**
 * The rows sumCells gives for `request` over the same cell table, in the same order, with the
 * same columns and values, summed here from the table read whole: the cells within the filters
 * (first in their cohort of the view's size where the measure counts one per cohort), by the
 * breakdown and group (and unit with `perUnit`). Text orders as DuckDB's does (by code point,
 * NULL last), so the rows come in its order.
 */
export function sumCellRows(request: MeasureRequest, table: CellTable, perUnit = false): Row[] {
  const by = breakdownOf(request);
  const filters = request.filters ?? {};
  const counties = filters.counties?.length ? new Set(filters.counties) : null;
  const units = filters.units?.length ? new Set(filters.units) : null;
  const from = filters.cohortFrom ? cohortRange(filters.cohortFrom).start : null;
  const to = filters.cohortTo ? cohortRange(filters.cohortTo).end : null;
  const flag = PERIODS.indexOf(request.period);
  const byCounty = by.includes('county');
  const byCohort = by.includes('cohort');
  const labels = new Map<string, string>();
  const sums = new Map<string, { keys: (string | null)[]; values: number[] }>();
  for (const cell of table.rows) {
    if (table.onePerCohort && cell.first[flag] !== true) continue;
    if (counties && (cell.county === null || !counties.has(cell.county))) continue;
    if (units && (cell.unitId === null || !units.has(cell.unitId))) continue;
    if (from !== null && (cell.month === null || cell.month < from)) continue;
    if (to !== null && (cell.month === null || cell.month >= to)) continue;
    let cohort: string | null = null;
    if (byCohort && cell.month !== null) {
      cohort = labels.get(cell.month) ?? cohortOfDay(request.period, cell.month);
      labels.set(cell.month, cohort);
    }
    const keys = [
      ...(byCounty ? [cell.county] : []),
      ...(byCohort ? [cohort] : []),
      cell.group,
      ...(perUnit ? [cell.county, cell.unitId] : []),
    ];
    const id = JSON.stringify(keys);
    const sum = sums.get(id);
    if (sum) cell.values.forEach((value, i) => (sum.values[i] = (sum.values[i] ?? 0) + value));
    else sums.set(id, { keys, values: [...cell.values] });
  }
  // ORDER BY the breakdown, "group" DESC (Linkages first), then unit_county, unit_id.
  const descending = by.length;
  const ordered = [...sums.values()].sort((a, b) => {
    for (let i = 0; i < a.keys.length; i++) {
      const order = compareText(a.keys[i] ?? null, b.keys[i] ?? null, i === descending);
      if (order !== 0) return order;
    }
    return 0;
  });
  return ordered.map(({ keys, values }) => {
    const row: Row = {};
    let i = 0;
    if (byCounty) row.county = keys[i++] ?? null;
    if (byCohort) row.cohort = keys[i++] ?? null;
    row.group = keys[i++] ?? null;
    if (perUnit) {
      row.unit_county = keys[i++] ?? null;
      row.unit_id = keys[i++] ?? null;
    }
    table.columns.forEach((column, c) => {
      row[column] = values[c] ?? 0;
    });
    return row;
  });
}

/** The parts cellParts gives (with `perUnit`), summed from the table read whole (sumCellRows). */
export function cellPartRows(table: CellTable): Row[] {
  const everything: MeasureRequest = {
    by: ['county', 'cohort'],
    period: 'quarter',
    filters: {},
    dataThrough: '',
  };
  return sumCellRows(everything, table, true);
}

/**
 * DuckDB's order of VARCHAR values: by code point (UTF-8 bytes), NULL last whether ascending or
 * `descending`. JavaScript's `<` compares UTF-16 units, which differs beyond the BMP.
 */
function compareText(a: string | null, b: string | null, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  let order = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) {
      order = x < y ? -1 : 1;
      break;
    }
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  if (order === 0) order = a.length < b.length ? -1 : 1;
  return descending ? -order : order;
}
