import type { DbClient, Row } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { UNSTABLE_BELOW, pairByCell, readInteger, readRowKeys, scopeOf } from './scope';
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
  MeasureRequest,
  RowKeys,
  SurvivalResult,
  SurvivalRow,
  TimeToEventMeasure,
} from './types';

/**
 * Time in days from anchor_date to the first observed event (or competing event), censored at D.
 * Members with an event before their anchor are excluded. SQL aggregates to (cell × t) counts;
 * the curves are computed here.
 */
async function queryTimeCounts(
  db: DbClient,
  measure: TimeToEventMeasure | CompetingMeasure,
  request: MeasureRequest,
  members: Sql,
  signal: AbortSignal | undefined,
) {
  const scope = scopeOf(request, members);
  const { through } = scope;
  const competing = measure.kind === 'competing-time-to-event';
  const observedCompeting = competing
    ? sql`, CASE WHEN competing_date <= ${through} THEN competing_date END AS competing_date`
    : sql``;
  const competingDate = competing ? sql`competing_date` : sql`NULL::DATE`;
  const rows = await db.query(
    sql`${scope.with},
      scoped AS (
        SELECT ${scope.select}, anchor_date,
          CASE WHEN event_date <= ${through} THEN event_date END AS event_date ${observedCompeting}
        FROM members WHERE ${scope.where}
      ),
      timed AS (
        SELECT ${scope.cell},
          CASE
            WHEN event_date IS NOT NULL AND NOT coalesce(${competingDate} < event_date, FALSE) THEN 'event'
            WHEN ${competingDate} IS NOT NULL THEN 'competing'
            ELSE 'censored'
          END AS outcome,
          CAST(coalesce(least(event_date, ${competingDate}), ${through}) - anchor_date AS INTEGER) AS t
        FROM scoped
        WHERE NOT coalesce(event_date < anchor_date OR ${competingDate} < anchor_date, FALSE)
      )
      SELECT ${scope.cell}, t,
        count(*) FILTER (WHERE outcome = 'event')::INTEGER AS events,
        count(*) FILTER (WHERE outcome = 'competing')::INTEGER AS competing,
        count(*) FILTER (WHERE outcome = 'censored')::INTEGER AS censored
      FROM timed GROUP BY ${scope.cell}, t ORDER BY ${scope.order}, t`,
    signal,
  );
  return { by: scope.by, cells: groupByCell(rows, scope.by) };
}

/** Rows of (cell, group, t) counts, as one list of counts per cell and group, in row order. */
function groupByCell(rows: readonly Row[], by: readonly ByKey[]) {
  const cells = new Map<string, { keys: RowKeys; counts: CompetingCount[] }>();
  for (const row of rows) {
    // A plain key: tens of thousands of rows arrive on the page's main thread.
    const id = `${String(row.county)}\u0000${String(row.cohort)}\u0000${String(row.group)}`;
    let cell = cells.get(id);
    if (!cell) {
      cell = { keys: readRowKeys(row, by), counts: [] };
      cells.set(id, cell);
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

function compareCells(
  cells: readonly { keys: RowKeys; counts: CompetingCount[] }[],
): LogRankComparison[] {
  return pairByCell(cells.map(({ keys, counts }) => ({ ...keys, counts }))).map(
    ({ keys, linkages, comparison }) => {
      const test = logRank(causeSpecific(linkages.counts), causeSpecific(comparison.counts));
      return { ...keys, chiSquare: test?.chiSquare ?? null, p: test?.p ?? null, suppressed: false };
    },
  );
}

export async function runTimeToEvent(
  db: DbClient,
  measure: TimeToEventMeasure,
  request: MeasureRequest,
  members: Sql,
  signal?: AbortSignal,
): Promise<SurvivalResult> {
  const { by, cells } = await queryTimeCounts(db, measure, request, members, signal);
  const rows = cells.map(({ keys, counts }): SurvivalRow => {
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
  });
  return {
    kind: 'time-to-event',
    measureId: measure.id,
    dataThrough: request.dataThrough,
    by,
    period: request.period,
    suppression: false,
    rows,
    comparisons: compareCells(cells),
  };
}

export async function runCompetingTimeToEvent(
  db: DbClient,
  measure: CompetingMeasure,
  request: MeasureRequest,
  members: Sql,
  signal?: AbortSignal,
): Promise<IncidenceResult> {
  const { by, cells } = await queryTimeCounts(db, measure, request, members, signal);
  const rows = cells.map(({ keys, counts }): IncidenceRow => {
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
  });
  return {
    kind: 'competing-time-to-event',
    measureId: measure.id,
    dataThrough: request.dataThrough,
    by,
    period: request.period,
    suppression: false,
    rows,
    comparisons: compareCells(cells),
  };
}
