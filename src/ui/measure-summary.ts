import type { Group } from '../dataset/schema';
import {
  cellOf,
  isTimeToEvent,
  rowOf,
  valueKindOf,
  type GroupCell,
  type ValueKind,
} from '../measures/result-values';
import type { MeasureDefinition, MeasureResult, MeasureRow } from '../measures/types';
import { verdictOf, type Verdict } from '../measures/verdict';
import { valuesByCohort, type CohortPoint } from './chart-data';
import { isCohortComplete } from '../measures/cohorts';

/** What an overview card says about one measure: the latest complete cohort, side by side. */
export interface MeasureSummary {
  /** The cohort headlined, or null when all cohorts are pooled (time to event). */
  cohort: string | null;
  /** All cohorts pooled: what time-to-event cards headline (a recent quarter rarely reaches a median). */
  pooled: boolean;
  kind: ValueKind;
  /** Each group's estimate in the headline cell; null when the group has no row there. */
  value: Record<Group, GroupCell | null>;
  /** The headline cell's comparison (difference or log-rank) and what it supports. */
  verdict: Verdict;
  trend: CohortPoint[];
  /** Cohorts still inside their window, reported as such, never as failures. */
  incompleteCohorts: string[];
}

/**
 * `result` is broken down by cohort (the trend); `pooled`, with no breakdown, is what a
 * time-to-event card headlines.
 */
export function summarizeMeasure(
  measure: MeasureDefinition,
  result: MeasureResult,
  dataThrough: string,
  pooled?: MeasureResult,
): MeasureSummary {
  const headline: MeasureResult = isTimeToEvent(measure) && pooled ? pooled : result;
  const rows: readonly MeasureRow[] = headline.rows;
  const cohorts = [...new Set(rows.map((r) => r.cohort ?? ''))].sort();
  const complete = cohorts.filter((c) => c !== '' && isCohortComplete(measure, c, dataThrough));
  const incompleteCohorts = cohorts.filter((c) => !complete.includes(c));
  const keysOf = (cohort: string | null) => (cohort === null ? {} : { cohort });
  const cohort =
    headline === pooled
      ? null
      : ([...complete]
          .reverse()
          .find(
            (c) =>
              rowOf(rows, 'linkages', { cohort: c }) && rowOf(rows, 'comparison', { cohort: c }),
          ) ?? null);
  const cell = (group: Group) => cellOf(rowOf(rows, group, keysOf(cohort)));
  const trendRows: readonly MeasureRow[] = result.rows;
  // A proportion's cohort still inside its window has no rate to draw yet.
  const trend = valuesByCohort(
    result.kind === 'proportion'
      ? trendRows.filter((r) => complete.includes(r.cohort ?? ''))
      : trendRows,
  );
  return {
    cohort,
    pooled: headline === pooled,
    kind: valueKindOf(measure),
    value: { linkages: cell('linkages'), comparison: cell('comparison') },
    verdict: verdictOf(measure, headline, keysOf(cohort)),
    trend,
    incompleteCohorts,
  };
}
