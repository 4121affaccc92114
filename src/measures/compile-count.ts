import type { DbClient } from '../db/client';
import { sql, type Sql } from '../db/sql';
import {
  CELL_ORDER,
  COHORT_MONTH,
  firstInColumns,
  readInteger,
  readRowKeys,
  scopeOf,
  sumCells,
  type Keep,
} from './scope';
import type { CountMeasure, CountResult, MeasureRequest } from './types';

/** Members anchored on or before D, counted once per cell (see runProportion) and summed. */
export async function runCount(
  db: DbClient,
  measure: CountMeasure,
  request: MeasureRequest,
  members: Sql,
  keep: Keep,
  signal?: AbortSignal,
): Promise<CountResult> {
  const scope = scopeOf(request, members);
  const cells = await keep(
    sql`${scope.with}
      SELECT county, unit_id, "group", ${COHORT_MONTH}, ${firstInColumns(measure.onePerCohort)}
        count(*)::INTEGER AS count
      FROM members WHERE anchor_date <= ${scope.through} GROUP BY ALL`,
    CELL_ORDER,
  );
  const { by, rows } = await sumCells(db, request, cells, ['count'], measure.onePerCohort, signal);
  return {
    kind: 'count',
    measureId: measure.id,
    dataThrough: request.dataThrough,
    by,
    period: request.period,
    suppression: false,
    rows: rows.map((row) => ({
      ...readRowKeys(row, by),
      count: readInteger(row, 'count'),
      suppressed: false,
    })),
    comparisons: [],
  };
}
