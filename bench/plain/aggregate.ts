// What a hand-rolled dashboard would do: rows parsed by PapaParse into objects, measures computed
// by plain JavaScript loops. Three measures by county × cohort × group, unsuppressed, on a clean
// extract (canonical headers, ISO dates): families identified, coordination within 30 days,
// reunification within 12 months. Same rules as the measure SQL; no validation.

export type CsvRow = Record<string, string | undefined>;

export interface PlainView {
  period: 'quarter' | 'half' | 'year';
  counties?: readonly string[];
}

export interface PlainCell {
  county: string;
  cohort: string;
  group: string;
  count?: number;
  denominator?: number;
  numerator?: number;
  windowNotComplete?: number;
}

export type PlainMeasures = Record<
  'families-identified' | 'coordination-30d' | 'reunification-12m',
  PlainCell[]
>;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date, or null for a blank. */
export function parseDay(text: string | undefined): number | null {
  if (text === undefined || text.length < 10) return null;
  const day = Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(5, 7)) - 1,
    Number(text.slice(8, 10)),
  );
  return Number.isNaN(day) ? null : day / DAY_MS;
}

/** The same calendar day `months` later, clamped to the month's last day (as DuckDB does). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(date.getUTCDate(), last)) / DAY_MS;
}

export function cohortOf(day: number, period: PlainView['period']): string {
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear());
  const month = date.getUTCMonth();
  if (period === 'quarter') return `${year}Q${String(Math.floor(month / 3) + 1)}`;
  if (period === 'half') return `${year}${month < 6 ? 'H1' : 'H2'}`;
  return year;
}

class Cells {
  private readonly cells = new Map<string, PlainCell>();
  get(county: string, cohort: string, group: string): PlainCell {
    const key = `${county}\u0000${cohort}\u0000${group}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { county, cohort, group };
      this.cells.set(key, cell);
    }
    return cell;
  }
  sorted(): PlainCell[] {
    return [...this.cells.values()].sort(
      (a, b) =>
        a.county.localeCompare(b.county) ||
        a.cohort.localeCompare(b.cohort) ||
        b.group.localeCompare(a.group),
    );
  }
}

function proportion(
  cells: Cells,
  keys: [string, string, string],
  anchor: number,
  event: number | null,
  windowEnd: number,
  through: number,
): void {
  const seen = event !== null && event <= through ? event : null;
  if (seen !== null && seen < anchor) return;
  const cell = cells.get(...keys);
  cell.denominator ??= 0;
  cell.numerator ??= 0;
  cell.windowNotComplete ??= 0;
  if (windowEnd > through) cell.windowNotComplete += 1;
  else {
    cell.denominator += 1;
    if (seen !== null && seen <= windowEnd) cell.numerator += 1;
  }
}

export function computePlainMeasures(
  families: readonly CsvRow[],
  children: readonly CsvRow[],
  dataThrough: string,
  view: PlainView,
): PlainMeasures {
  const through = parseDay(dataThrough) ?? 0;
  const counties = view.counties && view.counties.length > 0 ? new Set(view.counties) : null;
  const identified = new Cells();
  const coordination = new Cells();
  const familyById = new Map<string, { county: string; group: string; index: number | null }>();
  for (const f of families) {
    const county = f.county ?? '';
    const group = f.group ?? '';
    const start = parseDay(f.mutual_start_date);
    if (f.family_id !== undefined) familyById.set(f.family_id, { county, group, index: start });
    if (start === null || start > through || (counties && !counties.has(county))) continue;
    const cohort = cohortOf(start, view.period);
    const cell = identified.get(county, cohort, group);
    cell.count = (cell.count ?? 0) + 1;
    proportion(
      coordination,
      [county, cohort, group],
      start,
      parseDay(f.coordinated_plan_date),
      start + 30,
      through,
    );
  }

  // Episodes that ended before the family's index date are out of scope; the others start at the
  // later of removal and index. The first qualifying episode of a child per cohort of its start,
  // by start, then removal, then file order.
  const first = new Map<
    string,
    { start: number; removal: number; row: CsvRow; county: string; group: string }
  >();
  for (const c of children) {
    const family = familyById.get(c.family_id ?? '');
    const removal = parseDay(c.removal_date);
    const age = c.age_at_removal ? Number(c.age_at_removal) : NaN;
    if (!family || family.index === null || removal === null || !(age < 18)) continue;
    const end = parseDay(c.episode_end_date);
    if (end !== null && end < family.index) continue;
    if (end !== null && end <= through && end - removal < 8) continue;
    const start = Math.max(removal, family.index);
    const key = `${c.child_id ?? ''}\u0000${cohortOf(start, view.period)}`;
    const kept = first.get(key);
    if (!kept || start < kept.start || (start === kept.start && removal < kept.removal)) {
      first.set(key, { start, removal, row: c, county: family.county, group: family.group });
    }
  }
  const reunification = new Cells();
  for (const { start, row, county, group } of first.values()) {
    if (start > through || (counties && !counties.has(county))) continue;
    const end = parseDay(row.episode_end_date);
    const event = row.exit_reason === 'reunified' ? end : null;
    proportion(
      reunification,
      [county, cohortOf(start, view.period), group],
      start,
      event,
      addMonths(start, 12),
      through,
    );
  }
  return {
    'families-identified': identified.sorted(),
    'coordination-30d': coordination.sorted(),
    'reunification-12m': reunification.sorted(),
  };
}
