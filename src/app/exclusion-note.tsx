import { beforeIndexReason } from '../dataset/row-rules';
import type { DefinitionalExclusion } from '../measures/definitional-exclusions';

/**
 * Why a measure's rows may read "masked" when it leaves members out by definition
 * (definitionalExclusion: an event dated before the index date) and suppression holds their count:
 * said once, beside the first table the view masked rows in, in the same box as rule 9's note when
 * both apply. It depends on the definition and on "this view masks a row" only, never on which row
 * or why (rule 7: each masked cell still reads "masked"). Links to the Data & validation page,
 * whose warnings list those rows (beforeIndexReason).
 */
export function ExclusionText({
  exclusion,
  population,
}: {
  exclusion: DefinitionalExclusion;
  /** The measure's population, plural ("families"). */
  population: string;
}) {
  const who = `${population.charAt(0).toUpperCase()}${population.slice(1)}`;
  const columns = exclusion.columns.join(' or ');
  const count = exclusion.countTitle
    ? `the count of ${exclusion.countTitle.toLowerCase()}`
    : `a count of the same ${population}`;
  const warnings = exclusion.columns.map((column) => `“${beforeIndexReason(column)}”`).join(', ');
  return (
    <p className="chart-note" data-exclusion-note>
      <strong>Why rows may read “masked” on this measure.</strong> {who} whose {columns} is before
      their index date (mutual_start_date) are left out of this measure. Where a county, cohort or
      unit leaves out 1 to 10 of them, its row is masked: {count} less this measure’s {population}{' '}
      would give that small count. Correcting those dates in the extract shows the rows: the{' '}
      <a href="#/data">Data &amp; validation</a> page lists them under the warning {warnings}.
    </p>
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
