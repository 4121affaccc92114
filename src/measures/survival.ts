/** Time to event: Kaplan–Meier with a log-log band, the log-rank test, Aalen–Johansen cumulative incidence. */
import { chiSquare1Sf, Z95 } from './statistics';

/** Aggregated at one distinct time t (days): members with an event at t, censored at t. */
export interface TimeCount {
  t: number;
  events: number;
  censored: number;
}

export interface SurvivalPoint {
  t: number;
  survival: number;
  low: number;
  high: number;
  atRisk: number;
  events: number;
  censored: number;
}

export interface CompetingCount {
  t: number;
  events: number;
  competing: number;
  censored: number;
}

export interface IncidencePoint {
  t: number;
  incidence: number;
  low: number;
  high: number;
  atRisk: number;
}

/** One distinct time with everyone who leaves the risk set there; atRisk counts those still in it just before t. */
interface RiskStep extends CompetingCount {
  atRisk: number;
}

/** Products like 3/4 · 2/3 land a hair off 0.5; the median must not miss them. */
const ROUNDING = 1e-12;

function isCount(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

/**
 * The risk set at each distinct time, in time order, without empty rows. An event and a
 * censoring at the same t both count at risk at t: events come before censorings. Without
 * `withCompeting` (Kaplan–Meier, log-rank), a count's competing events are read as none. Counts
 * already in increasing t (as the measure SQL returns them) are read in one pass without copies:
 * a view's curves are computed on the page's main thread.
 */
function buildRiskSteps(
  counts: readonly (TimeCount | CompetingCount)[],
  withCompeting: boolean,
): RiskStep[] {
  const competingOf = (count: TimeCount | CompetingCount) =>
    withCompeting ? (count as CompetingCount).competing : 0;
  let total = 0;
  let sorted = true;
  for (const [i, count] of counts.entries()) {
    const { t, events, censored } = count;
    const competing = competingOf(count);
    if (!(isCount(t) && isCount(events) && isCount(competing) && isCount(censored))) {
      throw new RangeError(
        `Not a time count: t=${t} events=${events} competing=${competing} censored=${censored}`,
      );
    }
    total += events + competing + censored;
    if (i > 0 && !(t > counts[i - 1]!.t)) sorted = false;
  }
  let ordered: readonly (TimeCount | CompetingCount)[] = counts;
  if (!sorted) {
    const byTime = new Map<number, CompetingCount>();
    for (const count of counts) {
      const merged = byTime.get(count.t) ?? { t: count.t, events: 0, competing: 0, censored: 0 };
      merged.events += count.events;
      merged.competing += competingOf(count);
      merged.censored += count.censored;
      byTime.set(count.t, merged);
    }
    ordered = [...byTime.values()].sort((x, y) => x.t - y.t);
  }
  let atRisk = total;
  const steps: RiskStep[] = [];
  for (const count of ordered) {
    const { t, events, censored } = count;
    const competing = competingOf(count);
    const leaving = events + competing + censored;
    if (leaving === 0) continue;
    steps.push({ t, events, competing, censored, atRisk });
    atRisk -= leaving;
  }
  return steps;
}

/**
 * 95% band on log(−log p) for a probability p with standard error se: p^exp(±z·se / |p·log p|).
 * At p = 0 or 1 the transform is undefined and the band collapses onto p.
 */
function logLogBand(p: number, se: number): { low: number; high: number } {
  if (p <= 0 || p >= 1 || !Number.isFinite(se)) return { low: p, high: p };
  const spread = (Z95 * se) / Math.abs(p * Math.log(p));
  return { low: p ** Math.exp(spread), high: p ** Math.exp(-spread) };
}

/** Kaplan–Meier from aggregated counts (any order); point t=0 with survival 1 first; Greenwood variance; log-log 95% band. */
export function kaplanMeier(counts: readonly TimeCount[]): {
  points: SurvivalPoint[];
  median: number | null;
  n: number;
  events: number;
} {
  const steps = buildRiskSteps(counts, false);
  const n = steps[0]?.atRisk ?? 0;
  if (n === 0) return { points: [], median: null, n: 0, events: 0 };

  const points: SurvivalPoint[] = [
    { t: 0, survival: 1, low: 1, high: 1, atRisk: n, events: 0, censored: 0 },
  ];
  let survival = 1;
  let greenwood = 0; // Σ d / (n (n − d))
  let events = 0;
  let median: number | null = null;
  for (const step of steps) {
    if (step.events > 0) {
      survival *= 1 - step.events / step.atRisk;
      greenwood +=
        step.events < step.atRisk ? step.events / (step.atRisk * (step.atRisk - step.events)) : 0;
      events += step.events;
    }
    const band = logLogBand(survival, survival * Math.sqrt(greenwood));
    points.push({
      t: step.t,
      survival,
      ...band,
      atRisk: step.atRisk,
      events: step.events,
      censored: step.censored,
    });
    if (median === null && survival <= 0.5 + ROUNDING) median = step.t;
  }
  return { points, median, n, events };
}

/**
 * Two-group log-rank test (1 df); null when a group is empty or no events give it any variance.
 * With `throughDays` (days), the test over days 0 to throughDays only: every member still at risk
 * after it is censored there (administrative censoring; an event on that day counts), as
 * `survival::survdiff` on times pmin(t, c) with the events past c read as censorings. Suppression
 * computes the test this way beside a curve it cuts (drawn-log-rank.ts).
 */
export function logRank(
  a: readonly TimeCount[],
  b: readonly TimeCount[],
  throughDays = Infinity,
): { chiSquare: number; p: number } | null {
  const stepsA = buildRiskSteps(a, false);
  const stepsB = buildRiskSteps(b, false);

  let observedMinusExpected = 0;
  let variance = 0;
  let i = 0;
  let j = 0;
  let atRiskA = stepsA[0]?.atRisk ?? 0;
  let atRiskB = stepsB[0]?.atRisk ?? 0;
  // Every distinct time of either group, in order (a merge of the two sorted step lists).
  while (i < stepsA.length || j < stepsB.length) {
    const t = Math.min(stepsA[i]?.t ?? Infinity, stepsB[j]?.t ?? Infinity);
    // Past the horizon every member left is censored: no term of the statistic.
    if (t > throughDays) break;
    const stepA = stepsA[i]?.t === t ? stepsA[i++] : undefined;
    const stepB = stepsB[j]?.t === t ? stepsB[j++] : undefined;
    const eventsA = stepA?.events ?? 0;
    const events = eventsA + (stepB?.events ?? 0);
    const atRisk = atRiskA + atRiskB;
    if (events > 0 && atRisk > 1) {
      observedMinusExpected += eventsA - (events * atRiskA) / atRisk;
      variance +=
        (events * atRiskA * atRiskB * (atRisk - events)) / (atRisk * atRisk * (atRisk - 1));
    }
    atRiskA -= stepA ? stepA.events + stepA.censored : 0;
    atRiskB -= stepB ? stepB.events + stepB.censored : 0;
  }
  if (!(variance > 0)) return null;
  const chiSquare = (observedMinusExpected * observedMinusExpected) / variance;
  return { chiSquare, p: chiSquare1Sf(chiSquare) };
}

/**
 * Aalen–Johansen cumulative incidence of the event of interest, F(t) = Σ S(tj−)·d1j/nj, with S the
 * all-cause Kaplan–Meier. Variance by the delta method (Marubini & Valsecchi 1995; Choudhury 2002):
 *   Var F(t) = Σ_{tj≤t} [F(t)−F(tj)]²·dj/(nj(nj−dj)) + S(tj−)²·d1j(nj−d1j)/nj³ − 2[F(t)−F(tj)]·S(tj−)·d1j/nj²
 * (dj all events, d1j events of interest); with no competing events it is Greenwood's. The 95% band
 * is on log(−log F), as in Choudhury 2002 and Stata's stcompet. Median = first t with F(t) >= 0.5.
 */
export function cumulativeIncidence(counts: readonly CompetingCount[]): {
  points: IncidencePoint[];
  median: number | null;
  n: number;
  events: number;
} {
  const steps = buildRiskSteps(counts, true);
  const n = steps[0]?.atRisk ?? 0;
  if (n === 0) return { points: [], median: null, n: 0, events: 0 };

  const incidence: number[] = []; // F(tj)
  const survivalBefore: number[] = []; // S(tj−)
  let survival = 1;
  let cumulative = 0;
  for (const step of steps) {
    survivalBefore.push(survival);
    cumulative += (survival * step.events) / step.atRisk;
    survival *= 1 - (step.events + step.competing) / step.atRisk;
    incidence.push(cumulative);
  }

  const points: IncidencePoint[] = [{ t: 0, incidence: 0, low: 0, high: 0, atRisk: n }];
  let events = 0;
  let median: number | null = null;
  // Var F(tk) = Σ_{j≤k} (F(tk) − F(tj))²·a_j + b_j − 2·(F(tk) − F(tj))·c_j is a quadratic in F(tk):
  // running sums of its coefficients keep this linear in the number of distinct days (a page with
  // thousands of days froze while the sum was recomputed over all earlier days at every step).
  let sumA = 0; // Σ a_j
  let sumFA = 0; // Σ F(tj)·a_j
  let sumFFA = 0; // Σ F(tj)²·a_j
  let sumB = 0; // Σ b_j
  let sumC = 0; // Σ c_j
  let sumFC = 0; // Σ F(tj)·c_j
  steps.forEach((step, k) => {
    const { events: d1, competing, atRisk: nj } = step;
    const d = d1 + competing;
    if (d > 0) {
      const fj = incidence[k]!;
      const before = survivalBefore[k]!;
      const a = d < nj ? d / (nj * (nj - d)) : 0;
      const c = (before * d1) / nj ** 2;
      sumA += a;
      sumFA += fj * a;
      sumFFA += fj * fj * a;
      sumB += (before * before * d1 * (nj - d1)) / nj ** 3;
      sumC += c;
      sumFC += fj * c;
    }
    const f = Math.min(1, incidence[k]!);
    const variance = f * f * sumA - 2 * f * sumFA + sumFFA + sumB - 2 * (f * sumC - sumFC);
    points.push({
      t: step.t,
      incidence: f,
      ...logLogBand(f, Math.sqrt(Math.max(0, variance))),
      atRisk: step.atRisk,
    });
    events += step.events;
    if (median === null && f >= 0.5 - ROUNDING) median = step.t;
  });
  return { points, median, n, events };
}
