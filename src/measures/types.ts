import type { Sql } from '../db/sql';
import type { Group, TableName } from '../dataset/schema';

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
  tier: 1 | 2;
  /** Who is counted, as a plural noun for labels: "families", "child episodes", "adults". */
  population: string;
  /**
   * Members carry `first_in_quarter`, `first_in_half` and `first_in_year`, and a view keeps only
   * those first in a cohort of its size (a child's first removal episode in each cohort). The
   * members themselves then do not depend on the cohort size, and are computed once.
   */
  onePerCohort?: boolean;
  members: MembersSql;
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

/** Linkages minus comparison in one (county, cohort) cell. */
export interface DifferenceComparison extends CellKeys {
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  z: number | null;
  p: number | null;
  suppressed: boolean;
}

export interface LogRankComparison extends CellKeys {
  chiSquare: number | null;
  p: number | null;
  suppressed: boolean;
}

interface ResultBase {
  measureId: string;
  dataThrough: string;
  by: ByKey[];
  period: Period;
  /** True once suppressResult has masked the small cells. */
  suppression: boolean;
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
}

export interface IncidenceResult extends ResultBase {
  kind: 'competing-time-to-event';
  rows: IncidenceRow[];
  /** Log-rank on the cause-specific hazard (competing exits censored). */
  comparisons: LogRankComparison[];
}

export type MeasureResult = CountResult | ProportionResult | SurvivalResult | IncidenceResult;
export type MeasureRow = MeasureResult['rows'][number];
export type Comparison = MeasureResult['comparisons'][number];
