import { raw, sql } from '../db/sql';
import { CELL_ORDER, cellKeys, sumCells } from './cells';
import { windowComplete, windowEnd } from './cohorts';
import { membersOf, type MeasurePlan, type ResultBody } from './plan';
import { pairByCell, readInteger, readRowKeys } from './row-keys';
import { breakdownOf, memberContext } from './scope';
import { compareProportions, wilsonInterval } from './statistics';
import { UNSTABLE_BELOW } from './suppression';
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
 * extract); a view sums the cells within its filters, so a filter change reads a few thousand
 * rows, not every member. Each row gets its rate and Wilson interval; each cell with both groups,
 * Linkages minus comparison (Newcombe interval, z-test).
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
  const judged =
    measure.event === 'flag'
      ? sql`SELECT *, ${complete} AS complete, event_flag AS hit
          FROM members WHERE anchor_date <= ${through}`
      : sql`SELECT *, ${complete} AS complete,
            coalesce(event_date <= ${end}, FALSE) AS hit
          FROM (SELECT * REPLACE (CASE WHEN event_date <= ${through} THEN event_date END AS event_date)
                FROM members)
          WHERE anchor_date <= ${through} AND NOT coalesce(event_date < anchor_date, FALSE)`;
  return {
    members: membersOf(measure, request),
    derived: (members) => ({
      sql: sql`WITH members AS (${members}),
        judged AS (${judged})
        SELECT ${cellKeys(measure.onePerCohort)}
          count(*) FILTER (WHERE complete AND hit IS NOT NULL)::INTEGER AS denominator,
          count(*) FILTER (WHERE complete AND hit)::INTEGER AS numerator,
          count(*) FILTER (WHERE NOT complete)::INTEGER AS window_not_complete
        FROM judged GROUP BY ALL`,
      order: CELL_ORDER,
    }),
    view: (cells) =>
      sumCells(
        request,
        cells,
        ['denominator', 'numerator', 'window_not_complete'],
        measure.onePerCohort,
      ),
    read: (rows) => {
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
        rows: proportionRows,
        comparisons: pairByCell(proportionRows).map(({ keys, linkages, comparison }) =>
          compareRows(keys, linkages, comparison),
        ),
      };
    },
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
