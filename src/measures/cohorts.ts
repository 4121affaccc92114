import { raw, sql, type Sql } from '../db/sql';
import type { MeasureDefinition, MeasureWindow, Period } from './types';

// Cohorts and windows, each rule in SQL (for every member, in DuckDB) and in TypeScript (for the
// filter bar, the URL and the cards) side by side; cohorts.test.ts checks that they agree on every
// day over decades. Days in TypeScript are ISO `YYYY-MM-DD` text.

/** The cohort sizes, smallest first. */
export const PERIODS: readonly Period[] = ['quarter', 'half', 'year'];

/** The cohort size a view starts with: the dashboard's, the URL's when it names none, the command line's. */
export const DEFAULT_PERIOD: Period = 'quarter';

/** Each cohort size as people say it: "by half-year", "each quarter". */
export const PERIOD_NOUN: Readonly<Record<Period, string>> = {
  quarter: 'quarter',
  half: 'half-year',
  year: 'year',
};

/** Calendar months in a cohort, and the letter of its part in a label (`2024Q1`, `2024H1`, `2024`). */
const COHORT_MONTHS: Readonly<Record<Period, number>> = { quarter: 3, half: 6, year: 12 };
const PART_LETTER: Readonly<Record<Period, string>> = { quarter: 'Q', half: 'H', year: '' };
const perYear = (period: Period) => 12 / COHORT_MONTHS[period];

/**
 * The boolean column of a members relation that says a member is the first of its kind in its
 * cohort of `period` (see MeasureDefinition.onePerCohort).
 */
export function firstInCohort(period: Period): Sql {
  return raw(`first_in_${period}`);
}

// Keys: a cohort as a number, cheaper than its label to compute and compare for every row. Two
// days share a cohort exactly when their keys are equal, and keys order as cohorts do: a cohort
// is its year times the cohorts per year plus its part (0 for Q1 or H1).

/** The cohort key (an integer) of a DATE expression. */
export function cohortKey(period: Period, day: Sql): Sql {
  return sql`(year(${day}) * ${raw(String(perYear(period)))} + (month(${day}) - 1) // ${raw(String(COHORT_MONTHS[period]))})`;
}

/** The cohort key of an ISO day. */
export function cohortKeyOfDay(period: Period, iso: string): number {
  const { year, month } = partsOf(iso);
  return year * perYear(period) + Math.floor((month - 1) / COHORT_MONTHS[period]);
}

/** The label (`2024Q1`, `2024H1` or `2024`, VARCHAR) of a cohort key expression. */
export function cohortLabelOfKey(period: Period, key: Sql): Sql {
  if (period === 'year') return sql`CAST(${key} AS VARCHAR)`;
  const n = raw(String(perYear(period)));
  return sql`(CAST(${key} // ${n} AS VARCHAR) || ${raw(`'${PART_LETTER[period]}'`)} || CAST(${key} % ${n} + 1 AS VARCHAR))`;
}

/**
 * The label of a cohort key; `separator` goes between the year and its part (`' '` for people:
 * `2024 Q1`).
 */
export function cohortOfKey(period: Period, key: number, separator = ''): string {
  const n = perYear(period);
  const year = String(Math.floor(key / n));
  return period === 'year'
    ? year
    : `${year}${separator}${PART_LETTER[period]}${String((key % n) + 1)}`;
}

/** The cohort label (VARCHAR) of a DATE expression. */
export function cohortLabel(period: Period, day: Sql): Sql {
  return cohortLabelOfKey(period, cohortKey(period, day));
}

/** The cohort label of `period` that contains the ISO day. */
export function cohortOfDay(period: Period, iso: string): string {
  return cohortOfKey(period, cohortKeyOfDay(period, iso));
}

const COHORT_LABEL = /^(\d{4})(?:Q([1-4])|H([12]))?$/;

/** The size and key of a cohort label like `2024Q1`, `2024H1` or `2024`; null for other text. */
export function parseCohort(label: string): { period: Period; key: number } | null {
  const match = COHORT_LABEL.exec(label);
  if (!match) return null;
  const [period, part]: [Period, number] = match[2]
    ? ['quarter', Number(match[2])]
    : match[3]
      ? ['half', Number(match[3])]
      : ['year', 1];
  return { period, key: Number(match[1]) * perYear(period) + part - 1 };
}

/** The first day (ISO) of the cohort with this key. */
function firstDayOfKey(period: Period, key: number): string {
  const n = perYear(period);
  return isoOf(Date.UTC(Math.floor(key / n), (key % n) * COHORT_MONTHS[period], 1));
}

/** The ranges of the labels seen so far (a few hundred in any extract). */
const cohortRanges = new Map<string, { start: string; end: string }>();
const MAX_KEPT_RANGES = 10_000;

/**
 * The days a cohort label covers: `start` inclusive, `end` exclusive, both ISO. Throws on text
 * that is not a cohort label.
 */
export function cohortRange(label: string): { start: string; end: string } {
  let range = cohortRanges.get(label);
  if (range === undefined) {
    const cohort = parseCohort(label.trim());
    if (!cohort) throw new Error(`"${label}" is not a cohort label like 2024Q1, 2024H1 or 2024`);
    range = {
      start: firstDayOfKey(cohort.period, cohort.key),
      end: firstDayOfKey(cohort.period, cohort.key + 1),
    };
    // Suppression asks for the range of each row many times (two Dates each took most of a
    // second of the command line at 100k).
    if (cohortRanges.size < MAX_KEPT_RANGES) cohortRanges.set(label, range);
  }
  return { start: range.start, end: range.end };
}

/** Every cohort label of `period` from the one holding `first` to the one holding `last` (ISO days). */
export function cohortLabelsBetween(period: Period, first: string, last: string): string[] {
  if (first > last) return [];
  const firstKey = cohortKeyOfDay(period, first);
  // At most 1000 labels: a stray date centuries away must not hang the filter bar.
  const lastKey = Math.min(cohortKeyOfDay(period, last), firstKey + 999);
  const labels: string[] = [];
  for (let key = firstKey; key <= lastKey; key++) labels.push(cohortOfKey(period, key));
  return labels;
}

/** The same cohort boundary in another cohort size: a range's start widens down, its end up. */
export function relabelCohort(label: string, period: Period, edge: 'from' | 'to'): string {
  const { start, end } = cohortRange(label);
  return cohortOfDay(period, edge === 'from' ? start : addDays(end, -1));
}

/**
 * Last day (DATE) of a window opened on `anchor`: calendar months with the day clamped to the
 * month's end (DuckDB's `+ INTERVAL n MONTH`: 2024-01-31 + 1 month = 2024-02-29), or days.
 */
export function windowEnd(anchor: Sql, window: MeasureWindow): Sql {
  return 'months' in window
    ? sql`CAST(${anchor} + INTERVAL ${window.months} MONTH AS DATE)`
    : sql`(${anchor} + ${window.days})`;
}

/** Last day (ISO) of a window opened on the ISO day `anchor`, as windowEnd. */
export function windowEndOfDay(anchor: string, window: MeasureWindow): string {
  if ('days' in window) return addDays(anchor, window.days);
  const { year, month, day } = partsOf(anchor);
  const lastDay = new Date(Date.UTC(year, month - 1 + window.months + 1, 0)).getUTCDate();
  return isoOf(Date.UTC(year, month - 1 + window.months, Math.min(day, lastDay)));
}

/** Whether a window opened on `anchor` is complete on D (`through`), as a BOOLEAN expression. */
export function windowComplete(anchor: Sql, window: MeasureWindow, through: Sql): Sql {
  return sql`(${windowEnd(anchor, window)} <= ${through})`;
}

/**
 * True when every member of the cohort (a label) has been followed for the measure's full window
 * by D (ISO): for a proportion, the window of the cohort's last day is complete; for other kinds,
 * the cohort's last day is on or before D.
 */
export function isCohortComplete(
  measure: MeasureDefinition,
  cohort: string,
  dataThrough: string,
): boolean {
  const lastDay = addDays(cohortRange(cohort).end, -1);
  const end = measure.kind === 'proportion' ? windowEndOfDay(lastDay, measure.window) : lastDay;
  return end <= dataThrough;
}

/** The latest cohort of `period` that is complete on D (isCohortComplete), as a label. */
export function latestCompleteCohort(
  measure: MeasureDefinition,
  period: Period,
  dataThrough: string,
): string {
  let key = cohortKeyOfDay(period, dataThrough);
  while (!isCohortComplete(measure, cohortOfKey(period, key), dataThrough)) key--;
  return cohortOfKey(period, key);
}

function partsOf(iso: string): { year: number; month: number; day: number } {
  return {
    year: Number(iso.slice(0, 4)),
    month: Number(iso.slice(5, 7)),
    day: Number(iso.slice(8, 10)),
  };
}

function isoOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  const { year, month, day } = partsOf(iso);
  return isoOf(Date.UTC(year, month - 1, day + days));
}
