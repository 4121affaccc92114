import { definitionalExclusion } from '../measures/definitional-exclusions';
import type { MeasureDefinition } from '../measures/types';
import { BETTER_TEXT } from '../measures/verdict';
import { formatCellValue, formatCohort } from './format';
import { GROUP_ORDER } from './groups';
import type { MeasureSummary } from './measure-summary';
import { GroupValue } from './group-value';
import { Sparkline } from './sparkline';
import { VerdictLine } from './verdict-line';

/**
 * "Complete cohorts pooled, 2022 Q3–2024 Q4": what the headline numbers cover. With nothing to
 * pool, why: no cohort of the view is complete yet (a rate's window, or a cohort still open), or
 * the complete ones have no members.
 */
export function headlineText(summary: MeasureSummary): string {
  const { span } = summary;
  if (!span) {
    if (!summary.noneComplete) return `No ${summary.population} in this view’s complete cohorts`;
    return summary.kind === 'rate'
      ? 'No cohort in this view has a complete window yet'
      : 'No cohort in this view has closed yet';
  }
  const cohorts =
    span.first === span.last
      ? formatCohort(span.first)
      : `${formatCohort(span.first)}–${formatCohort(span.last)}`;
  return `${summary.kind === 'days' ? 'Median days, complete' : 'Complete'} cohorts pooled, ${cohorts}`;
}

/** The secondary line: the latest complete cohort on its own, Linkages then comparison. */
export function LatestCohortLine({ summary }: { summary: MeasureSummary }) {
  const { latest } = summary;
  if (!latest) return null;
  const [first, second] = GROUP_ORDER.map((group) =>
    formatCellValue(summary.kind, latest.value[group]),
  );
  return (
    <p className="card-latest">
      Latest complete cohort, {formatCohort(latest.cohort)}: {first} vs {second}
    </p>
  );
}

/**
 * Why a card's headline reads "masked", in a line under it: every reason a number of this measure
 * can be masked, never which one masked it (docs/disclosure-control.md rule 7), so it depends on
 * the definition and on "a headline value is masked" only. Where the measure leaves members out by
 * definition (definitionalExclusion), the measure page's note (ExclusionNote) says who, linked.
 * Null when no headline value is masked (a median "over N days" is not masked).
 */
export function MaskedReason({
  measure,
  summary,
  href,
}: {
  measure: MeasureDefinition;
  summary: MeasureSummary;
  /** The measure page for the same view, opened at its note on why rows read "masked". */
  href?: string;
}) {
  const masked = GROUP_ORDER.some((group) => {
    const cell = summary.value[group];
    return cell?.masked === true && cell.medianOver === null;
  });
  if (!masked) return null;
  const exclusion = definitionalExclusion(measure);
  return (
    <p className="card-note" data-masked-reason>
      {exclusion
        ? `“Masked” protects small counts: a count of 1 to 10, or a number that would give one away, including a count of the ${measure.population} this measure leaves out by its definition.`
        : '“Masked” protects small counts: a count of 1 to 10, or a number that would give one away.'}
      {exclusion && href && (
        <>
          {' '}
          <a href={href}>Who it leaves out</a> is on the measure’s page.
        </>
      )}
    </p>
  );
}

export function MeasureCard({
  measure,
  summary,
  status,
  needs,
  href,
  maskedHref,
}: {
  measure: MeasureDefinition;
  summary?: MeasureSummary;
  status: 'ready' | 'loading' | 'error' | 'unavailable';
  /** What would enable an unavailable measure: "Needs adults.csv" (catalog's availability). */
  needs?: string;
  /** The measure page for the same view. */
  href?: string;
  /** The same page opened at its note on why rows read "masked" (the masked reason's link). */
  maskedHref?: string;
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
          <strong>Not measured.</strong> {needs}.
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
          <p className="card-cohort">{headlineText(summary)}</p>
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
          <MaskedReason measure={measure} summary={summary} href={maskedHref ?? href} />
          <VerdictLine verdict={summary.verdict} />
          <LatestCohortLine summary={summary} />
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
