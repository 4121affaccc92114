import { cellId } from './row-keys';
import { logRank } from './survival';
import type {
  IncidenceRow,
  LogRankComparison,
  LogRankCounts,
  MeasureResult,
  SurvivalRow,
} from './types';

type CurveRow = SurvivalRow | IncidenceRow;

/**
 * The log-rank test beside a cut curve, computed over the days both curves are drawn
 * (docs/disclosure-control.md rule 5, "The log-rank test beside a cut curve"): where suppression
 * cut either group's curve of a cell (rule 1's fewer than 11 at risk, rule 5's lines, rule 9),
 * the test is computed again from the cell's counts (`testCounts`) over days 0 to c, c the
 * earlier of the two curves' last drawn days (a whole curve's is its own end), every member still
 * at risk censored at c; `throughDays` is c. Its inputs are then the points on screen, so it
 * reveals no event the cut hides. Where a group's curve is not drawn at all (its events masked)
 * the test is masked; where neither curve is cut it stays as computed, `throughDays` null.
 *
 * `unsuppressed` is the result `suppressed` came from (rows and comparisons in the same order, as
 * applyMasks keeps them); other kinds are returned as they are. `testCounts` is dropped: it is
 * never published. A cut curve without counts (a result built by hand) has its test masked.
 */
export function logRankOverDrawnDays(
  unsuppressed: MeasureResult,
  suppressed: MeasureResult,
): MeasureResult {
  if (suppressed.kind !== 'time-to-event' && suppressed.kind !== 'competing-time-to-event') {
    return suppressed;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped: counts are not published
  const { testCounts: _dropped, ...rest } = suppressed;
  const before =
    unsuppressed.kind === 'time-to-event' || unsuppressed.kind === 'competing-time-to-event'
      ? unsuppressed
      : null;
  const counts = new Map<string, LogRankCounts>(
    (before?.testCounts ?? []).map((cell) => [cellId(cell), cell]),
  );
  // Each row as drawn, and whether suppression cut its curve (shorter than computed).
  const drawn = new Map<string, { row: CurveRow; cut: boolean }>();
  const rowsBefore: readonly CurveRow[] = before?.rows ?? [];
  const rowsAfter: readonly CurveRow[] = suppressed.rows;
  rowsAfter.forEach((row, i) => {
    const computed = rowsBefore[i];
    drawn.set(`${cellId(row)}${row.group}`, {
      row,
      cut: computed === undefined || row.curve.length < computed.curve.length,
    });
  });
  const comparisons = suppressed.comparisons.map((comparison): LogRankComparison => {
    if (comparison.suppressed) return comparison;
    const cell = cellId(comparison);
    const linkages = drawn.get(`${cell}linkages`);
    const comparisonRow = drawn.get(`${cell}comparison`);
    if (!linkages?.cut && !comparisonRow?.cut) return comparison;
    const ends = [linkages?.row.curve.at(-1)?.t, comparisonRow?.row.curve.at(-1)?.t];
    const cellCounts = counts.get(cell);
    if (ends.some((end) => end === undefined) || !cellCounts) return masked(comparison);
    const through = Math.min(...(ends as number[]));
    const test = logRank(cellCounts.linkages, cellCounts.comparison, through);
    return {
      ...comparison,
      chiSquare: test?.chiSquare ?? null,
      p: test?.p ?? null,
      throughDays: through,
    };
  });
  return { ...rest, comparisons };
}

/** The test masked; the units per group stay (units, not people). */
function masked(comparison: LogRankComparison): LogRankComparison {
  return { ...comparison, chiSquare: null, p: null, throughDays: null, suppressed: true };
}
