import { cohortRange } from './cohorts';
import type { DisclosurePart, MeasureResult, MeasureRow } from './types';

// Rows whose quantity no pre-decided view shows (docs/disclosure-control.md, rule 9): a cohort
// range other than the full one, a headline's or one quarter (a custom range, a half, a year),
// several counties, a unit filter. Each of their numbers is shown only when it is a sum (or
// difference) of numbers the pre-decided views show, so such a view adds nothing to what those
// views give, whatever it is combined with. No rule here depends on the view: only on the
// quantity (group, counties, cohort quarters, units) and the parts.

/** Days of a cohort range: `from` inclusive, `to` exclusive (ISO); null: not bounded. */
export interface Days {
  from: string | null;
  to: string | null;
}

/** The cells a row (or a line's total) pools, within the view's filters. */
export interface Pooled {
  group: string;
  county?: string;
  cohort?: { start: string; end: string } | null;
}

/** What the rule reads from suppression (suppression.ts owns those rules). */
export interface DerivedInput {
  /** The result, with its parts (`disclosure`) and view filters. */
  result: MeasureResult;
  /** The name of a quantity of one county (or all, `''`) over a range (suppression's Coarse key). */
  key(group: string, county: string, days: Days): string;
  /** The headline ranges' ends (exclusive, ISO) decided from the parts, besides the full range. */
  bounds: readonly string[];
  /**
   * Which values (DisclosurePart's `values`) the view of one pre-decided quantity hides: the view
   * filtered to one county (or none) and one pre-decided range, with no unit filter. A curve's
   * events count as hidden (whether its curve is cut is not in the parts).
   */
  piece(group: string, county: string, days: Days): readonly boolean[];
  /**
   * Whether a measure of the family (not a count; this one included, when the family has
   * others) holds a unit's part of this cell that rule 1 masks: rule 4 then masks the cell's row
   * whole in that unit's view, so a unit view
   * pooling the cell hides every value, whichever units it keeps (else the county's shown cell
   * less the other units' shown values would give the masked unit's).
   */
  familySmall?(group: string, county: string, quarter: string): boolean;
  /** Which of one unit's part's values rule 1 hides (a count 1–10; a rate per isRateMasked). */
  small(values: readonly number[]): readonly boolean[];
}

/** The decisions of derived rows of one result. */
export interface DerivedRows {
  /** Whether a row's (or a line total's) quantity is derived, not pre-decided. */
  isDerived(pooled: Pooled): boolean;
  /** Derived rows (row objects of `result.rows`) and which of their values they hide. */
  hidden: Map<MeasureRow, boolean[]>;
  /**
   * Curve rows cut earlier than rule 1 cuts them: the last day their curve may draw (a point later
   * is dropped; −Infinity: none). Derived rows: the earliest cut of the pre-decided pieces they are
   * a sum of (curveCutOf, then lineCuts). Pre-decided rows: rule 5's lines (lineCuts),
   * where shorter than their own cut.
   */
  cuts: Map<MeasureRow, number>;
}

interface Quantity {
  group: string;
  /** Counties, null: all. */
  counties: string[] | null;
  from: string | null;
  to: string | null;
  /** Quarters of the extract in the range, in order. */
  quarters: string[];
  /** Units, null: all. */
  units: string[] | null;
}

const SEP = '\u0000';

/**
 * A curve stops where fewer than this remain at risk (rule 1); a time-to-event part keeps as many
 * of its largest follow-up times (DisclosurePart's `tail`).
 */
export const MIN_AT_RISK = 11;

/**
 * Where the curve of a sum of time-to-event parts is cut, from their tails (DisclosurePart's
 * `tail`, each largest first) and its members `n`: `cut`, the last day drawn (its MIN_AT_RISK-th
 * largest follow-up time: a point there still has 11 at risk, every later one fewer), −Infinity
 * when it has 1–10 members (nothing drawn), +Infinity when it has none; `whole`, whether the curve
 * has no point past the cut (its largest time is the cut: suppression then shows its events, rule
 * 5), true with no members. The MIN_AT_RISK largest times of a sum are among its parts' own.
 */
export function curveCutOf(
  tails: Iterable<readonly number[] | undefined>,
  n: number,
): { cut: number; whole: boolean } {
  if (n === 0) return { cut: Infinity, whole: true };
  const times: number[] = [];
  for (const tail of tails) if (tail) times.push(...tail);
  times.sort((a, b) => b - a);
  const cut = times[MIN_AT_RISK - 1];
  if (n < MIN_AT_RISK || cut === undefined) return { cut: -Infinity, whole: false };
  return { cut, whole: times[0] === cut };
}

/** Members of a curve at risk at day `t` (follow-up ≥ t), from its parts' tails merged ascending: exact under MIN_AT_RISK. */
function atRiskAt(times: readonly number[], t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! < t) low = mid + 1;
    else high = mid;
  }
  return times.length - low;
}

/**
 * The complement a line adds next (rule 2's cells, rule 8's rows and rule 5's curves choose in
 * this one order): one that makes the line safe (`safe(key)`) first, then a `preferred` one (rule
 * 8: a row pooling a masked cell, since a row summed from shown cells protects nothing; rule 5: a
 * curve whose cut leaves its other lines no less safe), then the smallest (`size`), then by key,
 * so that the choice never depends on the order candidates come in. `candidates` is not empty.
 */
export function nextComplement<T extends { key: string }>(
  candidates: readonly T[],
  safe: (extra: string) => boolean,
  preferred: (candidate: T) => boolean,
  size: (candidate: T) => number,
): T {
  const fixes = new Map(candidates.map((c) => [c.key, safe(c.key)]));
  return [...candidates].sort(
    (a, b) =>
      Number(fixes.get(b.key)) - Number(fixes.get(a.key)) ||
      Number(preferred(b)) - Number(preferred(a)) ||
      size(a) - size(b) ||
      a.key.localeCompare(b.key),
  )[0]!;
}

/** A pre-decided curve of rule 5's lines (lineCuts). */
export interface LinedCurve {
  /** Its name (the order complements are chosen in when all else is equal). */
  key: string;
  /** Its own cut: the last day drawn (curveCutOf; −Infinity: not drawn; +Infinity: no members). */
  own: number;
  /** Its parts' tails merged, ascending (members at risk at t: those ≥ t, exact under MIN_AT_RISK). */
  times: readonly number[];
}

/** One line of rule 5: a curve (`total`, an index of lineCuts' curves) is the sum of `pieces`. */
export interface CurveLine {
  total: number;
  pieces: readonly number[];
}

/**
 * Rule 5 among pre-decided curves (docs/disclosure-control.md, "Lines of curves"): the last day
 * each curve may draw (as LinedCurve's `own`), so that no curve less the drawn curves of all but
 * some pieces of one of its `lines` gives a remainder that rule 1 would not draw. At a day t, the
 * pieces of a line not drawn there (not drawn at all, or cut before t) that still have members at
 * risk are what the total less the drawn pieces gives; the line is unsafe when that remainder is
 * exactly one piece or has 1–10 members at risk (MIN_AT_RISK), as rule 2 asks of a line's masked
 * cells. Complementary cuts, as rule 2 chooses complementary cells: the days (every tail's, in
 * order) are walked, and at each day every unsafe line with its total drawn cuts a second piece
 * there (drawn, members at risk; nextComplement: one making the line safe, then one whose cut
 * makes no other line unsafe, then the fewest at risk, then by key), or cuts its total when no
 * piece is left, until every line is safe; a cut piece stays cut, so the cuts only grow with t.
 * So finer curves (a cell, a quarter) are shortened before the totals they add up to. Exact where
 * it matters: a remainder under MIN_AT_RISK is read from the tails in full.
 */
export function lineCuts(curves: readonly LinedCurve[], lines: readonly CurveLine[]): number[] {
  const cut = curves.map((c) => c.own);
  const linesOf: CurveLine[][] = curves.map(() => []);
  for (const line of lines) for (const p of line.pieces) linesOf[p]!.push(line);
  const days = [...new Set(curves.flatMap((c) => c.times))].sort((a, b) => a - b);
  // Each curve's last day with members at risk (−Infinity: none), and its members at risk on the
  // day walked, computed once per day (`riskDay`: the day's number when it was): the lines are
  // scanned many times a day (tens of thousands of pieces statewide), without allocating.
  const last = curves.map((c) => c.times[c.times.length - 1] ?? -Infinity);
  const risks = new Float64Array(curves.length);
  const riskDay = new Int32Array(curves.length).fill(-1);
  let before = -Infinity;
  for (const [d, t] of days.entries()) {
    const risk = (i: number) => {
      if (riskDay[i] !== d) {
        riskDay[i] = d;
        risks[i] = last[i]! >= t ? atRiskAt(curves[i]!.times, t) : 0;
      }
      return risks[i]!;
    };
    // Drawn over (before, t]: cuts are tails' days (or ±Infinity), so > before means ≥ t.
    const drawn = (i: number) => cut[i]! > before;
    const hiddenOf = (line: CurveLine) => line.pieces.filter((p) => !drawn(p) && risk(p) > 0);
    const unsafe = (hidden: readonly number[]) => {
      const atRisk = hidden.reduce((sum, p) => sum + risk(p), 0);
      return hidden.length === 1 || (atRisk > 0 && atRisk < MIN_AT_RISK);
    };
    // unsafe(hiddenOf(line)), counted without building the list.
    const isUnsafe = (line: CurveLine) => {
      let hidden = 0;
      let atRisk = 0;
      for (const p of line.pieces) {
        if (cut[p]! > before || last[p]! < t) continue;
        const r = risk(p);
        if (r > 0) {
          hidden++;
          atRisk += r;
        }
      }
      return hidden === 1 || (atRisk > 0 && atRisk < MIN_AT_RISK);
    };
    // Whether a line's pieces with members at risk are some, and all drawn, without a list.
    const allAtRiskDrawn = (line: CurveLine) => {
      let some = false;
      for (const p of line.pieces) {
        if (last[p]! < t || !(risk(p) > 0)) continue;
        if (!drawn(p)) return false;
        some = true;
      }
      return some;
    };
    // Its other lines (drawn totals) a cut of `p` would make unsafe, less those it would make safe.
    const harm = (p: number, line: CurveLine) =>
      linesOf[p]!.reduce((sum, other) => {
        if (other === line || !drawn(other.total)) return sum;
        const was = hiddenOf(other);
        return sum + Number(unsafe([...was, p])) - Number(unsafe(was));
      }, 0);
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        if (!drawn(line.total)) {
          // A total a cut stops before t (drawn before it) is not the sum of drawn pieces at t:
          // were every piece with members at risk drawn there, their curves would give its
          // points past its cut (as rule 8 asks of a masked total: a row hides each of its
          // numbers). So one of them is cut too (the same order as below).
          if (cut[line.total] === -Infinity || !allAtRiskDrawn(line)) continue;
          const atRisk = line.pieces.filter((p) => risk(p) > 0);
          const open = atRisk.map((p) => ({ key: curves[p]!.key, p }));
          const harms = new Map(open.map((o) => [o.key, harm(o.p, line)]));
          const least = Math.min(...harms.values());
          const next = nextComplement(
            open,
            () => true,
            (o) => harms.get(o.key) === least,
            (o) => risk(o.p),
          );
          cut[next.p] = before;
          changed = true;
          continue;
        }
        if (!isUnsafe(line)) continue;
        const hidden = hiddenOf(line);
        changed = true;
        const open = line.pieces
          .filter((p) => drawn(p) && risk(p) > 0)
          .map((p) => ({ key: curves[p]!.key, p }));
        if (open.length === 0) {
          cut[line.total] = before;
          continue;
        }
        const byKey = new Map(open.map((o) => [o.key, o.p]));
        const safe = (key: string) => !unsafe([...hidden, byKey.get(key)!]);
        const harms = new Map(open.map((o) => [o.key, harm(o.p, line)]));
        const least = Math.min(...harms.values());
        const next = nextComplement(
          open,
          safe,
          (o) => harms.get(o.key) === least,
          (o) => risk(o.p),
        );
        cut[next.p] = before;
      }
    }
    before = t;
  }
  return cut;
}

/** The parts summed to county × quarter cells, with each unit's part: the same in every view. */
interface PartTables {
  cells: Map<string, number[]>;
  unitParts: Map<string, { unit: string; values: number[]; tail?: number[] }[]>;
  quarters: { label: string; start: string; end: string }[];
  counties: string[];
  unitSet: Set<string>;
}

// Kept parts are the same arrays in every view of an extract (MemberTables.value).
const partTables = new WeakMap<readonly DisclosurePart[], PartTables>();

function partsOf(parts: readonly DisclosurePart[]): PartTables {
  const known = partTables.get(parts);
  if (known) return known;
  const cells = new Map<string, number[]>();
  const unitParts = new Map<string, { unit: string; values: number[] }[]>();
  const quarterSet = new Set<string>();
  const countySet = new Set<string>();
  const unitSet = new Set<string>();
  for (const part of parts) {
    quarterSet.add(part.quarter);
    countySet.add(part.county);
    unitSet.add(part.unit);
    const key = `${part.group}${SEP}${part.county}${SEP}${part.quarter}`;
    const sum = cells.get(key) ?? [];
    part.values.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
    cells.set(key, sum);
    let list = unitParts.get(key);
    if (!list) unitParts.set(key, (list = []));
    list.push({ unit: part.unit, values: part.values, ...(part.tail ? { tail: part.tail } : {}) });
  }
  const quarters = [...quarterSet].sort().map((label) => ({ label, ...cohortRange(label) }));
  const tables = { cells, unitParts, quarters, counties: [...countySet].sort(), unitSet };
  partTables.set(parts, tables);
  return tables;
}

/** Each unit's part of one county × quarter cell of `group` (indexed once per parts array). */
export function unitPartsOf(
  parts: readonly DisclosurePart[],
  group: string,
  county: string,
  quarter: string,
): readonly { unit: string; values: number[]; tail?: number[] }[] {
  return partsOf(parts).unitParts.get(`${group}${SEP}${county}${SEP}${quarter}`) ?? [];
}

/** A row's values by kind, as DisclosurePart's `values` (null: not measured). */
export function valuesOfRow(row: MeasureRow): (number | null)[] {
  if ('count' in row) return [row.count];
  if ('rate' in row) return [row.denominator, row.numerator, row.windowNotComplete];
  return [row.n, row.events];
}

/**
 * A pre-decided quantity's curve as its parts give it, before any view's masks: whether it pools
 * any cell (`pooled`), its own cut (curveCutOf; a result that is not a curve: +Infinity, whole)
 * and its parts' tails merged ascending (`times`, empty when not a curve). The same in every
 * view of an extract's parts.
 */
interface PieceCurve {
  pooled: boolean;
  cut: number;
  whole: boolean;
  times: readonly number[];
}

const NO_CURVE = { cut: Infinity, whole: true, times: [] } as const;

/** PieceCurve by parts (the same arrays in every view), curve or not, and the piece's idOf. */
const pieceCurves = new WeakMap<readonly DisclosurePart[], Map<string, PieceCurve>>();

function pieceCurveOf(
  parts: readonly DisclosurePart[],
  timed: boolean,
  id: string,
  make: () => PieceCurve,
): PieceCurve {
  let byId = pieceCurves.get(parts);
  if (!byId) pieceCurves.set(parts, (byId = new Map<string, PieceCurve>()));
  const key = `${String(timed)}${SEP}${id}`;
  let curve = byId.get(key);
  if (!curve) byId.set(key, (curve = make()));
  return curve;
}

/**
 * Rule 5's lines' cuts by parts (the same arrays in every view) and their inputs (lineCuts): each
 * curve's cut by its name.
 */
const linedMemo = new WeakMap<
  readonly DisclosurePart[],
  Map<string, ReadonlyMap<string, number>>
>();

/**
 * Rule 5's pre-decided curves of a group (their names and ranges, in lineCuts' order) and their
 * lines, by parts, then by group and headline bounds: what lineCuts reads besides the cuts.
 */
const lineShapes = new WeakMap<readonly DisclosurePart[], Map<string, LineShape>>();

interface LineShape {
  keys: readonly string[];
  ranged: readonly { county: string; days: Days }[];
  lines: readonly CurveLine[];
}

/**
 * The derived rows of `input.result` and what each hides. A value (a denominator, numerator or
 * open-window count; members or events; a count) of a derived row is shown when it equals the row's
 * own number and is, with no unit filter, a sum over its counties (each county; or all counties
 * less those left out) of that county's range given by shown pre-decided quantities of one county
 * (or all): the range itself when pre-decided; the full or a headline range plus or less the
 * quarters between it and the range; or the range's quarters one by one. With a unit filter, a
 * value is shown when every county × quarter cell it pools shows it and every unit's part of each
 * such cell, kept or left out, is 0 or not small in it (so any sum of unit parts a set of such
 * views gives is 0 or not small, and they sum to shown cells). A row whose own numbers differ
 * from the parts' sum (a half or year of a measure counting one member per cohort, whose members
 * are first in the half) hides the values that differ: they are no sum of shown quantities.
 */
export function derivedRows(input: DerivedInput): DerivedRows {
  const { result } = input;
  const disclosure = result.disclosure;
  const hidden = new Map<MeasureRow, boolean[]>();
  const cuts = new Map<MeasureRow, number>();
  if (!disclosure) return { isDerived: () => false, hidden, cuts };
  const timed = result.kind === 'time-to-event' || result.kind === 'competing-time-to-event';
  const filters = disclosure.filters;
  const size = result.kind === 'count' ? 1 : result.kind === 'proportion' ? 3 : 2;
  const { cells, unitParts, quarters, counties, unitSet } = partsOf(disclosure.parts);
  const dayOf = new Map(quarters.map((q) => [q.label, { from: q.start, to: q.end }]));
  const viewFrom = filters.cohortFrom ? cohortRange(filters.cohortFrom).start : null;
  const viewTo = filters.cohortTo ? cohortRange(filters.cohortTo).end : null;
  const later = (a: string | null, b: string | null) =>
    a === null ? b : b === null || a > b ? a : b;
  const earlier = (a: string | null, b: string | null) =>
    a === null ? b : b === null || a < b ? a : b;
  const quartersIn = (from: string | null, to: string | null) =>
    quarters
      .filter((q) => (from === null || q.start >= from) && (to === null || q.start < to))
      .map((q) => q.label);

  const quantityOf = (pooled: Pooled): Quantity => {
    let kept =
      pooled.county !== undefined
        ? [pooled.county]
        : filters.counties && filters.counties.length > 0
          ? [...new Set(filters.counties)].sort()
          : null;
    if (kept && counties.every((c) => kept!.includes(c))) kept = null;
    let units = filters.units && filters.units.length > 0 ? [...new Set(filters.units)] : null;
    if (units && [...unitSet].every((u) => units!.includes(u))) units = null;
    const from = later(viewFrom, pooled.cohort?.start ?? null);
    const to = earlier(viewTo, pooled.cohort?.end ?? null);
    return { group: pooled.group, counties: kept, from, to, quarters: quartersIn(from, to), units };
  };

  /** The pre-decided ranges: the full one, each headline's, each quarter. */
  const ranges: Days[] = [
    { from: null, to: null },
    ...input.bounds.map((to) => ({ from: null, to })),
    ...quarters.map((q) => ({ from: q.start, to: q.end })),
  ];
  /** The pre-decided range a range of one county (or all) is, by its name; null: none. */
  const names = new Map<string, Map<string, Days>>();
  const canonical = (group: string, county: string, from: string | null, to: string | null) => {
    const id = `${group}${SEP}${county}`;
    let byName = names.get(id);
    if (!byName) {
      byName = new Map();
      for (const days of [...ranges].reverse()) byName.set(input.key(group, county, days), days);
      names.set(id, byName);
    }
    return byName.get(input.key(group, county, { from, to })) ?? null;
  };
  const isPre = (q: Quantity) =>
    q.units === null &&
    (q.counties === null || q.counties.length === 1) &&
    canonical(q.group, q.counties?.[0] ?? '', q.from, q.to) !== null;

  interface Piece {
    hides: readonly boolean[];
    /** Its own cut (curveCutOf; −Infinity: not drawn), before rule 5's lines (lineCuts). */
    own: number;
    cut: number;
    whole: boolean;
    /** Its parts' tails merged, ascending (members at risk at t: those ≥ t, read as far as 11). */
    times: readonly number[];
  }
  const pieces = new Map<string, Piece>();
  /** A headline range holding every quarter is the full range: one curve, one cut. */
  const normal = (days: Days): Days =>
    days.from === null && days.to !== null && quartersIn(null, days.to).length === quarters.length
      ? { from: null, to: null }
      : days;
  const idOf = (group: string, county: string, days: Days) =>
    `${group}${SEP}${county}${SEP}${String(days.from)}${SEP}${String(days.to)}`;
  /**
   * A pre-decided quantity as its view shows it: which values it hides (none pooled: 0, known to
   * all) and, for a curve, where it is cut (−Infinity: not drawn; its own cut, then rule 5's
   * lines: lineCuts) and whether it is whole.
   */
  const pieceOf = (group: string, county: string, days: Days): Piece => {
    const id = idOf(group, county, days);
    let piece = pieces.get(id);
    if (!piece) {
      const curve = pieceCurveOf(disclosure.parts, timed, id, () => {
        const labels = quartersIn(days.from, days.to);
        const inRange = county === '' ? counties : [county];
        if (!timed) {
          const pooled = labels.some((label) =>
            inRange.some((c) => cells.has(`${group}${SEP}${c}${SEP}${label}`)),
          );
          return { pooled, ...NO_CURVE };
        }
        const keys = labels.flatMap((label) =>
          inRange.map((c) => `${group}${SEP}${c}${SEP}${label}`).filter((key) => cells.has(key)),
        );
        if (keys.length === 0) return { pooled: false, ...NO_CURVE };
        const n = keys.reduce((sum, key) => sum + (cells.get(key)?.[0] ?? 0), 0);
        const tails = keys.flatMap((key) => (unitParts.get(key) ?? []).map((p) => p.tail));
        const times = tails.flatMap((tail) => tail ?? []).sort((a, b) => a - b);
        return { pooled: true, ...curveCutOf(tails, n), times };
      });
      const hides = curve.pooled ? input.piece(group, county, days) : [];
      let cut = { cut: curve.cut, whole: curve.whole };
      // A curve masked whole, or whose events rule 1 hides, is not drawn (suppressCurveRow).
      if (timed && curve.pooled && (hides[0] === true || hides[1] === true))
        cut = { cut: -Infinity, whole: false };
      piece = { hides, own: cut.cut, ...cut, times: curve.times };
      pieces.set(id, piece);
    }
    return piece;
  };
  const lined = new Map<string, ReadonlyMap<string, number>>();
  /**
   * Rule 5's lines of one group: every pre-decided curve (each county's and all counties' full
   * and headline ranges, each quarter of all counties, each county × quarter cell) with its lines
   * (linesOf), cut together by lineCuts; by idOf of the normal range.
   */
  const linedOf = (group: string): ReadonlyMap<string, number> => {
    let known = lined.get(group);
    if (known) return known;
    let shapes = lineShapes.get(disclosure.parts);
    if (!shapes) lineShapes.set(disclosure.parts, (shapes = new Map<string, LineShape>()));
    const shapeKey = `${group}${SEP}${input.bounds.join(',')}`;
    let shape = shapes.get(shapeKey);
    if (!shape) {
      // The curves and lines depend on the parts, the group and the bounds only: once per extract.
      const index = new Map<string, number>();
      const keys: string[] = [];
      const ranged: { county: string; days: Days }[] = [];
      const indexOf = (county: string, raw: Days) => {
        const days = normal(raw);
        const id = idOf(group, county, days);
        let i = index.get(id);
        if (i === undefined) {
          index.set(id, (i = keys.length));
          keys.push(id);
          ranged.push({ county, days });
        }
        return i;
      };
      for (const county of ['', ...counties]) {
        for (const days of [
          { from: null, to: null },
          ...input.bounds.map((to) => ({ from: null, to })),
        ])
          indexOf(county, days);
        for (const q of quarters) indexOf(county, { from: q.start, to: q.end });
      }
      const lines: CurveLine[] = [];
      for (let i = 0; i < ranged.length; i++) {
        const { county, days } = ranged[i]!;
        for (const line of linesOf(county, days))
          lines.push({ total: i, pieces: line.map((p) => indexOf(p.county, p.days)) });
      }
      shapes.set(shapeKey, (shape = { keys, ranged, lines }));
    }
    const { keys, ranged, lines } = shape;
    const curves: LinedCurve[] = ranged.map(({ county, days }, i) => {
      const piece = pieceOf(group, county, days);
      return { key: keys[i]!, own: piece.own, times: piece.times };
    });
    const owns = curves.map((c) => c.own).join(',');
    const memoKey = `${shapeKey}${SEP}${owns}`;
    let memo = linedMemo.get(disclosure.parts);
    if (!memo)
      linedMemo.set(disclosure.parts, (memo = new Map<string, ReadonlyMap<string, number>>()));
    known = memo.get(memoKey);
    if (!known) {
      const cutList = lineCuts(curves, lines);
      memo.set(memoKey, (known = new Map(curves.map((c, i) => [c.key, cutList[i]!]))));
    }
    lined.set(group, known);
    return known;
  };
  /** A pre-decided piece with its cut after rule 5's lines (timed results only). */
  const linedPieceOf = (group: string, county: string, days: Days): Piece => {
    const piece = pieceOf(group, county, days);
    if (!timed || !Number.isFinite(piece.own) || piece.cut < piece.own) return piece;
    const cut = linedOf(group).get(idOf(group, county, normal(days)));
    if (cut !== undefined && cut < piece.cut) {
      piece.cut = cut;
      piece.whole = false;
    }
    return piece;
  };
  /**
   * The lines of a pre-decided curve (rule 5): the ways it is a sum of other pre-decided pieces.
   * A county's (or all counties') range: its quarters; a headline range it holds plus its later
   * quarters; all counties' range: each county's range, and every county × quarter cell; all
   * counties' quarter: its counties' cells. A county's quarter (a cell) has none.
   */
  const linesOf = (county: string, days: Days): { county: string; days: Days }[][] => {
    const list = quartersIn(days.from, days.to);
    const quarter =
      (c: string) =>
      (label: string): { county: string; days: Days } => ({ county: c, days: dayOf.get(label)! });
    const isQuarter = days.from !== null;
    if (isQuarter) return county === '' ? [counties.map((c) => ({ county: c, days }))] : [];
    const lines: { county: string; days: Days }[][] = [list.map(quarter(county))];
    for (const bound of input.bounds) {
      const inner = quartersIn(null, bound);
      if (inner.length === 0 || inner.length >= list.length) continue;
      if (days.to !== null && bound >= days.to) continue;
      lines.push([
        { county, days: { from: null, to: bound } },
        ...list.slice(inner.length).map(quarter(county)),
      ]);
    }
    if (county === '') {
      lines.push(counties.map((c) => ({ county: c, days })));
      lines.push(counties.flatMap((c) => list.map(quarter(c))));
    }
    return lines;
  };
  /**
   * Whether a pre-decided quantity shows value k: a curve's events only when its curve is whole
   * (rule 5: a cut curve reports none).
   */
  const shows = (group: string, county: string, days: Days, k: number) => {
    const piece = linedPieceOf(group, county, days);
    return piece.hides[k] !== true && !(timed && k === 1 && !piece.whole);
  };
  const quarterShows = (group: string, county: string, label: string, k: number) =>
    shows(group, county, dayOf.get(label)!, k);
  /** Whether one county's (or all counties') value k over `list` of quarters is given by shown pre-decided quantities. */
  const rangeShows = (group: string, county: string, q: Quantity, k: number) => {
    const exact = canonical(group, county, q.from, q.to);
    if (exact && shows(group, county, exact, k)) return true;
    const inside = new Set(q.quarters);
    for (const bound of [null, ...input.bounds]) {
      const big = quartersIn(null, bound);
      const bigSet = new Set(big);
      const plus = q.quarters.filter((l) => !bigSet.has(l));
      const minus = big.filter((l) => !inside.has(l));
      if (plus.length > 0 && minus.length > 0) continue;
      if (
        shows(group, county, { from: null, to: bound }, k) &&
        [...plus, ...minus].every((l) => quarterShows(group, county, l, k))
      )
        return true;
    }
    return q.quarters.every((l) => quarterShows(group, county, l, k));
  };
  const valueShows = (q: Quantity, k: number) => {
    if (q.units !== null) {
      for (const county of q.counties ?? counties)
        for (const label of q.quarters) {
          const key = `${q.group}${SEP}${county}${SEP}${label}`;
          const parts = unitParts.get(key) ?? [];
          // A cell none of the kept units has members in is not pooled.
          if (!parts.some((p) => q.units!.includes(p.unit))) continue;
          if (!quarterShows(q.group, county, label, k)) return false;
          if (parts.some((p) => input.small(p.values)[k] === true)) return false;
          if (input.familySmall?.(q.group, county, label)) return false;
          // Events: every unit's part whole too (strict), else a unit view's events less its
          // curve's would give a unit's events past the unit's own cut.
          if (timed && k === 1 && parts.some((p) => !curveCutOf([p.tail], p.values[0] ?? 0).whole))
            return false;
        }
      return true;
    }
    if (q.counties === null) return rangeShows(q.group, '', q, k);
    if (q.counties.every((county) => rangeShows(q.group, county, q, k))) return true;
    const left = counties.filter((c) => !q.counties!.includes(c));
    return rangeShows(q.group, '', q, k) && left.every((c) => rangeShows(q.group, c, q, k));
  };
  /**
   * The latest cut of a county's (or all counties') range over the sums of pre-decided pieces
   * within it: the range itself, the full or a headline range it holds plus its later quarters,
   * or its quarters one by one. Never a difference: a range less a quarter drawn past that
   * quarter's cut would give its events past the cut beside the range's curve.
   */
  const rangeCut = (group: string, county: string, q: Quantity) => {
    const quarterCut = (label: string) => linedPieceOf(group, county, dayOf.get(label)!).cut;
    const exact = canonical(group, county, q.from, q.to);
    let best = exact ? linedPieceOf(group, county, exact).cut : -Infinity;
    const inside = new Set(q.quarters);
    for (const bound of [null, ...input.bounds]) {
      const big = quartersIn(null, bound);
      const bigSet = new Set(big);
      if (big.length === 0 || big.some((l) => !inside.has(l))) continue;
      const plus = q.quarters.filter((l) => !bigSet.has(l));
      const cut = Math.min(
        linedPieceOf(group, county, { from: null, to: bound }).cut,
        ...plus.map(quarterCut),
      );
      best = Math.max(best, cut);
    }
    return Math.max(best, Math.min(Infinity, ...q.quarters.map(quarterCut)));
  };
  /**
   * The last day a derived curve may draw: the earliest cut of the pre-decided pieces it is the
   * sum of (each kept county's, or all counties', range by rangeCut), the latest over the ways it
   * is one; with a unit filter, the earliest cut of every county × quarter cell it pools and of
   * every unit's part of those (kept or left out). Up to that day each of its points is the sum of
   * the pieces' shown points, and every piece's curve (and any pre-decided sum holding one) is
   * drawn at least as far.
   */
  const curveCut = (q: Quantity): number => {
    if (q.units !== null) {
      let cut = Infinity;
      for (const county of q.counties ?? counties)
        for (const label of q.quarters) {
          const parts = unitParts.get(`${q.group}${SEP}${county}${SEP}${label}`) ?? [];
          if (!parts.some((p) => q.units!.includes(p.unit))) continue;
          if (input.familySmall?.(q.group, county, label)) return -Infinity;
          cut = Math.min(cut, linedPieceOf(q.group, county, dayOf.get(label)!).cut);
          for (const p of parts) {
            if (input.small(p.values).some(Boolean)) return -Infinity;
            cut = Math.min(cut, curveCutOf([p.tail], p.values[0] ?? 0).cut);
          }
        }
      return cut;
    }
    if (q.counties === null) return rangeCut(q.group, '', q);
    return Math.min(...q.counties.map((county) => rangeCut(q.group, county, q)));
  };
  const sumOf = (q: Quantity) => {
    const sum: number[] = Array.from({ length: size }, () => 0);
    if (q.units === null) {
      // The parts already summed to county × quarter cells.
      for (const county of q.counties ?? counties)
        for (const label of q.quarters)
          cells
            .get(`${q.group}${SEP}${county}${SEP}${label}`)
            ?.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
      return sum;
    }
    const units = q.units;
    for (const part of disclosure.parts) {
      if (part.group !== q.group || !units.includes(part.unit)) continue;
      if (q.counties && !q.counties.includes(part.county)) continue;
      if (!q.quarters.includes(part.quarter)) continue;
      part.values.forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
    }
    return sum;
  };

  for (const row of result.rows) {
    const pooled: Pooled = {
      group: row.group,
      ...(row.county === undefined ? {} : { county: row.county }),
      cohort: row.cohort === undefined ? null : cohortRange(row.cohort),
    };
    const q = quantityOf(pooled);
    const own = valuesOfRow(row);
    const sum = sumOf(q);
    const differs = own.map((v, k) => v !== null && v !== (sum[k] ?? 0));
    if (isPre(q) && !differs.some(Boolean)) {
      // Rule 5's lines: a pre-decided curve stops where it, less the drawn curves of the pieces
      // of one of its lines, would give a piece's points that piece's own curve hides.
      if (timed) {
        const county = q.counties?.[0] ?? '';
        const piece = linedPieceOf(q.group, county, canonical(q.group, county, q.from, q.to)!);
        if (piece.cut < piece.own) cuts.set(row, piece.cut);
      }
      continue;
    }
    const hides = own.map((_, k) => differs[k] === true || !valueShows(q, k));
    hidden.set(row, hides);
    // A curve: drawn only beside its n, over the members the parts count.
    if (timed) cuts.set(row, hides[0] || differs.some(Boolean) ? -Infinity : curveCut(q));
  }
  return { isDerived: (pooled) => !isPre(quantityOf(pooled)), hidden, cuts };
}

/**
 * A derived row as it is shown (after rule 1): the values `hides` names masked. A proportion's
 * rate, interval and numerator go with its numerator or denominator. A curve (`cut`: the last
 * day drawn, DerivedRows' `cuts`) loses its points after the cut, and its median when not
 * reached by then; its events go with `hides`.
 */
export function hideDerived<T extends MeasureRow>(
  row: T,
  hides: readonly boolean[] | undefined,
  cut?: number,
): T {
  if ('curve' in row && cut !== undefined) {
    const curve = row.curve.filter((point) => point.t <= cut) as typeof row.curve;
    const lastT = curve.at(-1)?.t;
    const medianDays =
      row.medianDays !== null && lastT !== undefined && row.medianDays <= lastT
        ? row.medianDays
        : null;
    // A curve the cut shortens reports no events (rule 5: n less them would give those past it).
    const events = hides?.[1] === true || curve.length < row.curve.length ? null : row.events;
    const n = hides?.[0] === true ? null : row.n;
    if (
      curve.length === row.curve.length &&
      medianDays === row.medianDays &&
      events === row.events &&
      n === row.n
    )
      return row;
    return {
      ...row,
      n,
      events,
      medianDays,
      curve,
      unstable: curve.length === 0 ? false : row.unstable,
      suppressed: true,
    };
  }
  if (!hides || !hides.some(Boolean)) return row;
  if ('count' in row) return { ...row, count: hides[0] ? null : row.count, suppressed: true };
  if ('rate' in row) {
    const rate = hides[0] === true || hides[1] === true;
    return {
      ...row,
      denominator: hides[0] ? null : row.denominator,
      numerator: rate ? null : row.numerator,
      rate: rate ? null : row.rate,
      ciLow: rate ? null : row.ciLow,
      ciHigh: rate ? null : row.ciHigh,
      windowNotComplete: hides[2] ? null : row.windowNotComplete,
      unstable: rate ? false : row.unstable,
      suppressed: true,
    };
  }
  const events = hides[1] === true;
  return {
    ...row,
    n: hides[0] ? null : row.n,
    events: events ? null : row.events,
    medianDays: events ? null : row.medianDays,
    curve: events ? [] : row.curve,
    unstable: events ? false : row.unstable,
    suppressed: true,
  };
}
