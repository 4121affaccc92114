import { cohortOfKey, parseCohort } from '../measures/cohorts';
import { medianOverText, type ValueKind } from '../measures/result-values';

/**
 * Display rules shared by every chart, table and card. A masked value is never shown as zero,
 * and never as a bound: a count masked because it is 1–10 and one masked because it would give
 * another away (a numerator of 26 beside a denominator of 35, a complementary cell) read alike,
 * so that neither says which it is (docs/disclosure-control.md).
 */
export const MASKED = 'masked';
export const MASKED_RATE = 'masked';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number | null, suppressed = true): string {
  if (value === null) return suppressed ? MASKED : '—';
  return integer.format(value);
}

export function formatRate(rate: number | null, suppressed = false): string {
  if (rate === null) return suppressed ? MASKED_RATE : '—';
  return `${(rate * 100).toFixed(1)}%`;
}

export function formatPoints(difference: number | null): string {
  if (difference === null) return '—';
  const points = difference * 100;
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points).toFixed(1)} pts`;
}

/** An interval of a difference in points, signs shown: "−8.8 to +11.2 pts". */
export function formatPointsInterval(low: number, high: number, unit = ' pts'): string {
  const signed = (d: number) => formatPoints(d).replace(' pts', '');
  return `${signed(low)} to ${signed(high)}${unit}`;
}

export function formatInterval(
  low: number | null,
  high: number | null,
  scale = 100,
  unit = '%',
): string {
  if (low === null || high === null) return '';
  return `${(low * scale).toFixed(1)}–${(high * scale).toFixed(1)}${unit}`;
}

export function formatDays(days: number | null): string {
  if (days === null) return '—';
  return `${integer.format(days)} day${days === 1 ? '' : 's'}`;
}

export function formatP(p: number | null): string {
  if (p === null) return '';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** `2024Q1` → `2024 Q1`, for people; other text as it is. */
export function formatCohort(label: string): string {
  const cohort = parseCohort(label);
  return cohort ? cohortOfKey(cohort.period, cohort.key, ' ') : label;
}

/**
 * One group's value in a card, table, CSV or tooltip: masked cells say so, never zero; a median
 * hidden where its curve is drawn reads "over 364 days" (its last drawn day), not "masked".
 */
export function formatCellValue(
  kind: ValueKind,
  cell: { value: number | null; masked: boolean; medianOver?: number | null } | null,
): string {
  if (!cell) return '—';
  if (kind === 'days' && cell.medianOver != null) return medianOverText(cell.medianOver);
  if (cell.masked) return kind === 'count' ? MASKED : MASKED_RATE;
  if (kind === 'rate') return formatRate(cell.value);
  if (kind === 'count') return formatCount(cell.value, false);
  return cell.value === null ? 'not reached' : formatDays(cell.value);
}

/** `45 / 60`, with masked counts as `masked`. */
export function formatFraction(events: number | null, n: number | null): string {
  return `${formatCount(events)} / ${formatCount(n)}`;
}

export function formatAxisValue(kind: ValueKind, value: number): string {
  if (kind === 'rate') return `${String(Math.round(value * 100))}%`;
  return integer.format(value);
}

/** A file size for people: `119 KB`, `283.4 MB`. */
export function formatBytes(size: number): string {
  return size >= 1e6
    ? `${(size / 1e6).toFixed(1)} MB`
    : `${Math.max(1, Math.round(size / 1e3))} KB`;
}
