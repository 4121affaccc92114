import { cellOf, type GroupCell } from '../measures/result-values';
import type {
  Comparison,
  IncidenceRow,
  MeasureDefinition,
  MeasureResult,
  MeasureRow,
  SurvivalRow,
} from '../measures/types';
import {
  cohortLabelsBetween,
  cohortRange,
  isCohortComplete,
  windowEndOfDay,
} from '../measures/cohorts';

/** One point per cohort with both groups side by side; null = masked or absent, never zero. */
export interface CohortPoint {
  cohort: string;
  linkages: number | null;
  comparison: number | null;
  linkagesMasked: boolean;
  comparisonMasked: boolean;
}

/** Each cohort's headline values (count, rate or median days), oldest first. */
export function valuesByCohort(rows: readonly MeasureRow[]): CohortPoint[] {
  const points = new Map<string, CohortPoint>();
  for (const row of rows) {
    const cohort = row.cohort ?? 'All';
    const point = points.get(cohort) ?? {
      cohort,
      linkages: null,
      comparison: null,
      linkagesMasked: false,
      comparisonMasked: false,
    };
    const cell = cellOf(row);
    point[row.group] = cell?.value ?? null;
    point[row.group === 'linkages' ? 'linkagesMasked' : 'comparisonMasked'] = cell?.masked ?? false;
    points.set(cohort, point);
  }
  return [...points.values()].sort((a, b) => a.cohort.localeCompare(b.cohort));
}

/** Linkages minus comparison in a cell (proportions), or the log-rank test (time to event). */
export interface CellTest {
  difference: number | null;
  low: number | null;
  high: number | null;
  chiSquare: number | null;
  p: number | null;
  masked: boolean;
}

function testOf(comparison: Comparison | undefined): CellTest | null {
  if (!comparison) return null;
  if ('difference' in comparison) {
    return {
      difference: comparison.difference,
      low: comparison.ciLow,
      high: comparison.ciHigh,
      chiSquare: null,
      p: comparison.p,
      masked: comparison.suppressed,
    };
  }
  return {
    difference: null,
    low: null,
    high: null,
    chiSquare: comparison.chiSquare,
    p: comparison.p,
    masked: comparison.suppressed,
  };
}

export interface TrendPoint {
  cohort: string;
  /** Every member's window has closed by D; otherwise the point is shown as "window not complete". */
  complete: boolean;
  /**
   * A proportion's half or year whose window is not complete: its quarters whose members' windows
   * have all closed by D (the rate is theirs alone), those with some closed, and those with none.
   */
  windows?: { closed: string[]; partly: string[]; open: string[] };
  linkages: GroupCell | null;
  comparison: GroupCell | null;
  test: CellTest | null;
}

/** The measure by cohort, oldest first, each cohort marked complete or not. */
export function trendByCohort(
  measure: MeasureDefinition,
  result: MeasureResult,
  dataThrough: string,
): TrendPoint[] {
  const rows: readonly MeasureRow[] = result.rows;
  const comparisons: readonly Comparison[] = result.comparisons;
  const cohorts = [...new Set(rows.map((r) => r.cohort ?? ''))].filter((c) => c !== '').sort();
  return cohorts.map((cohort) => {
    const complete = isCohortComplete(measure, cohort, dataThrough);
    const linkages = cellOf(rows.find((r) => r.cohort === cohort && r.group === 'linkages'));
    const comparison = cellOf(rows.find((r) => r.cohort === cohort && r.group === 'comparison'));
    const windows =
      complete || measure.kind !== 'proportion' || result.period === 'quarter'
        ? undefined
        : windowsOf(
            cohort,
            (q) => isCohortComplete(measure, q, dataThrough),
            (day) => windowEndOfDay(day, measure.window) <= dataThrough,
          );
    return {
      cohort,
      complete,
      ...(windows ? { windows } : {}),
      linkages,
      comparison,
      test: withoutRate(testOf(comparisons.find((c) => c.cohort === cohort)), linkages, comparison),
    };
  });
}

/** The quarters of a half or year by whether their members' windows have closed by D. */
function windowsOf(
  cohort: string,
  quarterClosed: (quarter: string) => boolean,
  dayClosed: (day: string) => boolean,
): { closed: string[]; partly: string[]; open: string[] } {
  const { start, end } = cohortRange(cohort);
  const lastDay = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const windows = { closed: [] as string[], partly: [] as string[], open: [] as string[] };
  for (const quarter of cohortLabelsBetween('quarter', start, lastDay)) {
    if (quarterClosed(quarter)) windows.closed.push(quarter);
    else if (dayClosed(cohortRange(quarter).start)) windows.partly.push(quarter);
    else windows.open.push(quarter);
  }
  return windows;
}

/**
 * A cell where a group has no rate (a shown denominator of 0: no member, or no window closed) has
 * no difference: it reads "—", not "masked" (there is nothing to mask).
 */
function withoutRate(
  test: CellTest | null,
  linkages: GroupCell | null,
  comparison: GroupCell | null,
): CellTest | null {
  const noRate = (cell: GroupCell | null) =>
    cell !== null && !cell.masked && cell.value === null && cell.n === 0;
  if (!test || !(noRate(linkages) || noRate(comparison))) return test;
  return { difference: null, low: null, high: null, chiSquare: null, p: null, masked: false };
}

export interface CountyPoint {
  county: string;
  linkages: GroupCell | null;
  comparison: GroupCell | null;
  test: CellTest | null;
}

export function byCounty(result: MeasureResult): CountyPoint[] {
  const rows: readonly MeasureRow[] = result.rows;
  const comparisons: readonly Comparison[] = result.comparisons;
  const counties = [...new Set(rows.map((r) => r.county ?? ''))].filter((c) => c !== '');
  return counties.map((county) => {
    const linkages = cellOf(rows.find((r) => r.county === county && r.group === 'linkages'));
    const comparison = cellOf(rows.find((r) => r.county === county && r.group === 'comparison'));
    return {
      county,
      linkages,
      comparison,
      test: withoutRate(testOf(comparisons.find((c) => c.county === county)), linkages, comparison),
    };
  });
}

export type CountySort = 'name' | 'linkages' | 'difference';

/** Values high to low; masked and absent values last, then by name. */
export function sortCounties(points: readonly CountyPoint[], by: CountySort): CountyPoint[] {
  const key = (p: CountyPoint): number | null => {
    if (by === 'linkages') return p.linkages?.value ?? null;
    if (by === 'difference') {
      if (p.test?.difference !== undefined && p.test.difference !== null) return p.test.difference;
      const a = p.linkages?.value;
      const b = p.comparison?.value;
      return p.test?.masked || a === undefined || a === null || b === undefined || b === null
        ? null
        : a - b;
    }
    return null;
  };
  return [...points].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return kb - ka;
    }
    return a.county.localeCompare(b.county);
  });
}

/** A curve as people read it: the cumulative share reaching the event by day t. */
export interface CumulativePoint {
  t: number;
  value: number;
  low: number;
  high: number;
  atRisk: number;
}

/** 1 − S(t) for Kaplan–Meier (its band flips too); the cumulative incidence as it is. */
export function cumulativeCurve(row: SurvivalRow | IncidenceRow): CumulativePoint[] {
  return row.curve.map((point) =>
    'survival' in point
      ? {
          t: point.t,
          value: 1 - point.survival,
          low: 1 - point.high,
          high: 1 - point.low,
          atRisk: point.atRisk,
        }
      : {
          t: point.t,
          value: point.incidence,
          low: point.low,
          high: point.high,
          atRisk: point.atRisk,
        },
  );
}

export interface CurvePoint {
  t: number;
  linkages: number | null;
  comparison: number | null;
  linkagesBand: [number, number] | null;
  comparisonBand: [number, number] | null;
  /** At risk just before the curve's last step on or before t. */
  linkagesAtRisk: number | null;
  comparisonAtRisk: number | null;
}

/** Reads a step curve (right-continuous) at increasing days, in one pass; null past its end. */
function stepReader(curve: readonly CumulativePoint[]): (t: number) => CumulativePoint | null {
  let next = 0;
  let current: CumulativePoint | null = null;
  const lastT = curve.at(-1)?.t ?? -Infinity;
  return (t) => {
    while (next < curve.length && (curve[next]?.t ?? Infinity) <= t)
      current = curve[next++] ?? null;
    return t > lastT ? null : current;
  };
}

/** Both groups on the union of their days, so one chart draws them as step lines. */
export function mergeCurves(
  linkages: readonly CumulativePoint[],
  comparison: readonly CumulativePoint[],
): CurvePoint[] {
  const days = [...new Set([...linkages, ...comparison].map((p) => p.t))].sort((a, b) => a - b);
  const readLinkages = stepReader(linkages);
  const readComparison = stepReader(comparison);
  return days.map((t) => {
    const a = readLinkages(t);
    const b = readComparison(t);
    return {
      t,
      linkages: a?.value ?? null,
      comparison: b?.value ?? null,
      linkagesBand: a ? [a.low, a.high] : null,
      comparisonBand: b ? [b.low, b.high] : null,
      linkagesAtRisk: a?.atRisk ?? null,
      comparisonAtRisk: b?.atRisk ?? null,
    };
  });
}

/**
 * Members still at risk on each day: those whose time is at least that day. Past the last point
 * of a suppressed curve fewer than 11 remain (masked, null); of an unsuppressed one, none.
 */
export function atRiskAt(
  curve: readonly CumulativePoint[],
  days: readonly number[],
  suppressed: boolean,
): (number | null)[] {
  return days.map((day) => {
    const next = curve.find((point) => point.t >= day);
    if (next) return next.atRisk;
    return suppressed && curve.length > 0 ? null : 0;
  });
}

/** Round days for the at-risk table: 0, then every step up to the longest follow-up. */
export function atRiskDays(maxDay: number): number[] {
  const step = maxDay <= 120 ? 15 : maxDay <= 400 ? 30 : maxDay <= 900 ? 90 : 180;
  const days: number[] = [];
  for (let day = 0; day <= maxDay; day += step) days.push(day);
  return days;
}

/** Round percentage ticks from 0 up to just above the highest value or interval shown. */
export function rateTicks(highest: number): number[] {
  const step = highest <= 0.2 ? 0.05 : highest <= 0.5 ? 0.1 : 0.2;
  const top = Math.min(1, Math.max(step, Math.ceil((highest - 1e-9) / step) * step));
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + 1e-9; i++) ticks.push(Math.round(i * step * 100) / 100);
  return ticks;
}
