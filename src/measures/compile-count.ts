import type { DbClient } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { readInteger, readRowKeys, scopeOf } from './scope';
import type { CountMeasure, CountResult, MeasureRequest } from './types';

export async function runCount(
  db: DbClient,
  measure: CountMeasure,
  request: MeasureRequest,
  members: Sql,
  signal?: AbortSignal,
): Promise<CountResult> {
  const scope = scopeOf(request, members);
  const rows = await db.query(
    sql`${scope.with},
      scoped AS (SELECT ${scope.select} FROM members WHERE ${scope.where})
      SELECT ${scope.cell}, count(*)::INTEGER AS count
      FROM scoped GROUP BY ${scope.cell} ORDER BY ${scope.order}`,
    signal,
  );
  return {
    kind: 'count',
    measureId: measure.id,
    dataThrough: request.dataThrough,
    by: scope.by,
    period: request.period,
    suppression: false,
    rows: rows.map((row) => ({
      ...readRowKeys(row, scope.by),
      count: readInteger(row, 'count'),
      suppressed: false,
    })),
    comparisons: [],
  };
}
