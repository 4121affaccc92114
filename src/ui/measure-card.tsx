import type { Group } from '../dataset/schema';
import type { MeasureDefinition } from '../measures/types';
import {
  formatCohort,
  formatCount,
  formatDays,
  formatInterval,
  formatP,
  formatPoints,
  formatRate,
  MASKED_RATE,
} from './format';
import { GROUP_ORDER } from './groups';
import { shorterIsBetter, type MeasureSummary } from './measure-summary';
import { GroupValue } from './group-value';
import { Sparkline } from './sparkline';

const DIRECTION_TEXT = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  more: 'Reach: more is the aim',
};

export function directionText(measure: MeasureDefinition): string {
  if (measure.kind === 'time-to-event' || measure.kind === 'competing-time-to-event') {
    return shorterIsBetter(measure) ? 'Shorter is better' : 'Longer is better';
  }
  return DIRECTION_TEXT[measure.direction];
}

function cohortText(summary: MeasureSummary, span: string): string {
  if (summary.pooled) return `Median days, all cohorts${span ? ` (${span})` : ''}`;
  return summary.cohort
    ? `${formatCohort(summary.cohort)} cohort (latest with a complete window)`
    : 'No cohort has a complete window yet';
}

function cohortSpan(summary: MeasureSummary): string {
  const first = summary.trend[0]?.cohort;
  const last = summary.trend.at(-1)?.cohort;
  return first && last ? `${formatCohort(first)}–${formatCohort(last)}` : '';
}

function formatValue(cell: MeasureSummary['value'][Group]): string {
  if (cell.masked) return cell.text === 'count' ? '<11' : MASKED_RATE;
  if (cell.text === 'count') return formatCount(cell.value);
  if (cell.text === 'rate') return formatRate(cell.value);
  return cell.value === null ? 'not reached' : formatDays(cell.value);
}

export function MeasureCard({
  measure,
  summary,
  status,
  missingFile,
  href,
}: {
  measure: MeasureDefinition;
  summary?: MeasureSummary;
  status: 'ready' | 'loading' | 'error' | 'unavailable';
  missingFile?: string;
  /** The measure page for the same view. */
  href?: string;
}) {
  const headingId = `card-${measure.id}`;
  return (
    <article className="card" aria-labelledby={headingId} data-measure={measure.id}>
      <header className="card-head">
        <h3 id={headingId}>{measure.title}</h3>
        <span className={`direction direction-${measure.direction}`}>{directionText(measure)}</span>
      </header>
      {status === 'unavailable' && (
        <p className="card-empty">
          Needs <strong>{missingFile}</strong>. Load it with the other files to see this measure.
        </p>
      )}
      {status === 'loading' && (
        <p className="card-empty" aria-busy="true">
          Computing…
        </p>
      )}
      {status === 'error' && (
        <p className="card-empty error-text">This measure could not be computed.</p>
      )}
      {status === 'ready' && summary && (
        <>
          <p className="card-cohort">{cohortText(summary, cohortSpan(summary))}</p>
          <dl className="card-values">
            {GROUP_ORDER.map((group) => (
              <GroupValue
                key={group}
                group={group}
                value={formatValue(summary.value[group])}
                unstable={summary.value[group].unstable}
              />
            ))}
          </dl>
          {summary.difference && (
            <p
              className={`card-diff ${summary.significant ? (summary.linkagesAhead ? 'ahead' : 'behind') : ''}`}
            >
              <span className="diff-value">{formatPoints(summary.difference.value)}</span> Linkages
              − comparison
              <span className="diff-ci">
                {' '}
                (95% CI{' '}
                {formatInterval(summary.difference.low, summary.difference.high, 100, ' pts')};{' '}
                {formatP(summary.difference.p)})
              </span>
              {summary.significant && (
                <span className="badge">
                  {summary.linkagesAhead ? 'Linkages ahead' : 'Comparison ahead'}
                </span>
              )}
            </p>
          )}
          {summary.logRank && (
            <p
              className={`card-diff ${summary.significant ? (summary.linkagesAhead ? 'ahead' : 'behind') : ''}`}
            >
              Log-rank χ² = {summary.logRank.chiSquare.toFixed(2)}
              <span className="diff-ci"> ({formatP(summary.logRank.p)})</span>
              {summary.significant && summary.linkagesAhead !== null && (
                <span className="badge">
                  {summary.linkagesAhead ? 'Linkages ahead' : 'Comparison ahead'}
                </span>
              )}
            </p>
          )}
          <Sparkline
            points={summary.trend}
            label={`${measure.title} by cohort, Linkages and comparison`}
          />
          {summary.incompleteCohorts.length > 0 && measure.kind === 'proportion' && (
            <p className="card-note">
              Window not complete yet: {summary.incompleteCohorts.map(formatCohort).join(', ')}
            </p>
          )}
        </>
      )}
      <details className="definition">
        <summary>Definition</summary>
        <p>{measure.definition}</p>
      </details>
      <p className="print-only card-definition">
        <strong>Definition.</strong> {measure.definition}
      </p>
      {href && status !== 'unavailable' && (
        <a className="open-measure" href={href} aria-label={`Open measure: ${measure.title}`}>
          Open measure →
        </a>
      )}
    </article>
  );
}
