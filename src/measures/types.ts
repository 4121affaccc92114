import type { Sql } from '../db/sql';
import type { Group, TableName } from '../dataset/schema';
import type { NoClusterRobustInterval } from './cluster-robust';
import type { ColumnRead } from './columns-read';
import type { TimeCount } from './survival';

export type Period = 'quarter' | 'half' | 'year';
export type ByKey = 'county' | 'cohort';

export interface MeasureFilters {
  counties?: string[];
  units?: string[];
  /** Cohort labels of any period (`2024Q1`, `2024H1`, `2024`), inclusive. */
  cohortFrom?: string;
  cohortTo?: string;
}

export interface MeasureRequest {
  by: ByKey[];
  period: Period;
  filters?: MeasureFilters;
  /** The data-through date D, ISO `YYYY-MM-DD`. */
  dataThrough: string;
}

export type MeasureKind = 'count' | 'proportion' | 'time-to-event' | 'competing-time-to-event';
/**
 * Which way a measure's headline number is better. A proportion's rate: `higher` or `lower`. A
 * time to event: the event `sooner` (shorter median days) or `later`. `reach`: a count of families
 * served, where more is the aim but not a better outcome per family, and the groups are not compared.
 */
export type Better = 'higher' | 'lower' | 'sooner' | 'later' | 'reach';
export type MeasureWindow = { months: number } | { days: number };

/** What a definition's members SQL may use: D, and the cohort label of a date for the requested period. */
export interface MemberContext {
  through: Sql;
}

/**
 * The members relation of a measure: one row per member of the population with
 * `county, unit_id, "group", cohort_date, anchor_date` and, by kind, `event_date`,
 * `event_flag` (flag events) and `competing_date` (competing events).
 */
export type MembersSql = (context: MemberContext) => Sql;

interface MeasureBase {
  id: string;
  title: string;
  /** What members did, for plain sentences: "had a coordinated case plan within 30 days". */
  finding: string;
  /** Plain language for an evaluator: population (denominator), exclusions, event, window. */
  definition: string;
  requires: TableName[];
  /**
   * The optional columns its population and event are read from: absent from the file, or blank
   * in every row, the measure is not measured (never 0%). Blank in some rows keeps its meaning.
   */
  reads: readonly ColumnRead[];
  tier: 1 | 2;
  /** Who is counted, as a plural noun for labels: "families", "child episodes", "adults". */
  population: string;
  /**
   * Members carry `first_in_quarter`, `first_in_half` and `first_in_year`, and a view keeps only
   * those first in a cohort of its size (a child's first removal episode in each cohort). The
   * members themselves then do not depend on the cohort size, and are computed once.
   */
  onePerCohort?: boolean;
  /**
   * Measures about the same people share a family (`families`: the mutual families and what they
   * did; `child-episodes`): suppression masks a cell in all of them when it masks it in one, or
   * when two of their numbers differ by 1–10.
   */
  family?: string;
  /**
   * In a family, a pattern of masked cells of its own (not the family's shared one): its members
   * are a subset of the family's count that its other measures do not share (left out and
   * excluded differ), so what it masks for its own numbers they need not mask, nor it theirs. It
   * masks every cell and row the family's count masks (its members there are the count where none
   * is held: suppression.ts).
   */
  ownPattern?: true;
  /**
   * Members the definition excludes for a date or value the extract can correct (an event dated
   * before the date it is followed from, a flag of unknown value): counted as `excluded` where the
   * measure holds it (compile-proportion.ts), and named by the note a page shows where a view masks
   * a row (definitionalExclusion in definitional-exclusions.ts). Absent: none.
   */
  excludes?: readonly LeftOut[];
  members: MembersSql;
}

/** Members a definition leaves out, in plain words for an evaluator (definitional-exclusions.ts). */
export interface LeftOut {
  /** One of them, singular, lower case: "a family with a child already in foster care on the index date". */
  who: string;
  /**
   * Where the Data & validation page lists every one of them: the event column (EVENTS_AFTER_INDEX
   * in src/dataset/row-rules.ts) whose date before the family's index date leaves the member out,
   * listed under beforeIndexReason(column). Absent: that page does not list them.
   */
  listed?: { table: TableName; column: string };
}

export interface CountMeasure extends MeasureBase {
  kind: 'count';
  better: 'reach';
}

export interface ProportionMeasure extends MeasureBase {
  kind: 'proportion';
  better: 'higher' | 'lower';
  window: MeasureWindow;
  /** `date`: event_date within the window; `flag`: event_flag, known once the window is complete. */
  event: 'date' | 'flag';
  /**
   * The members are a whole base population another output counts (families: families
   * identified; adults: the evaluation adults of every adult measure and the baseline page;
   * re-entry: the reunified episodes reunification counts), each with `left_out` (BOOLEAN):
   * outside this measure's population (e.g. a child in care at the index date), followed from the
   * base's own date where the measure's differs (sanction cure, return to aid: the index date).
   * Left-out members are counted as `left_out` (compile-proportion.ts), apart from the members
   * `excludes` names (a data problem, `excluded`), so that suppression holds each number (the base
   * count less denominator and open windows gives their sum; another output may give one alone).
   * `who`: a member left out, in plain words for the page's note (definitional-exclusions.ts).
   * Only members the measure is not about: a date before the date it is followed from is a data
   * problem (`excludes`), never left out.
   */
  leavesOut?: Pick<LeftOut, 'who'>;
  /**
   * A date event dated ON its anchor is a data problem too, excluded as one dated before it is
   * (re-entry: a re-entry on the exit date). Default false: an event on the anchor counts.
   */
  excludesOnAnchor?: boolean;
  /**
   * Counts of the same people cohorted by another date, which other outputs show beside this
   * measure's rows of the same label (sanction cure, return to aid and re-entry are cohorted by a
   * sanction start or an exit; every adult measure's members, aid exit's exits, reunification's
   * reunified episodes by the index date or the episode's start): `measure`'s members (its
   * denominator and open windows) or its numerator. The parts hold, per base, the base's count
   * less this measure's members (signed: a member whose anchor falls in a later quarter than its
   * index date counts in one part of the base and another of the measure), each masked when 1–10
   * either way like a held count (baseDifferences in compile-proportion.ts; rule 1). Absent: none.
   */
  bases?: readonly ProportionBase[];
}

/** A count beside a measure of the same people (ProportionMeasure's `bases`). */
export interface ProportionBase {
  measure: ProportionMeasure;
  /** `members`: its denominator and open windows; `numerator`: its numerator. */
  count: 'members' | 'numerator';
}

/** What a curve counts, for its labels: "share coordinated by day t". */
interface CurveMeasureBase extends MeasureBase {
  eventLabel: string;
  better: 'sooner' | 'later';
}

export interface TimeToEventMeasure extends CurveMeasureBase {
  kind: 'time-to-event';
}

export interface CompetingMeasure extends CurveMeasureBase {
  kind: 'competing-time-to-event';
}

export type MeasureDefinition =
  CountMeasure | ProportionMeasure | TimeToEventMeasure | CompetingMeasure;

/** The keys of a row; `county` and `cohort` are present only when requested in `by`. */
export interface CellKeys {
  county?: string;
  cohort?: string;
}

export interface RowKeys extends CellKeys {
  group: Group;
}

export interface CountRow extends RowKeys {
  count: number | null;
  suppressed: boolean;
}

export interface ProportionRow extends RowKeys {
  denominator: number | null;
  numerator: number | null;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  suppressed: boolean;
  /** Members whose window is still open on D: not in the denominator, never failures. */
  windowNotComplete: number | null;
  /** Denominator under 30: shown, marked. */
  unstable: boolean;
}

export interface SurvivalCurvePoint {
  t: number;
  survival: number;
  low: number;
  high: number;
  atRisk: number;
}

export interface SurvivalRow extends RowKeys {
  n: number | null;
  events: number | null;
  medianDays: number | null;
  suppressed: boolean;
  unstable: boolean;
  curve: SurvivalCurvePoint[];
}

export interface IncidenceCurvePoint {
  t: number;
  incidence: number;
  low: number;
  high: number;
  atRisk: number;
}

export interface IncidenceRow extends RowKeys {
  n: number | null;
  events: number | null;
  /** First day the cumulative incidence reaches one half. */
  medianDays: number | null;
  suppressed: boolean;
  unstable: boolean;
  curve: IncidenceCurvePoint[];
}

/**
 * Units with members in a cell, per group (a unit is its county and id). Group is assigned by
 * unit, so these, not the members, are the independent observations. Not a count of people:
 * shown under suppression.
 */
export type UnitsPerGroup = Record<Group, number>;

/** What every comparison says of its units: how many, and whether the comparison rests on few. */
interface ComparisonUnits {
  units: UnitsPerGroup;
  /** Either group has fewer than FEW_UNITS (cluster-robust.ts) units in the cell. */
  fewUnits: boolean;
}

/**
 * Linkages minus comparison in one (county, cohort) cell (proportions 0–1): the crude difference
 * with its Newcombe interval and z-test (families as independent); beside it the cluster-robust
 * interval (CR1 by unit, t on G − 1 df; cluster-robust.ts), and, where the cell pools more than
 * one county, the county-stratified difference (Mantel–Haenszel, Sato variance; mantel-haenszel.ts).
 * All masked together when either group's rate is.
 */
export interface DifferenceComparison extends CellKeys, ComparisonUnits {
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  z: number | null;
  p: number | null;
  clusterCiLow: number | null;
  clusterCiHigh: number | null;
  /** Two-sided, Student t on `clusterDf`. */
  clusterP: number | null;
  /** G − 1, G = units in the cell. */
  clusterDf: number | null;
  /** Why there is no cluster-robust interval although both groups have members; else null. */
  clusterNoInterval: NoClusterRobustInterval | null;
  /** Null unless the cell pools members of more than one county. */
  mhDifference: number | null;
  mhCiLow: number | null;
  mhCiHigh: number | null;
  mhP: number | null;
  /** Counties with members in both groups, which the stratified difference is taken over. */
  mhStrata: number | null;
  suppressed: boolean;
}

export interface LogRankComparison extends CellKeys, ComparisonUnits {
  chiSquare: number | null;
  p: number | null;
  /**
   * Days: the test is over days 0 to this day only, the last day both groups' curves are drawn,
   * where suppression cut either curve (every member still at risk is censored there;
   * drawn-log-rank.ts, docs/disclosure-control.md rule 5). Null: over all follow-up (both curves
   * whole, suppression off, or the test masked).
   */
  throughDays: number | null;
  suppressed: boolean;
}

/**
 * One cell's counts behind its log-rank test, per group (competing exits censored), one entry per
 * day with an event or a censoring: what suppression computes the test over the drawn days from.
 */
export interface LogRankCounts extends CellKeys {
  linkages: TimeCount[];
  comparison: TimeCount[];
}

/**
 * One county × unit × quarter cohort × group of a measure's population, without any view filter:
 * what a view's cell is made of. `values` by kind: count `[count]`; proportion `[denominator,
 * numerator, windowNotComplete]`; time to event `[n, events]`.
 */
export interface DisclosurePart {
  county: string;
  unit: string;
  /** Quarter label, `2024Q1`. */
  quarter: string;
  group: Group;
  values: number[];
  /**
   * Time to event only: the follow-up times (days) of the part's last members at risk, its
   * MIN_AT_RISK (11) largest, largest first (fewer when it has fewer members). A curve of a sum of
   * parts is cut after the 11th largest time of the sum, which is among the parts' tails
   * (docs/disclosure-control.md, rule 9 curves).
   */
  tail?: number[];
}

/** What the view was and what its cells are made of: read by suppression, then dropped. */
export interface Disclosure {
  filters: MeasureFilters;
  parts: DisclosurePart[];
  /** The end (exclusive, ISO date) of the measure's latest complete quarter: headlines pool before it. */
  completeBefore: string;
}

interface ResultBase {
  measureId: string;
  /**
   * Measures about the same people (their populations are one base, or subsets of it): what one
   * masks in a cell, the others mask too (suppression.ts). Absent: no such measure.
   */
  family?: string;
  /** The definition's `ownPattern`: masked by a pattern of its own, seeded with its family's count's. */
  ownPattern?: true;
  dataThrough: string;
  by: ByKey[];
  period: Period;
  /** True once suppressResult has masked the small cells. */
  suppression: boolean;
  /**
   * Set (true) by suppression when rule 9 (docs/disclosure-control.md: derived views) hid a value
   * of a row of this view because it is no sum of shown pre-decided values: what a page says once
   * beside the view, never of a given number (rule 7). Absent: no value hidden by rule 9.
   */
  derivedMasks?: true;
  /** Present on an unsuppressed result from runMeasure; suppression reads it and drops it. */
  disclosure?: Disclosure;
}

export interface CountResult extends ResultBase {
  kind: 'count';
  rows: CountRow[];
  comparisons: [];
}

export interface ProportionResult extends ResultBase {
  kind: 'proportion';
  rows: ProportionRow[];
  comparisons: DifferenceComparison[];
}

export interface SurvivalResult extends ResultBase {
  kind: 'time-to-event';
  rows: SurvivalRow[];
  comparisons: LogRankComparison[];
  /**
   * Present on an unsuppressed result from runMeasure: each cell's counts, from which suppression
   * computes the test over the days both curves are drawn (logRankOverDrawnDays), then drops
   * them. Never published (exports give rows and comparisons).
   */
  testCounts?: LogRankCounts[];
}

export interface IncidenceResult extends ResultBase {
  kind: 'competing-time-to-event';
  rows: IncidenceRow[];
  /** Log-rank on the cause-specific hazard (competing exits censored). */
  comparisons: LogRankComparison[];
  /**
   * Present on an unsuppressed result from runMeasure: each cell's counts, from which suppression
   * computes the test over the days both curves are drawn (logRankOverDrawnDays), then drops
   * them. Never published (exports give rows and comparisons).
   */
  testCounts?: LogRankCounts[];
}

export type MeasureResult = CountResult | ProportionResult | SurvivalResult | IncidenceResult;
export type MeasureRow = MeasureResult['rows'][number];
export type Comparison = MeasureResult['comparisons'][number];
