import type { DifferenceComparison } from '../measures/types';
import { NO_INTERVAL_TEXT, type Verdict } from '../measures/verdict';
import { formatPoints, formatPointsInterval } from './format';

/** A p-value for a column headed "p": "0.012", "< 0.001", "—". */
function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

interface Estimate {
  name: string;
  difference: number;
  low: number | null;
  high: number | null;
  p: number | null;
  /** What the row's interval assumes, or why it has none. */
  note: string;
  decides: boolean;
}

/**
 * Linkages minus comparison of a (pooled) cell three ways, the one the verdict judged marked:
 * adjusted for county (where the cell pools counties), the crude difference with its interval by
 * unit, and the crude difference with its Newcombe interval (families as independent, shown for
 * reference, never deciding). Nothing when the comparison is masked or absent.
 */
export function DifferenceEstimates({
  comparison,
  verdict,
}: {
  comparison: DifferenceComparison;
  verdict: Verdict;
}) {
  const { difference } = comparison;
  if (difference === null) return null;
  const method = verdict.evidence?.basis === 'difference' ? verdict.evidence.method : null;
  const estimates: Estimate[] = [];
  if (comparison.mhDifference !== null) {
    estimates.push({
      name: 'Adjusted for county',
      difference: comparison.mhDifference,
      low: comparison.mhCiLow,
      high: comparison.mhCiHigh,
      p: comparison.mhP,
      note: `Mantel–Haenszel over ${String(comparison.mhStrata ?? 0)} counties with both groups, Sato variance`,
      decides: method === 'county-stratified',
    });
  }
  estimates.push(
    {
      name: 'Crude, interval by unit',
      difference,
      low: comparison.clusterCiLow,
      high: comparison.clusterCiHigh,
      p: comparison.clusterP,
      note:
        comparison.clusterNoInterval !== null
          ? `No interval: ${NO_INTERVAL_TEXT[comparison.clusterNoInterval]}`
          : `Cluster-robust (CR1) by unit, t on ${String(comparison.clusterDf ?? '')} df`,
      decides: method === 'cluster-robust',
    },
    {
      name: 'Crude, families as independent',
      difference,
      low: comparison.ciLow,
      high: comparison.ciHigh,
      p: comparison.p,
      note: 'Newcombe; ignores that units, not families, were assigned',
      decides: false,
    },
  );
  return (
    <table className="data-table estimates" aria-label="Linkages minus comparison, three ways">
      <thead>
        <tr>
          <th scope="col">Linkages − comparison</th>
          <th scope="col" className="num">
            Points
          </th>
          <th scope="col" className="num">
            95% CI
          </th>
          <th scope="col" className="num">
            p
          </th>
          <th scope="col">Method</th>
        </tr>
      </thead>
      <tbody>
        {estimates.map((e) => (
          <tr key={e.name} className={e.decides ? 'decides' : undefined}>
            <th scope="row">
              {e.name}
              {e.decides && <span className="decides-mark"> · headline</span>}
            </th>
            <td className="num">{formatPoints(e.difference).replace(' pts', '')}</td>
            <td className="num">
              {e.low !== null && e.high !== null ? formatPointsInterval(e.low, e.high, '') : '—'}
            </td>
            <td className="num">{pValue(e.p)}</td>
            <td className="estimates-note">{e.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
