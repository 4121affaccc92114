import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import { runCount } from './compile-count';
import { runProportion } from './compile-proportion';
import { runCompetingTimeToEvent, runTimeToEvent } from './compile-time-to-event';
import type { MemberTables } from './member-tables';
import { inline, memberContext, type Keep } from './scope';
import type { MeasureDefinition, MeasureRequest, MeasureResult } from './types';

/**
 * One query per measure per request; the result is unsuppressed (see suppressResult). With
 * `memberTables` (the loaded extract's), the measure's members are computed once and kept.
 */
export async function runMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  request: MeasureRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<MeasureResult> {
  const membersSql = measure.members(memberContext(request));
  const kept = memberTables
    ? sql`FROM ${await memberTables.table(membersSql, signal)}`
    : membersSql;
  const keep: Keep = memberTables
    ? async (relation, order) => sql`FROM ${await memberTables.table(relation, signal, order)}`
    : inline;
  // Kept cells and times carry the first-in-cohort flags (see firstInColumns): one table for every
  // cohort size.
  switch (measure.kind) {
    case 'count':
      return runCount(db, measure, request, kept, keep, signal);
    case 'proportion':
      return runProportion(db, measure, request, kept, keep, signal);
    case 'time-to-event':
      return runTimeToEvent(db, measure, request, kept, keep, signal);
    case 'competing-time-to-event':
      return runCompetingTimeToEvent(db, measure, request, kept, keep, signal);
  }
}
