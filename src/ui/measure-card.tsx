import type { MeasureDefinition } from '../measures/types';
import { BETTER_TEXT } from '../measures/verdict';
import { formatCellValue, formatCohort } from './format';
import { GROUP_ORDER } from './groups';
import type { MeasureSummary } from './measure-summary';
import { GroupValue } from './group-value';
import { Sparkline } from './sparkline';
import { VerdictLine } from './verdict-line';

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
        <span className={`direction direction-${measure.better}`}>
          {BETTER_TEXT[measure.better]}
        </span>
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
                value={formatCellValue(summary.kind, summary.value[group])}
                unstable={summary.value[group]?.unstable ?? false}
              />
            ))}
          </dl>
          <VerdictLine verdict={summary.verdict} />
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
