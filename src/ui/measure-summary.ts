import type { Group } from '../dataset/schema';
import { isCohortComplete } from '../measures/cohorts';
import {
  cellOf,
  rowOf,
  valueKindOf,
  type GroupCell,
  type ValueKind,
} from '../measures/result-values';
import type { MeasureDefinition, MeasureResult, MeasureRow } from '../measures/types';
import { verdictOf, type Verdict } from '../measures/verdict';
import { valuesByCohort, type CohortPoint } from './chart-data';

/**
 * What a card and a measure page headline say about one measure in a view: the view's complete
 * cohorts pooled (headlineScope), Linkages beside comparison, and the latest complete cohort as a
 * secondary line.
 */
export interface MeasureSummary {
  kind: ValueKind;
  /** The complete cohorts pooled that have members, first and last; null when there are none. */
  span: { first: string; last: string } | null;
  /** No cohort of the view is complete (else a null span means the complete ones have no members). */
  noneComplete: boolean;
  /** Who the measure counts (its definition's population): "families". */
  population: string;
  /** Each group's pooled estimate; null when the group has no members there. */
  value: Record<Group, GroupCell | null>;
  /** The pooled comparison (difference or log-rank) and what it supports. */
  verdict: Verdict;
  /** The latest complete cohort with members, on its own; null when there is none. */
  latest: { cohort: string; value: Record<Group, GroupCell | null> } | null;
  trend: CohortPoint[];
  /** Cohorts still inside their window, reported as such, never as failures. */
  incompleteCohorts: string[];
}

/**
 * `byCohort` is the view broken down by cohort (the trend and the latest cohort); `headline`, the
 * view's complete cohorts pooled, ending at `latestCohort` (both from headlineQuery).
 */
export function summarizeMeasure(
  measure: MeasureDefinition,
  byCohort: MeasureResult,
  headline: MeasureResult,
  latestCohort: string | null,
  dataThrough: string,
): MeasureSummary {
  const rows: readonly MeasureRow[] = byCohort.rows;
  const pooledRows: readonly MeasureRow[] = headline.rows;
  const cohorts = [...new Set(rows.map((r) => r.cohort ?? ''))].filter((c) => c !== '').sort();
  const complete = cohorts.filter((c) => isCohortComplete(measure, c, dataThrough));
  // The complete cohorts the headline pools that have members: the span and the latest line.
  const pooledCohorts = latestCohort === null ? [] : complete.filter((c) => c <= latestCohort);
  const first = pooledCohorts[0];
  const last = pooledCohorts.at(-1);
  const cellsOf = (rowsOf: readonly MeasureRow[], cohort?: string) => {
    const keys = cohort === undefined ? {} : { cohort };
    return {
      linkages: cellOf(rowOf(rowsOf, 'linkages', keys)),
      comparison: cellOf(rowOf(rowsOf, 'comparison', keys)),
    };
  };
  // A proportion's cohort still inside its window has no rate to draw yet.
  const trend = valuesByCohort(
    byCohort.kind === 'proportion' ? rows.filter((r) => complete.includes(r.cohort ?? '')) : rows,
  );
  return {
    kind: valueKindOf(measure),
    span: first !== undefined && last !== undefined ? { first, last } : null,
    noneComplete: latestCohort === null,
    population: measure.population,
    value: cellsOf(pooledRows),
    verdict: verdictOf(measure, headline),
    latest: last === undefined ? null : { cohort: last, value: cellsOf(rows, last) },
    trend,
    incompleteCohorts: cohorts.filter((c) => !complete.includes(c)),
  };
}
