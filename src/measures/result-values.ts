import type { Group } from '../dataset/schema';
import type { CellKeys, MeasureKind, MeasureRow } from './types';

/** What a measure's headline number is: a rate, a count, or (time to event) median days. */
export type ValueKind = 'rate' | 'count' | 'days';

type TimeToEventKind = 'time-to-event' | 'competing-time-to-event';

/**
 * A definition or a result of a time-to-event kind (Kaplan–Meier or cumulative incidence):
 * curves, medians and a log-rank test instead of rates and a difference.
 */
export function isTimeToEvent<T extends { kind: MeasureKind }>(
  measure: T,
): measure is Extract<T, { kind: TimeToEventKind }> {
  return measure.kind === 'time-to-event' || measure.kind === 'competing-time-to-event';
}

/** The headline number of a definition or result: `count`, `rate`, or median `days`. */
export function valueKindOf(measure: { kind: MeasureKind }): ValueKind {
  if (measure.kind === 'count') return 'count';
  if (measure.kind === 'proportion') return 'rate';
  return 'days';
}

/** One group's estimate in one cell, whatever the kind, with everything its labels say. */
export interface GroupCell {
  /** Rate (0–1), count, or median days; null when masked, absent or (median) not reached. */
  value: number | null;
  /** The rate's 95% Wilson interval (0–1); null for other kinds and when masked. */
  low: number | null;
  high: number | null;
  /** Members behind the value: denominator, members (time to event) or the count; null when masked. */
  n: number | null;
  /** Numerator or events; null for counts and when masked. */
  events: number | null;
  /** Members whose window is still open on D (proportions); null otherwise. */
  openWindows: number | null;
  /** Suppression hid the value (a median not reached is not masked). */
  masked: boolean;
  /**
   * A time to event whose median suppression hid while its curve is drawn: the curve's last
   * drawn day (days), past which the median lies or is not reached (suppressCurveRow and
   * hideDerived show a median iff it is at or before that day). It reads "over <day> days"
   * (medianOverText), never "masked". Null otherwise: a median shown or not reached on a shown
   * row, a row masked whole (no curve), a rate or a count.
   */
  medianOver: number | null;
  /**
   * A time to event: the last day its curve is drawn (days), whole or cut; a median not shown
   * (hidden or not reached) lies past it. Null: no curve drawn (its events or the row masked),
   * a rate or a count.
   */
  lastDay: number | null;
  /** Fewer than 30 members: shown, marked (never for a masked value). */
  unstable: boolean;
}

/** The one reader of a result row's headline value and n; null for an absent row. */
export function cellOf(row: MeasureRow | undefined): GroupCell | null {
  if (!row) return null;
  if ('count' in row) {
    return {
      value: row.count,
      low: null,
      high: null,
      n: row.count,
      events: null,
      openWindows: null,
      masked: row.suppressed && row.count === null,
      medianOver: null,
      lastDay: null,
      unstable: false,
    };
  }
  if ('rate' in row) {
    // A shown denominator of 0 has no rate to mask (no member, or none whose window has closed):
    // it reads as such, never "masked" beside 0 / 0.
    const masked = row.suppressed && row.rate === null && row.denominator !== 0;
    return {
      value: row.rate,
      low: row.ciLow,
      high: row.ciHigh,
      n: row.denominator,
      events: row.numerator,
      openWindows: row.windowNotComplete,
      masked,
      medianOver: null,
      lastDay: null,
      unstable: row.unstable && !masked,
    };
  }
  const masked = row.suppressed && row.medianDays === null;
  const lastDay = row.curve.at(-1)?.t ?? null;
  return {
    value: row.medianDays,
    low: null,
    high: null,
    n: row.n,
    events: row.events,
    openWindows: null,
    masked,
    medianOver: masked ? lastDay : null,
    lastDay,
    unstable: row.unstable && !masked,
  };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * The one wording of a hidden median whose curve is drawn (GroupCell's `medianOver`, days):
 * "over 364 days". Every output that shows or exports such a median says this, never "masked":
 * the day is already shown as the curve's end (docs/disclosure-control.md rule 5).
 */
export function medianOverText(day: number): string {
  return `over ${integer.format(day)} day${day === 1 ? '' : 's'}`;
}

/**
 * The row of `group` in the cell with these keys (a key absent from `keys` must be absent from
 * the row: `{}` finds a pooled row); undefined when the result has none.
 */
export function rowOf<R extends MeasureRow>(
  rows: readonly R[],
  group: Group,
  keys: CellKeys = {},
): R | undefined {
  return rows.find(
    (row) => row.group === group && row.cohort === keys.cohort && row.county === keys.county,
  );
}
