import { cellId } from './row-keys';
import type {
  CountRow,
  DifferenceComparison,
  IncidenceRow,
  LogRankComparison,
  MeasureResult,
  ProportionRow,
  SurvivalRow,
} from './types';

/** CalHHS Data De-identification Guidelines as CCWIP applies them (measures.md). */
const SMALL_MAX = 10;
const MIN_AT_RISK = 11;
const MIN_DENOMINATOR = 11;

/** Estimates on fewer members than this are flagged unstable (shown, marked). */
export const UNSTABLE_BELOW = 30;

/** A count of 1–10 is shown as `<11`; 0 is shown. */
export function isSmallCount(count: number): boolean {
  return count >= 1 && count <= SMALL_MAX;
}

export function maskCount(count: number | null): number | null {
  return count !== null && isSmallCount(count) ? null : count;
}

/**
 * A rate, its interval or a difference built on it is masked when the numerator is 1–10, the
 * denominator minus the numerator is 1–10, or the denominator is under 11. An empty denominator
 * has no rate to mask.
 */
export function isRateMasked(numerator: number, denominator: number): boolean {
  if (denominator === 0) return false;
  return (
    isSmallCount(numerator) ||
    isSmallCount(denominator - numerator) ||
    denominator < MIN_DENOMINATOR
  );
}

/** THE one place suppression happens: every view, presentation mode and export goes through it. */
export function suppressResult(result: MeasureResult): MeasureResult {
  if (result.suppression) return result;
  switch (result.kind) {
    case 'count':
      return { ...result, suppression: true, rows: result.rows.map(suppressCountRow) };
    case 'proportion': {
      const masked = new Set(
        result.rows
          .filter((row) => isRateMasked(row.numerator ?? 0, row.denominator ?? 0))
          .map((row) => cellId(row)),
      );
      return {
        ...result,
        suppression: true,
        rows: result.rows.map(suppressProportionRow),
        comparisons: result.comparisons.map((comparison) =>
          masked.has(cellId(comparison)) ? maskDifference(comparison) : comparison,
        ),
      };
    }
    case 'time-to-event': {
      const small = smallCells(result.rows);
      return {
        ...result,
        suppression: true,
        rows: result.rows.map(suppressCurveRow),
        comparisons: result.comparisons.map((c) => (small.has(cellId(c)) ? maskLogRank(c) : c)),
      };
    }
    case 'competing-time-to-event': {
      const small = smallCells(result.rows);
      return {
        ...result,
        suppression: true,
        rows: result.rows.map(suppressCurveRow),
        comparisons: result.comparisons.map((c) => (small.has(cellId(c)) ? maskLogRank(c) : c)),
      };
    }
  }
}

function suppressCountRow(row: CountRow): CountRow {
  const count = maskCount(row.count);
  return { ...row, count, suppressed: row.suppressed || count !== row.count };
}

function suppressProportionRow(row: ProportionRow): ProportionRow {
  const rateMasked = isRateMasked(row.numerator ?? 0, row.denominator ?? 0);
  const denominator = maskCount(row.denominator);
  const windowNotComplete = maskCount(row.windowNotComplete);
  // `suppressed` speaks of the estimate: a masked count of still-open windows leaves it intact.
  const masked = rateMasked || denominator !== row.denominator;
  return {
    ...row,
    denominator,
    numerator: rateMasked ? null : row.numerator,
    rate: rateMasked ? null : row.rate,
    ciLow: rateMasked ? null : row.ciLow,
    ciHigh: rateMasked ? null : row.ciHigh,
    windowNotComplete,
    suppressed: row.suppressed || masked,
  };
}

/** A curve stops where fewer than 11 remain at risk; a median past that point is not shown. */
function suppressCurveRow<T extends SurvivalRow | IncidenceRow>(row: T): T {
  const cut = row.curve.findIndex((point) => point.atRisk < MIN_AT_RISK);
  const curve = (cut === -1 ? row.curve : row.curve.slice(0, cut)) as T['curve'];
  const lastT = curve.at(-1)?.t;
  const medianDays =
    row.medianDays !== null && lastT !== undefined && row.medianDays <= lastT
      ? row.medianDays
      : null;
  const n = maskCount(row.n);
  const events = maskCount(row.events);
  const masked = n !== row.n || events !== row.events || medianDays !== row.medianDays;
  return { ...row, n, events, medianDays, curve, suppressed: row.suppressed || masked };
}

/** Cells where either group has fewer than 11 members: no test is shown for them. */
function smallCells(rows: readonly (SurvivalRow | IncidenceRow)[]): Set<string> {
  return new Set(
    rows.filter((row) => row.n !== null && row.n < MIN_AT_RISK).map((row) => cellId(row)),
  );
}

function maskDifference(comparison: DifferenceComparison): DifferenceComparison {
  return {
    ...comparison,
    difference: null,
    ciLow: null,
    ciHigh: null,
    z: null,
    p: null,
    suppressed: true,
  };
}

function maskLogRank(comparison: LogRankComparison): LogRankComparison {
  return { ...comparison, chiSquare: null, p: null, suppressed: true };
}

/**
 * Complementary suppression for a table that also shows its total: cells of 1–10 are masked and,
 * while exactly one cell is masked, the next-smallest (non-zero where possible) is masked too so
 * that no masked value can be recovered by subtracting the others from the total. With a single
 * cell the total itself gives it away, so `total` says whether the total must be masked.
 */
export function complementaryMask(counts: readonly number[]): { cells: boolean[]; total: boolean } {
  const cells = counts.map(isSmallCount);
  const maskedCount = cells.filter(Boolean).length;
  if (maskedCount === 1 && counts.length > 1) {
    const candidates = counts
      .map((count, i) => ({ count, i }))
      .filter(({ i }) => !cells[i])
      .sort((a, b) => Number(a.count === 0) - Number(b.count === 0) || a.count - b.count);
    const next = candidates[0];
    if (next) cells[next.i] = true;
  }
  return { cells, total: counts.length === 1 && cells[0] === true };
}
