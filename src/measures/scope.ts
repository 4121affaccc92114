import { date, join, list, raw, sql, type Sql } from '../db/sql';
import { cohortLabel, cohortRange } from './cohorts';
import type { ByKey, MeasureRequest, MemberContext } from './types';

/** What a definition's members SQL may use for this request: D as a DATE. */
export function memberContext(request: MeasureRequest): MemberContext {
  return { through: date(request.dataThrough) };
}

/** The requested breakdown in canonical order: county before cohort. */
export function breakdownOf(request: MeasureRequest): ByKey[] {
  return (['county', 'cohort'] as const).filter((key) => request.by.includes(key));
}

/**
 * What a view selects, keeps and groups by, over a relation with `county`, `unit_id`, `"group"`
 * and a day that places each row in a cohort.
 */
export interface ViewScope {
  /** The requested breakdown in canonical order (see breakdownOf). */
  by: ByKey[];
  /** The breakdown columns (county, cohort label) and "group". */
  select: Sql;
  /** The view's filters (counties, units, cohort range). */
  filters: Sql;
  /** The breakdown column names and "group", for GROUP BY. */
  cell: Sql;
  /** Like `cell`, Linkages before comparison within a cell. */
  order: Sql;
}

/**
 * The view of `request` over a relation whose `cohortColumn` is the day that places a row in a
 * cohort: `cohort_date` (members, times), or in a cell table the first day of its month.
 */
export function viewScope(request: MeasureRequest, cohortColumn: string): ViewScope {
  const cohortDay = raw(cohortColumn);
  const by = breakdownOf(request);
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

  return {
    by,
    select: join([...columns, raw('"group"')], ', '),
    filters: join(conditions, ' AND '),
    cell: join(names, ', '),
    order: join([...by.map((key) => raw(key)), raw('"group" DESC')], ', '),
  };
}
