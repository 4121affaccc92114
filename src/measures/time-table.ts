import type { Row } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import { compareText } from './cells';
import {
  PERIODS,
  cohortKey,
  cohortKeyOfDay,
  cohortOfKey,
  cohortRange,
  firstInCohort,
} from './cohorts';
import { breakdownOf } from './scope';
import type { MeasureRequest } from './types';

// A time to event's kept times (each member's days and outcome, see compile-time-to-event.ts)
// read whole once per extract, and a view's counts by cell, group and day summed from them in
// TypeScript: the rows the view's query gives, so that a filter, breakdown or cohort-size change
// sends no statement for the curves.

/** How a member's time ends, as kept in the timed table (the `outcome` column, TINYINT). */
export const EVENT = 1;
export const COMPETING = 2;
export const CENSORED = 0;

/**
 * A time to event's members read whole (see readTimeTable): a part per county, unit, group,
 * cohort quarter (and first-in flags, for a measure that counts one member per cohort), with the
 * days of its members by outcome. Cohorts of every size and the view's cohort filters start on a
 * quarter's first day, so the quarter places a member in every view. Its size is bounded by the
 * members (one day per member), not by the views: a view is summed from it in TypeScript
 * (sumTimeRows). Plain arrays and numbers: kept with the member tables and written as JSON in the
 * sample's prepared set.
 */
export interface TimeTable {
  onePerCohort: boolean;
  parts: readonly TimePart[];
  /** The largest day of any member (0 without members). */
  maxDay: number;
  /** How many distinct county and unit pairs the parts have (TimePart.unit is below it). */
  units: number;
}

interface TimePart {
  county: string | null;
  unitId: string | null;
  group: string | null;
  /** The cohort quarter's key (cohortKey of `quarter`), null when the member has no cohort day. */
  quarter: number | null;
  /** first_in_quarter, first_in_half, first_in_year (PERIODS order); empty without onePerCohort. */
  first: readonly (boolean | null)[];
  /** The part's county and unit as a number, the same for every part of that county and unit. */
  unit: number;
  /** The members' days (whole days from their anchor), ascending, by how their time ended. */
  event: readonly number[];
  competing: readonly number[];
  censored: readonly number[];
}

/** How a plan over a times table sums its view from the table read whole (MeasurePlan.times). */
export interface TimeSums {
  onePerCohort: boolean | undefined;
  view: (table: TimeTable) => Row[];
}

/**
 * The query that reads a times table (`timed`: FROM its table; county, unit_id, "group",
 * cohort_date, the first-in flags with `onePerCohort`, outcome, t) whole, for readTimeTable: a
 * row per part, each outcome's days as comma-separated text, ascending, in one order whatever the
 * engine's threads did (the sample's prepared copy must be the same bytes on every run).
 */
export function timeTableQuery(timed: Sql, onePerCohort: boolean | undefined): Sql {
  const flags = onePerCohort ? PERIODS.map(firstInCohort) : [];
  const keys = join([raw('county, unit_id, "group", quarter_key'), ...flags], ', ');
  const days = (outcome: number, name: string) =>
    sql`array_to_string(list(t ORDER BY t) FILTER (WHERE outcome = ${outcome}), ',') AS ${raw(name)}`;
  return sql`WITH timed AS (${timed})
    SELECT county, unit_id, "group",
      ${cohortKey('quarter', raw('cohort_date'))}::INTEGER AS quarter_key,
      ${onePerCohort ? sql`${join(flags, ', ')},` : sql``}
      ${days(EVENT, 'event_days')}, ${days(COMPETING, 'competing_days')},
      ${days(CENSORED, 'censored_days')}
    FROM timed
    GROUP BY ${keys}
    ORDER BY ${keys}`;
}

/** The rows of timeTableQuery as a TimeTable; throws on a day that is no whole number ≥ 0. */
export function readTimeTable(rows: readonly Row[], onePerCohort: boolean | undefined): TimeTable {
  const unitOf = new Map<string, number>();
  let maxDay = 0;
  const daysOf = (value: unknown): number[] => {
    if (typeof value !== 'string' || value === '') return [];
    const days = value.split(',').map(Number);
    for (const day of days)
      if (!(Number.isInteger(day) && day >= 0))
        throw new RangeError(`Not a follow-up time: ${day}`);
    maxDay = Math.max(maxDay, days[days.length - 1] ?? 0);
    return days;
  };
  const parts = rows.map((row): TimePart => {
    const county = typeof row.county === 'string' ? row.county : null;
    const unitId = typeof row.unit_id === 'string' ? row.unit_id : null;
    const unitKey = JSON.stringify([county, unitId]);
    let unit = unitOf.get(unitKey);
    if (unit === undefined) {
      unit = unitOf.size;
      unitOf.set(unitKey, unit);
    }
    return {
      county,
      unitId,
      group: typeof row.group === 'string' ? row.group : null,
      quarter: typeof row.quarter_key === 'number' ? row.quarter_key : null,
      first: onePerCohort
        ? PERIODS.map((period) => {
            const flag = row[`first_in_${period}`];
            return typeof flag === 'boolean' ? flag : null;
          })
        : [],
      unit,
      event: daysOf(row.event_days),
      competing: daysOf(row.competing_days),
      censored: daysOf(row.censored_days),
    };
  });
  return { onePerCohort: onePerCohort === true, parts, maxDay, units: unitOf.size };
}

/** A view's cell and group, and the parts summed into it. */
interface TimeCell {
  county: string | null;
  cohort: number | null;
  group: string | null;
  parts: TimePart[];
}

/**
 * The rows the time-to-event view query (compile-time-to-event.ts) gives for `request` over the
 * same times, in the same order, with the same columns and values, summed here from the table
 * read whole: within the filters (first in their cohort of the view's size where the measure
 * counts one member per cohort), by the breakdown and group, a row per day with a member
 * (`t`; the members with an event, a competing event and censored that day) in increasing
 * day, then a row per unit (`unit_row`, t NULL, its members by outcome). Cells in DuckDB's order
 * (county by code point, cohort by key, group descending: Linkages first; NULL last); the unit
 * rows of a cell in no particular order (as the query's).
 */
export function sumTimeRows(request: MeasureRequest, table: TimeTable): Row[] {
  const by = breakdownOf(request);
  const byCounty = by.includes('county');
  const byCohort = by.includes('cohort');
  const filters = request.filters ?? {};
  const counties = filters.counties?.length ? new Set(filters.counties) : null;
  const units = filters.units?.length ? new Set(filters.units) : null;
  const quarterOf = (iso: string) => cohortKeyOfDay('quarter', iso);
  const from = filters.cohortFrom ? quarterOf(cohortRange(filters.cohortFrom).start) : null;
  const to = filters.cohortTo ? quarterOf(cohortRange(filters.cohortTo).end) : null;
  const flag = PERIODS.indexOf(request.period);
  // The view's cohort (key) of each quarter: the cohort holding the quarter's first day.
  const cohortOfQuarter = new Map<number, number>();
  const cohortKeyOf = (quarter: number): number => {
    let key = cohortOfQuarter.get(quarter);
    if (key === undefined) {
      key = cohortKeyOfDay(request.period, cohortRange(cohortOfKey('quarter', quarter)).start);
      cohortOfQuarter.set(quarter, key);
    }
    return key;
  };
  const cells = new Map<string, TimeCell>();
  for (const part of table.parts) {
    if (table.onePerCohort && part.first[flag] !== true) continue;
    if (counties && (part.county === null || !counties.has(part.county))) continue;
    if (units && (part.unitId === null || !units.has(part.unitId))) continue;
    if (from !== null && (part.quarter === null || part.quarter < from)) continue;
    if (to !== null && (part.quarter === null || part.quarter >= to)) continue;
    const county = byCounty ? part.county : null;
    const cohort = byCohort && part.quarter !== null ? cohortKeyOf(part.quarter) : null;
    // A plain key: NULL apart from every text (\u0001 is no county's or group's).
    const id = `${county ?? '\u0001'}\u0000${String(cohort)}\u0000${part.group ?? '\u0001'}`;
    const cell = cells.get(id);
    if (cell) cell.parts.push(part);
    else cells.set(id, { county, cohort, group: part.group, parts: [part] });
  }
  const ordered = [...cells.values()].sort(
    (a, b) =>
      compareText(a.county, b.county, false) ||
      compareKeys(a.cohort, b.cohort) ||
      compareText(a.group, b.group, true),
  );

  // Each cell's counts by day in arrays indexed by day (events, competing, censored), reset
  // through the days it touched.
  const size = table.maxDay + 1;
  const counts = [new Int32Array(size), new Int32Array(size), new Int32Array(size)] as const;
  const touchedIn = new Int32Array(size);
  const unitIn = new Int32Array(table.units);
  const rows: Row[] = [];
  let stamp = 0;
  const days: number[] = [];
  const add = (list: readonly number[], count: Int32Array) => {
    for (const day of list) {
      if (touchedIn[day] !== stamp) {
        touchedIn[day] = stamp;
        days.push(day);
        counts[0][day] = 0;
        counts[1][day] = 0;
        counts[2][day] = 0;
      }
      count[day]!++;
    }
  };
  for (const cell of ordered) {
    stamp++;
    days.length = 0;
    const unitSums = new Map<number, [number, number, number]>();
    for (const part of cell.parts) {
      let sums = unitIn[part.unit] === stamp ? unitSums.get(part.unit) : undefined;
      if (!sums) {
        sums = [0, 0, 0];
        unitIn[part.unit] = stamp;
        unitSums.set(part.unit, sums);
      }
      add(part.event, counts[0]);
      add(part.competing, counts[1]);
      add(part.censored, counts[2]);
      sums[0] += part.event.length;
      sums[1] += part.competing.length;
      sums[2] += part.censored.length;
    }
    const { county, group } = cell;
    const cohort = cell.cohort === null ? null : cohortOfKey(request.period, cell.cohort);
    days.sort((a, b) => a - b);
    for (const t of days)
      rows.push({
        county,
        cohort,
        group,
        t,
        unit_row: false,
        events: counts[0][t]!,
        competing: counts[1][t]!,
        censored: counts[2][t]!,
      });
    for (const [events, competing, censored] of unitSums.values())
      rows.push({ county, cohort, group, t: null, unit_row: true, events, competing, censored });
  }
  return rows;
}

/** Cohort keys ascending, NULL last (DuckDB's ORDER BY). */
function compareKeys(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}
