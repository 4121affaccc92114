import type { Row } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import { CELL_ORDER, cellKeys, cellParts, cellSums, readParts, sumCells } from './cells';
import { clusterRobustDifference, countUnits, isFewUnits, type UnitCount } from './cluster-robust';
import { windowComplete, windowEnd } from './cohorts';
import { mantelHaenszelDifference, strataByCounty } from './mantel-haenszel';
import { membersOf, type MeasurePlan, type ResultBody } from './plan';
import { cellId, pairByCell, readInteger, readRowKeys, readText } from './row-keys';
import { breakdownOf, memberContext } from './scope';
import { compareProportions, wilsonInterval } from './statistics';
import { UNSTABLE_BELOW } from './suppression';
import type {
  ByKey,
  CellKeys,
  DifferenceComparison,
  MeasureRequest,
  ProportionMeasure,
  ProportionResult,
  ProportionRow,
  RowKeys,
} from './types';

/**
 * Members whose window `anchor + window <= D` is complete form the denominator; the others are
 * reported as window not complete. A date event counts when `anchor <= event <= window end`;
 * members with an event before their anchor are excluded; a flag event of unknown value is excluded.
 *
 * The counts are made once per county, unit, group and cohort month (a cell table, kept per
 * extract); a view sums the cells within its filters, so a filter change reads a few thousand
 * rows, not every member. The view returns its sums per unit as well, folded here into cells.
 * Each row gets its rate and Wilson interval; each cell with both groups, Linkages minus
 * comparison (Newcombe interval, z-test), its cluster-robust interval from the units in the cell,
 * and where the cell pools more than one county, the county-stratified (Mantel–Haenszel) difference.
 */
export function planProportion(
  measure: ProportionMeasure,
  request: MeasureRequest,
): MeasurePlan<ResultBody<ProportionResult>> {
  const { through } = memberContext(request);
  const by = breakdownOf(request);
  const anchor = raw('anchor_date');
  const end = windowEnd(anchor, measure.window);
  const complete = windowComplete(anchor, measure.window, through);
  // Every member with its anchor on or before D, in one of two groups held apart: `left_out`,
  // outside the measure's population (`leavesOut`: not the people it is about), and `excluded`
  // for a data problem (an event dated before the anchor; a flag of unknown value in a complete
  // window). Each is counted in the cells, so that suppression holds each number (a base count
  // less denominator and open windows gives their sum; another output, the other group alone).
  const leftOut = measure.leavesOut ? sql`coalesce(left_out, FALSE)` : sql`FALSE`;
  const judged =
    measure.event === 'flag'
      ? sql`SELECT *, ${complete} AS complete, event_flag AS hit,
            ${leftOut} AS outside,
            NOT ${leftOut} AND (${complete}) AND event_flag IS NULL AS excluded
          FROM members WHERE anchor_date <= ${through}`
      : sql`SELECT *, ${complete} AS complete,
            coalesce(event_date <= ${end}, FALSE) AS hit,
            ${leftOut} AS outside,
            NOT ${leftOut} AND coalesce(event_date ${raw(measure.excludesOnAnchor ? '<=' : '<')} anchor_date, FALSE)
              AS excluded
          FROM (SELECT * REPLACE (CASE WHEN event_date <= ${through} THEN event_date END AS event_date)
                FROM members)
          WHERE anchor_date <= ${through}`;
  const bases = measure.bases ?? [];
  const columns = [...PART_COLUMNS, ...bases.map((_, i) => baseColumn(i))];
  return {
    members: membersOf(measure, request),
    derived: (members) => {
      const cells = sql`WITH members AS (${members}),
        judged AS (${judged})
        SELECT ${cellKeys(measure.onePerCohort)}
          count(*) FILTER (WHERE NOT outside AND NOT excluded AND complete AND hit IS NOT NULL)::INTEGER
            AS denominator,
          count(*) FILTER (WHERE NOT outside AND NOT excluded AND complete AND hit)::INTEGER
            AS numerator,
          count(*) FILTER (WHERE NOT outside AND NOT excluded AND NOT complete)::INTEGER
            AS window_not_complete,
          count(*) FILTER (WHERE outside)::INTEGER AS left_out,
          count(*) FILTER (WHERE excluded)::INTEGER AS excluded
        FROM judged GROUP BY ALL`;
      return {
        sql: bases.length > 0 ? baseDifferences(measure, request, cells) : cells,
        order: CELL_ORDER,
      };
    },
    view: (cells) => sumCells(request, cells, columns, measure.onePerCohort, true),
    parts: {
      sql: (cells) => cellParts(cells, columns, measure.onePerCohort),
      read: (rows) => readParts(rows, columns),
    },
    cells: cellSums(request, columns, measure.onePerCohort, true),
    read: (rows) => {
      const { cells, units } = foldUnits(rows, by, measure.event);
      const proportionRows = cells.map(
        ({ keys, denominator, numerator, windowNotComplete }): ProportionRow => {
          const interval = denominator > 0 ? wilsonInterval(numerator, denominator) : null;
          return {
            ...keys,
            denominator,
            numerator,
            rate: denominator > 0 ? numerator / denominator : null,
            ciLow: interval?.low ?? null,
            ciHigh: interval?.high ?? null,
            suppressed: false,
            windowNotComplete,
            unstable: denominator > 0 && denominator < UNSTABLE_BELOW,
          };
        },
      );
      return {
        rows: proportionRows,
        comparisons: pairByCell(proportionRows).map(({ keys, linkages, comparison }) =>
          compareRows(keys, linkages, comparison, units.get(cellId(keys)) ?? []),
        ),
      };
    },
  };
}

/**
 * A proportion's parts (DisclosurePart): denominator, numerator, window not complete, the members
 * left out (outside the measure's population, `leavesOut`: not the people it is about) and the
 * members excluded for a data problem (`excludes`: an event dated before the anchor, a flag
 * unknown in a complete window). No row shows either group, but a count of the same people beside
 * it (families identified, another measure of the same adults, the baseline page's "of N", its
 * "Sanction" row) less the denominator and open windows gives their sum, and another output may
 * give one group alone (the sanctioned adults, the adults who left aid), so suppression holds
 * each (isSmallPart, rule 1): held as one sum, a large group not about the measure would hide a
 * few members excluded for a data problem. Every proportion holds both: where none are, 0, which
 * masks nothing.
 */
const PART_COLUMNS = ['denominator', 'numerator', 'window_not_complete', 'left_out', 'excluded'];

/** The column of a measure's cells holding its `i`-th base less its members (baseDifferences). */
function baseColumn(i: number): string {
  return `base_${String(i)}`;
}

/**
 * The cell table of a measure with `bases` (sanction cure, return to aid, re-entry: cohorted by a
 * sanction start or an exit, while the same people are counted beside them by the index date or
 * the episode's start): its `cells` (PART_COLUMNS per cell) with a column per base, that base's
 * count (its members, denominator and open windows, or its numerator; its own cell table, one
 * member per quarter where it counts one per cohort) less this measure's members, in each cell.
 * A base row less the measure's row of the same label (a quarter, a range, a county, all, a
 * unit) is then the sum of the parts' column, like any count: it holds the members left out and
 * excluded, and those whose anchor falls in another quarter than their index date (moved out,
 * counted positive, or in, negative; after D: out of every row), together with the base's own
 * difference (an adult employed at the index date is in no employment row). The parts hold each
 * column (rule 1: masked when 1–10 either way, isSmallPart), so that no shown base row less the
 * measure's shown row of the same label gives 1–10 people (docs/disclosure-control.md, rule 1).
 */
function baseDifferences(measure: ProportionMeasure, request: MeasureRequest, cells: Sql): Sql {
  const bases = measure.bases ?? [];
  if (measure.onePerCohort)
    throw new Error(`${measure.id}: a measure counting one member per cohort cannot hold bases`);
  const own = sql`SELECT county, unit_id, "group", cohort_month,
      ${join(
        [
          ...PART_COLUMNS.map((c) => raw(c)),
          ...bases.map((_, i) => raw(`-(denominator + window_not_complete) AS ${baseColumn(i)}`)),
        ],
        ', ',
      )}
    FROM (${cells})`;
  const counts = bases.map(({ measure: base, count }, i) => {
    const plan = planProportion(base, request);
    const derived = plan.derived(plan.members.sql).sql;
    const value = count === 'members' ? 'denominator + window_not_complete' : 'numerator';
    const first = base.onePerCohort ? raw('WHERE first_in_quarter') : raw('');
    return sql`SELECT county, unit_id, "group", cohort_month, ${raw(`${value} AS ${baseColumn(i)}`)}
      FROM (${derived}) ${first}`;
  });
  const columns = [...PART_COLUMNS, ...bases.map((_, i) => baseColumn(i))];
  return sql`SELECT county, unit_id, "group", cohort_month,
      ${raw(columns.map((c) => `coalesce(sum(${c}), 0)::INTEGER AS ${c}`).join(', '))}
    FROM (${join([own, ...counts], ' UNION ALL BY NAME ')})
    GROUP BY ALL`;
}

/** The sums of one breakdown cell and group. */
interface GroupSums {
  keys: RowKeys;
  denominator: number;
  numerator: number;
  windowNotComplete: number;
}

/**
 * The view's rows (per cell, group and unit, in cell order) summed to one row per cell and group,
 * in the same order, and each cell's units with their members (denominator) and events
 * (numerator), by cellId. A unit's row counting none in the measure is left out: of a date
 * measure, none but members left out or excluded; of a flag measure, none but members left out
 * (its members of unknown flag, `excluded`, make a row, denominator 0).
 */
function foldUnits(
  rows: readonly Row[],
  by: readonly ByKey[],
  event: ProportionMeasure['event'],
): { cells: GroupSums[]; units: Map<string, UnitCount[]> } {
  const cells = new Map<string, GroupSums>();
  const units = new Map<string, UnitCount[]>();
  for (const row of rows) {
    const keys = readRowKeys(row, by);
    const cell = cellId(keys);
    const id = `${cell}${keys.group}`;
    const denominator = readInteger(row, 'denominator');
    const numerator = readInteger(row, 'numerator');
    const open = readInteger(row, 'window_not_complete');
    // A unit whose members in the cell are all left out or excluded (a date event before the
    // anchor, outside the population) is not in the measure: no row, as before the cells counted
    // them. A flag measure's members of unknown flag always made a row (denominator 0), and still do.
    const none = event === 'date' || readInteger(row, 'excluded') === 0;
    if (denominator === 0 && open === 0 && none) continue;
    const sums = cells.get(id) ?? { keys, denominator: 0, numerator: 0, windowNotComplete: 0 };
    sums.denominator += denominator;
    sums.numerator += numerator;
    sums.windowNotComplete += open;
    cells.set(id, sums);
    const inCell = units.get(cell) ?? [];
    inCell.push({
      county: readText(row, 'unit_county'),
      unitId: readText(row, 'unit_id'),
      group: keys.group,
      members: denominator,
      events: numerator,
    });
    units.set(cell, inCell);
  }
  return { cells: [...cells.values()], units };
}

function compareRows(
  keys: CellKeys,
  linkages: ProportionRow,
  comparison: ProportionRow,
  units: readonly UnitCount[],
): DifferenceComparison {
  const test = compareProportions(
    linkages.numerator ?? 0,
    linkages.denominator ?? 0,
    comparison.numerator ?? 0,
    comparison.denominator ?? 0,
  );
  const clustered = clusterRobustDifference(units);
  const counted = countUnits(units);
  const counties = new Set(units.filter((u) => u.members > 0).map((u) => u.county));
  const stratified = counties.size > 1 ? mantelHaenszelDifference(strataByCounty(units)) : null;
  return {
    ...keys,
    difference: test?.difference ?? null,
    ciLow: test?.low ?? null,
    ciHigh: test?.high ?? null,
    z: test?.z ?? null,
    p: test?.p ?? null,
    units: { linkages: counted.linkages.units, comparison: counted.comparison.units },
    fewUnits: isFewUnits(counted.linkages.units, counted.comparison.units),
    clusterCiLow: clustered?.interval?.low ?? null,
    clusterCiHigh: clustered?.interval?.high ?? null,
    clusterP: clustered?.interval?.p ?? null,
    clusterDf: clustered?.interval ? clustered.df : null,
    clusterNoInterval: clustered?.noInterval ?? null,
    mhDifference: stratified?.difference ?? null,
    mhCiLow: stratified?.low ?? null,
    mhCiHigh: stratified?.high ?? null,
    mhP: stratified?.p ?? null,
    mhStrata: stratified?.strata ?? null,
    suppressed: false,
  };
}
