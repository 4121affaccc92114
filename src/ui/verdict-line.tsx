import type { Verdict } from '../measures/verdict';
import { formatInterval, formatP, formatPoints } from './format';

/**
 * A comparison as its verdict judged it: the difference with its 95% interval, or the log-rank
 * test; marked ahead or behind with a badge when the verdict puts a group ahead. Without evidence,
 * `fallback` ("Difference: masked") or nothing.
 */
export function VerdictLine({ verdict, fallback }: { verdict: Verdict; fallback?: string }) {
  const { evidence, ahead, label } = verdict;
  if (!evidence) return fallback ? <p className="card-diff">{fallback}</p> : null;
  return (
    <p
      className={`card-diff ${ahead === 'linkages' ? 'ahead' : ahead === 'comparison' ? 'behind' : ''}`}
    >
      {evidence.basis === 'difference' ? (
        <>
          <span className="diff-value">{formatPoints(evidence.difference)}</span> Linkages −
          comparison
          <span className="diff-ci">
            {' '}
            (95% CI {formatInterval(evidence.low, evidence.high, 100, ' pts')};{' '}
            {formatP(evidence.p)})
          </span>
        </>
      ) : (
        <>
          Log-rank χ² = {evidence.chiSquare.toFixed(2)}
          <span className="diff-ci"> ({formatP(evidence.p)})</span>
        </>
      )}
      {ahead && <span className="badge">{label}</span>}
    </p>
  );
}
