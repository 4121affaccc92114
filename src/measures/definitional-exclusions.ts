import { EVENTS_AFTER_INDEX } from '../dataset/row-rules';
import { CATALOG } from './catalog';
import { columnsOf } from './columns-read';
import { isTimeToEvent } from './result-values';
import type { MeasureDefinition } from './types';

/** A measure's members left out by definition whose count suppression holds, in the field's terms. */
export interface DefinitionalExclusion {
  /** Event columns of the families file (e.g. `coordinated_plan_date`): a member whose date is before the index date is left out. */
  columns: readonly string[];
  /** The family's count of the same people (e.g. "Mutual families identified"), null if it has none. */
  countTitle: string | null;
}

/**
 * The members a measure of a family (`family`: proportion or time to event) leaves out by
 * definition because its event is dated before the anchor, the family's index date
 * (`mutual_start_date`), where the Data & validation page lists those rows as warnings
 * (EVENTS_AFTER_INDEX in src/dataset/row-rules.ts). A family proportion's cells hold that count
 * (`excluded` in compile-proportion.ts), so suppression masks a row leaving out 1–10 of them in
 * every measure of the family (docs/disclosure-control.md, "definitional exclusions").
 *
 * A property of the definition only, never of the data: whether a view's row is masked for this
 * reason is never said (rule 7). Null for measures without such exclusions (counts, measures in no
 * family, child episodes: their event before their start is rejected on load, not left out).
 */
export function definitionalExclusion(measure: MeasureDefinition): DefinitionalExclusion | null {
  if (measure.family === undefined) return null;
  if (measure.kind !== 'proportion' && !isTimeToEvent(measure)) return null;
  const events = new Set(EVENTS_AFTER_INDEX.families ?? []);
  const columns = measure.reads
    .filter((read) => read.table === 'families')
    .flatMap(columnsOf)
    .filter((column) => events.has(column));
  if (columns.length === 0) return null;
  const count = CATALOG.find((m) => m.family === measure.family && m.kind === 'count');
  return { columns, countTitle: count?.title ?? null };
}
