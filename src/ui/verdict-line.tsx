import type { Group } from '../dataset/schema';
import type { UnitsPerGroup } from '../measures/types';
import {
  FEW_UNITS_TEXT,
  NO_INTERVAL_TEXT,
  VERDICT_LABEL,
  throughDaysText,
  type Verdict,
} from '../measures/verdict';
import { formatP, formatPoints, formatPointsInterval } from './format';

const GROUP_WORD: Record<Group, string> = { linkages: 'Linkages', comparison: 'comparison' };

/** "5 Linkages units · 1 comparison unit": units with members, per group. */
export function unitsText(units: UnitsPerGroup): string {
  return (['linkages', 'comparison'] as const)
    .map(
      (group) =>
        `${String(units[group])} ${GROUP_WORD[group]} unit${units[group] === 1 ? '' : 's'}`,
    )
    .join(' · ');
}

/**
 * A comparison as its verdict judged it: the difference with its deciding 95% interval (adjusted
 * for county where the view pools counties, else by unit), a difference no interval can judge
 * with the reason, or the log-rank test (with the days it covers where a curve is cut); marked
 * ahead or behind with a badge when the verdict puts a group ahead, or "Too early to tell" when
 * the medians cannot say which group is sooner (as the slides say); then the units per group, and
 * the caution when the comparison rests on few.
 * Without evidence, `fallback` ("Difference: masked") or nothing. `showUnits` false leaves the
 * units to the caller (shown beside n), keeping the caution.
 */
export function VerdictLine({
  verdict,
  fallback,
  showUnits = true,
}: {
  verdict: Verdict;
  fallback?: string;
  showUnits?: boolean;
}) {
  const { evidence, ahead, label } = verdict;
  if (!evidence) return fallback ? <p className="card-diff">{fallback}</p> : null;
  return (
    <>
      <p
        className={`card-diff ${ahead === 'linkages' ? 'ahead' : ahead === 'comparison' ? 'behind' : ''}`}
      >
        {evidence.basis === 'log-rank' ? (
          <>
            Log-rank χ² = {evidence.chiSquare.toFixed(2)}
            <span className="diff-ci">
              {' '}
              ({formatP(evidence.p)}
              {evidence.throughDays !== null && `; ${throughDaysText(evidence.throughDays)}`})
            </span>
          </>
        ) : (
          <>
            <span className="diff-value">{formatPoints(evidence.difference)}</span> Linkages −
            comparison
            {evidence.basis === 'difference' && evidence.method === 'county-stratified' && (
              <>, adjusted for county</>
            )}
            <span className="diff-ci">
              {' '}
              {evidence.basis === 'difference' ? (
                <>
                  (95% CI {formatPointsInterval(evidence.low, evidence.high)}
                  {evidence.method === 'cluster-robust' && ', by unit'}; {formatP(evidence.p)})
                </>
              ) : (
                <>(no interval: {NO_INTERVAL_TEXT[evidence.reason]})</>
              )}
            </span>
          </>
        )}
        {ahead && <span className="badge">{label}</span>}
        {label === VERDICT_LABEL.tooEarly && <span className="badge neutral">{label}</span>}
      </p>
      <UnitsNote units={evidence.units} fewUnits={evidence.fewUnits} showUnits={showUnits} />
    </>
  );
}

/** The units per group behind a comparison (unless `showUnits` is false), and the caution when it rests on few of them. */
export function UnitsNote({
  units,
  fewUnits,
  showUnits = true,
}: {
  units: UnitsPerGroup;
  fewUnits: boolean;
  showUnits?: boolean;
}) {
  return (
    <>
      {showUnits && <p className="card-units">{unitsText(units)}</p>}
      {fewUnits && <p className="card-caution">{FEW_UNITS_TEXT}</p>}
    </>
  );
}
