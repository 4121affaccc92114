import type { Group } from '../dataset/schema';
import { cellOf, rowOf, type GroupCell } from './result-values';
import type { MeasureDefinition, MeasureResult, MeasureRow } from './types';
import {
  NO_INTERVAL_TEXT,
  orderUnknown,
  throughDaysText,
  verdictOf,
  type Verdict,
} from './verdict';

/** What the loaded data says about one measure, always from suppressed results. */
export interface MeasureEvidence {
  measure: MeasureDefinition;
  /** All cohorts pooled (no breakdown). */
  pooled: MeasureResult;
  /** By cohort: which cohorts are in, for the sentence's span. */
  byCohort: MeasureResult;
}

export type FindingStatus =
  'win' | 'reach' | 'no-difference' | 'comparison-ahead' | 'too-early' | 'too-small';

export interface Finding {
  measureId: string;
  status: FindingStatus;
  /** One plain sentence with its numbers; never claims what the interval does not support. */
  sentence: string;
  /** Cohorts, counties and members behind the numbers: "2022 Q3–2025 Q2, 5 counties, 5,965 families". */
  scope: string;
}

/** Process measures first: a year of follow-up is needed before the outcomes can speak. */
const PROCESS_FIRST = ['families-identified', 'coordination-30d', 'time-to-coordination'];

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const cohortText = (label: string) => label.replace(/^(\d{4})([QH]\d)$/, '$1 $2');

/** One group's pooled estimate. */
function pooledCell(result: MeasureResult, group: Group) {
  return cellOf(rowOf<MeasureRow>(result.rows, group));
}

/** A significant verdict is a win or the comparison ahead; anything else makes no claim. */
function claimOf(verdict: Verdict): 'win' | 'comparison-ahead' | 'no-difference' {
  if (verdict.ahead === null) return 'no-difference';
  return verdict.ahead === 'linkages' ? 'win' : 'comparison-ahead';
}

/** The cohorts with members counted, the counties, and how many members. */
function describeScope(e: MeasureEvidence, counties: number): string {
  const cohorts = (e.byCohort.rows as readonly MeasureRow[])
    .filter((r) => (cellOf(r)?.n ?? 1) > 0)
    .map((r) => r.cohort ?? '')
    .filter((c) => c !== '')
    .sort();
  const first = cohorts[0];
  const last = cohorts.at(-1);
  const span =
    first && last
      ? first === last
        ? cohortText(first)
        : `${cohortText(first)}–${cohortText(last)}`
      : '';
  const a = pooledCell(e.pooled, 'linkages')?.n ?? null;
  const b = pooledCell(e.pooled, 'comparison')?.n ?? null;
  const members =
    a !== null && b !== null ? `${integer.format(a + b)} ${e.measure.population}` : '';
  const place = `${counties} ${counties === 1 ? 'county' : 'counties'}`;
  return [span, place, members].filter((part) => part !== '').join(', ');
}

/**
 * A difference of rates (0–1) as a count of every 100 members, for a room: whole numbers from 1
 * up, one decimal below (never "0 more"). `Math.abs`: the direction is said in words.
 */
function perHundred(difference: number): string {
  const value = Math.abs(difference * 100);
  return value >= 0.95 ? integer.format(value) : value.toFixed(1);
}

const moreOrFewer = (difference: number) => (difference < 0 ? 'fewer' : 'more');

/**
 * The 95% interval of a difference in words, never a negative number after "fewer": "likely
 * between 2 and 8 fewer" when it excludes zero, else "anywhere from 3 fewer to 4 more".
 */
function intervalWords(low: number, high: number): string {
  if (low > 0 || high < 0) {
    const [near, far] = low > 0 ? [low, high] : [high, low];
    return `likely between ${perHundred(near)} and ${perHundred(far)} ${moreOrFewer(low)}`;
  }
  return `anywhere from ${perHundred(low)} ${moreOrFewer(low)} to ${perHundred(high)} ${moreOrFewer(high)}`;
}

function proportionFinding(e: MeasureEvidence, scope: string): Finding {
  const { measure, pooled } = e;
  const a = pooledCell(pooled, 'linkages');
  const b = pooledCell(pooled, 'comparison');
  const base = { measureId: measure.id, scope };
  // No member with a complete window is "too early"; a masked count (null) is "too small".
  if (!a || !b || a.n === 0 || b.n === 0) {
    return {
      ...base,
      status: 'too-early',
      sentence: `Too early to tell: no cohort has completed the window yet for “${measure.title.toLowerCase()}”.`,
    };
  }
  const verdict = verdictOf(measure, pooled);
  const evidence = verdict.evidence;
  if (
    a.n === null ||
    b.n === null ||
    a.value === null ||
    b.value === null ||
    !evidence ||
    evidence.basis === 'log-rank'
  ) {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${measure.population} to report “${measure.title.toLowerCase()}” (masked to protect small numbers).`,
    };
  }
  const facts = `${percent(a.value)} of ${measure.population} in Linkages units ${measure.finding}, against ${percent(b.value)} in comparison units`;
  if (evidence.basis === 'no-interval') {
    return {
      ...base,
      status: 'no-difference',
      sentence: `No difference can be claimed: ${facts}; how sure we can be cannot be measured (${NO_INTERVAL_TEXT[evidence.reason]}).`,
    };
  }
  const { difference, low, high } = evidence;
  const counties =
    evidence.method === 'county-stratified' ? ', allowing for differences between counties' : '';
  const status = claimOf(verdict);
  if (status === 'no-difference') {
    return {
      ...base,
      status,
      sentence: `No clear difference yet: ${facts}. The gap could be ${intervalWords(low, high)} of every 100${counties}, so it may be chance.`,
    };
  }
  const claim = `in Linkages units, ${perHundred(difference)} ${moreOrFewer(difference)} of every 100 ${measure.population} ${measure.finding}: ${percent(a.value)} against ${percent(b.value)} in comparison units (${intervalWords(low, high)}${counties})`;
  return {
    ...base,
    status,
    sentence: status === 'win' ? `${capitalize(claim)}.` : `Comparison units are ahead: ${claim}.`,
  };
}

function timeToEventFinding(e: MeasureEvidence, scope: string): Finding {
  const { measure, pooled } = e;
  const a = pooledCell(pooled, 'linkages');
  const b = pooledCell(pooled, 'comparison');
  const base = { measureId: measure.id, scope };
  // A group counted with no curve drawn (its events masked) has no median to place.
  if (!a || !b || a.n === null || b.n === null || a.lastDay === null || b.lastDay === null) {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${measure.population} to report “${measure.title.toLowerCase()}” (masked to protect small numbers).`,
    };
  }
  const verdict = verdictOf(measure, pooled);
  // A test computed only to the last day both curves are drawn says so beside what it decides.
  const evidence = verdict.evidence;
  const through =
    evidence?.basis === 'log-rank' && evidence.throughDays !== null
      ? ` (${throughDaysText(evidence.throughDays)})`
      : '';
  const subject = `time until ${measure.population} ${measure.finding}`;
  if (a.value === null && b.value === null && a.medianOver === null && b.medianOver === null) {
    return {
      ...base,
      status: 'too-early',
      sentence: `Too early to tell: fewer than half ${measure.finding} in either group so far.`,
    };
  }
  // A median hidden past its drawn curve (medianOver, c) lies past c or is not reached: "more
  // than c days, where the curve stops" (on charts and tables "over c days", medianOverText),
  // never "not reached", which only a whole curve can say.
  const median = (cell: GroupCell, group: 'Linkages' | 'comparison') =>
    cell.value !== null
      ? `${integer.format(cell.value)} days in ${group} units`
      : cell.medianOver !== null
        ? `more than ${daysText(cell.medianOver)} in ${group} units, where the ${group} curve stops`
        : `not reached yet (fewer than half so far) in ${group} units`;
  const facts = `median ${subject}: ${median(a, 'Linkages')}, against ${median(b, 'comparison')}`;
  const curvesDiffer = verdict.significant
    ? ` The curves differ by more than chance would explain${through}.`
    : '';
  // A median not shown (hidden past its curve, or not reached) that the medians cannot place
  // against the other (orderUnknown, the verdict's "Too early to tell"): both unknown, or one
  // shown past the day where the other's curve stops or ends.
  if (orderUnknown(a, b)) {
    const both =
      a.medianOver !== null && a.medianOver === b.medianOver
        ? `more than ${daysText(a.medianOver)} in both groups, where the curves stop`
        : null;
    return {
      ...base,
      status: 'too-early',
      sentence: both
        ? `Too early to tell which group is quicker: the median ${subject} is ${both}.${curvesDiffer}`
        : `Too early to tell which group is quicker: the median ${subject} is ${median(a, 'Linkages')}, against ${median(b, 'comparison')}.${curvesDiffer}`,
    };
  }
  const status = claimOf(verdict);
  const pace = measure.better === 'later' ? 'slower' : 'quicker';
  return {
    ...base,
    status,
    sentence:
      status === 'win'
        ? `${capitalize(facts)}. Linkages units are ${pace}, by more than chance would explain${through}.`
        : status === 'comparison-ahead'
          ? `Comparison units are ahead: ${facts}. Comparison units are ${pace}, by more than chance would explain${through}.`
          : verdict.significant
            ? `No clear difference in the medians: ${facts}.${curvesDiffer}`
            : `No clear difference yet: ${facts}. The gap could be chance${through}.`,
  };
}

/** "364 days", "1 day". */
function daysText(days: number): string {
  return `${integer.format(days)} day${days === 1 ? '' : 's'}`;
}

function countFinding(e: MeasureEvidence, scope: string): Finding {
  const a = pooledCell(e.pooled, 'linkages')?.n ?? null;
  const b = pooledCell(e.pooled, 'comparison')?.n ?? null;
  const base = { measureId: e.measure.id, scope };
  if (a === null || b === null) {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${e.measure.population} to report (masked to protect small numbers).`,
    };
  }
  return {
    ...base,
    status: 'reach',
    sentence: `${integer.format(a + b)} ${e.measure.population} ${e.measure.finding}: ${integer.format(a)} in Linkages units and ${integer.format(b)} in comparison units.`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeFinding(e: MeasureEvidence, counties: number): Finding {
  const scope = describeScope(e, counties);
  switch (e.measure.kind) {
    case 'count':
      return countFinding(e, scope);
    case 'proportion':
      return proportionFinding(e, scope);
    default:
      return timeToEventFinding(e, scope);
  }
}

const RANK: Record<FindingStatus, number> = {
  win: 0,
  reach: 1,
  'no-difference': 2,
  'comparison-ahead': 3,
  'too-early': 4,
  'too-small': 5,
};

/** Every measure's finding, wins first and process measures first among them. */
export function findEarlyWins(evidence: readonly MeasureEvidence[], counties: number): Finding[] {
  const order = (id: string) => {
    const index = PROCESS_FIRST.indexOf(id);
    return index === -1 ? PROCESS_FIRST.length : index;
  };
  return evidence
    .map((e) => describeFinding(e, counties))
    .map((finding, index) => ({ finding, index }))
    .sort((x, y) => {
      const wins = (f: Finding) => (f.status === 'win' || f.status === 'reach' ? 0 : 1);
      return (
        wins(x.finding) - wins(y.finding) ||
        order(x.finding.measureId) - order(y.finding.measureId) ||
        RANK[x.finding.status] - RANK[y.finding.status] ||
        x.index - y.index
      );
    })
    .map(({ finding }) => finding);
}
