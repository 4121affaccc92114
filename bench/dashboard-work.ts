import type { DbClient } from '../src/db/client';
import { availableMeasures } from '../src/measures/catalog';
import type { MemberTables } from '../src/measures/member-tables';
import { runMeasure } from '../src/measures/run-measure';
import { suppressResult } from '../src/measures/suppression';
import type { ByKey, MeasureFilters, MeasureRequest, Period } from '../src/measures/types';
import type { TimedStatement } from './timed-db';

export interface DashboardView {
  period: Period;
  filters: MeasureFilters;
}

/** The three views every engine is timed on: first dashboard, a county filter, a cohort-size change. */
export const BENCH_VIEWS = {
  first: { period: 'quarter', filters: {} },
  filter: { period: 'quarter', filters: { counties: ['Fresno'] } },
  cohortSize: { period: 'year', filters: {} },
} as const satisfies Record<string, DashboardView>;

export type ViewName = keyof typeof BENCH_VIEWS;

/** The URL hash of a view, as the app writes it. */
export function viewHash(view: DashboardView): string {
  const params = new URLSearchParams();
  if (view.period !== 'quarter') params.set('period', view.period);
  if (view.filters.counties?.length) params.set('counties', view.filters.counties.join(','));
  const query = params.toString();
  return `overview${query ? `?${query}` : ''}`;
}

export interface MeasureTiming {
  measure: string;
  by: string;
  totalMs: number;
  /** Time inside DuckDB (query and result conversion); the rest is statistics in JavaScript. */
  dbMs: number;
}

/**
 * What the overview page computes for a view (src/app/overview-page.tsx): every available measure
 * by cohort, and each time-to-event measure pooled over cohorts; suppressed. With the extract's
 * member tables, as the app keeps them (computed by the first view, reused by the others). With
 * the log of a timed client, says how long each measure took and how much of it was DuckDB.
 */
export async function computeDashboard(
  db: DbClient,
  dataThrough: string,
  view: DashboardView,
  memberTables: MemberTables,
  log: readonly TimedStatement[] = [],
): Promise<MeasureTiming[]> {
  const measures = await availableMeasures(db);
  const requests: { by: ByKey[]; measure: (typeof measures)[number] }[] = [
    ...measures.map((measure) => ({ by: ['cohort'] as ByKey[], measure })),
    ...measures
      .filter((m) => m.kind === 'time-to-event' || m.kind === 'competing-time-to-event')
      .map((measure) => ({ by: [] as ByKey[], measure })),
  ];
  const timings: MeasureTiming[] = [];
  for (const { by, measure } of requests) {
    const request: MeasureRequest = { by, period: view.period, filters: view.filters, dataThrough };
    const logged = log.length;
    const started = performance.now();
    suppressResult(await runMeasure(db, measure, request, undefined, memberTables));
    timings.push({
      measure: measure.id,
      by: by.join(',') || 'pooled',
      totalMs: performance.now() - started,
      dbMs: log.slice(logged).reduce((sum, entry) => sum + entry.ms, 0),
    });
  }
  return timings;
}
