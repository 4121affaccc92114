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
 * `available`: the extract's available measures (measuresShown) when the caller knows them;
 * otherwise they are read from the extract (one query).
 */
export async function runSuppressed(
  db: DbClient,
  measure: MeasureDefinition,
  request: MeasureRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
  available?: readonly MeasureDefinition[],
): Promise<MeasureResult> {
  const siblings =
    measure.family === undefined
      ? []
      : familyMembers(measure.family, available ?? (await availableMeasures(db, signal))).filter(
          (other) => other.id !== measure.id,
        );
  const [suppressed] = await runFamilySuppressed(
    db,
    [measure, ...siblings],
    request,
    signal,
    memberTables,
  );
  if (!suppressed) throw new Error('suppressMeasures returned no result');
  return suppressed;
}

/** The measures of `family` among `available`, in their order (the catalog's). */
export function familyMembers(
  family: string,
  available: readonly MeasureDefinition[],
): MeasureDefinition[] {
  return available.filter((measure) => measure.family === family);
}

/**
 * The measures of one family (`members`, e.g. familyMembers of the extract's available measures)
 * for one view, each run once and suppressed together (suppressMeasures masks a family the same
 * whatever order it is given in, so each member's result is the one runSuppressed gives it).
 * One statement per measure (with kept tables), however many of the family a page shows.
 * Returns the suppressed results in `members` order.
 */
export async function runFamilySuppressed(
  db: DbClient,
  members: readonly MeasureDefinition[],
  request: MeasureRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<MeasureResult[]> {
  const results = await Promise.all(
    members.map((m) => runMeasure(db, m, request, signal, memberTables)),
  );
  return suppressMeasures(results);
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
