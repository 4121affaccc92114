import type { Group } from '../dataset/schema';
import { isTimeToEvent, rowOf } from './result-values';
import type {
  Better,
  CellKeys,
  IncidenceRow,
  MeasureDefinition,
  MeasureResult,
  SurvivalRow,
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
  notCompared: 'Not compared',
} as const;

/** Linkages minus comparison of a rate (0–1; 0.25 is 25 points) with its 95% interval. */
export interface DifferenceEvidence {
  basis: 'difference';
  difference: number;
  low: number;
  high: number;
  /** Shown beside the interval; the interval decides. */
  p: number | null;
}

/** A log-rank test of the two curves, and which group reaches the event sooner. */
export interface LogRankEvidence {
  basis: 'log-rank';
  chiSquare: number;
  p: number;
  /**
   * The group with the shorter median days (a median not reached is longer than any reached);
   * null when the medians are equal or neither is reached.
   */
  sooner: Group | null;
}

/** What a verdict judges. */
export type ComparisonEvidence = DifferenceEvidence | LogRankEvidence;

export interface Verdict {
  /** What was judged; null when nothing can be: a reach count, a masked test, a group absent. */
  evidence: ComparisonEvidence | null;
  significant: boolean;
  /** The group the evidence favours by the measure's `better`, claimed only when significant. */
  ahead: Group | null;
  /** "Linkages ahead", "Comparison ahead", "No clear difference yet" or "Not compared". */
  label: (typeof VERDICT_LABEL)[keyof typeof VERDICT_LABEL];
  /** The test in words for a chart's note: "the curves differ", "the interval includes zero"; '' when not compared. */
  reading: string;
}

const other = (group: Group): Group => (group === 'linkages' ? 'comparison' : 'linkages');

/** The group whose value is better by `better`, significant or not; null when neither is. */
function favoured(better: Better, evidence: ComparisonEvidence): Group | null {
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
  return evidence.basis === 'difference'
    ? evidence.low > 0 || evidence.high < 0
    : evidence.p < SIGNIFICANCE;
}

function readingOf(evidence: ComparisonEvidence, significant: boolean): string {
  if (evidence.basis === 'difference') {
    return significant ? 'the interval excludes zero' : 'the interval includes zero';
  }
  return significant ? 'the curves differ' : 'no significant difference';
}

/**
 * The verdict on one comparison of a measure: significant or not (at SIGNIFICANCE), and which
 * group is ahead in the measure's better direction. A reach count and a null `evidence` (masked,
 * absent) are not compared. Throws when the evidence does not fit the measure's `better` (a
 * difference of rates for a time to event, a log-rank test for a proportion).
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
  const ahead = significant ? favoured(measure.better, evidence) : null;
  return {
    evidence,
    significant,
    ahead,
    label: ahead === null ? VERDICT_LABEL.noClaim : VERDICT_LABEL[ahead],
    reading: readingOf(evidence, significant),
  };
}

/** Which group's median days is shorter; a median not reached (null) is longer than any reached. */
function soonerOf(linkages: number | null, comparison: number | null): Group | null {
  if (linkages !== null && (comparison === null || linkages < comparison)) return 'linkages';
  if (comparison !== null && (linkages === null || comparison < linkages)) return 'comparison';
  return null;
}

/**
 * The comparison a (suppressed) result holds for the cell with these keys (`{}`: the pooled
 * cell): the difference with its interval for a proportion, the log-rank test with the medians'
 * order for a time to event; null for a count, and where the test is masked or absent.
 */
export function comparisonEvidence(
  result: MeasureResult,
  keys: CellKeys = {},
): ComparisonEvidence | null {
  const inCell = (c: CellKeys) => c.cohort === keys.cohort && c.county === keys.county;
  if (result.kind === 'proportion') {
    const c = result.comparisons.find(inCell);
    if (!c || c.difference === null || c.ciLow === null || c.ciHigh === null) return null;
    return { basis: 'difference', difference: c.difference, low: c.ciLow, high: c.ciHigh, p: c.p };
  }
  if (isTimeToEvent(result)) {
    const test = result.comparisons.find(inCell);
    if (!test || test.chiSquare === null || test.p === null) return null;
    const rows: readonly (SurvivalRow | IncidenceRow)[] = result.rows;
    const median = (group: Group) => rowOf(rows, group, keys)?.medianDays ?? null;
    return {
      basis: 'log-rank',
      chiSquare: test.chiSquare,
      p: test.p,
      sooner: soonerOf(median('linkages'), median('comparison')),
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
