import type { Row } from '../db/client';
import { join, raw, sql } from '../db/sql';
import { firstInColumns, firstInView } from './cells';
import { isFewUnits } from './cluster-robust';
import { cohortKey, cohortLabel, cohortLabelOfKey } from './cohorts';
import { readParts } from './cells';
import { MIN_AT_RISK } from './derived-views';
import { membersOf, type MeasurePlan, type ResultBody } from './plan';
import { pairByCell, readInteger, readRowKeys } from './row-keys';
import { memberContext, viewScope } from './scope';
import { UNSTABLE_BELOW } from './suppression';
import { CENSORED, COMPETING, EVENT, sumTimeRows } from './time-table';
import {
  cumulativeIncidence,
  kaplanMeier,
  logRank,
  type CompetingCount,
  type TimeCount,
} from './survival';
import type {
  ByKey,
  CompetingMeasure,
  IncidenceResult,
  IncidenceRow,
  LogRankComparison,
  LogRankCounts,
  MeasureRequest,
  RowKeys,
  SurvivalResult,
  SurvivalRow,
  TimeToEventMeasure,
} from './types';

/** The counts of one cell and group: one entry per day t with an event, competing exit or censoring. */
interface CellCounts {
  keys: RowKeys;
  counts: CompetingCount[];
  /** Units with members in the cell and group. */
  units: number;
}

/**
 * Time in days from anchor_date to the first observed event (or competing event), censored at D.
 * Members with an event before their anchor are excluded. Each member's time and outcome depend
 * only on D, so they are computed once per extract and kept beside the columns a view filters
 * on; a view counts them by cell and day. Cohorts are grouped by their numeric key and labeled
 * after counting (labels for every member took most of a full scan). SQL aggregates to
 * (cell × t) counts, and a row per unit of each cell and group; the curves are computed in
 * `read`. With kept tables the same rows are summed in TypeScript from the times read whole once
 * per extract (`times`, time-table.ts).
 */
function planTimeCounts<Body>(
  measure: TimeToEventMeasure | CompetingMeasure,
  request: MeasureRequest,
  read: (cells: CellCounts[]) => Body,
): MeasurePlan<Body> {
  const { through } = memberContext(request);
  const view = viewScope(request, 'cohort_date');
  const competing = measure.kind === 'competing-time-to-event';
  const observedCompeting = competing
    ? sql`CASE WHEN competing_date <= ${through} THEN competing_date END`
    : sql`NULL::DATE`;
  // Counted by county and numeric cohort key, labeled after counting.
  const county = view.by.includes('county') ? [raw('county')] : [];
  const byCohort = view.by.includes('cohort');
  const key = sql`${cohortKey(request.period, raw('cohort_date'))}::INTEGER AS cohort_key`;
  const label = sql`${cohortLabelOfKey(request.period, raw('cohort_key'))} AS cohort`;
  const keys = [...county, ...(byCohort ? [key] : [])];
  const keyNames = [...county, ...(byCohort ? [raw('cohort_key')] : [])];
  // Both columns in every view, NULL when not in the breakdown: the views of every breakdown
  // have the same columns (as sumTimeRows gives them).
  const labels = [
    county.length > 0 ? raw('county') : raw('NULL::VARCHAR AS county'),
    byCohort ? label : raw('NULL::VARCHAR AS cohort'),
  ];
  return {
    members: membersOf(measure, request),
    derived: (members) => ({
      sql: sql`WITH members AS (${members})
        SELECT county, unit_id, "group", cohort_date, ${firstInColumns(measure.onePerCohort)}
          CASE
            WHEN event IS NOT NULL AND NOT coalesce(other < event, FALSE) THEN ${EVENT}
            WHEN other IS NOT NULL THEN ${COMPETING}
            ELSE ${CENSORED}
          END::TINYINT AS outcome,
          CAST(coalesce(least(event, other), ${through}) - anchor_date AS INTEGER) AS t
        FROM (
          SELECT *, CASE WHEN event_date <= ${through} THEN event_date END AS event,
            ${observedCompeting} AS other
          FROM members WHERE anchor_date <= ${through}
        )
        WHERE NOT coalesce(event < anchor_date OR other < anchor_date, FALSE)`,
      order: null,
    }),
    // One aggregate in two grouping sets: the counts by cell, group and t; and a row per unit
    // of each cell and group (t NULL), which groupByCell counts. Cheaper to plan and run in
    // DuckDB-wasm than the counts joined to a count of distinct units.
    view: (timed) =>
      sql`WITH timed AS (${timed}),
        scoped AS (
          SELECT ${join([...keys, raw('"group"'), raw('county AS unit_county, unit_id, t, outcome')], ', ')}
          FROM timed
          WHERE ${firstInView(measure.onePerCohort, request.period)} AND ${view.filters}
        )
        SELECT ${join([...labels, raw('"group"'), raw('t')], ', ')}, GROUPING(t) = 1 AS unit_row,
          count(*) FILTER (WHERE outcome = ${EVENT})::INTEGER AS events,
          count(*) FILTER (WHERE outcome = ${COMPETING})::INTEGER AS competing,
          count(*) FILTER (WHERE outcome = ${CENSORED})::INTEGER AS censored
        FROM scoped
        GROUP BY GROUPING SETS ((${join([...keyNames, raw('"group"'), raw('t')], ', ')}),
          (${join([...keyNames, raw('"group"'), raw('unit_county, unit_id')], ', ')}))
        ORDER BY ${join([...keyNames, raw('"group" DESC'), raw('t')], ', ')}`,
    read: (rows) => read(groupByCell(rows, view.by)),
    times: {
      onePerCohort: measure.onePerCohort,
      view: (table) => sumTimeRows(request, table),
    },
    parts: {
      // Members and events per county, unit, quarter and group, with no view filter, and the
      // follow-up times of each part's last members at risk (its curve's cut, rule 9).
      sql: (timed) =>
        sql`WITH timed AS (${timed})
          SELECT county, unit_id, ${cohortLabel('quarter', raw('cohort_date'))} AS cohort, "group",
            count(*)::INTEGER AS n, count(*) FILTER (WHERE outcome = ${EVENT})::INTEGER AS events,
            array_to_string(list_slice(list(t ORDER BY t DESC), 1, ${raw(String(MIN_AT_RISK))}), ',')
              AS tail
          FROM timed WHERE ${firstInView(measure.onePerCohort, 'quarter')}
          GROUP BY ALL ORDER BY ALL`,
      read: (rows) => readParts(rows, ['n', 'events'], 'tail'),
    },
  };
}

/**
 * Rows of (cell, group, t) counts, as one list of counts per cell and group, in row order, with
 * the number of units of each cell and group: its rows with `unit_row` (one per unit).
 */
function groupByCell(rows: readonly Row[], by: readonly ByKey[]): CellCounts[] {
  const cells = new Map<string, CellCounts>();
  for (const row of rows) {
    // A plain key: tens of thousands of rows arrive on the page's main thread.
    const id = `${String(row.county)}\u0000${String(row.cohort)}\u0000${String(row.group)}`;
    let cell = cells.get(id);
    if (!cell) {
      cell = { keys: readRowKeys(row, by), counts: [], units: 0 };
      cells.set(id, cell);
    }
    if (row.unit_row === true) {
      cell.units++;
      continue;
    }
    cell.counts.push({
      t: readInteger(row, 't'),
      events: readInteger(row, 'events'),
      competing: readInteger(row, 'competing'),
      censored: readInteger(row, 'censored'),
    });
  }
  return [...cells.values()];
}

/** Competing exits are censored: a log-rank test of the cause-specific hazard. */
function causeSpecific(counts: readonly CompetingCount[]): TimeCount[] {
  return counts.map(({ t, events, competing, censored }) => ({
    t,
    events,
    censored: competing + censored,
  }));
}

/**
 * The log-rank test of each cell with both groups, over all follow-up, and the counts it read
 * (suppression computes it again over the days both curves are drawn: drawn-log-rank.ts).
 */
function compareCells(cells: readonly CellCounts[]): {
  comparisons: LogRankComparison[];
  testCounts: LogRankCounts[];
} {
  const pairs = pairByCell(cells.map(({ keys, counts, units }) => ({ ...keys, counts, units })));
  const testCounts = pairs.map(({ keys, linkages, comparison }): LogRankCounts => ({
    ...keys,
    linkages: causeSpecific(linkages.counts),
    comparison: causeSpecific(comparison.counts),
  }));
  const comparisons = pairs.map(({ keys, linkages, comparison }, i): LogRankComparison => {
    const test = logRank(testCounts[i]!.linkages, testCounts[i]!.comparison);
    return {
      ...keys,
      chiSquare: test?.chiSquare ?? null,
      p: test?.p ?? null,
      throughDays: null,
      units: { linkages: linkages.units, comparison: comparison.units },
      fewUnits: isFewUnits(linkages.units, comparison.units),
      suppressed: false,
    };
  });
  return { comparisons, testCounts };
}

/** Kaplan–Meier per cell and group (median days, curve with its band), log-rank per cell. */
export function planTimeToEvent(
  measure: TimeToEventMeasure,
  request: MeasureRequest,
): MeasurePlan<ResultBody<SurvivalResult> & Pick<SurvivalResult, 'testCounts'>> {
  return planTimeCounts(measure, request, (cells) => ({
    rows: cells.map(({ keys, counts }): SurvivalRow => {
      const fit = kaplanMeier(causeSpecific(counts));
      return {
        ...keys,
        n: fit.n,
        events: fit.events,
        medianDays: fit.median,
        suppressed: false,
        unstable: fit.n < UNSTABLE_BELOW,
        curve: fit.points.map(({ t, survival, low, high, atRisk }) => ({
          t,
          survival,
          low,
          high,
          atRisk,
        })),
      };
    }),
    ...compareCells(cells),
  }));
}

/**
 * Cumulative incidence per cell and group, other exits as competing events; log-rank on the
 * cause-specific hazard per cell.
 */
export function planCompetingTimeToEvent(
  measure: CompetingMeasure,
  request: MeasureRequest,
): MeasurePlan<ResultBody<IncidenceResult> & Pick<IncidenceResult, 'testCounts'>> {
  return planTimeCounts(measure, request, (cells) => ({
    rows: cells.map(({ keys, counts }): IncidenceRow => {
      const fit = cumulativeIncidence(counts);
      return {
        ...keys,
        n: fit.n,
        events: fit.events,
        medianDays: fit.median,
        suppressed: false,
        unstable: fit.n < UNSTABLE_BELOW,
        curve: fit.points,
      };
    }),
    ...compareCells(cells),
  }));
}
