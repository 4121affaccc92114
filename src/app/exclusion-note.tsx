import { beforeIndexReason } from '../dataset/row-rules';
import type { DefinitionalExclusion } from '../measures/definitional-exclusions';

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * Why a measure's rows may read "masked" when it leaves members out by definition
 * (definitionalExclusion: outside its population, or a date or value the extract can correct) and
 * suppression holds their count: said once, beside the first table the view masked rows in, in the
 * same box as rule 9's note when both apply. Each kind is held apart (a few of one kind beside many
 * of another are masked). Each kind of member left out in the definition's own
 * words, with what the evaluator can do: nothing when it is who the measure is about (the rows are
 * masked to protect a small count); correct the extract when it is a date or value, with a link to
 * the Data & validation page only where its warnings list every one of them (beforeIndexReason).
 * It depends on the definition and on "this view masks a row" only, never on which row or why
 * (rule 7: each masked cell still reads "masked").
 */
export function ExclusionText({
  exclusion,
  population,
}: {
  exclusion: DefinitionalExclusion;
  /** The measure's population, plural ("families"). */
  population: string;
}) {
  const count = exclusion.countTitle
    ? `the count of ${exclusion.countTitle.toLowerCase()}`
    : `a count of the same ${population} that another measure or page shows`;
  return (
    <div data-exclusion-note>
      <p className="chart-note">
        <strong>Why rows may read “masked” on this measure.</strong> By its definition it leaves out
        the {population} below. Where a county, cohort or unit leaves out 1 to 10 of any one kind
        below, its row is masked to protect that small count: {count} less this measure’s{' '}
        {population} would give it.
      </p>
      <ul className="chart-note">
        {exclusion.notAbout && (
          <li>
            {capitalized(exclusion.notAbout)}: the measure is not about them, so there is nothing to
            correct; such rows stay masked.
          </li>
        )}
        {exclusion.correctable.map(({ who, listed }) => (
          <li key={who}>
            {capitalized(who)}: a data problem; correcting the extract removes this reason.
            {listed && (
              <>
                {' '}
                The <a href="#/data">Data &amp; validation</a> page lists any such rows under the
                warning “{beforeIndexReason(listed.column)}”.
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** ExclusionText in a note box of its own, when rule 9's note (DerivedNote) is not on the page. */
export function ExclusionNote(props: Parameters<typeof ExclusionText>[0]) {
  return (
    <div className="view-note" role="note">
      <ExclusionText {...props} />
    </div>
  );
}
