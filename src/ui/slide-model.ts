import type { Group } from '../dataset/schema';
import type { BaselineCharacteristic, BaselineResult } from '../measures/baseline';
import type { Finding, FindingStatus } from '../measures/early-wins';
import { cellOf, isTimeToEvent, rowOf } from '../measures/result-values';
import type { Balance } from '../measures/standardized-difference';
import type { MeasureDefinition, MeasureResult, MeasureRow } from '../measures/types';
import { BETTER_TEXT, VERDICT_LABEL } from '../measures/verdict';
import {
  BALANCE_TEXT,
  CATEGORY_LABEL,
  formatMean,
  formatStandardizedDifference,
} from './baseline-table';
import { atRiskDays, cumulativeCurve, mergeCurves, type CurvePoint } from './chart-data';
import { MASKED, formatCellValue, formatCount, formatRate } from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';
import { followUpShown } from './survival-chart';

/**
 * What each slide says, as plain data: the one source of the slides on screen, their print and
 * the PowerPoint deck, so that all three give the same numbers. Every number here comes from a
 * suppressed result (the headline request, the verdict, the groups at baseline); nothing is
 * computed that those did not give. A masked value is null with the text "masked".
 */

/** A finding's status in words, for the builder, the summary and the "not yet" slide. */
export const STATUS_TEXT: Record<FindingStatus, string> = {
  win: VERDICT_LABEL.linkages,
  reach: 'Reach',
  'no-difference': VERDICT_LABEL.noClaim,
  'comparison-ahead': VERDICT_LABEL.comparison,
  'too-early': VERDICT_LABEL.tooEarly,
  'too-small': 'Too few to report',
};

/** One group's bar: the value as shown (a percent to one decimal, a count), or null when masked. */
export interface SlideBar {
  group: Group;
  label: string;
  /** Percent (0–100, to one decimal as its label) or count; null when masked or absent: no bar. */
  value: number | null;
  /** The rate's 95% interval in percent; null for counts and masked values. */
  low: number | null;
  high: number | null;
  /** The label: "76.9%", "2,901", "masked", "no data". */
  text: string;
}

export interface BarChartModel {
  kind: 'bars';
  unit: 'percent' | 'count';
  bars: SlideBar[];
}

/** A time to event: the share reaching the event by each day, and the medians in words. */
export interface CurveChartModel {
  kind: 'curve';
  /** "coordinated", "reunified". */
  eventLabel: string;
  /** The step curves to draw (shares 0–1; null past a curve's end, which suppression cuts). */
  points: CurvePoint[];
  maxDay: number;
  /** Round days: the axis ticks. */
  days: number[];
  /**
   * The days the curve is read at (a sixth of a tick apart, so that a line through them follows
   * the steps), and each group's share by then in percent to one decimal (null: not shown). The
   * slide's table for screen readers and the PowerPoint line chart hold these same numbers.
   */
  sampleDays: number[];
  shares: Record<Group, (number | null)[]>;
  /**
   * "median 18 days", "median over 364 days" (hidden past the drawn curve), "median not reached
   * yet", "masked".
   */
  medians: Record<Group, string>;
}

export interface TitleSlideModel {
  kind: 'title';
  id: 'title';
  title: string;
  place: string;
  date: string;
}

export interface MeasureSlideModel {
  kind: 'measure';
  id: string;
  title: string;
  /** "Higher is better" (BETTER_TEXT of the definition's `better`). */
  direction: string;
  status: FindingStatus;
  statusText: string;
  sentence: string;
  scope: string;
  definition: string;
  chart: BarChartModel | CurveChartModel;
}

export interface SummaryRow {
  id: string;
  title: string;
  statusText: string;
  status: FindingStatus | 'not-measured';
  /** Members per group behind the headline: "2,901 · 3,098", "masked · 45"; "—" when not measured. */
  n: string;
  direction: string;
}

export interface SummarySlideModel {
  kind: 'summary';
  id: 'summary';
  rows: SummaryRow[];
}

export interface NotYetRow {
  id: string;
  title: string;
  statusText: string;
  /** The finding's sentence, or what would enable a measure that is not measured. */
  reason: string;
}

export interface NotYetSlideModel {
  kind: 'not-yet';
  id: 'not-yet';
  rows: NotYetRow[];
}

export interface BaselineSlideRow {
  id: string;
  title: string;
  /** The category with the largest standardized difference, with both groups' shares or means. */
  largest: string;
  difference: string;
  balance: Balance | null;
  balanceText: string;
}

export interface BaselineSlideModel {
  kind: 'baseline';
  id: 'baseline';
  /** Least comparable first. */
  rows: BaselineSlideRow[];
  /** "2 comparable, 5 need adjustment, 1 not comparable (of 9 characteristics)". */
  tally: string;
}

export type SlideModel =
  TitleSlideModel | MeasureSlideModel | SummarySlideModel | NotYetSlideModel | BaselineSlideModel;

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

function barsOf(result: MeasureResult): BarChartModel {
  const rows: readonly MeasureRow[] = result.rows;
  const unit = result.kind === 'count' ? 'count' : 'percent';
  const bars = GROUP_ORDER.map((group): SlideBar => {
    const cell = cellOf(rowOf(rows, group));
    const label = GROUP_STYLE[group].label;
    if (!cell) return { group, label, value: null, low: null, high: null, text: 'no data' };
    if (cell.value === null) {
      return { group, label, value: null, low: null, high: null, text: MASKED };
    }
    if (unit === 'count') {
      return {
        group,
        label,
        value: cell.value,
        low: null,
        high: null,
        text: formatCount(cell.value),
      };
    }
    return {
      group,
      label,
      value: oneDecimal(cell.value * 100),
      low: cell.low === null ? null : cell.low * 100,
      high: cell.high === null ? null : cell.high * 100,
      text: formatRate(cell.value),
    };
  });
  return { kind: 'bars', unit, bars };
}

function curveOf(measure: MeasureDefinition, result: MeasureResult): CurveChartModel {
  const rows: readonly MeasureRow[] = result.rows;
  const curve = (group: Group) => {
    const row = rowOf(rows, group);
    return row && 'curve' in row ? cumulativeCurve(row) : [];
  };
  const linkages = curve('linkages');
  const comparison = curve('comparison');
  const days = atRiskDays(followUpShown([linkages, comparison]));
  const maxDay = days.at(-1) ?? 0;
  const merged = mergeCurves(linkages, comparison);
  const points = merged.filter((p) => p.t <= maxDay);
  const carried = merged.findLast((p) => p.t <= maxDay);
  if (carried && carried.t < maxDay && merged.some((p) => p.t > maxDay)) {
    points.push({ ...carried, t: maxDay });
  }
  const tick = days[1] ?? Math.max(1, maxDay);
  const every = Math.max(1, Math.round(tick / 6));
  const sampleDays: number[] = [];
  for (let day = 0; day <= maxDay; day += every) sampleDays.push(day);
  const shareAt = (group: Group) =>
    sampleDays.map((day) => {
      const value = merged.findLast((p) => p.t <= day)?.[group] ?? null;
      return value === null ? null : oneDecimal(value * 100);
    });
  const median = (group: Group) => {
    const cell = cellOf(rowOf(rows, group));
    if (!cell) return 'no data';
    // A median hidden past the drawn curve: "median over 364 days" (formatCellValue).
    if (cell.masked && cell.medianOver === null) return MASKED;
    return cell.value === null && cell.medianOver === null
      ? 'median not reached yet'
      : `median ${formatCellValue('days', cell)}`;
  };
  return {
    kind: 'curve',
    eventLabel: 'eventLabel' in measure ? measure.eventLabel : '',
    points,
    maxDay,
    days,
    sampleDays,
    shares: { linkages: shareAt('linkages'), comparison: shareAt('comparison') },
    medians: { linkages: median('linkages'), comparison: median('comparison') },
  };
}

/** A measure's slide from its headline result (suppressed) and its finding. */
export function measureSlideOf(
  measure: MeasureDefinition,
  result: MeasureResult,
  finding: Finding,
): MeasureSlideModel {
  return {
    kind: 'measure',
    id: measure.id,
    title: measure.title,
    direction: BETTER_TEXT[measure.better],
    status: finding.status,
    statusText: STATUS_TEXT[finding.status],
    sentence: finding.sentence,
    scope: finding.scope,
    definition: measure.definition,
    chart: isTimeToEvent(result) ? curveOf(measure, result) : barsOf(result),
  };
}

/** Members per group behind a headline, masked counts as "masked". */
function membersText(result: MeasureResult): string {
  const rows: readonly MeasureRow[] = result.rows;
  return GROUP_ORDER.map((group) => {
    const cell = cellOf(rowOf(rows, group));
    return cell ? formatCount(cell.n) : '0';
  }).join(' · ');
}

export interface MeasureOnSlides {
  measure: MeasureDefinition;
  result: MeasureResult;
  finding: Finding;
}

/** Every measure in one table: status, members per group, direction; those not measured last. */
export function summarySlideOf(
  measures: readonly MeasureOnSlides[],
  notMeasured: readonly { measure: MeasureDefinition; needs: string }[],
): SummarySlideModel {
  return {
    kind: 'summary',
    id: 'summary',
    rows: [
      ...measures.map(({ measure, result, finding }): SummaryRow => ({
        id: measure.id,
        title: measure.title,
        status: finding.status,
        statusText: STATUS_TEXT[finding.status],
        n: membersText(result),
        direction: BETTER_TEXT[measure.better],
      })),
      ...notMeasured.map(({ measure }): SummaryRow => ({
        id: measure.id,
        title: measure.title,
        status: 'not-measured',
        statusText: 'Not measured',
        n: '—',
        direction: BETTER_TEXT[measure.better],
      })),
    ],
  };
}

const NOT_YET: readonly FindingStatus[] = [
  'no-difference',
  'comparison-ahead',
  'too-early',
  'too-small',
];

/** The measures where Linkages is not (yet) shown ahead, and those not measured, with why. */
export function notYetSlideOf(
  measures: readonly MeasureOnSlides[],
  notMeasured: readonly { measure: MeasureDefinition; needs: string }[],
): NotYetSlideModel {
  return {
    kind: 'not-yet',
    id: 'not-yet',
    rows: [
      ...measures
        .filter(({ finding }) => NOT_YET.includes(finding.status))
        .map(({ measure, finding }) => ({
          id: measure.id,
          title: measure.title,
          statusText: STATUS_TEXT[finding.status],
          reason: finding.sentence,
        })),
      ...notMeasured.map(({ measure, needs }) => ({
        id: measure.id,
        title: measure.title,
        statusText: 'Not measured',
        reason: `${needs}.`,
      })),
    ],
  };
}

const BALANCE_RANK: Record<Balance, number> = {
  'not-comparable': 0,
  'needs-adjustment': 1,
  comparable: 2,
};

function shareText(share: number | null, count: number | null): string {
  if (share !== null) return formatRate(share);
  return count === null ? MASKED : '—';
}

/** A characteristic's largest gap between the groups, as the baseline page shows its values. */
function baselineRowOf(c: BaselineCharacteristic): BaselineSlideRow & { size: number } {
  const base = { id: c.id, title: c.title };
  if (c.notMeasured !== null) {
    return {
      ...base,
      largest: `Not measured: ${c.notMeasured}`,
      difference: '—',
      balance: null,
      balanceText: 'Not measured',
      size: -1,
    };
  }
  if (c.kind === 'mean') {
    const mean = (m: typeof c.linkages) =>
      m.n === null ? MASKED : m.mean === null ? '—' : formatMean(c.id, m.mean);
    return {
      ...base,
      largest: `Mean ${mean(c.linkages)} against ${mean(c.comparison)}`,
      difference: formatStandardizedDifference(c.standardizedDifference, c.suppressed),
      balance: c.balance,
      balanceText: c.balance ? BALANCE_TEXT[c.balance].label : c.suppressed ? 'masked' : '—',
      size: Math.abs(c.standardizedDifference ?? 0),
    };
  }
  const shown = c.categories.filter((row) => row.standardizedDifference !== null);
  const worst = shown.reduce<(typeof shown)[number] | undefined>(
    (top, row) =>
      !top || Math.abs(row.standardizedDifference!) > Math.abs(top.standardizedDifference!)
        ? row
        : top,
    undefined,
  );
  const balance = shown.reduce<Balance | null>(
    (acc, row) =>
      row.balance !== null && (acc === null || BALANCE_RANK[row.balance] < BALANCE_RANK[acc])
        ? row.balance
        : acc,
    null,
  );
  if (!worst) {
    return {
      ...base,
      largest: 'Every category masked',
      difference: 'masked',
      balance: null,
      balanceText: 'masked',
      size: -1,
    };
  }
  const label = CATEGORY_LABEL[worst.category] ?? worst.category;
  return {
    ...base,
    largest: `${label}: ${shareText(worst.linkages.share, worst.linkages.count)} against ${shareText(worst.comparison.share, worst.comparison.count)}`,
    difference: formatStandardizedDifference(worst.standardizedDifference, worst.suppressed),
    balance,
    balanceText: balance ? BALANCE_TEXT[balance].label : '—',
    size: Math.abs(worst.standardizedDifference ?? 0),
  };
}

/**
 * The groups at baseline on one slide: each characteristic's largest gap (the category with the
 * largest standardized difference, which decides its class), least comparable first.
 */
export function baselineSlideOf(result: BaselineResult): BaselineSlideModel {
  const rows = result.characteristics
    .map(baselineRowOf)
    .sort(
      (a, b) =>
        (a.balance === null ? 3 : BALANCE_RANK[a.balance]) -
          (b.balance === null ? 3 : BALANCE_RANK[b.balance]) || b.size - a.size,
    );
  const count = (balance: Balance) => rows.filter((r) => r.balance === balance).length;
  const tally =
    `${String(count('comparable'))} comparable, ${String(count('needs-adjustment'))} need ` +
    `adjustment, ${String(count('not-comparable'))} not comparable (of ${String(rows.length)} characteristics)`;
  return {
    kind: 'baseline',
    id: 'baseline',
    rows: rows.map(({ id, title, largest, difference, balance, balanceText }) => ({
      id,
      title,
      largest,
      difference,
      balance,
      balanceText,
    })),
    tally,
  };
}
