import { date, join, list, raw, sql, type Sql } from '../db/sql';
import type { DbClient, Row } from '../db/client';
import type { Group } from '../dataset/schema';
import type { ByKey, CellKeys, MeasureRequest, MemberContext, Period, RowKeys } from './types';
import { PERIODS, cohortLabel, cohortRange, firstInCohort } from './cohorts';

/** Estimates on fewer members than this are flagged unstable (shown, marked). */
export const UNSTABLE_BELOW = 30;

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
 * What every compiler shares: the members relation for the request, the breakdown and the
 * filters. Compilers continue `${scope.with}, x AS (SELECT ${scope.select}, … FROM members
 * WHERE ${scope.where})` and group and order by `cell` / `order`.
 */
export interface Scope {
  /** D, bound as `CAST(? AS DATE)`. */
  through: Sql;
  /** The requested breakdown in canonical order (county, cohort). */
  by: ByKey[];
  with: Sql;
  /** The breakdown columns (county, cohort label) and "group", over `members`. */
  select: Sql;
  /** Members anchored on or before D, within the filters. */
  where: Sql;
  /** The view's filters only (counties, units, cohorts), on the columns of `members`. */
  filters: Sql;
  /** The breakdown column names and "group", for GROUP BY. */
  cell: Sql;
  /** Like `cell`, Linkages before comparison within a cell. */
  order: Sql;
}

/** What a definition's members SQL may use for this request. */
export function memberContext(request: MeasureRequest): MemberContext {
  return { through: date(request.dataThrough) };
}

/**
 * `members` is the measure's members relation for this request: its SQL (`measure.members`) or
 * a table holding its rows (see MemberTables). `cohortColumn` is the day that places a member in
 * a cohort: `cohort_date`, or in a cell table (see runProportion) the first day of its month.
 */
export function scopeOf(
  request: MeasureRequest,
  members: Sql,
  cohortColumn = 'cohort_date',
): Scope {
  const through = date(request.dataThrough);
  const cohortDay = raw(cohortColumn);
  const by = (['county', 'cohort'] as const).filter((key) => request.by.includes(key));
  const columns: Sql[] = by.map((key) =>
    key === 'county' ? raw('county') : sql`${cohortLabel(request.period, cohortDay)} AS cohort`,
  );
  const names = [...by.map((key) => raw(key)), raw('"group"')];

  const filters = request.filters ?? {};
  // Cohorts start on the first of a month, so these hold for a member's day and for its month.
  const conditions: Sql[] = [raw('TRUE')];
  if (filters.counties && filters.counties.length > 0)
    conditions.push(sql`county IN ${list(filters.counties)}`);
  if (filters.units && filters.units.length > 0)
    conditions.push(sql`unit_id IN ${list(filters.units)}`);
  if (filters.cohortFrom)
    conditions.push(sql`${cohortDay} >= ${date(cohortRange(filters.cohortFrom).start)}`);
  if (filters.cohortTo)
    conditions.push(sql`${cohortDay} < ${date(cohortRange(filters.cohortTo).end)}`);
  const viewFilters = join(conditions, ' AND ');

  return {
    through,
    by,
    with: sql`WITH members AS (${members})`,
    select: join([...columns, raw('"group"')], ', '),
    where: sql`anchor_date <= ${through} AND ${viewFilters}`,
    filters: viewFilters,
    cell: join(names, ', '),
    order: join([...by.map((key) => raw(key)), raw('"group" DESC')], ', '),
  };
}

export function readText(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`Expected text in column ${column}`);
  return value;
}

export function readInteger(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`Expected a number in column ${column}`);
  return value;
}

export function readCellKeys(row: Row, by: readonly ByKey[]): CellKeys {
  const keys: CellKeys = {};
  if (by.includes('county')) keys.county = readText(row, 'county');
  if (by.includes('cohort')) keys.cohort = readText(row, 'cohort');
  return keys;
}

export function readRowKeys(row: Row, by: readonly ByKey[]): RowKeys {
  const group = readText(row, 'group');
  if (group !== 'linkages' && group !== 'comparison') throw new Error(`Unknown group "${group}"`);
  return { ...readCellKeys(row, by), group: group satisfies Group };
}

/** Identifies the (county, cohort) cell of a row, ignoring its group. */
export function cellId(keys: CellKeys): string {
  return JSON.stringify([keys.county ?? null, keys.cohort ?? null]);
}

/** Rows present in both groups, paired by cell, in row order. */
export function pairByCell<T extends RowKeys>(
  rows: readonly T[],
): { keys: CellKeys; linkages: T; comparison: T }[] {
  const cells = new Map<string, { keys: CellKeys; linkages?: T; comparison?: T }>();
  for (const row of rows) {
    const id = cellId(row);
    const cell = cells.get(id) ?? { keys: cellKeysOf(row) };
    cell[row.group] = row;
    cells.set(id, cell);
  }
  const pairs: { keys: CellKeys; linkages: T; comparison: T }[] = [];
  for (const { keys, linkages, comparison } of cells.values()) {
    if (linkages && comparison) pairs.push({ keys, linkages, comparison });
  }
  return pairs;
}

export function cellKeysOf(keys: CellKeys): CellKeys {
  const cell: CellKeys = {};
  if (keys.county !== undefined) cell.county = keys.county;
  if (keys.cohort !== undefined) cell.cohort = keys.cohort;
  return cell;
}

/**
 * Keeps a relation for the views of one extract: as a table (see MemberTables), returned as
 * `FROM <table>`, or, without tables, the relation's own SQL. Either goes in `WITH x AS (…)`.
 */
export type Keep = (relation: Sql, order: Sql | null) => Promise<Sql>;

/** Computes the relation inline in every query. */
export const inline: Keep = (relation) => Promise.resolve(relation);

/** The month of a member's cohort day: the column cell tables are kept by. */
export const COHORT_MONTH = sql`CAST(date_trunc('month', cohort_date) AS DATE) AS cohort_month`;

/** Cell tables hold a row per county, unit, group and month: ordered for a county filter. */
export const CELL_ORDER = raw('county, cohort_month, unit_id, "group"');

/**
 * Sums `columns` of a cell table (kept by `keep`, with COHORT_MONTH and, for `onePerCohort`,
 * firstInColumns) over the cells within the request's filters, by its breakdown and group,
 * Linkages first: each an INTEGER column.
 */
export async function sumCells(
  db: DbClient,
  request: MeasureRequest,
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
  signal?: AbortSignal,
): Promise<{ by: ByKey[]; rows: Row[] }> {
  const view = scopeOf(request, cells, 'cohort_month');
  const names = raw(columns.join(', '));
  const sums = join(
    columns.map((column) => raw(`sum(${column})::INTEGER AS ${column}`)),
    ', ',
  );
  const rows = await db.query(
    sql`WITH cells AS (${cells}),
      scoped AS (
        SELECT ${view.select}, ${names} FROM cells
        WHERE ${firstInView(onePerCohort, request.period)} AND ${view.filters}
      )
      SELECT ${view.cell}, ${sums} FROM scoped GROUP BY ${view.cell} ORDER BY ${view.order}`,
    signal,
  );
  return { by: view.by, rows };
}
