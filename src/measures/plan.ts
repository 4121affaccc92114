import type { Row } from '../db/client';
import { raw, type Sql } from '../db/sql';
import type { CellSums } from './cells';
import type { TimeSums } from './time-table';
import { memberContext } from './scope';
import type { DisclosurePart, MeasureDefinition, MeasureRequest, MeasureResult } from './types';

/**
 * A relation computed once per extract and kept as a table (see MemberTables) in `order`
 * (`null`: the order the relation gives), or computed inline in each query without tables.
 */
export interface KeptRelation {
  sql: Sql;
  order: Sql | null;
}

/** What a kind's plan reads into: a result without its envelope (see runMeasure). */
export type ResultBody<R extends MeasureResult> = Pick<R, 'rows' | 'comparisons'>;

/**
 * How one request of a measure is computed, built without a database (planCount,
 * planProportion, planTimeToEvent): the members relation, a relation derived from it (cells of
 * counts, or each member's time), both kept per extract; the view's query over the derived
 * relation; and how the view's rows become the result. runMeasure runs it.
 */
export interface MeasurePlan<Body> {
  members: KeptRelation;
  /** From the members relation given (its SQL, or FROM its table). */
  derived: (members: Sql) => KeptRelation;
  /** From the derived relation given (its SQL, or FROM its table). */
  view: (derived: Sql) => Sql;
  /** The view's rows, in its order, as the result's rows and comparisons. */
  read: (rows: readonly Row[]) => Body;
  /**
   * What suppression checks a view against (disclosure.ts): the derived relation's counts per
   * county, unit, quarter cohort and group, without the view's filters; and how its rows read.
   */
  parts: {
    sql: (derived: Sql) => Sql;
    read: (rows: readonly Row[]) => DisclosurePart[];
  };
  /**
   * Where the derived relation is a cell table (counts, proportions): with kept tables, the view
   * and the parts are summed in TypeScript from the table read whole once per extract, the same
   * rows as `view` and `parts.sql` give, so that a view change sends no statement for them.
   */
  cells?: CellSums;
  /**
   * Where the derived relation is each member's time (times to event): with kept tables, the
   * view is summed in TypeScript from the times read whole once per extract (time-table.ts), the
   * same rows as `view` gives, so that a view change sends no statement for its curves.
   */
  times?: TimeSums;
}

/** The measure's members for D, kept in county and cohort order (a county filter skips row groups). */
export function membersOf(measure: MeasureDefinition, request: MeasureRequest): KeptRelation {
  return { sql: measure.members(memberContext(request)), order: raw('county, cohort_date') };
}
