import type { DbClient } from '../db/client';
import { runCount } from './compile-count';
import { runProportion } from './compile-proportion';
import { runCompetingTimeToEvent, runTimeToEvent } from './compile-time-to-event';
import type { MeasureDefinition, MeasureRequest, MeasureResult } from './types';

/** One query per measure per request; the result is unsuppressed (see suppressResult). */
export async function runMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  request: MeasureRequest,
  signal?: AbortSignal,
): Promise<MeasureResult> {
  switch (measure.kind) {
    case 'count':
      return runCount(db, measure, request, signal);
    case 'proportion':
      return runProportion(db, measure, request, signal);
    case 'time-to-event':
      return runTimeToEvent(db, measure, request, signal);
    case 'competing-time-to-event':
      return runCompetingTimeToEvent(db, measure, request, signal);
  }
}
