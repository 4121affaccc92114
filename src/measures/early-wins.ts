import type { Group } from '../dataset/schema';
import { cellOf, rowOf } from './result-values';
import type { MeasureDefinition, MeasureResult, MeasureRow } from './types';
import { verdictOf, type Verdict } from './verdict';

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
const points = (value: number) => Math.abs(value * 100).toFixed(1);
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

function proportionFinding(e: MeasureEvidence, scope: string): Finding {
  const { measure, pooled } = e;
  const a = pooledCell(pooled, 'linkages');
  const b = pooledCell(pooled, 'comparison');
  const base = { measureId: measure.id, scope };
  if (!a?.n || !b?.n) {
    return {
      ...base,
      status: 'too-early',
      sentence: `Too early to tell: no cohort has completed the window yet for “${measure.title.toLowerCase()}”.`,
    };
  }
  const verdict = verdictOf(measure, pooled);
  const evidence = verdict.evidence;
  if (a.value === null || b.value === null || evidence?.basis !== 'difference') {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${measure.population} to report “${measure.title.toLowerCase()}” (fewer than 11 in a cell; suppressed).`,
    };
  }
  const { difference, low, high } = evidence;
  const interval = `95% CI ${(low * 100).toFixed(1)} to ${(high * 100).toFixed(1)} points`;
  const facts = `${percent(a.value)} of ${measure.population} in Linkages units ${measure.finding}, against ${percent(b.value)} in comparison units`;
  const status = claimOf(verdict);
  if (status === 'no-difference') {
    return {
      ...base,
      status,
      sentence: `No clear difference yet: ${facts} (${interval}, which includes zero).`,
    };
  }
  const size = `${points(difference)} points ${difference > 0 ? 'higher' : 'lower'}`;
  return {
    ...base,
    status,
    sentence:
      status === 'win'
        ? `${capitalize(facts)}: ${size} (${interval}).`
        : `Comparison units are ahead: ${facts} (${interval}).`,
  };
}

function timeToEventFinding(e: MeasureEvidence, scope: string): Finding {
  const { measure, pooled } = e;
  const a = pooledCell(pooled, 'linkages');
  const b = pooledCell(pooled, 'comparison');
  const base = { measureId: measure.id, scope };
  if (!a || !b || a.n === null || b.n === null) {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${measure.population} to report “${measure.title.toLowerCase()}” (fewer than 11; suppressed).`,
    };
  }
  const days = (d: number | null) =>
    d === null ? 'no median yet (fewer than half had)' : `a median of ${integer.format(d)} days`;
  const verdict = verdictOf(measure, pooled);
  const p = verdict.evidence?.p ?? null;
  const pText =
    p === null ? '' : p < 0.001 ? ' (log-rank p < 0.001)' : ` (log-rank p = ${p.toFixed(3)})`;
  const facts = `${measure.population} in Linkages units ${measure.finding} in ${days(a.value)}, against ${days(b.value)} in comparison units`;
  if (a.value === null && b.value === null) {
    return {
      ...base,
      status: 'too-early',
      sentence: `Too early to tell: fewer than half ${measure.finding} in either group so far.`,
    };
  }
  const status = claimOf(verdict);
  return {
    ...base,
    status,
    sentence:
      status === 'win'
        ? `${capitalize(facts)}${pText}.`
        : status === 'comparison-ahead'
          ? `Comparison units are ahead: ${facts}${pText}.`
          : `No clear difference yet: ${facts}${pText}.`,
  };
}

function countFinding(e: MeasureEvidence, scope: string): Finding {
  const a = pooledCell(e.pooled, 'linkages')?.n ?? null;
  const b = pooledCell(e.pooled, 'comparison')?.n ?? null;
  const base = { measureId: e.measure.id, scope };
  if (a === null || b === null) {
    return {
      ...base,
      status: 'too-small',
      sentence: `Too few ${e.measure.population} to report (fewer than 11; suppressed).`,
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
