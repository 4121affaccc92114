import { cohortRange } from '../measures/scope';
import type { MeasureDefinition } from '../measures/types';

function addDays(iso: string, days: number): Date {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

/** Calendar months with the day clamped to the month end, as DuckDB's `+ INTERVAL n MONTH`. */
function addMonths(day: Date, months: number): Date {
  const target = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day.getUTCDate(), lastDay));
  return target;
}

/** True when every member of the cohort has had the measure's full window by D. */
export function isCohortComplete(measure: MeasureDefinition, cohort: string, dataThrough: string): boolean {
  const lastDay = addDays(cohortRange(cohort).end, -1);
  const through = new Date(`${dataThrough}T00:00:00Z`);
  if (measure.kind !== 'proportion') return lastDay <= through;
  const window = measure.window;
  const end =
    'months' in window
      ? addMonths(lastDay, window.months)
      : new Date(lastDay.getTime() + window.days * 86_400_000);
  return end <= through;
}
