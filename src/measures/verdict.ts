import type { Group } from '../dataset/schema';
import { FEW_UNITS, type NoClusterRobustInterval } from './cluster-robust';
import { cellOf, isTimeToEvent, rowOf, type GroupCell } from './result-values';
import type {
  Better,
  CellKeys,
  IncidenceRow,
  MeasureDefinition,
  MeasureResult,
  SurvivalRow,
  UnitsPerGroup,
} from './types';

/**
 * The level of every claim that one group is ahead: a log-rank p under it, or a difference whose
 * 1 − SIGNIFICANCE interval (the 95% intervals of statistics.ts) excludes zero.
 */
export const SIGNIFICANCE = 0.05;

/** How each definition's `better` reads on a card and a measure page. */
export const BETTER_TEXT: Record<Better, string> = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  sooner: 'Shorter is better',
  later: 'Longer is better',
  reach: 'Reach: more is the aim',
};

/** What a verdict says, for badges, slides and sentences. */
export const VERDICT_LABEL = {
  linkages: 'Linkages ahead',
  comparison: 'Comparison ahead',
  noClaim: 'No clear difference yet',
  /** A time to event whose medians cannot tell which group is sooner (orderUnknown). */
  tooEarly: 'Too early to tell',
  notCompared: 'Not compared',
} as const;

/** The units behind every piece of evidence: group is assigned by unit. */
interface EvidenceUnits {
  /** Units with members in the cell, per group. */
  units: UnitsPerGroup;
  /** Either group has fewer than FEW_UNITS units: the comparison rests on few units. */
  fewUnits: boolean;
}

/**
 * Linkages minus comparison of a rate (0–1; 0.25 is 25 points) with the 95% interval that decides:
 * `county-stratified`, the Mantel–Haenszel difference with Sato's interval, where the cell pools
 * more than one county; else `cluster-robust`, the crude difference with its CR1 interval by unit
 * (t on G − 1 df). The Newcombe interval treats families as independent and never decides.
 */
export interface DifferenceEvidence extends EvidenceUnits {
  basis: 'difference';
  method: 'county-stratified' | 'cluster-robust';
  difference: number;
  low: number;
  high: number;
  /** Shown beside the interval; the interval decides. */
  p: number | null;
}

/**
 * A crude difference no interval can judge (one unit in a group, or no variation between units):
 * shown with the reason, never a claim.
 */
export interface NoIntervalEvidence extends EvidenceUnits {
  basis: 'no-interval';
  difference: number;
  reason: NoClusterRobustInterval;
}

/** A log-rank test of the two curves, and which group reaches the event sooner. */
export interface LogRankEvidence extends EvidenceUnits {
  basis: 'log-rank';
  chiSquare: number;
  p: number;
  /**
   * The group with the shorter median days where the medians tell (soonerOf): a median hidden
   * past its curve's last drawn day c, or not reached by it, is longer than a shown one at or
   * before c; null when they are equal, both unknown, or cannot be told apart.
   */
  sooner: Group | null;
  /**
   * The medians cannot tell which group is sooner (orderUnknown): the verdict says "Too early to
   * tell", as the early-wins sentence does, whatever the test.
   */
  orderUnknown: boolean;
  /**
   * Days: the test is over days 0 to this day only, where both curves are drawn (a curve cut by
   * suppression; LogRankComparison.throughDays); null: over all follow-up. Every output showing
   * the test or a claim from it says so (throughDaysText).
   */
  throughDays: number | null;
}

/**
 * What every output says beside a log-rank test computed only to the last day both curves are
 * drawn (LogRankComparison.throughDays): "compared over the first 364 days, where both curves are
 * drawn".
 */
export function throughDaysText(days: number): string {
  return `compared over the first ${days.toLocaleString('en-US')} day${days === 1 ? '' : 's'}, where both curves are drawn`;
}

/** What a verdict judges. */
export type ComparisonEvidence = DifferenceEvidence | NoIntervalEvidence | LogRankEvidence;

/** Why a difference has no interval, in words for a card. */
export const NO_INTERVAL_TEXT: Record<NoClusterRobustInterval, string> = {
  'one-unit-in-a-group': 'only one unit in a group, so units cannot be told from groups',
  'no-variation-between-units': 'no variation between units',
};

/** The caution a card shows when either group has fewer than FEW_UNITS units. */
export const FEW_UNITS_TEXT = `The comparison rests on few units (fewer than ${String(FEW_UNITS)} in a group).`;

export interface Verdict {
  /** What was judged; null when nothing can be: a reach count, a masked test, a group absent. */
  evidence: ComparisonEvidence | null;
  significant: boolean;
  /** The group the evidence favours by the measure's `better`, claimed only when significant. */
  ahead: Group | null;
  /**
   * "Linkages ahead", "Comparison ahead", "No clear difference yet", "Too early to tell" (a time to
   * event whose medians cannot tell which group is sooner) or "Not compared".
   */
  label: (typeof VERDICT_LABEL)[keyof typeof VERDICT_LABEL];
  /** The test in words for a chart's note: "the curves differ", "the interval includes zero"; '' when not compared. */
  reading: string;
}

const other = (group: Group): Group => (group === 'linkages' ? 'comparison' : 'linkages');

/** The group whose value is better by `better`, significant or not; null when neither is. */
function favoured(better: Better, evidence: DifferenceEvidence | LogRankEvidence): Group | null {
  if (evidence.basis === 'difference') {
    if (better !== 'higher' && better !== 'lower') {
      throw new Error(`A difference of rates cannot judge a measure where ${better} is better`);
    }
    const higher =
      evidence.difference > 0 ? 'linkages' : evidence.difference < 0 ? 'comparison' : null;
    return higher === null || better === 'higher' ? higher : other(higher);
  }
  if (better !== 'sooner' && better !== 'later') {
    throw new Error(`A log-rank test cannot judge a measure where ${better} is better`);
  }
  const { sooner } = evidence;
  return sooner === null || better === 'sooner' ? sooner : other(sooner);
}

function isSignificant(evidence: ComparisonEvidence): boolean {
  switch (evidence.basis) {
    case 'difference':
      return evidence.low > 0 || evidence.high < 0;
    case 'no-interval':
      return false;
    case 'log-rank':
      return evidence.p < SIGNIFICANCE;
  }
}

function readingOf(evidence: ComparisonEvidence, significant: boolean): string {
  switch (evidence.basis) {
    case 'difference':
      return significant ? 'the interval excludes zero' : 'the interval includes zero';
    case 'no-interval':
      return `no interval: ${NO_INTERVAL_TEXT[evidence.reason]}`;
    case 'log-rank':
      return significant ? 'the curves differ' : 'no significant difference';
  }
}

/**
 * The verdict on one comparison of a measure: significant or not (at SIGNIFICANCE), and which
 * group is ahead in the measure's better direction. A reach count and a null `evidence` (masked,
 * absent) are not compared; a difference without an interval makes no claim. Throws when the
 * evidence does not fit the measure's `better` (a difference of rates for a time to event, a
 * log-rank test for a proportion).
 */
export function judgeComparison(
  measure: MeasureDefinition,
  evidence: ComparisonEvidence | null,
): Verdict {
  if (measure.better === 'reach' || evidence === null) {
    return {
      evidence: null,
      significant: false,
      ahead: null,
      label: VERDICT_LABEL.notCompared,
      reading: '',
    };
  }
  const significant = isSignificant(evidence);
  const ahead =
    significant && evidence.basis !== 'no-interval' ? favoured(measure.better, evidence) : null;
  return {
    evidence,
    significant,
    ahead,
    label:
      ahead !== null
        ? VERDICT_LABEL[ahead]
        : evidence.basis === 'log-rank' && evidence.orderUnknown
          ? VERDICT_LABEL.tooEarly
          : VERDICT_LABEL.noClaim,
    reading: readingOf(evidence, significant),
  };
}

/**
 * A group's median as a result row gives it: shown (days), or not shown (hidden past its drawn
 * curve, or not reached), with the curve's last drawn day (null: no curve drawn).
 */
type MedianOf = Pick<GroupCell, 'value' | 'medianOver' | 'lastDay'>;

/**
 * Which group's median days is shorter, where the medians tell: a median not shown (hidden past
 * its drawn curve, `medianOver`, or not reached on it) lies past the curve's last drawn day c, so
 * it is longer than a shown median only when that median is at or before c; otherwise (a shown
 * median past c, or no curve drawn) they cannot be told apart. A curve whole but short (follow-up
 * ends early) is no exception: its median may come after its end. Null when the medians are
 * equal, both unknown (hidden or not reached), or cannot be told apart.
 */
export function soonerOf(linkages: MedianOf, comparison: MedianOf): Group | null {
  const shorter = (shown: MedianOf, other: MedianOf): boolean => {
    if (shown.value === null) return false;
    if (other.value !== null) return shown.value < other.value;
    const past = other.medianOver ?? other.lastDay;
    return past !== null && shown.value <= past;
  };
  if (shorter(linkages, comparison)) return 'linkages';
  if (shorter(comparison, linkages)) return 'comparison';
  return null;
}

/**
 * The medians cannot tell which group is sooner: at least one is not shown (hidden past its
 * curve or not reached) and soonerOf cannot place them. What the early-wins sentence and the
 * verdict's label ("Too early to tell") both read.
 */
export function orderUnknown(linkages: MedianOf, comparison: MedianOf): boolean {
  return (
    (linkages.value === null || comparison.value === null) &&
    soonerOf(linkages, comparison) === null
  );
}

/**
 * The comparison a (suppressed) result holds for the cell with these keys (`{}`: the pooled
 * cell), with its units per group: for a proportion, the county-stratified difference where the
 * cell pools counties, else the crude one with its cluster-robust interval; with one unit in a
 * group no interval decides, not even a stratified one (its Sato variance treats families as
 * independent), and the crude difference comes with the reason. For a time to event, the
 * log-rank test with the medians' order. Null for a count, and where the test is masked or absent.
 */
export function comparisonEvidence(
  result: MeasureResult,
  keys: CellKeys = {},
): ComparisonEvidence | null {
  const inCell = (c: CellKeys) => c.cohort === keys.cohort && c.county === keys.county;
  if (result.kind === 'proportion') {
    const c = result.comparisons.find(inCell);
    if (!c || c.difference === null) return null;
    const units = { units: c.units, fewUnits: c.fewUnits };
    if (c.clusterNoInterval === 'one-unit-in-a-group') {
      return {
        basis: 'no-interval',
        difference: c.difference,
        reason: c.clusterNoInterval,
        ...units,
      };
    }
    if (c.mhDifference !== null && c.mhCiLow !== null && c.mhCiHigh !== null) {
      return {
        basis: 'difference',
        method: 'county-stratified',
        difference: c.mhDifference,
        low: c.mhCiLow,
        high: c.mhCiHigh,
        p: c.mhP,
        ...units,
      };
    }
    if (c.clusterCiLow !== null && c.clusterCiHigh !== null) {
      return {
        basis: 'difference',
        method: 'cluster-robust',
        difference: c.difference,
        low: c.clusterCiLow,
        high: c.clusterCiHigh,
        p: c.clusterP,
        ...units,
      };
    }
    return c.clusterNoInterval === null
      ? null
      : { basis: 'no-interval', difference: c.difference, reason: c.clusterNoInterval, ...units };
  }
  if (isTimeToEvent(result)) {
    const test = result.comparisons.find(inCell);
    if (!test || test.chiSquare === null || test.p === null) return null;
    const rows: readonly (SurvivalRow | IncidenceRow)[] = result.rows;
    const median = (group: Group): MedianOf =>
      cellOf(rowOf(rows, group, keys)) ?? { value: null, medianOver: null, lastDay: null };
    return {
      basis: 'log-rank',
      chiSquare: test.chiSquare,
      p: test.p,
      sooner: soonerOf(median('linkages'), median('comparison')),
      orderUnknown: orderUnknown(median('linkages'), median('comparison')),
      throughDays: test.throughDays,
      units: test.units,
      fewUnits: test.fewUnits,
    };
  }
  return null;
}

/** The verdict of a result's comparison in one cell (`{}`: pooled); see judgeComparison. */
export function verdictOf(
  measure: MeasureDefinition,
  result: MeasureResult,
  keys: CellKeys = {},
): Verdict {
  return judgeComparison(measure, comparisonEvidence(result, keys));
}
