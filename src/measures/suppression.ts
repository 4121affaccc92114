import { PERIODS, cohortOfDay, cohortRange } from './cohorts';
import {
  curveCutOf,
  derivedRows,
  hideDerived,
  MIN_AT_RISK,
  nextComplement,
  unitPartsOf,
  type DerivedRows,
} from './derived-views';
import { logRankOverDrawnDays } from './drawn-log-rank';
import { cellId } from './row-keys';
import type {
  CountRow,
  DisclosurePart,
  MeasureFilters,
  DifferenceComparison,
  IncidenceRow,
  LogRankComparison,
  MeasureKind,
  MeasureResult,
  MeasureRow,
  ProportionRow,
  RowKeys,
  SurvivalRow,
} from './types';

/** CalHHS Data De-identification Guidelines as CCWIP applies them (measures.md). */
const SMALL_MAX = 10;
const MIN_DENOMINATOR = 11;

/** Estimates on fewer members than this are flagged unstable (shown, marked). */
export const UNSTABLE_BELOW = 30;

/** A count of 1–10 is shown as `<11`; 0 is shown. */
export function isSmallCount(count: number): boolean {
  return count >= 1 && count <= SMALL_MAX;
}

export function maskCount(count: number | null): number | null {
  return count !== null && isSmallCount(count) ? null : count;
}

/**
 * A rate, its interval or a difference built on it is masked when the numerator is 1–10, the
 * denominator minus the numerator is 1–10, or the denominator is under 11. An empty denominator
 * has no rate to mask.
 */
export function isRateMasked(numerator: number, denominator: number): boolean {
  if (denominator === 0) return false;
  return (
    isSmallCount(numerator) ||
    isSmallCount(denominator - numerator) ||
    denominator < MIN_DENOMINATOR
  );
}

/** A mean (and its standard deviation) over 1–10 members is masked; over none there is no mean. */
export function isMeanMasked(members: number): boolean {
  return members > 0 && members < MIN_DENOMINATOR;
}

/**
 * THE one place suppression happens: every view, presentation mode and export goes through it.
 * One result; see suppressMeasures for several of one view.
 */
export function suppressResult(result: MeasureResult): MeasureResult {
  const [suppressed] = suppressMeasures([result]);
  if (!suppressed) throw new Error('suppressMeasures returned no result');
  return suppressed;
}

/**
 * Suppression of the results of one extract (docs/disclosure-control.md), each masked by:
 * 1. its own small numbers (counts 1–10; rates per isRateMasked; curves cut below 11 at risk);
 * 2. one pattern of masked county × quarter cells per group (maskedCells), shared by the
 *    measures of a family (same people) and the same in every view: cells small in any of them
 *    and, complementary, cells that make every county's and every quarter's line safe as rule 5
 *    asks of a table's line (its total masked: each of its numbers held by a masked cell; shown:
 *    no number held by one masked cell alone, no small masked sum);
 * 3. its view (viewRules): a view's cell is masked when the masked cells it pools are one or sum
 *    to a small number, or when a county, quarter or unit its filters leave out would give that
 *    by difference (not for a view of one county or one cohort: the tables show those rows), or
 *    when it is a row the tables by county or by cohort mask for their lines (coarseMasks, from
 *    the parts: a county's row, a quarter's row, wherever it appears);
 * 4. its family: a cell masked in one measure of a family is masked in all but the counts, and
 *    one a family's count masks in all the others (a member with a pattern of its own,
 *    `ownPattern`, takes only the count's); every member's headline range is pre-decided for all;
 * 5. its lines (lineMasks): a total of the view (computed from the parts, as its own table would
 *    decide it) and a breakdown of it — masked, it is no sum of shown rows; shown, it less the
 *    shown rows gives no hidden value, masked cell or count of 1–10 (docs: rule 8). For the lines
 *    of the county × quarter cells and of the tables by county and by cohort, 2 and 3 already
 *    chose these rows from the parts, so every view shows or masks a quantity alike; other views
 *    (other ranges, halves, units) still choose here.
 * Results already suppressed are returned as they are. The parts (`disclosure`) are dropped.
 */
export function suppressMeasures(results: readonly MeasureResult[]): MeasureResult[] {
  const forced = results.map(() => new Set<string>());
  const hiddenOf = new Map<MeasureResult, DerivedRows>();
  const sets = new Map<string, number[]>();
  results.forEach((result, i) => {
    if (result.suppression) return;
    const id = JSON.stringify([
      result.family ?? `${result.measureId}#${String(i)}`,
      result.dataThrough,
    ]);
    sets.set(id, [...(sets.get(id) ?? []), i]);
  });
  for (const unordered of sets.values()) {
    // In one order whatever order the caller gives (a family's pages each ask with their own
    // measure first): the complementary cells chosen, and so every mask, are the same in each.
    const members = [...unordered].sort((a, b) =>
      results[a]!.measureId.localeCompare(results[b]!.measureId),
    );
    const family = members.map((i) => results[i]!);
    // A plain count of the family's people keeps a pattern of its own: what the others mask
    // for their numbers (events, open windows) it does not show.
    const own = (result: MeasureResult) => result.kind === 'count' && family.length > 1;
    // What the count masks (its cells and the rows of its tables, complements included) the
    // others mask too: each shows its members there (a denominator and open windows, n), which
    // are the count's where none is held (the new user's y1: recurrence's 0 + 12 was families
    // identified's complementary Colusa cell). A measure with a pattern of its own (`ownPattern`:
    // a subset of the count's people the others do not share) takes only these from the family.
    // The pre-decided ranges of every member: the full range and each member's headline range
    // (its latest complete quarter), whichever pattern a member keeps: a view of one member's
    // headline range shows the others' rows over it too, and rule 5's lines of a curve read
    // that range as one of their pieces (a headline range plus its later quarters).
    const bounds = family.length > 1 ? boundsOf(family) : undefined;
    const ownMasks = (m: MeasureResult) => familyMasks([m], [m], [], bounds);
    const seeds = family.filter(own).map(ownMasks);
    const alone = (result: MeasureResult) => result.ownPattern === true && !own(result);
    const sharing = family.filter((m) => !alone(m));
    const sharedMasks = familyMasks(
      sharing,
      sharing.filter((m) => !own(m)),
      seeds,
      bounds,
    );
    const shared = family.map((m) =>
      alone(m) ? null : viewRules(m, sharing, sharedMasks.pattern, sharedMasks.coarse),
    );
    const aloneMasks = (m: MeasureResult) => familyMasks([m], [m], seeds, bounds);
    const rules = family.map((m, k) => {
      if (!own(m) && !alone(m)) return shared[k] ?? null;
      const mine = own(m) ? ownMasks(m) : aloneMasks(m);
      return viewRules(m, [m], mine.pattern, mine.coarse);
    });
    // The counts' rows are masked in every other member (familyUnion), so a pre-decided piece
    // the count's own rules mask is hidden there too: rule 9 and rule 5's lines read it so.
    const counts = family.filter(own).map((m) => ({ count: m, masks: ownMasks(m) }));
    // Rule 9: rows no pre-decided view shows are shown only as sums of shown pre-decided ones.
    const derived = family.map((m) =>
      own(m)
        ? derivedOf(m, [m], [m], ownMasks(m), bounds)
        : alone(m)
          ? derivedOf(m, [m], [m], aloneMasks(m), bounds, counts)
          : derivedOf(
              m,
              sharing,
              sharing.filter((x) => !own(x)),
              sharedMasks,
              bounds,
              counts,
            ),
    );
    family.forEach((m, k) => hiddenOf.set(m, derived[k]!));
    members.forEach((i, k) => {
      const result = results[i]!;
      const mine = rules[k];
      if (mine)
        for (const row of result.rows)
          if (!derived[k]?.hidden.has(row) && mine.masked(selectionOf(row)))
            forced[i]?.add(rowKey(row));
    });
    familyUnion(family, members, forced);
    // Rule 5: each line of a view (a total and a breakdown of it) made safe; the family agrees.
    const lines = members.flatMap((i, k) => {
      const result = results[i]!;
      const self = rules[k];
      if (!self || result.by.length === 0) return [];
      // The margin is masked as its own view would mask it, family included (rule 4).
      const margins = family.flatMap((m, j) => {
        const theirs = m === result ? self : shared[j];
        if (!theirs || (m !== result && (own(result) || alone(result) || m.kind === 'count')))
          return [];
        return [{ kind: m.kind, rules: theirs }];
      });
      const skip = derived[k]!;
      const cells = own(result) || alone(result) ? [result] : sharing;
      return [{ result, cells, set: forced[i]!, self, margins, skip }];
    });
    for (let round = 0; round < 8 && lines.length > 0; round++) {
      let changed = false;
      for (const { result, cells, set, self, margins, skip } of lines) {
        if (lineMasks(result, cells, set, self, margins, skip)) changed = true;
      }
      if (!changed) break;
      familyUnion(family, members, forced);
    }
  }
  // The log-rank test beside a cut curve: over the days both curves are drawn (drawn-log-rank.ts).
  return results.map((result, i) =>
    result.suppression
      ? result
      : logRankOverDrawnDays(
          result,
          applyMasks(result, forced[i] ?? new Set(), hiddenOf.get(result)),
        ),
  );
}

/**
 * Rule 9's derived rows of `result` (derived-views.ts), reading the pre-decided quantities it may
 * sum as their own views show them: a view filtered to one county (or none) and the full range,
 * a headline's range (of `familyBounds`, else of `members`, as coarseMasks decides) or one
 * quarter, by none, its total masked whole by rule 3 or by a family member's numbers, or by a
 * family's count's own rules (`counts`: rule 4 masks its rows in every member; isMarginMasked, as
 * lineMasks decides a margin), else its values hidden by rule 1 (whether a curve is whole, which rule 5 asks before
 * its events are shown, derived-views reads from the parts' tails). Cached with the family's
 * masks (the same in every view).
 */
function derivedOf(
  result: MeasureResult,
  family: readonly MeasureResult[],
  members: readonly MeasureResult[],
  masks: FamilyMasks,
  familyBounds?: readonly string[],
  counts: readonly { count: MeasureResult; masks: FamilyMasks }[] = [],
): DerivedRows {
  const bounds = familyBounds ?? boundsOf(members);
  const others = members.filter(
    (m) => m !== result && m.kind !== 'count' && result.kind !== 'count',
  );
  let cache = piecesByMasks.get(masks);
  if (!cache) piecesByMasks.set(masks, (cache = new Map<string, boolean[]>()));
  const pieces = cache;
  const rulesAt = new Map<string, { kind: MeasureKind; rules: ViewRules }[] | null>();
  const smallInFamily = new Map<string, boolean>();
  return derivedRows({
    result,
    key: (group, county, days) => masks.coarse.key(group, county, days),
    familySmall(group, county, quarter) {
      const id = `${group}${SEP}${county}${SEP}${quarter}`;
      let small = smallInFamily.get(id);
      if (small === undefined) {
        // Rule 4 masks a row whole in every member when one member masks it (its own row
        // included): any member's unit part that rule 1 masks, when the family has others.
        small = (others.length > 0 ? [result, ...others] : []).some((m) =>
          unitPartsOf(m.disclosure?.parts ?? [], group, county, quarter).some((p) =>
            isSmallPart(m.kind, p.values),
          ),
        );
        smallInFamily.set(id, small);
      }
      return small;
    },
    bounds,
    small: (values) => hiddenMarginValues(result.kind, values),
    piece(group, county, days) {
      const id = `${result.measureId}${SEP}${result.kind}${SEP}${group}${SEP}${county}${SEP}${String(days.from)}${SEP}${String(days.to)}`;
      const known = pieces.get(id);
      if (known) return known;
      const range = JSON.stringify(days);
      let margins = rulesAt.get(range);
      if (margins === undefined) {
        const all = [result, ...others].map((m) => {
          const rules = viewRules(m, family, masks.pattern, masks.coarse, days);
          return rules ? { kind: m.kind, rules } : null;
        });
        // A count's row masked whole by its own rules is masked in this member too (rule 4).
        for (const { count, masks: theirs } of counts) {
          const rules = viewRules(count, [count], theirs.pattern, theirs.coarse, days);
          all.push(rules ? { kind: count.kind, rules } : null);
        }
        margins = all.every((m) => m !== null) ? all : null;
        rulesAt.set(range, margins);
      }
      const selection: Selection = { group, ...(county === '' ? {} : { county }), cohort: null };
      const self = margins?.[0];
      let hides: boolean[];
      if (!margins || !self || isMarginMasked(margins, selection)) hides = [true, true, true];
      else {
        hides = hiddenMarginValues(result.kind, self.rules.values(selection));
      }
      pieces.set(id, hides);
      return hides;
    },
  });
}

const piecesByMasks = new WeakMap<FamilyMasks, Map<string, boolean[]>>();

/**
 * The headline ranges' ends of `results` (exclusive, ISO, sorted, each once): each one's latest
 * complete quarter's end (`completeBefore`), the ranges besides the full one that rules 2, 8 and
 * 9 pre-decide.
 */
function boundsOf(results: readonly MeasureResult[]): string[] {
  return [...new Set(results.map((r) => r.disclosure?.completeBefore ?? ''))]
    .filter((bound) => bound !== '')
    .sort();
}

/** A row's cell and group, as the masks name it. */
function rowKey(row: RowKeys): string {
  return `${cellId(row)}${row.group}`;
}

/**
 * Whether numbers of one kind (a part, or a sum of parts: DisclosurePart's `values`) hold a
 * number suppression masks: a count 1–10; a denominator, numerator or their difference that
 * masks a rate, an open-window count 1–10, or a count 1–10 of a proportion's members left out
 * (outside its population) or excluded for a data problem, each held apart (shown by no row, but
 * a family's count less the denominator and open windows gives their sum, and another output may
 * give either alone); members or events 1–10.
 */
export function isSmallPart(kind: MeasureKind, values: readonly number[]): boolean {
  const [first = 0, second = 0, third = 0] = values;
  switch (kind) {
    case 'count':
      return isSmallCount(first);
    case 'proportion':
      return isRateMasked(second, first) || isSmallCount(third) || isSmallHeld(values);
    case 'time-to-event':
    case 'competing-time-to-event':
      return isSmallCount(first) || isSmallCount(second);
  }
}

/**
 * Whether a proportion's parts (DisclosurePart's `values`) hold a count 1–10 beyond its own three
 * numbers: its members left out (outside its population, `values[3]`) or excluded for a data
 * problem (`values[4]`), each held apart (compile-proportion.ts's PART_COLUMNS), and where the
 * measure has bases, each base's count less its members (`values[5]` on: signed, small when 1–10
 * either way; compile-proportion.ts's baseDifferences).
 */
function isSmallHeld(values: readonly number[]): boolean {
  return values.slice(3).some(isSmallHeldValue);
}

/**
 * A number a part holds masks when 1–10 either way (a sum of them likewise): a base less a
 * measure's members may be negative; every other number is 0 or more, where this is isSmallCount.
 */
function isSmallHeldValue(value: number): boolean {
  return isSmallCount(Math.abs(value));
}

/** A county × quarter cell of one group: its values in each measure of the family. */
interface Cell {
  county: string;
  quarter: string;
  values: number[][];
}

const SEP = '\u0000';

/**
 * The family's parts summed to county × quarter cells, per group and cell key. All units: summed
 * once per family's parts (the same arrays, in the same order), kept while the parts are.
 */
function familyCells(family: readonly MeasureResult[], units: string[] | null): Map<string, Cell> {
  const parts = family.map((r) => r.disclosure?.parts);
  const anchor = units ? undefined : parts.find((p) => p !== undefined);
  const kept = anchor ? (familyCellsByParts.get(anchor) ?? []) : [];
  const same = kept.find(
    (e) => e.parts.length === parts.length && e.parts.every((p, i) => p === parts[i]),
  );
  if (same) return same.cells;
  const cells = new Map<string, Cell>();
  family.forEach((result, m) => {
    for (const part of result.disclosure?.parts ?? []) {
      if (units && !units.includes(part.unit)) continue;
      const key = `${part.group}${SEP}${part.county}${SEP}${part.quarter}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { county: part.county, quarter: part.quarter, values: family.map(() => []) };
        cells.set(key, cell);
      }
      const sum = cell.values[m]!;
      part.values.forEach((value, i) => (sum[i] = (sum[i] ?? 0) + value));
    }
  });
  if (anchor) familyCellsByParts.set(anchor, [...kept.slice(-15), { parts, cells }]);
  return cells;
}

const familyCellsByParts = new WeakMap<
  readonly DisclosurePart[],
  { parts: (readonly DisclosurePart[] | undefined)[]; cells: Map<string, Cell> }[]
>();

/** A cell of familyCells with its group and its quarter's first day. */
interface CellEntry {
  key: string;
  cell: Cell;
  group: string;
  start: string;
}

/** familyCells' entries in their order, and those of each group and of each group's county. */
interface CellIndex {
  entries: CellEntry[];
  byGroup: Map<string, CellEntry[]>;
  byCounty: Map<string, CellEntry[]>;
}

const cellIndexes = new WeakMap<Map<string, Cell>, CellIndex>();

/** The index of familyCells' cells (built once per cells map). */
function cellIndex(cells: Map<string, Cell>): CellIndex {
  let index = cellIndexes.get(cells);
  if (index) return index;
  index = { entries: [], byGroup: new Map(), byCounty: new Map() };
  for (const [key, cell] of cells) {
    const group = key.slice(0, key.indexOf(SEP));
    const entry = { key, cell, group, start: cohortRange(cell.quarter).start };
    index.entries.push(entry);
    const inGroup = index.byGroup.get(group);
    if (inGroup) inGroup.push(entry);
    else index.byGroup.set(group, [entry]);
    const county = `${group}${SEP}${cell.county}`;
    const inCounty = index.byCounty.get(county);
    if (inCounty) inCounty.push(entry);
    else index.byCounty.set(county, [entry]);
  }
  cellIndexes.set(cells, index);
  return index;
}

/**
 * Whether cells masked together still give a masked number away: one cell alone, or a sum that
 * is small in any measure of the family. None masked is not.
 */
function isUnsafe(family: readonly MeasureResult[], cells: readonly Cell[]): boolean {
  if (cells.length === 0) return false;
  if (cells.length === 1) return true;
  const sums = family.map((_, m) => {
    const sum: number[] = [];
    for (const cell of cells) cell.values[m]?.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
    return sum;
  });
  return isSmallValues(family, sums);
}

/** Values of one cell (or a sum of cells) in each measure of the family: small in one. */
function isSmallValues(family: readonly MeasureResult[], values: readonly number[][]): boolean {
  return family.some((result, m) => {
    const own = values[m] ?? [];
    return own.length > 0 && isSmallPart(result.kind, own);
  });
}

/**
 * The masked county × quarter cells of a family (rule 2 of suppressMeasures), by cell key:
 * primary (small) cells, then complementary ones until every line holds none, or has nothing
 * left to mask. The lines are a quarter's counties and a county's quarters: whole, up to each
 * measure's latest complete quarter (the headline's range) and between those bounds. A line is
 * safe when its masked cells are safe together (isUnsafe; not asked in a family when the line's
 * total is masked by its own numbers: rule 4 masks it whole everywhere) and, as rule 8 asks of a table's
 * line, its total (the margin) gives nothing by difference: when the total is masked (isMaskedTotal),
 * each of its numbers that is not 0 is held by a masked cell (else the shown cells would add up
 * to it); when it is shown, no number (not 0) is held by exactly one masked cell (the total less
 * the shown cells would be it). Chosen here from the parts, the same complementary cells are
 * masked in every view, so no view shows a cell that another view hid to protect its line.
 * `seeded`: cells masked from the start (a family's count's own pattern, which its other
 * measures must not show: their members there are the count's where none is held).
 */
function maskedCells(
  family: readonly MeasureResult[],
  coarse: Coarse,
  seeded: readonly string[] = [],
  familyBounds?: readonly string[],
): Set<string> {
  const cells = familyCells(family, null);
  const masked = new Set<string>(seeded.filter((key) => cells.has(key)));
  for (const [key, cell] of cells) if (isSmallValues(family, cell.values)) masked.add(key);
  const bounds = familyBounds ?? boundsOf(family);
  /** A line's cells and, for a county's quarters before a bound, its cells from the bound on. */
  type Line = { keys: string[]; after: string[]; total: string | null };
  const lines = new Map<string, Line>();
  /** The lines each cell is on (as one of `keys` or of `after`). */
  const linesOf = new Map<string, Line[]>();
  const add = (line: string, total: string | null, key: string, after = false) => {
    const entry = lines.get(line) ?? { keys: [], after: [], total };
    (after ? entry.after : entry.keys).push(key);
    lines.set(line, entry);
    const on = linesOf.get(key);
    if (on) on.push(entry);
    else linesOf.set(key, [entry]);
  };
  for (const [key, cell] of cells) {
    const group = key.slice(0, key.indexOf(SEP));
    const days = cohortRange(cell.quarter);
    const start = days.start;
    const segment = bounds.filter((bound) => bound <= start).length;
    const county = `c${SEP}${group}${SEP}${cell.county}`;
    add(`${county}${SEP}${String(segment)}`, null, key);
    add(county, coarse.key(group, cell.county, { from: null, to: null }), key);
    for (const bound of bounds) {
      const total = coarse.key(group, cell.county, { from: null, to: bound });
      add(`${county}${SEP}<${bound}`, total, key, start >= bound);
    }
    const quarter = coarse.key(group, '', { from: days.start, to: days.end });
    add(`q${SEP}${group}${SEP}${cell.quarter}`, quarter, key);
  }
  // Members of the cell (a proportion's denominator and its still-open windows, as rule 8 sizes
  // a row), in the first measure that has the cell.
  const size = (key: string) => {
    const values = cells.get(key)?.values ?? [];
    const m = values.findIndex((v) => v.length > 0);
    const own = values[m] ?? [];
    return (own[0] ?? 0) + (family[m]?.kind === 'proportion' ? (own[2] ?? 0) : 0);
  };
  const cellsOf = (keys: readonly string[]) => keys.map((key) => cells.get(key)!);
  /**
   * What the line still needs: null (safe), `any` (its masked cells are unsafe: the smallest
   * other non-empty cell), or a number [measure, value] that another masked cell must hold.
   */
  const totals = new Map<string, { total: number[][]; masked: boolean }>();
  const need = (keys: readonly string[], after: readonly string[], line: string | null) => {
    const hidden = cellsOf(keys.filter((key) => masked.has(key)));
    // A line's cells do not change: its total and whether its own numbers mask it, once.
    const id = keys.join(SEP);
    let own = totals.get(id);
    if (!own) {
      const total = sumValues(family, cellsOf(keys));
      own = { total, masked: isMaskedTotal(family, total) };
      totals.set(id, own);
    }
    // A total masked whole in every view by its own numbers (in a family, rule 4; alone too when
    // its excluded count is small: every cell holding it is masked, and a row pooling them is)
    // gives nothing less the shown cells: its masked cells need only hold its numbers (below),
    // not be safe together, which a small total (a few families excluded by definition) never
    // lets them be: every cell of the line would be masked. Alone, a proportion masked for its
    // open windows still shows its denominator and numerator: checked as before.
    const wholeTotal =
      own.masked && (family.length > 1 || own.total.some((values) => isSmallHeld(values)));
    if (!wholeTotal && isUnsafe(family, hidden))
      return smallNumberOf(family, hidden) ?? ('any' as const);
    const { total } = own;
    const totalMasked =
      (line !== null && coarse.masked.has(line)) ||
      own.masked ||
      isUnsafe(family, cellsOf(after.filter((key) => masked.has(key))));
    for (let m = 0; m < family.length; m++) {
      const values = total[m] ?? [];
      for (let k = 0; k < values.length; k++) {
        if (values[k] === 0) continue;
        const holding = hidden.filter((cell) => (cell.values[m]?.[k] ?? 0) !== 0).length;
        if (totalMasked ? holding === 0 : holding === 1) return [m, k] as const;
      }
    }
    return null;
  };
  // A line that needed nothing, or found no cell to add, answers the same until one of its
  // cells is masked: asked again only then (`settled` till then).
  const settled = new Set<Line>();
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines.values()) {
      if (settled.has(line)) continue;
      const { keys, after, total } = line;
      const needed = need(keys, after, total);
      if (needed === null) {
        settled.add(line);
        continue;
      }
      const holds = (key: string) =>
        needed === 'any' || (cells.get(key)?.values[needed[0]]?.[needed[1]] ?? 0) !== 0;
      const open = keys.filter((key) => !masked.has(key) && size(key) > 0);
      const order = (a: string, b: string) => size(a) - size(b) || a.localeCompare(b);
      // A cell holding the number that is still small protects it; when none does, any cell
      // (the masks are no longer one cell alone).
      const next = open.filter(holds).sort(order)[0] ?? open.sort(order)[0];
      if (next !== undefined) {
        masked.add(next);
        changed = true;
        for (const on of linesOf.get(next) ?? []) settled.delete(on);
      } else {
        // Every cell of the line is masked and it still needs one: its total (a row of the
        // tables by county or by cohort) less the others would give it, so the total is masked
        // (coarseMasks then protects the total's own line). E.g. a proportion's open windows in
        // the one cell of a county's masked quarters that has any (its excluded members held).
        if (total !== null) coarse.masked.add(total);
        settled.add(line);
      }
    }
  }
  return masked;
}

/**
 * Which number of masked cells that are unsafe together (isUnsafe) is still small, as
 * [measure, value] of DisclosurePart's `values`: the one a complementary cell must hold (not 0)
 * to protect it. A complete cohort's cell holds no open window, so adding one to a line whose
 * masked open windows are few would protect nothing and mask a complete cohort for no gain.
 * One cell alone, none small: a number it holds. Null otherwise (any cell protects them).
 */
function smallNumberOf(
  family: readonly MeasureResult[],
  hidden: readonly Cell[],
): readonly [number, number] | null {
  const sums = sumValues(family, hidden);
  for (let m = 0; m < family.length; m++) {
    const [first = 0, second = 0, third = 0, ...held] = sums[m] ?? [];
    switch (family[m]?.kind) {
      case 'count':
        if (isSmallCount(first)) return [m, 0];
        break;
      case 'proportion':
        if (isSmallCount(first) || isSmallCount(first - second)) return [m, 0];
        if (isSmallCount(second)) return [m, 1];
        if (isSmallCount(third)) return [m, 2];
        {
          const k = held.findIndex(isSmallHeldValue);
          if (k >= 0) return [m, 3 + k];
        }
        break;
      case 'time-to-event':
      case 'competing-time-to-event':
        if (isSmallCount(first)) return [m, 0];
        if (isSmallCount(second)) return [m, 1];
        break;
      case undefined:
        break;
    }
  }
  // One cell alone: the line's total less its shown cells is that cell, so the complement must
  // hold a number the cell holds (a complete cohort's cell beside one of open windows only would
  // leave each of the two given by the other's zero).
  const [only] = hidden;
  if (hidden.length === 1 && only) {
    for (let m = 0; m < family.length; m++) {
      const k = (only.values[m] ?? []).findIndex((value) => value !== 0);
      if (k >= 0) return [m, k];
    }
  }
  return null;
}

/** Days of a cohort range: `from` inclusive, `to` exclusive (ISO); null: not bounded. */
interface CohortDays {
  from: string | null;
  to: string | null;
}

/**
 * Rows of one county (or all counties, `''`) over one cohort range masked in every view that
 * shows them (coarseMasks). `key` names such a row's quantity: a range reaching to or past the
 * extract's first or last quarter is unbounded on that side, so that a filter and a table agree.
 */
interface Coarse {
  masked: Set<string>;
  key(group: string, county: string, days: CohortDays): string;
}

/**
 * The masks of a family chosen from its parts, never from a view: the pattern of county × quarter
 * cells (maskedCells) and the rows of the tables by county and by cohort that rule 8 adds
 * (coarseMasks), each computed with the other until neither changes. `members`: the measures
 * whose lines are checked (a family's plain count keeps its own).
 */
function familyMasks(
  family: readonly MeasureResult[],
  members: readonly MeasureResult[],
  seeds: readonly FamilyMasks[] = [],
  bounds?: readonly string[],
): FamilyMasks {
  // The parts do not depend on the view: every view of one extract asks for the same masks.
  const shape = JSON.stringify([
    family.map((r) => [r.measureId, r.kind, r.disclosure?.completeBefore]),
    members.map((r) => family.indexOf(r)),
    seeds.map((seed) => [[...seed.pattern].sort(), [...seed.coarse.masked].sort()]),
    bounds ?? null,
  ]);
  // Kept parts (MemberTables.value) are the same arrays in every view: found without summing.
  const parts = family.map((r) => r.disclosure?.parts);
  const anchor = parts[0];
  const kept = anchor ? (familyMasksByParts.get(anchor) ?? []) : [];
  const same = kept.find((e) => e.shape === shape && e.parts.every((p, i) => p === parts[i]));
  if (same) return same.masks;
  // Otherwise by the parts summed to county × quarter cells (far fewer than the parts), with
  // each curve cell's 11 largest times (rule 8 reads where curves are cut: isWholeCurve).
  const id = JSON.stringify([
    shape,
    [...familyCells(family, null)].map(([key, cell]) => [key, cell.values]),
    family.map((r) => cellTails(r.disclosure?.parts ?? [])),
  ]);
  let masks = familyMasksMemo.get(id);
  if (!masks) {
    masks = computeFamilyMasks(family, members, seeds, bounds);
    if (familyMasksMemo.size >= 64) familyMasksMemo.clear();
    familyMasksMemo.set(id, masks);
  }
  if (anchor) familyMasksByParts.set(anchor, [...kept, { shape, parts, masks }]);
  return masks;
}

/** A time-to-event result's parts' tails merged per county × quarter cell: its 11 largest times, by cell key. */
function cellTails(parts: readonly DisclosurePart[]): [string, number[]][] {
  const byCell = new Map<string, number[]>();
  for (const part of parts) {
    if (!part.tail) continue;
    const key = `${part.group}${SEP}${part.county}${SEP}${part.quarter}`;
    byCell.set(key, [...(byCell.get(key) ?? []), ...part.tail]);
  }
  return [...byCell]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, times]) => [key, times.sort((a, b) => b - a).slice(0, MIN_AT_RISK)]);
}

type FamilyMasks = { pattern: ReadonlySet<string>; coarse: Coarse };
const familyMasksMemo = new Map<string, FamilyMasks>();
const familyMasksByParts = new WeakMap<
  readonly DisclosurePart[],
  { shape: string; parts: (readonly DisclosurePart[] | undefined)[]; masks: FamilyMasks }[]
>();

function computeFamilyMasks(
  family: readonly MeasureResult[],
  members: readonly MeasureResult[],
  seeds: readonly FamilyMasks[] = [],
  bounds?: readonly string[],
): FamilyMasks {
  const starts: string[] = [];
  const ends: string[] = [];
  for (const result of family)
    for (const part of result.disclosure?.parts ?? []) {
      const days = cohortRange(part.quarter);
      starts.push(days.start);
      ends.push(days.end);
    }
  const first = starts.length > 0 ? starts.reduce((a, b) => (a < b ? a : b)) : null;
  const last = ends.length > 0 ? ends.reduce((a, b) => (a > b ? a : b)) : null;
  const coarse: Coarse = {
    masked: new Set(),
    key: (group, county, { from, to }) =>
      [
        group,
        county,
        from === null || (first !== null && from <= first) ? '' : from,
        to === null || (last !== null && to >= last) ? '' : to,
      ].join(SEP),
  };
  for (const seed of seeds) for (const key of seed.coarse.masked) coarse.masked.add(key);
  const seeded = seeds.flatMap((seed) => [...seed.pattern]);
  let pattern = maskedCells(family, coarse, seeded, bounds);
  for (let round = 0; round < 8; round++) {
    const before = coarse.masked.size;
    coarseMasks(family, members, pattern, coarse, bounds);
    if (coarse.masked.size === before) break;
    pattern = maskedCells(family, coarse, seeded, bounds);
  }
  return { pattern, coarse };
}

/**
 * Rule 8 for the tables every view's rows of one county or one quarter come from, decided from
 * the parts and added to `coarse.masked`: the table by county and the table by cohort, over the
 * full range and over each range ending at a member's latest complete quarter (the headline's),
 * no county or unit filter. Each line (the total with its county rows, or with its cohort rows)
 * is made safe as lineMasks makes a view's line safe, so that a view showing one of these rows
 * (a county filter, a one-quarter range) masks what the table masks, and the table's own lines
 * need nothing more.
 */
function coarseMasks(
  family: readonly MeasureResult[],
  members: readonly MeasureResult[],
  pattern: ReadonlySet<string>,
  coarse: Coarse,
  familyBounds?: readonly string[],
): void {
  if (members.length === 0) return;
  const cells = familyCells(family, null);
  const groups = new Set<string>();
  const counties = new Set<string>();
  const quarters = new Set<string>();
  for (const [key, cell] of cells) {
    groups.add(key.slice(0, key.indexOf(SEP)));
    counties.add(cell.county);
    quarters.add(cell.quarter);
  }
  const bounds = familyBounds ?? boundsOf(members);
  const ranges: CohortDays[] = [
    { from: null, to: null },
    ...bounds.map((to) => ({ from: null, to })),
  ];
  for (const range of ranges) {
    const rules = members.flatMap((m) => viewRules(m, family, pattern, coarse, range) ?? []);
    if (rules.length !== members.length) continue;
    for (const group of [...groups].sort()) {
      const byCounty = [...counties].sort().map((county) => ({
        key: coarse.key(group, county, range),
        selection: { group, county, cohort: null },
      }));
      const byCohort = [...quarters]
        .sort()
        .map((quarter) => cohortRange(quarter))
        .filter((days) => range.to === null || days.start < range.to)
        .map((days) => ({
          key: coarse.key(group, '', { from: days.start, to: days.end }),
          selection: { group, cohort: days },
        }));
      for (const rows of [byCounty, byCohort])
        coarseLine(family, members, rules, coarse.masked, { group, cohort: null }, rows, range);
    }
  }
}

/**
 * One line of coarseMasks: `rows` (quantities by coarse key) with their total `margin`, under the
 * view's `rules` (one per member) over `range`. Rows masked whole: in `masked`, by rule 3 in a
 * member, or (a family of several) by their own numbers in one. Otherwise a row hides its own
 * small numbers (hiddenMarginValues) and, beside a margin whose curve is whole (its events
 * shown), a curve's events when its own curve is cut (rule 5; isWholeCurve, from the parts'
 * tails). The checks and the order rows are added in are lineMasks'.
 */
function coarseLine(
  family: readonly MeasureResult[],
  members: readonly MeasureResult[],
  rules: readonly ViewRules[],
  masked: Set<string>,
  margin: Selection,
  rows: readonly { key: string; selection: Selection }[],
  range: CohortDays,
): void {
  const info = rows
    .map((row) => ({
      ...row,
      values: rules.map((r) => r.values(row.selection)),
      cells: rules[0]?.maskedCells(row.selection) ?? [],
    }))
    .filter((i) => i.values.some((v) => v.length > 0));
  if (info.length < 2) return;
  const marginValues = rules.map((r) => r.values(margin));
  const marginMasked = rules.some((r) => r.masked(margin)) || isMaskedTotal(members, marginValues);
  type Info = (typeof info)[number];
  // Rule 3 and the row's own numbers, once per row: only `masked` changes below.
  const fixed = new Map(
    info.map((i) => [
      i.key,
      rules.some((r) => r.masked(i.selection)) ||
        (members.length > 1 && isMaskedTotal(members, i.values)),
    ]),
  );
  // A whole margin shows its events: a row whose curve is cut hides its own (rule 5), so the
  // margin less the shown rows must not give them. (Beside a cut margin, as before: taken as shown.)
  const timed = (m: MeasureResult) =>
    m.kind === 'time-to-event' || m.kind === 'competing-time-to-event';
  const wholeMargin = members.map((m) => timed(m) && isWholeCurve(m, margin, range));
  const own = new Map(
    info.map((i) => [
      i.key,
      members.map((m, j) => {
        const hides = hiddenMarginValues(m.kind, i.values[j] ?? []);
        if (wholeMargin[j] && !isWholeCurve(m, i.selection, range)) hides[1] = true;
        return hides;
      }),
    ]),
  );
  const whole = (i: Info) => masked.has(i.key) || fixed.get(i.key) === true;
  const hiddenOf = (i: Info, extra: string | null) => {
    const all = i.key === extra || whole(i);
    return (own.get(i.key) ?? []).map((hidden) => hidden.map((h) => all || h));
  };
  const value = (i: Info, j: number, k: number) => i.values[j]?.[k] ?? 0;
  const safe = (extra: string | null) => {
    const hidden = info.map((i) => hiddenOf(i, extra));
    const hides = (r: number, j: number, k: number) => hidden[r]?.[j]?.[k] === true;
    if (marginMasked)
      return marginValues.every((values, j) =>
        values.every(
          (v, k) => v === 0 || info.some((i, r) => hides(r, j, k) && value(i, j, k) !== 0),
        ),
      );
    const cells = info
      .filter((_, r) => hidden[r]?.some((h) => h.some(Boolean)))
      .flatMap((i) => i.cells);
    if (isUnsafe(family, cells)) return false;
    return marginValues.every((values, j) =>
      values.every((_, k) => {
        const hiding = info.filter((i, r) => hides(r, j, k) && value(i, j, k) !== 0);
        const sum = hiding.reduce((total, i) => total + value(i, j, k), 0);
        return hiding.length !== 1 && !isSmallHeldValue(sum);
      }),
    );
  };
  const size = (i: Info) =>
    value(i, 0, 0) + (members[0]?.kind === 'proportion' ? value(i, 0, 2) : 0);
  while (!safe(null)) {
    const candidates = info.filter((i) => size(i) > 0 && !whole(i));
    if (candidates.length === 0) break;
    masked.add(nextComplement(candidates, safe, (i) => i.cells.length > 0, size).key);
  }
}

/**
 * Whether the curve of a time-to-event result's `selection` (group, county or all, cohort) over
 * `range` is whole: drawn with no point under 11 at risk, so that its events are shown (rule 5),
 * from the tails of the parts it pools (curveCutOf).
 */
function isWholeCurve(result: MeasureResult, selection: Selection, range: CohortDays): boolean {
  const pooled = (result.disclosure?.parts ?? []).filter((part) => {
    if (part.group !== selection.group) return false;
    if (selection.county !== undefined && part.county !== selection.county) return false;
    const start = cohortRange(part.quarter).start;
    if (range.from !== null && start < range.from) return false;
    if (range.to !== null && start >= range.to) return false;
    const cohort = selection.cohort;
    return !cohort || (start >= cohort.start && start < cohort.end);
  });
  const n = pooled.reduce((sum, part) => sum + (part.values[0] ?? 0), 0);
  return curveCutOf(
    pooled.map((part) => part.tail),
    n,
  ).whole;
}

/** The values of cells summed, per measure of the family (as DisclosurePart's `values`). */
function sumValues(family: readonly MeasureResult[], cells: readonly Cell[]): number[][] {
  return family.map((_, m) => {
    const sum: number[] = [];
    for (const cell of cells) cell.values[m]?.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
    return sum;
  });
}

/**
 * Whether a total of cells (sumValues) is masked whole by its own numbers in some measure of the
 * family, as rule 8 decides a margin (isMarginMasked): a number small, or a curve under 11 at risk.
 */
function isMaskedTotal(family: readonly MeasureResult[], total: readonly number[][]): boolean {
  return family.some((result, m) => {
    const values = total[m] ?? [];
    if (values.length === 0) return false;
    return (
      isSmallPart(result.kind, values) ||
      (result.kind !== 'count' && result.kind !== 'proportion' && (values[0] ?? 0) < MIN_AT_RISK)
    );
  });
}

/** A row's county and cohort days, or none: the cells it pools (rowKey's cell). */
interface Selection {
  group: string;
  county?: string;
  cohort?: { start: string; end: string } | null;
}

/** The rules of one view (rule 3 of suppressMeasures), for any row of it, read from the parts. */
interface ViewRules {
  /** Whether the row pooling `selection` within the view's filters is masked by rule 3. */
  masked(selection: Selection): boolean;
  /** The row's values summed from the parts (DisclosurePart's `values`), within the filters. */
  values(selection: Selection): number[];
  /** The cells of the pattern the row pools (none: its value can be summed from shown cells). */
  maskedCells(selection: Selection): Cell[];
}

/**
 * Rule 3 of suppressMeasures for the view of `result` (its filters), from the parts only, so that
 * a table of the view knows what any other table of the same view shows without running it. A
 * row is masked when the masked cells it pools are unsafe together, or those of a county,
 * quarter or unit its filters leave out are (a view filtered by unit: a unit kept or left out is
 * small in the row's cell). The quarters from the measure's latest complete cohort on are left
 * out together by a range that ends at or before it: no view that pools cohorts ends among them
 * (headlines and county rows pool complete cohorts; the full range is the only other).
 */
function viewRules(
  result: MeasureResult,
  family: readonly MeasureResult[],
  pattern: ReadonlySet<string>,
  coarse: Coarse,
  range?: CohortDays,
): ViewRules | null {
  const disclosure = result.disclosure;
  if (!disclosure) return null;
  const filters: MeasureFilters = range ? {} : disclosure.filters;
  const cells = familyCells(family, null);
  const from = range
    ? range.from
    : filters.cohortFrom
      ? cohortRange(filters.cohortFrom).start
      : null;
  const to = range ? range.to : filters.cohortTo ? cohortRange(filters.cohortTo).end : null;
  const counties = filters.counties && filters.counties.length > 0 ? filters.counties : null;
  const units = filters.units && filters.units.length > 0 ? filters.units : null;
  const bound = disclosure.completeBefore;
  const wholeAfter = to !== null && bound !== '' && to <= bound;
  const oneCohort = isOneCohort(from, to);
  const starts = new Map<string, string>();
  const startOf = (quarter: string) => {
    let start = starts.get(quarter);
    if (start === undefined) starts.set(quarter, (start = cohortRange(quarter).start));
    return start;
  };
  const index = cellIndex(cells);
  type Entry = CellEntry;
  const unsafe = (list: readonly Entry[]) =>
    isUnsafe(
      family,
      list.filter((e) => pattern.has(e.key)).map((e) => e.cell),
    );
  const inRange = (start: string) =>
    (from === null || start >= from) && (to === null || start < to);
  const keptCounty = (county: string) => !counties || counties.includes(county);
  const inRow = (selection: Selection, county: string, start: string) =>
    (selection.county === undefined || county === selection.county) &&
    (!selection.cohort || (start >= selection.cohort.start && start < selection.cohort.end));
  // The cells of the row's group (and county), in familyCells' order, within its cohort days.
  const reference = (selection: Selection): readonly Entry[] => {
    const base =
      (selection.county === undefined
        ? index.byGroup.get(selection.group)
        : index.byCounty.get(`${selection.group}${SEP}${selection.county}`)) ?? [];
    const cohort = selection.cohort;
    return cohort ? base.filter((e) => e.start >= cohort.start && e.start < cohort.end) : base;
  };
  const kept = (selection: Selection) =>
    reference(selection).filter((e) => keptCounty(e.cell.county) && inRange(e.start));
  // The result's parts of the row's group (and county), in their order.
  const parts = partIndex(disclosure.parts);
  const partsOf = (selection: Selection): readonly DisclosurePart[] =>
    parts.get(
      selection.county === undefined
        ? selection.group
        : `${selection.group}${SEP}${selection.county}`,
    ) ?? [];
  const rules: ViewRules = {
    masked(selection) {
      // A row of one county (or all) and one range (rule 8 of the tables by county and by
      // cohort, chosen from the parts: coarseMasks) is masked in every view that shows it.
      if (!units && (!counties || counties.length === 1 || selection.county !== undefined)) {
        const county = selection.county ?? counties?.[0] ?? '';
        const days = selection.cohort
          ? { from: selection.cohort.start, to: selection.cohort.end }
          : { from, to };
        if (coarse.masked.has(coarse.key(selection.group, county, days))) return true;
      }
      const all = reference(selection);
      const inView = all.filter((e) => keptCounty(e.cell.county) && inRange(e.start));
      if (inView.length === 1 && inView[0] && pattern.has(inView[0].key)) return true;
      if (inView.length > 1 && unsafe(inView)) return true;
      // A row that pools no masked cell is the sum of shown cells of the table by county and
      // cohort: masking it would protect nothing (what it differs from another view by, that
      // view's own lines protect).
      const derivable = !inView.some((e) => pattern.has(e.key));
      // A county the filter leaves out, when the view without that filter shows the cell. Not
      // for a row of one county: the table by county of the same range shows that row without
      // this test (its line there is rule 8's to protect), so masking it here would protect
      // nothing and the two views would differ on one quantity.
      const allCounties = all.filter((e) => inRange(e.start));
      if (!derivable && counties && counties.length > 1 && !unsafe(allCounties)) {
        const left = new Set(
          allCounties.filter((e) => !keptCounty(e.cell.county)).map((e) => e.cell.county),
        );
        for (const county of left) {
          if (unsafe(allCounties.filter((e) => e.cell.county === county))) return true;
        }
      }
      // A quarter the cohort range leaves out, likewise (those after the bound as one part).
      // Not for a row of one cohort (a range of exactly one quarter, half or year): the table by
      // cohort without a range shows it without this test, likewise.
      const allQuarters = all.filter((e) => keptCounty(e.cell.county));
      if (!derivable && (from !== null || to !== null) && !oneCohort && !unsafe(allQuarters)) {
        const partOf = (e: Entry) => (wholeAfter && e.start >= bound ? '' : e.cell.quarter);
        const left = new Set(allQuarters.filter((e) => !inRange(e.start)).map(partOf));
        for (const part of left) {
          if (unsafe(allQuarters.filter((e) => !inRange(e.start) && partOf(e) === part)))
            return true;
        }
      }
      if (units) {
        // Each unit's part of the row's cell (all units), kept or left out: none may be small.
        const byUnit = new Map<string, number[]>();
        for (const part of partsOf(selection)) {
          if (part.group !== selection.group) continue;
          const start = startOf(part.quarter);
          if (!inRow(selection, part.county, start) || !keptCounty(part.county) || !inRange(start))
            continue;
          const sum = byUnit.get(`${part.county}${SEP}${part.unit}`) ?? [];
          part.values.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
          byUnit.set(`${part.county}${SEP}${part.unit}`, sum);
        }
        if ([...byUnit.values()].some((values) => isSmallPart(result.kind, values))) return true;
      }
      return false;
    },
    values(selection) {
      const sum: number[] = [];
      const own = family.indexOf(result);
      if (!units && own >= 0) {
        // The parts already summed to county × quarter cells (familyCells).
        for (const e of kept(selection))
          e.cell.values[own]?.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
        return sum;
      }
      for (const part of partsOf(selection)) {
        if (part.group !== selection.group || (units && !units.includes(part.unit))) continue;
        const start = startOf(part.quarter);
        if (!inRow(selection, part.county, start) || !keptCounty(part.county) || !inRange(start))
          continue;
        part.values.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
      }
      return sum;
    },
    maskedCells(selection) {
      return kept(selection)
        .filter((e) => pattern.has(e.key))
        .map((e) => e.cell);
    },
  };
  // Rule 3's coarse masks grow while coarseMasks runs (a `range`): asked afresh there.
  return memoRules(rules, range === undefined);
}

/**
 * A view's rules answering each selection once (their answers depend on the selection alone:
 * the pattern, parts and filters are the view's). `masked` too when `frozen` (its coarse masks
 * no longer change). The answers are shared: never changed by the caller.
 */
function memoRules(rules: ViewRules, frozen: boolean): ViewRules {
  const memo = <T>(answer: (selection: Selection) => T) => {
    const answers = new Map<string, T>();
    return (selection: Selection): T => {
      const id = selectionKey(selection);
      let known = answers.get(id);
      if (known === undefined) answers.set(id, (known = answer(selection)));
      return known;
    };
  };
  return {
    masked: frozen ? memo((s) => rules.masked(s)) : (s) => rules.masked(s),
    values: memo((s) => rules.values(s)),
    maskedCells: memo((s) => rules.maskedCells(s)),
  };
}

const partIndexes = new WeakMap<readonly DisclosurePart[], Map<string, DisclosurePart[]>>();

/** A result's parts by group, and by group and county (`group SEP county`), in their order. */
function partIndex(parts: readonly DisclosurePart[]): Map<string, DisclosurePart[]> {
  let index = partIndexes.get(parts);
  if (index) return index;
  index = new Map();
  for (const part of parts)
    for (const key of [part.group, `${part.group}${SEP}${part.county}`]) {
      const list = index.get(key);
      if (list) list.push(part);
      else index.set(key, [part]);
    }
  partIndexes.set(parts, index);
  return index;
}

/** A selection's identity: its group, county (or none) and cohort days (or none). */
function selectionKey(selection: Selection): string {
  const county = selection.county === undefined ? '\u0001' : selection.county;
  const cohort = selection.cohort ? `${selection.cohort.start}${SEP}${selection.cohort.end}` : '';
  return `${selection.group}${SEP}${county}${SEP}${cohort}`;
}

/** Whether a cohort range (start inclusive, end exclusive, ISO) is exactly one quarter, half or year. */
function isOneCohort(from: string | null, to: string | null): boolean {
  if (from === null || to === null) return false;
  return PERIODS.some((period) => {
    const range = cohortRange(cohortOfDay(period, from));
    return range.start === from && range.end === to;
  });
}

/** The cells a row pools: its group, county and cohort days. */
function selectionOf(row: RowKeys): Selection {
  return {
    group: row.group,
    ...(row.county === undefined ? {} : { county: row.county }),
    cohort: row.cohort === undefined ? null : cohortRange(row.cohort),
  };
}

/** A row's values by kind, as DisclosurePart's `values` (null: not measured). */
function rowValues(row: MeasureRow): (number | null)[] {
  if ('count' in row) return [row.count];
  if ('rate' in row) return [row.denominator, row.numerator, row.windowNotComplete];
  return [row.n, row.events];
}

/** Which of a row's values (rowValues) its outputs hide, masked whole (`forced`) or by rule 1. */
function hiddenValues(row: MeasureRow, forced: boolean): boolean[] {
  const shown =
    'count' in row
      ? suppressCountRow(row, forced)
      : 'rate' in row
        ? suppressProportionRow(row, forced)
        : suppressCurveRow(row, forced);
  const before = rowValues(row);
  return rowValues(shown).map((value, i) => value === null && before[i] !== null);
}

/**
 * Which values of a margin (a row of another table of the view, from the parts) its outputs
 * hide by rule 1. A curve's events are taken as shown: whether its curve is cut is not in the
 * parts, and a shown margin is the case to protect.
 */
function hiddenMarginValues(kind: MeasureKind, values: readonly number[]): boolean[] {
  const [first = 0, second = 0, third = 0] = values;
  switch (kind) {
    case 'count':
      return [isSmallCount(first)];
    case 'proportion': {
      const rate = isRateMasked(second, first);
      // Members left out or excluded for a data problem (each held, 1–10): a count of the same
      // people less the denominator and open windows gives their sum, another output either
      // group alone, so neither denominator nor open windows is shown.
      const excluded = isSmallHeld(values);
      return heldHidden(kind, values, [
        isSmallCount(first) || excluded,
        rate,
        isSmallCount(third) || excluded,
      ]);
    }
    case 'time-to-event':
    case 'competing-time-to-event':
      return [isSmallCount(first), isSmallCount(second)];
  }
}

/**
 * `hidden` (which of a row's own values, rowValues, its outputs hide) with an entry for each
 * number the parts hold beyond them (`values`: DisclosurePart's): a proportion's members left out
 * and its members excluded for a data problem, and each base's count less its members (`bases`),
 * which its denominator and open windows give (less a family's count, or another output's), so
 * each hidden when either is.
 */
function heldHidden(kind: MeasureKind, values: readonly number[], hidden: boolean[]): boolean[] {
  if (kind !== 'proportion' || values.length <= 3) return hidden;
  const held = hidden[0] === true || hidden[2] === true;
  return [...hidden, ...values.slice(3).map(() => held)];
}

/** A margin masked whole as its own view masks it: rule 3, or rule 1 as isOwnMasked, in any member. */
function isMarginMasked(
  margins: readonly { kind: MeasureKind; rules: ViewRules }[],
  selection: Selection,
): boolean {
  return margins.some(({ kind, rules }) => {
    if (rules.masked(selection)) return true;
    const values = rules.values(selection);
    if (values.length === 0) return false;
    return (
      isSmallPart(kind, values) ||
      (kind !== 'count' && kind !== 'proportion' && (values[0] ?? 0) < MIN_AT_RISK)
    );
  });
}

/**
 * Rule 5 of suppressMeasures, added to `forced`: each line of the result's table — its rows of one
 * group (by county, or by cohort) with the view's total of that group, or in a table by county
 * and cohort a county's cohorts with the county's row and a cohort's counties with the cohort's
 * row — holds no value that the margin less the shown rows would give. The margin is decided as
 * its own table decides it, from the parts (rule 3 and 1, the family's included), without
 * running it. When the margin is masked, at least two non-empty rows are masked (the margin is
 * not the sum of the shown rows); when it is shown, each value it shows is hidden in no row or in
 * two or more whose sum is not 1–10. Rows are added smallest first, preferring one that makes the
 * line safe and one that pools a masked cell (a row summed from shown cells protects nothing).
 * Returns whether it added any.
 */
function lineMasks(
  result: MeasureResult,
  family: readonly MeasureResult[],
  forced: Set<string>,
  self: ViewRules,
  margins: readonly { kind: MeasureKind; rules: ViewRules }[],
  derived: DerivedRows,
): boolean {
  const lines = resultLines(result);
  // What each line's rows and margin hold does not change between rounds (only `forced` grows):
  // read once per call of suppressMeasures (one `forced` set per result and call).
  let kept = lineStates.get(forced);
  if (!kept || kept.self !== self || kept.margins !== margins || kept.family !== family) {
    kept = { self, margins, family, lines: new Map() };
    lineStates.set(forced, kept);
  }
  let changed = false;
  for (const line of lines.values()) {
    const { margin, rows } = line;
    if (rows.length < 2) continue;
    // A derived total or row (rule 9) shows only sums of shown pre-decided numbers: the total
    // less the shown rows is one too, so the line needs no complementary row.
    if (derived.isDerived(margin) || rows.some((row) => derived.hidden.has(row))) continue;
    let state = kept.lines.get(line);
    if (!state) {
      const marginMasked = isMarginMasked(margins, margin);
      const marginRaw = self.values(margin);
      state = {
        marginMasked,
        marginRaw,
        marginHidden: marginMasked ? [] : hiddenMarginValues(result.kind, marginRaw),
        info: rows.map((row) => {
          const own = rowValues(row);
          const selection = selectionOf(row);
          // The numbers the parts hold beyond the row's own (a proportion's members left out and
          // excluded).
          const held = self.values(selection).slice(own.length);
          const raw = [...own.map((v) => v ?? 0), ...held];
          return {
            key: rowKey(row),
            row,
            raw,
            size: raw[0]! + (result.kind === 'proportion' ? raw[2]! : 0),
            cells: self.maskedCells(selection),
            shown: heldHidden(result.kind, raw, hiddenValues(row, false)),
            // Masked whole, a row hides every value it has (hiddenValues(row, true)).
            whole: [...own.map((value) => value !== null), ...held.map(() => true)],
          };
        }),
        done: -1,
      };
      kept.lines.set(line, state);
    }
    // Checked before with the same rows forced (`forced` only grows): nothing to add.
    const forcedRows = state.info.reduce((n, i) => n + Number(forced.has(i.key)), 0);
    if (forcedRows === state.done) continue;
    const { marginMasked, marginRaw, marginHidden, info } = state;
    const hiddenOf = (i: (typeof info)[number], extra: string | null) =>
      forced.has(i.key) || i.key === extra ? i.whole : i.shown;
    const safe = (extra: string | null) => {
      if (marginMasked) {
        // Each number of the masked margin (not 0) is hidden in a row: it is no sum of shown rows.
        const hidden = info.map((i) => hiddenOf(i, extra));
        return marginRaw.every(
          (value, k) =>
            value === 0 || info.some((i, r) => hidden[r]?.[k] === true && i.raw[k] !== 0),
        );
      }
      const hidden = info.map((i) => hiddenOf(i, extra));
      // The margin less the shown rows, less the shown cells (the table by county and cohort),
      // is the masked cells of the rows hidden: they must be safe together.
      const cells = info.filter((_, r) => hidden[r]?.some(Boolean)).flatMap((i) => i.cells);
      if (isUnsafe(family, cells)) return false;
      return marginHidden.every((marginHides, k) => {
        if (marginHides) return true;
        // A hidden 0 hides nothing (a complete cohort has no open window, as everyone knows).
        const rowsHiding = info.filter((i, r) => hidden[r]?.[k] === true && i.raw[k] !== 0);
        const sum = rowsHiding.reduce((total, i) => total + (i.raw[k] ?? 0), 0);
        return rowsHiding.length !== 1 && !isSmallHeldValue(sum);
      });
    };
    let added = 0;
    while (!safe(null)) {
      const candidates = info.filter((i) => i.size > 0 && !forced.has(i.key));
      if (candidates.length === 0) break;
      forced.add(
        nextComplement(
          candidates,
          safe,
          (i) => i.cells.length > 0,
          (i) => i.size,
        ).key,
      );
      changed = true;
      added++;
    }
    state.done = forcedRows + added;
  }
  return changed;
}

/** A line of a result's table (lineMasks): its margin and its rows. */
interface Line {
  margin: Selection;
  rows: MeasureRow[];
}

/** A line's margin and rows as lineMasks reads them (`done`: the rows forced when last checked). */
interface LineState {
  marginMasked: boolean;
  marginRaw: number[];
  marginHidden: boolean[];
  info: {
    key: string;
    row: MeasureRow;
    raw: number[];
    size: number;
    cells: Cell[];
    /** The values its outputs hide when shown (rule 1), and when masked whole. */
    shown: boolean[];
    whole: boolean[];
  }[];
  done: number;
}

const lineStates = new WeakMap<
  Set<string>,
  {
    self: ViewRules;
    margins: readonly { kind: MeasureKind; rules: ViewRules }[];
    family: readonly MeasureResult[];
    lines: Map<Line, LineState>;
  }
>();

const resultLinesMemo = new WeakMap<MeasureResult, Map<string, Line>>();

/**
 * The lines of a result's table (lineMasks), by id: a group's rows (by county, or by cohort), or
 * in a table by county and cohort a county's cohorts and a cohort's counties. Once per result.
 */
function resultLines(result: MeasureResult): Map<string, Line> {
  const known = resultLinesMemo.get(result);
  if (known) return known;
  const lines = new Map<string, Line>();
  const add = (id: string, margin: Selection, row: MeasureRow) => {
    const line = lines.get(id) ?? { margin, rows: [] };
    line.rows.push(row);
    lines.set(id, line);
  };
  const byCounty = result.by.includes('county');
  const byCohort = result.by.includes('cohort');
  for (const row of result.rows) {
    if (byCounty !== byCohort) add(row.group, { group: row.group, cohort: null }, row);
    if (byCounty && byCohort && row.county !== undefined && row.cohort !== undefined) {
      add(
        `c${SEP}${row.group}${SEP}${row.county}`,
        { group: row.group, county: row.county, cohort: null },
        row,
      );
      add(
        `q${SEP}${row.group}${SEP}${row.cohort}`,
        { group: row.group, cohort: cohortRange(row.cohort) },
        row,
      );
    }
  }
  resultLinesMemo.set(result, lines);
  return lines;
}

/** A row masked by its own numbers (rule 1 of suppressMeasures). */
function isOwnMasked(result: MeasureResult, row: MeasureRow): boolean {
  if ('count' in row) return isSmallCount(row.count ?? 0);
  if ('rate' in row) {
    const values = [row.denominator ?? 0, row.numerator ?? 0, row.windowNotComplete ?? 0];
    return isSmallPart(result.kind, values);
  }
  return isSmallPart(result.kind, [row.n ?? 0, row.events ?? 0]) || (row.n ?? 0) < MIN_AT_RISK;
}

/**
 * Rule 4 of suppressMeasures, added to `forced` (one set per result): within a family, a row
 * masked in any measure (a plain count's included) is masked in all but the counts; a row masked
 * in a measure with a pattern of its own (`ownPattern`) stays its own, and such a measure takes
 * the counts' masked rows only. Rows are matched within one view.
 */
function familyUnion(
  family: readonly MeasureResult[],
  members: readonly number[],
  forced: Set<string>[],
): void {
  if (family.length < 2) return;
  const views = new Map<string, number[]>();
  family.forEach((result, m) => {
    const view = JSON.stringify([result.by, result.period, result.disclosure?.filters ?? null]);
    views.set(view, [...(views.get(view) ?? []), m]);
  });
  for (const inView of views.values()) {
    if (inView.length < 2) continue;
    // By row: masked in a count (0b01), in a measure sharing the family's pattern (0b10).
    const rows = new Map<string, number>();
    for (const m of inView) {
      const result = family[m]!;
      if (result.ownPattern === true && result.kind !== 'count') continue;
      const set = forced[members[m]!]!;
      const bit = result.kind === 'count' ? 1 : 2;
      for (const row of result.rows) {
        const key = rowKey(row);
        // A count's masked row (its own numbers, or its lines') is masked in the others too:
        // their members there are its count where none is held.
        const masked = set.has(key) || isOwnMasked(result, row);
        rows.set(key, (rows.get(key) ?? 0) | (masked ? bit : 0));
      }
    }
    for (const [key, masked] of rows) {
      if (masked === 0) continue;
      for (const m of inView) {
        const target = family[m];
        if (!target || target.kind === 'count') continue;
        // A measure with its own pattern takes the count's masks only.
        if (target.ownPattern === true && (masked & 1) === 0) continue;
        forced[members[m]!]?.add(key);
      }
    }
  }
}

/** Rule 1 on every row, and the rows in `forced` masked whole; comparisons with them. */
function applyMasks(
  result: MeasureResult,
  forced: ReadonlySet<string>,
  rule9?: DerivedRows,
): MeasureResult {
  const derived: ReadonlyMap<MeasureRow, boolean[]> = rule9?.hidden ?? new Map();
  const cutOf = (row: MeasureRow) => rule9?.cuts.get(row);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped: parts are not published
  const { disclosure: _parts, ...rest } = result;
  const isForced = (row: RowKeys) => forced.has(rowKey(row));
  // Rule 9: a derived row's values that are no sum of shown pre-decided ones.
  const hides = (row: MeasureRow) => derived.get(row);
  // The view says once that rule 9 hid values (derivedMasks), never which: decided from the
  // rule's own choices (the quantity and the parts), not from whether rule 1 masked them too.
  if (result.rows.some((row) => derived.get(row)?.some(Boolean) === true)) rest.derivedMasks = true;
  switch (rest.kind) {
    case 'count':
      return {
        ...rest,
        suppression: true,
        rows: rest.rows.map((row) => hideDerived(suppressCountRow(row, isForced(row)), hides(row))),
      };
    case 'proportion': {
      const rows = rest.rows.map((row) =>
        hideDerived(suppressProportionRow(row, isForced(row)), hides(row)),
      );
      const masked = new Set(rows.filter((row) => row.rate === null).map((row) => cellId(row)));
      return {
        ...rest,
        suppression: true,
        rows,
        comparisons: rest.comparisons.map((comparison) =>
          masked.has(cellId(comparison)) ? maskDifference(comparison) : comparison,
        ),
      };
    }
    case 'time-to-event': {
      const small = smallCells(rest.rows, forced, derived);
      return {
        ...rest,
        suppression: true,
        rows: rest.rows.map((row) =>
          hideDerived(suppressCurveRow(row, isForced(row)), hides(row), cutOf(row)),
        ),
        comparisons: rest.comparisons.map((c) => (small.has(cellId(c)) ? maskLogRank(c) : c)),
      };
    }
    case 'competing-time-to-event': {
      const small = smallCells(rest.rows, forced, derived);
      return {
        ...rest,
        suppression: true,
        rows: rest.rows.map((row) =>
          hideDerived(suppressCurveRow(row, isForced(row)), hides(row), cutOf(row)),
        ),
        comparisons: rest.comparisons.map((c) => (small.has(cellId(c)) ? maskLogRank(c) : c)),
      };
    }
  }
}

function suppressCountRow(row: CountRow, forced: boolean): CountRow {
  const count = forced ? null : maskCount(row.count);
  return { ...row, count, suppressed: row.suppressed || count !== row.count };
}

function suppressProportionRow(row: ProportionRow, forced: boolean): ProportionRow {
  if (forced) {
    return {
      ...row,
      denominator: null,
      numerator: null,
      rate: null,
      ciLow: null,
      ciHigh: null,
      windowNotComplete: null,
      unstable: false,
      suppressed: true,
    };
  }
  const rateMasked = isRateMasked(row.numerator ?? 0, row.denominator ?? 0);
  const denominator = maskCount(row.denominator);
  const windowNotComplete = maskCount(row.windowNotComplete);
  // `suppressed` speaks of the estimate: a masked count of still-open windows leaves it intact.
  const masked = rateMasked || denominator !== row.denominator;
  return {
    ...row,
    denominator,
    numerator: rateMasked ? null : row.numerator,
    rate: rateMasked ? null : row.rate,
    ciLow: rateMasked ? null : row.ciLow,
    ciHigh: rateMasked ? null : row.ciHigh,
    windowNotComplete,
    suppressed: row.suppressed || masked,
  };
}

/**
 * A curve stops where fewer than 11 remain at risk; a median past that point is not shown. Its
 * events are reported only when the curve is whole: past the cut, n minus the events shown
 * would be the events the cut hides. When the events are 1–10, the curve goes too (n × (1 − S)
 * would give them). Forced: the whole row is masked.
 */
function suppressCurveRow<T extends SurvivalRow | IncidenceRow>(row: T, forced: boolean): T {
  if (forced) {
    return {
      ...row,
      n: null,
      events: null,
      medianDays: null,
      curve: [] as T['curve'],
      unstable: false,
      suppressed: true,
    };
  }
  const eventsSmall = row.events !== null && isSmallCount(row.events);
  const cut = eventsSmall ? 0 : row.curve.findIndex((point) => point.atRisk < MIN_AT_RISK);
  const curve = (cut === -1 ? row.curve : row.curve.slice(0, cut)) as T['curve'];
  const lastT = curve.at(-1)?.t;
  const medianDays =
    row.medianDays !== null && lastT !== undefined && row.medianDays <= lastT
      ? row.medianDays
      : null;
  const n = maskCount(row.n);
  const events = cut === -1 ? maskCount(row.events) : null;
  const masked = n !== row.n || events !== row.events || medianDays !== row.medianDays;
  return { ...row, n, events, medianDays, curve, suppressed: row.suppressed || masked };
}

/**
 * Cells where either group has fewer than 11 members, is masked whole or is a derived row (rule
 * 9: the test reads whole curves, past any cut): no test is shown.
 */
function smallCells(
  rows: readonly (SurvivalRow | IncidenceRow)[],
  forced: ReadonlySet<string>,
  derived: ReadonlyMap<MeasureRow, boolean[]>,
): Set<string> {
  return new Set(
    rows
      .filter(
        (row) =>
          (row.n !== null && row.n < MIN_AT_RISK) || forced.has(rowKey(row)) || derived.has(row),
      )
      .map((row) => cellId(row)),
  );
}

/**
 * Every difference and interval of a cell is masked with its rates: the crude, cluster-robust and
 * county-stratified ones. The units per group stay: they count units, not people, and say why a
 * comparison rests on few of them.
 */
function maskDifference(comparison: DifferenceComparison): DifferenceComparison {
  return {
    ...comparison,
    difference: null,
    ciLow: null,
    ciHigh: null,
    z: null,
    p: null,
    clusterCiLow: null,
    clusterCiHigh: null,
    clusterP: null,
    clusterDf: null,
    clusterNoInterval: null,
    mhDifference: null,
    mhCiLow: null,
    mhCiHigh: null,
    mhP: null,
    mhStrata: null,
    suppressed: true,
  };
}

/** The log-rank test is masked; the units per group stay (units, not people). */
function maskLogRank(comparison: LogRankComparison): LogRankComparison {
  return { ...comparison, chiSquare: null, p: null, suppressed: true };
}

/**
 * Complementary suppression for a table that also shows its total: cells of 1–10 are masked and,
 * while exactly one cell is masked, the next-smallest (non-zero where possible) is masked too so
 * that no masked value can be recovered by subtracting the others from the total. With a single
 * cell the total itself gives it away, so `total` says whether the total must be masked.
 */
export function complementaryMask(counts: readonly number[]): { cells: boolean[]; total: boolean } {
  const cells = counts.map(isSmallCount);
  const maskedCount = cells.filter(Boolean).length;
  if (maskedCount === 1 && counts.length > 1) {
    const candidates = counts
      .map((count, i) => ({ count, i }))
      .filter(({ i }) => !cells[i])
      .sort((a, b) => Number(a.count === 0) - Number(b.count === 0) || a.count - b.count);
    const next = candidates[0];
    if (next) cells[next.i] = true;
  }
  return { cells, total: counts.length === 1 && cells[0] === true };
}
