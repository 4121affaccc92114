import { EVENTS_AFTER_INDEX } from '../dataset/row-rules';
import { CATALOG } from './catalog';
import { columnsOf } from './columns-read';
import { isTimeToEvent } from './result-values';
import type { LeftOut, MeasureDefinition } from './types';

/** A measure's members left out by definition whose count suppression holds, in plain words. */
export interface DefinitionalExclusion {
  /**
   * Who the measure is not about, although the base population a count shows holds them
   * (`leavesOut` of the definition): nothing to correct. Null: the measure leaves no one out so.
   */
  notAbout: string | null;
  /**
   * Members excluded for a date or value the extract can correct (`excludes` of the definition),
   * each with `listed` where the Data & validation page lists every one of them.
   */
  correctable: readonly LeftOut[];
  /** A count of the same people shown beside the measure (e.g. "Mutual families identified"), null if none of the catalog. */
  countTitle: string | null;
}

/**
 * What a measure leaves out by definition that suppression holds (docs/disclosure-control.md,
 * "definitional exclusions"): every proportion holds its excluded members (`excluded` in
 * compile-proportion.ts: outside its population, `leavesOut`; an event dated before the date it is
 * followed from, or a flag of unknown value, `excludes`), so a row leaving out 1–10 of them is
 * masked; a time to event holds them through its family's proportion (rule 4). Read off the
 * definition (`leavesOut`, `excludes`, kind, family), never a list of measures.
 *
 * A property of the definition only, never of the data: whether a view's row is masked for this
 * reason is never said (rule 7). Null for measures that leave no one out so (counts, child
 * episodes, a time to event in no family with a proportion).
 *
 * @throws Error when a definition says the Data & validation page lists its members for a column
 *   that page does not check (not in EVENTS_AFTER_INDEX) or that the measure does not read.
 */
export function definitionalExclusion(measure: MeasureDefinition): DefinitionalExclusion | null {
  const holds =
    measure.kind === 'proportion' ||
    (isTimeToEvent(measure) &&
      measure.family !== undefined &&
      CATALOG.some((m) => m.family === measure.family && m.kind === 'proportion'));
  if (!holds) return null;
  const notAbout = measure.kind === 'proportion' ? (measure.leavesOut?.who ?? null) : null;
  const correctable = measure.excludes ?? [];
  if (notAbout === null && correctable.length === 0) return null;
  for (const { listed } of correctable) {
    if (listed === undefined) continue;
    const read = measure.reads.some(
      (r) => r.table === listed.table && columnsOf(r).includes(listed.column),
    );
    if (!read || !(EVENTS_AFTER_INDEX[listed.table] ?? []).includes(listed.column))
      throw new Error(
        `${measure.id}: ${listed.table}.${listed.column} is not a checked event it reads`,
      );
  }
  const count =
    CATALOG.find(
      (m) => m.kind === 'count' && m.family !== undefined && m.family === measure.family,
    ) ?? CATALOG.find((m) => m.kind === 'count' && m.population === measure.population);
  return { notAbout, correctable, countTitle: count?.title ?? null };
}
