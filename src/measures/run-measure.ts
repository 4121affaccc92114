import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import { runCount } from './compile-count';
import { runProportion } from './compile-proportion';
import { runCompetingTimeToEvent, runTimeToEvent } from './compile-time-to-event';
import type { MemberTables } from './member-tables';
import { firstInCohort, inline, memberContext, type Keep } from './scope';
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
  const members = measure.onePerCohort
    ? sql`SELECT * FROM (${kept}) WHERE ${firstInCohort(request.period)}`
    : kept;
  const keep: Keep = memberTables
    ? async (relation, order) => sql`FROM ${await memberTables.table(relation, signal, order)}`
    : inline;
  switch (measure.kind) {
    case 'count':
      return runCount(db, measure, request, members, keep, signal);
    case 'proportion':
      return runProportion(db, measure, request, members, keep, signal);
    // Time to event keeps each member's time with its first-in-cohort flags, for every cohort size.
    case 'time-to-event':
      return runTimeToEvent(db, measure, request, kept, keep, signal);
    case 'competing-time-to-event':
      return runCompetingTimeToEvent(db, measure, request, kept, keep, signal);
  }
}
