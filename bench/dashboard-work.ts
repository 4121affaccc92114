import type { DbClient } from '../src/db/client';
import { availableMeasures } from '../src/measures/catalog';
import { runMeasure } from '../src/measures/run-measure';
import { suppressResult } from '../src/measures/suppression';
import type { ByKey, MeasureFilters, MeasureRequest, Period } from '../src/measures/types';

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

/**
 * What the overview page computes for a view (src/app/overview-page.tsx): every available measure
 * by cohort, and each time-to-event measure pooled over cohorts; suppressed. Returns the number
 * of measure results.
 */
export async function computeDashboard(
  db: DbClient,
  dataThrough: string,
  view: DashboardView,
): Promise<number> {
  const measures = await availableMeasures(db);
  const requests: { by: ByKey[]; measure: (typeof measures)[number] }[] = [
    ...measures.map((measure) => ({ by: ['cohort'] as ByKey[], measure })),
    ...measures
      .filter((m) => m.kind === 'time-to-event' || m.kind === 'competing-time-to-event')
      .map((measure) => ({ by: [] as ByKey[], measure })),
  ];
  for (const { by, measure } of requests) {
    const request: MeasureRequest = { by, period: view.period, filters: view.filters, dataThrough };
    suppressResult(await runMeasure(db, measure, request));
  }
  return requests.length;
}
