import { sql } from '../db/sql';
import { CELL_ORDER, cellKeys, cellParts, cellSums, readParts, sumCells } from './cells';
import { membersOf, type MeasurePlan, type ResultBody } from './plan';
import { readInteger, readRowKeys } from './row-keys';
import { breakdownOf, memberContext } from './scope';
import type { CountMeasure, CountResult, MeasureRequest } from './types';

/**
 * Members anchored on or before D, counted once per county, unit, group and cohort month (a cell
 * table) and summed by the view: `count` per row, no comparisons.
 */
export function planCount(
  measure: CountMeasure,
  request: MeasureRequest,
): MeasurePlan<ResultBody<CountResult>> {
  const { through } = memberContext(request);
  const by = breakdownOf(request);
  return {
    members: membersOf(measure, request),
    derived: (members) => ({
      sql: sql`WITH members AS (${members})
        SELECT ${cellKeys(measure.onePerCohort)}
          count(*)::INTEGER AS count
        FROM members WHERE anchor_date <= ${through} GROUP BY ALL`,
      order: CELL_ORDER,
    }),
    view: (cells) => sumCells(request, cells, ['count'], measure.onePerCohort),
    read: (rows) => ({
      rows: rows.map((row) => ({
        ...readRowKeys(row, by),
        count: readInteger(row, 'count'),
        suppressed: false,
      })),
      comparisons: [],
    }),
    parts: {
      sql: (cells) => cellParts(cells, ['count'], measure.onePerCohort),
      read: (rows) => readParts(rows, ['count']),
    },
    cells: cellSums(request, ['count'], measure.onePerCohort),
  };
}
