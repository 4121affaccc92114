import type { ReactNode } from 'react';
import { PERIOD_NOUN } from '../measures/cohorts';
import { hrefFor, type Location } from './use-hash-route';

/**
 * The view's rows masked by rule 9 (docs/disclosure-control.md: derived views), said once in plain
 * words beside the first table it masked rows in, with the nearest views that show them. Which
 * settings make a view derived: a half-year or year, a custom cohort range, several counties, a
 * unit filter. Never which number it masked (rule 7): each masked cell still reads "masked".
 * `children`: another note of the page (ExclusionText), in the same box: one note per page.
 */
export function DerivedNote({
  location,
  population,
  children,
}: {
  location: Location;
  population: string;
  children?: ReactNode;
}) {
  const reasons: string[] = [];
  const views: { label: string; href: string }[] = [];
  const at = (change: Partial<Location>) => hrefFor({ ...location, ...change });
  if (location.period !== 'quarter') {
    reasons.push(
      `a ${PERIOD_NOUN[location.period]} is shown only where its numbers are the sum of its quarters’ shown numbers (one that counts once ${population} its quarters count apart is not their sum)`,
    );
    views.push({ label: 'By quarter', href: at({ period: 'quarter' }) });
  }
  const oneCohort = location.from !== null && location.from === location.to;
  if ((location.from !== null || location.to !== null) && !oneCohort) {
    reasons.push(
      'a custom cohort range is shown only where it adds up from the standard views’ numbers (the full range, the complete cohorts, one quarter)',
    );
    views.push({ label: 'All cohorts', href: at({ from: null, to: null }) });
  }
  if (location.counties.length > 1) {
    reasons.push(
      'several counties together are shown only where they add up from each county’s numbers',
    );
    views.push({ label: 'All counties', href: at({ counties: [] }) });
  }
  if (location.units.length > 0) {
    reasons.push('a unit filter shows a number only where no unit’s part of it is small');
    views.push({ label: 'All units', href: at({ units: [] }) });
  }
  return (
    <div className="view-note" role="note" data-derived-note>
      <p className="chart-note">
        <strong>Why rows read “masked” in this view, though their numbers may not be small.</strong>{' '}
        Numbers that could be subtracted from the standard views’ numbers to reveal a small count
        are masked
        {reasons.length > 0 ? <>: {reasons.join('; ')}.</> : '.'}{' '}
        {views.length > 0 && 'The nearest views that show them: '}
        {views.map((view, i) => (
          <span key={view.label}>
            {i > 0 && ' · '}
            <a href={view.href}>{view.label}</a>
          </span>
        ))}
        {views.length > 0 && '.'}
      </p>
      {children}
    </div>
  );
}
