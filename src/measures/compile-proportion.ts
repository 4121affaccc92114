import type { DbClient } from '../db/client';
import { raw, sql, type Sql } from '../db/sql';
import {
  CELL_ORDER,
  COHORT_MONTH,
  firstInColumns,
  UNSTABLE_BELOW,
  pairByCell,
  readInteger,
  readRowKeys,
  scopeOf,
  sumCells,
  type Keep,
} from './scope';
import { windowComplete, windowEnd } from './cohorts';
import { compareProportions, wilsonInterval } from './statistics';
import type {
  CellKeys,
  DifferenceComparison,
  MeasureRequest,
  ProportionMeasure,
  ProportionResult,
  ProportionRow,
} from './types';

/**
 * Members whose window `anchor + window <= D` is complete form the denominator; the others are
 * reported as window not complete. A date event counts when `anchor <= event <= window end`;
 * members with an event before their anchor are excluded; a flag event of unknown value is excluded.
 *
 * The counts are made once per county, unit, group and cohort month (a cell table, kept per
 * extract by `keep`); a view sums the cells within its filters, so a filter change reads a few
 * thousand rows, not every member.
 */
export async function runProportion(
  db: DbClient,
  measure: ProportionMeasure,
  request: MeasureRequest,
  members: Sql,
  keep: Keep,
  signal?: AbortSignal,
): Promise<ProportionResult> {
  const scope = scopeOf(request, members);
  const anchor = raw('anchor_date');
  const end = windowEnd(anchor, measure.window);
  const complete = windowComplete(anchor, measure.window, scope.through);
  const judged =
    measure.event === 'flag'
      ? sql`SELECT *, ${complete} AS complete, event_flag AS hit
          FROM members WHERE anchor_date <= ${scope.through}`
      : sql`SELECT *, ${complete} AS complete,
            coalesce(event_date <= ${end}, FALSE) AS hit
          FROM (SELECT * REPLACE (CASE WHEN event_date <= ${scope.through} THEN event_date END AS event_date)
                FROM members)
          WHERE anchor_date <= ${scope.through} AND NOT coalesce(event_date < anchor_date, FALSE)`;
  const cells = await keep(
    sql`${scope.with},
      judged AS (${judged})
      SELECT county, unit_id, "group", ${COHORT_MONTH}, ${firstInColumns(measure.onePerCohort)}
        count(*) FILTER (WHERE complete AND hit IS NOT NULL)::INTEGER AS denominator,
        count(*) FILTER (WHERE complete AND hit)::INTEGER AS numerator,
        count(*) FILTER (WHERE NOT complete)::INTEGER AS window_not_complete
      FROM judged GROUP BY ALL`,
    CELL_ORDER,
  );
  const { by, rows } = await sumCells(
    db,
    request,
    cells,
    ['denominator', 'numerator', 'window_not_complete'],
    measure.onePerCohort,
    signal,
  );
  const proportionRows = rows.map((row): ProportionRow => {
    const denominator = readInteger(row, 'denominator');
    const numerator = readInteger(row, 'numerator');
    const interval = denominator > 0 ? wilsonInterval(numerator, denominator) : null;
    return {
      ...readRowKeys(row, by),
      denominator,
      numerator,
      rate: denominator > 0 ? numerator / denominator : null,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      suppressed: false,
      windowNotComplete: readInteger(row, 'window_not_complete'),
      unstable: denominator > 0 && denominator < UNSTABLE_BELOW,
    };
  });
  return {
    kind: 'proportion',
    measureId: measure.id,
    dataThrough: request.dataThrough,
    by,
    period: request.period,
    suppression: false,
    rows: proportionRows,
    comparisons: pairByCell(proportionRows).map(({ keys, linkages, comparison }) =>
      compareRows(keys, linkages, comparison),
    ),
  };
}

function compareRows(
  keys: CellKeys,
  linkages: ProportionRow,
  comparison: ProportionRow,
): DifferenceComparison {
  const test = compareProportions(
    linkages.numerator ?? 0,
    linkages.denominator ?? 0,
    comparison.numerator ?? 0,
    comparison.denominator ?? 0,
  );
  return {
    ...keys,
    difference: test?.difference ?? null,
    ciLow: test?.low ?? null,
    ciHigh: test?.high ?? null,
    z: test?.z ?? null,
    p: test?.p ?? null,
    suppressed: false,
  };
}
