import type { DbClient } from '../db/client';
import { REACH_MEASURE, availableMeasures } from './catalog';
import type { MemberTables } from './member-tables';
import { runMeasure } from './run-measure';
import { suppressMeasures, suppressResult } from './suppression';
import type { MeasureDefinition, MeasureRequest, MeasureResult } from './types';

/**
 * A measure's result for a view, suppressed as it is everywhere else: with the other available
 * measures of its family (same people; `family` of the definition) run for the same view, so
 * that what one masks none of them shows (suppressMeasures). Without a family, one query.
 */
export async function runSuppressed(
  db: DbClient,
  measure: MeasureDefinition,
  request: MeasureRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<MeasureResult> {
  const siblings =
    measure.family === undefined
      ? []
      : (await availableMeasures(db, signal)).filter(
          (other) => other.family === measure.family && other.id !== measure.id,
        );
  const results = await Promise.all(
    [measure, ...siblings].map((m) => runMeasure(db, m, request, signal, memberTables)),
  );
  const [suppressed] = suppressMeasures(results);
  if (!suppressed) throw new Error('suppressMeasures returned no result');
  return suppressed;
}

/**
 * Whether the number of families loaded may be shown beside the measures (the banner, the
 * `validation` block of an export): not when families identified masks either group's total of
 * the whole extract, since the number less the other group's total would give it.
 */
export async function familyCountShown(
  db: DbClient,
  dataThrough: string,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<boolean> {
  const request: MeasureRequest = { by: [], period: 'quarter', dataThrough };
  const result = suppressResult(await runMeasure(db, REACH_MEASURE, request, signal, memberTables));
  return result.rows.every((row) => !row.suppressed);
}
