import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { measuresShown } from '../../../src/measures/catalog';
import { runBaseline, suppressBaseline } from '../../../src/measures/baseline';
import { latestCompleteCohort } from '../../../src/measures/cohorts';
import { readExtractContents } from '../../../src/measures/columns-read';
import { aidDecrease6m } from '../../../src/measures/definitions/aid-decrease-6m';
import { aidExit12m } from '../../../src/measures/definitions/aid-exit-12m';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { employment12m } from '../../../src/measures/definitions/employment-12m';
import { employment6m } from '../../../src/measures/definitions/employment-6m';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import { fosterEntry12m } from '../../../src/measures/definitions/foster-entry-12m';
import { recurrence12m } from '../../../src/measures/definitions/recurrence-12m';
import { reentry12m } from '../../../src/measures/definitions/reentry-12m';
import { returnToAid12m } from '../../../src/measures/definitions/return-to-aid-12m';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import { sanctionCure6m } from '../../../src/measures/definitions/sanction-cure-6m';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { MemberTables } from '../../../src/measures/member-tables';
import { familyMembers, runFamilySuppressed } from '../../../src/measures/run-protected';
import { runMeasure } from '../../../src/measures/run-measure';
import type {
  ByKey,
  MeasureDefinition,
  MeasureFilters,
  MeasureResult,
  MeasureRow,
  Period,
} from '../../../src/measures/types';
import {
  addDays,
  addFamily,
  addFamilyRows,
  createMeasureDb,
  insert,
  loadExtractDir,
} from './helpers';

// Issue 19, item 2 ("what one masks, no other reveals"): two measures of the same people, both
// shown, differ by the members one of them excludes by definition. A new user found it on a unit:
// families identified for TEH-Corning (48 in 2023 Q1) less coordination-30d's denominator (47, no
// open window) gave the 1 family whose plan is dated before its index date; time to coordination's
// n likewise (families identified − n). The scan below takes every pair of measures whose
// populations overlap, in every pre-decided view (one county or all × the full range, a headline's
// range, one quarter; no unit filter) and in unit views, and computes every difference of shown
// numbers about the same people from the app's own suppressed outputs (runFamilySuppressed, as the
// pages and the command line ask): the members each counts (a count; a proportion's denominator
// plus its open windows; a curve's n), and the open windows of two windows of one population.

/** A number about members that a row shows: null when masked (or not shown at all). */
type Shown = (row: MeasureRow) => number | null;

/** The members a row counts: a count; a denominator and its open windows; a curve's n. */
const members: Shown = (row) => {
  if ('count' in row) return row.count;
  if ('rate' in row)
    return row.denominator === null || row.windowNotComplete === null
      ? null
      : row.denominator + row.windowNotComplete;
  return row.n;
};
const openWindows: Shown = (row) => ('rate' in row ? row.windowNotComplete : null);

/**
 * Pairs of measures about the same people. `kind`: `excluded` (the first counts every member,
 * the second leaves out those its definition excludes: a count of people with a characteristic,
 * a disclosure when 1–10), `window band` (the open windows of a longer and a shorter window:
 * people whose index date falls in the band between them).
 */
interface Pair {
  a: string;
  b: string;
  /** What `a` shows of the people (and `b`, unless `shownB`). */
  shown: Shown;
  shownB?: Shown;
  kind: 'excluded' | 'window band';
}
const PAIRS: Pair[] = [
  { a: 'families-identified', b: 'coordination-30d', shown: members, kind: 'excluded' },
  { a: 'families-identified', b: 'time-to-coordination', shown: members, kind: 'excluded' },
  { a: 'coordination-30d', b: 'time-to-coordination', shown: members, kind: 'excluded' },
  { a: 'reunification-12m', b: 'time-to-reunification', shown: members, kind: 'excluded' },
  { a: 'employment-6m', b: 'employment-12m', shown: members, kind: 'excluded' },
  { a: 'aid-decrease-6m', b: 'aid-decrease-9m', shown: members, kind: 'excluded' },
  // Proportions whose members are a subset of a base population another output counts (issue 19,
  // the new-user finding on x4/x5): families identified, and aid exit's adults (all evaluation
  // adults with a grant in the index month).
  { a: 'families-identified', b: 'foster-entry-12m', shown: members, kind: 'excluded' },
  { a: 'families-identified', b: 'recurrence-12m', shown: members, kind: 'excluded' },
  { a: 'aid-exit-12m', b: 'employment-12m', shown: members, kind: 'excluded' },
  { a: 'aid-exit-12m', b: 'employment-6m', shown: members, kind: 'excluded' },
  { a: 'employment-12m', b: 'employment-6m', shown: openWindows, kind: 'window band' },
  { a: 'aid-decrease-9m', b: 'aid-decrease-6m', shown: openWindows, kind: 'window band' },
];

const numeratorOf: Shown = (row) => ('rate' in row ? row.numerator : null);
const eventsOf: Shown = (row) => ('events' in row ? row.events : null);

/**
 * Measures cohorted by a later anchor than the index date (sanction cure: the sanction start;
 * return to aid: the exit; re-entry: the reunification exit) beside the base counts of the same
 * people cohorted by the index date (an episode's start): every adult measure's members, aid
 * exit's exits, reunification's reunified episodes and time to reunification's events. A row of
 * one label differs by the members left out or excluded and by those whose anchor falls in
 * another quarter than their index date (moved in or out), and by what the base leaves out (an
 * adult employed at the index date); a range, by those whose index date and anchor fall on
 * either side of its ends (issue 19, the twelfth session's open leak). The parts of the three
 * hold each base's count less their members (`bases`, compile-proportion.ts).
 */
const ANCHORED_PAIRS: Pair[] = [
  ...[
    'employment-6m',
    'employment-12m',
    'aid-exit-12m',
    'aid-decrease-6m',
    'aid-decrease-9m',
  ].flatMap((base): Pair[] =>
    ['sanction-cure-6m', 'return-to-aid-12m'].map((b) => ({
      a: base,
      b,
      shown: members,
      kind: 'excluded',
    })),
  ),
  {
    a: 'aid-exit-12m',
    b: 'return-to-aid-12m',
    shown: numeratorOf,
    shownB: members,
    kind: 'excluded',
  },
  {
    a: 'reunification-12m',
    b: 'reentry-12m',
    shown: numeratorOf,
    shownB: members,
    kind: 'excluded',
  },
  {
    a: 'time-to-reunification',
    b: 'reentry-12m',
    shown: eventsOf,
    shownB: members,
    kind: 'excluded',
  },
];

/**
 * Derived views (rule 9) where a member's index and anchor quarters may fall apart: halves and
 * years, a custom range not from the first quarter (its start and end both split members), two
 * counties.
 */
function derivedViewsOf(from: string, to: string, counties: readonly string[]): View[] {
  return [
    { by: ['cohort'], filters: {}, period: 'half' },
    { by: ['cohort'], filters: {}, period: 'year' },
    { by: ['county', 'cohort'], filters: {}, period: 'half' },
    { by: [], filters: { cohortFrom: from, cohortTo: to } },
    { by: ['county'], filters: { cohortFrom: from, cohortTo: to } },
    { by: ['cohort'], filters: { counties: [...counties] } },
    { by: [], filters: { counties: [...counties], cohortTo: to } },
  ];
}

/** A row's place in its view: group, county, cohort. */
const placeOf = (row: MeasureRow) => `${row.group} ${row.county ?? 'all'} ${row.cohort ?? 'all'}`;

interface Finding {
  pair: string;
  kind: string;
  view: string;
  place: string;
  difference: number;
}

/**
 * Every difference 1–10 of the shown numbers of `PAIRS` over `views`, `view(measure, by, filters)`
 * giving the suppressed result of `measure` as the app shows it in that view.
 */
async function scan(
  available: readonly MeasureDefinition[],
  views: readonly View[],
  view: (
    measure: MeasureDefinition,
    by: ByKey[],
    filters: MeasureFilters,
    period?: Period,
  ) => Promise<MeasureResult>,
  pairs: readonly Pair[] = PAIRS,
): Promise<{ findings: Finding[]; compared: number }> {
  const findings: Finding[] = [];
  let compared = 0;
  const byId = new Map(available.map((m) => [m.id, m]));
  for (const pair of pairs) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (!a || !b) continue;
    for (const { by, filters, period } of views) {
      const [left, right] = [
        await view(a, by, filters, period),
        await view(b, by, filters, period),
      ];
      const rightRows = new Map(right.rows.map((row) => [placeOf(row), row]));
      for (const row of left.rows) {
        const other = rightRows.get(placeOf(row));
        const x = pair.shown(row);
        const y = other ? (pair.shownB ?? pair.shown)(other) : null;
        if (x === null || y === null) continue;
        compared++;
        const difference = x - y;
        if (difference >= 1 && difference <= 10)
          findings.push({
            pair: `${pair.a} − ${pair.b}`,
            kind: pair.kind,
            view: JSON.stringify(period ? { by, filters, period } : { by, filters }),
            place: placeOf(row),
            difference,
          });
      }
    }
  }
  return { findings, compared };
}

/**
 * The families a coordination row excludes by definition as an attacker gets them: families
 * identified less coordination-30d's members, in the same view. Then a total of a table's line
 * (the headline, a county's or a quarter's row of a coarser view) less its rows whose excluded
 * count is so given leaves the excluded families of the rows that hide it: listed when 1–10.
 */
async function excludedByLines(
  view: (
    measure: MeasureDefinition,
    by: ByKey[],
    filters: MeasureFilters,
  ) => Promise<MeasureResult>,
  coordination: MeasureDefinition,
  identified: MeasureDefinition,
): Promise<string[]> {
  const excludedOf = async (by: ByKey[]) => {
    const [a, b] = [await view(identified, by, {}), await view(coordination, by, {})];
    const counts = new Map(a.rows.map((row) => [placeOf(row), members(row)]));
    return b.rows.map((row) => {
      const count = counts.get(placeOf(row));
      const rest = members(row);
      return {
        row,
        excluded: count === null || count === undefined || rest === null ? null : count - rest,
      };
    });
  };
  const found: string[] = [];
  const none = await excludedOf([]);
  const county = await excludedOf(['county']);
  const cohort = await excludedOf(['cohort']);
  const cells = await excludedOf(['county', 'cohort']);
  const check = (
    totals: typeof none,
    rows: typeof none,
    inLine: (total: MeasureRow, row: MeasureRow) => boolean,
  ) => {
    for (const total of totals) {
      if (total.excluded === null) continue;
      const line = rows.filter((r) => r.row.group === total.row.group && inLine(total.row, r.row));
      if (!line.some((r) => r.excluded === null)) continue;
      const rest = line.reduce((sum, r) => sum - (r.excluded ?? 0), total.excluded);
      if (rest >= 1 && rest <= 10) found.push(`${placeOf(total.row)}: ${String(rest)}`);
    }
  };
  check(none, county, () => true);
  check(none, cohort, () => true);
  check(county, cells, (t, r) => t.county === r.county);
  check(cohort, cells, (t, r) => t.cohort === r.cohort);
  return found;
}

/**
 * A count's lines (a county's cohorts with the county's row, a quarter's counties with the
 * quarter's row, the headline with the county and the cohort rows) as an attacker completes them:
 * each cell the count masks is filled with the members another measure of the same people shows
 * there (`others`: a proportion's denominator plus open windows, a curve's n; its held members,
 * when none is 1–10, are 0 or 11 or more, so it is the count itself where they are 0). Listed:
 * every line whose shown total less its shown and filled cells leaves exactly one masked cell, or
 * masked cells summing to 1–10 (the subtraction the new user did on y1: families identified's
 * Colusa comparison 2025 Q1, masked as a complement, was recurrence-12m's 0 + 12).
 */
async function countLinesFilled(
  view: (
    measure: MeasureDefinition,
    by: ByKey[],
    filters: MeasureFilters,
  ) => Promise<MeasureResult>,
  count: MeasureDefinition,
  others: readonly MeasureDefinition[],
  filters: MeasureFilters = {},
): Promise<string[]> {
  const rowsOf = async (by: ByKey[]) => {
    const shownBy = await Promise.all(
      others.map(
        async (m) => new Map((await view(m, by, filters)).rows.map((r) => [placeOf(r), r])),
      ),
    );
    return (await view(count, by, filters)).rows.map((row) => {
      const filled = shownBy
        .map((rows) => rows.get(placeOf(row)))
        .map((other) => (other ? members(other) : null))
        .find((value) => value !== null);
      return { row, shown: members(row), filled: filled ?? null };
    });
  };
  const found: string[] = [];
  const none = await rowsOf([]);
  const county = await rowsOf(['county']);
  const cohort = await rowsOf(['cohort']);
  const cells = await rowsOf(['county', 'cohort']);
  const check = (
    line: string,
    totals: typeof none,
    rows: typeof none,
    inLine: (total: MeasureRow, row: MeasureRow) => boolean,
  ) => {
    for (const total of totals) {
      if (total.shown === null) continue;
      const parts = rows.filter((r) => r.row.group === total.row.group && inLine(total.row, r.row));
      const masked = parts.filter((r) => r.shown === null);
      const open = masked.filter((r) => r.filled === null);
      if (open.length === masked.length) continue; // nothing filled: rule 2's own line
      const rest = parts.reduce((sum, r) => sum - (r.shown ?? r.filled ?? 0), total.shown);
      if (open.length === 1 || (open.length > 1 && rest >= 1 && rest <= 10))
        found.push(`${line} ${placeOf(total.row)}: ${String(rest)} in ${String(open.length)}`);
    }
  };
  check('by county', none, county, () => true);
  check('by cohort', none, cohort, () => true);
  check("a county's cohorts", county, cells, (t, r) => t.county === r.county);
  check("a quarter's counties", cohort, cells, (t, r) => t.cohort === r.cohort);
  return found;
}

/** A view of the scans: a breakdown, filters and a cohort size (default quarter). */
interface View {
  by: ByKey[];
  filters: MeasureFilters;
  period?: Period;
}

/** The pre-decided views of the measures, and a view by unit (by none and by cohort) per unit. */
function viewsOf(
  available: readonly MeasureDefinition[],
  dataThrough: string,
  units: readonly string[],
): { by: ByKey[]; filters: MeasureFilters }[] {
  const bounds = [
    ...new Set(available.map((m) => latestCompleteCohort(m, 'quarter', dataThrough))),
  ];
  const list: { by: ByKey[]; filters: MeasureFilters }[] = [];
  for (const by of [[], ['county'], ['cohort'], ['county', 'cohort']] as ByKey[][]) {
    list.push({ by, filters: {} });
    if (by.includes('cohort')) continue;
    for (const bound of bounds) list.push({ by, filters: { cohortTo: bound } });
  }
  for (const unit of units)
    for (const by of [[], ['cohort']] as ByKey[][]) list.push({ by, filters: { units: [unit] } });
  return list;
}

/** A view as the app shows it, each measure suppressed with the rest of its family (cached). */
function viewer(
  db: DbClient,
  available: readonly MeasureDefinition[],
  dataThrough: string,
  tables: MemberTables,
) {
  const cache = new Map<string, Promise<MeasureResult[]>>();
  return async (
    measure: MeasureDefinition,
    by: ByKey[],
    filters: MeasureFilters,
    period: Period = 'quarter',
  ) => {
    const family = measure.family ? familyMembers(measure.family, available) : [measure];
    const key = JSON.stringify([family.map((m) => m.id), by, filters, period]);
    let results = cache.get(key);
    if (!results) {
      results = runFamilySuppressed(
        db,
        family,
        { by, period, filters, dataThrough },
        undefined,
        tables,
      );
      cache.set(key, results);
    }
    return (await results)[family.indexOf(measure)]!;
  };
}

describe('disclosure control: two measures of the same people differ by no masked number', () => {
  describe('crafted: TEH-Corning, one family whose plan is dated before its index date', () => {
    const D = '2025-06-30';
    let db: DbClient;
    const family = [familiesIdentified, coordination30d, timeToCoordination];
    beforeAll(async () => {
      db = await createMeasureDb();
      /** `n` families of a unit, `plans` coordinated on day 5, `before` with a plan dated before the index. */
      const add = async (
        unit: string,
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        plans: number,
        before = 0,
      ) => {
        for (let i = 0; i < n; i++)
          await addFamily(db, start, {
            county: 'Tehama',
            unit_id: unit,
            group,
            coordinated_plan_date:
              i < before ? addDays(start, -3) : i < before + plans ? addDays(start, 5) : null,
          });
      };
      // 2023 Q1: TEH-Corning 48 Linkages families, one plan dated before the index, 30 in time.
      await add('TEH-Corning', 'linkages', '2023-02-10', 48, 30, 1);
      await add('TEH-RedBluff', 'linkages', '2023-02-10', 40, 20);
      await add('TEH-Corning', 'linkages', '2023-05-10', 30, 15);
      await add('TEH-RedBluff', 'linkages', '2023-05-10', 30, 15);
      await add('TEH-Corning', 'comparison', '2023-02-10', 50, 25);
      await add('TEH-RedBluff', 'comparison', '2023-05-10', 50, 25);
    }, 60_000);
    afterAll(async () => {
      await db.close();
    });

    it('families identified less coordination-30d or time to coordination gives no 1–10, in any view or unit view', async () => {
      const view = viewer(db, family, D, new MemberTables(db));
      const views = viewsOf(family, D, ['TEH-Corning', 'TEH-RedBluff']);
      const { findings, compared } = await scan(family, views, view);
      expect(findings).toEqual([]);
      expect(await excludedByLines(view, coordination30d, familiesIdentified)).toEqual([]);
      // Not vacuous: families identified shows the unit's 48, and coordination is shown elsewhere.
      const unit = await view(familiesIdentified, ['cohort'], { units: ['TEH-Corning'] });
      expect(unit.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q1')).toMatchObject({
        count: 48,
      });
      const coordination = await view(coordination30d, ['cohort'], {});
      expect(
        coordination.rows.find((r) => r.group === 'comparison' && r.cohort === '2023Q2'),
      ).toMatchObject({ denominator: 50, numerator: 25, windowNotComplete: 0 });
      expect(compared).toBeGreaterThan(0);
    });
  });

  describe('crafted (x4/x5): proportions of a subset of families or adults another output counts', () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available = [
      familiesIdentified,
      fosterEntry12m,
      recurrence12m,
      aidExit12m,
      employment12m,
      employment6m,
    ];
    beforeAll(async () => {
      db = await createMeasureDb();
      let person = 0;
      /**
       * `n` families of a Kings unit with an index date `start`, each with one evaluation adult
       * (a grant in the index month): the first `inCare` with a child in care at the index date,
       * the next `referredBefore` with a substantiated referral dated before it, the next
       * `employed` with their adult employed at the index date. Every fifth family has a removal
       * and a referral 40 days after its index date, every third adult a job 60 days after it.
       */
      const add = async (
        unit: string,
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        { inCare = 0, referredBefore = 0, employed = 0 } = {},
      ) => {
        for (let i = 0; i < n; i++) {
          const after = i % 5 === 0 ? addDays(start, 40) : null;
          const family = await addFamily(db, start, {
            county: 'Kings',
            unit_id: unit,
            group,
            child_in_care_at_index: i < inCare,
            cws_component_at_index: 'ER',
            first_removal_after_index_date: after,
            next_subst_referral_date:
              i >= inCare && i < inCare + referredBefore ? addDays(start, -20) : after,
          });
          const j = i - inCare - referredBefore;
          await insert(db, 'adults', [
            {
              person_id: `KP${String(++person)}`,
              family_id: family,
              grant_m1: 500,
              employed_at_index: j >= 0 && j < employed,
              first_employment_date: i % 3 === 0 ? addDays(start, 60) : null,
            },
          ]);
        }
      };
      // 2023 Q1, KIN-Hanford Linkages: 150 families; 3 with a child in care at the index date
      // (foster entry leaves them out), 3 with a referral before it (substantiated maltreatment),
      // 3 adults employed at it (employment within 6 and 12 months).
      const few = { inCare: 3, referredBefore: 3, employed: 3 };
      await add('KIN-Hanford', 'linkages', '2023-02-10', 150, few);
      await add('KIN-Lemoore', 'linkages', '2023-02-10', 60);
      await add('KIN-Hanford', 'linkages', '2023-05-10', 60);
      await add('KIN-Lemoore', 'linkages', '2023-05-10', 60, few);
      await add('KIN-Hanford', 'comparison', '2023-02-10', 80);
      await add('KIN-Lemoore', 'comparison', '2023-05-10', 80, { inCare: 20, employed: 20 });
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it("a base count less a measure's denominator and open windows gives no 1–10, in any view or unit view", async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const views = viewsOf(available, D, ['KIN-Hanford', 'KIN-Lemoore']);
      const { findings, compared } = await scan(available, views, view);
      expect(findings.filter((f) => f.kind === 'excluded')).toEqual([]);
      for (const measure of [fosterEntry12m, recurrence12m])
        expect(await excludedByLines(view, measure, familiesIdentified)).toEqual([]);
      // Not vacuous: the base counts show the unit's 150 families and adults; foster entry and
      // employment show the comparison group's rows that leave out 20 (more than 10).
      const unit = await view(familiesIdentified, ['cohort'], { units: ['KIN-Hanford'] });
      expect(unit.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q1')).toMatchObject({
        count: 150,
      });
      const adults = await view(aidExit12m, ['cohort'], { units: ['KIN-Hanford'] });
      expect(
        adults.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q1'),
      ).toMatchObject({
        denominator: 150,
        windowNotComplete: 0,
      });
      const foster = await view(fosterEntry12m, ['cohort'], {});
      expect(
        foster.rows.find((r) => r.group === 'comparison' && r.cohort === '2023Q2'),
      ).toMatchObject({ denominator: 60, numerator: 12, windowNotComplete: 0 });
      const employment = await view(employment12m, ['cohort'], {});
      expect(
        employment.rows.find((r) => r.group === 'comparison' && r.cohort === '2023Q2'),
      ).toMatchObject({ denominator: 60, windowNotComplete: 0 });
      expect(compared).toBeGreaterThan(0);
    });
  });

  describe('crafted: sanction cure, return to aid and re-entry (anchored on a sanction or an exit, not the index date)', () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available = [
      employment12m,
      sanctionCure6m,
      returnToAid12m,
      reunification12m,
      timeToReunification,
      reentry12m,
    ];
    const numerator: Shown = (row) => ('rate' in row ? row.numerator : null);
    const events: Shown = (row) => ('events' in row ? row.events : null);
    /**
     * The base counts beside them: employment within 12 months counts every evaluation adult not
     * employed at the index date (here all of them); reunification's numerator and time to
     * reunification's events, the reunified episodes that re-entry follows from their exit.
     */
    const pairs: Pair[] = [
      { a: 'employment-12m', b: 'sanction-cure-6m', shown: members, kind: 'excluded' },
      { a: 'employment-12m', b: 'return-to-aid-12m', shown: members, kind: 'excluded' },
      {
        a: 'reunification-12m',
        b: 'reentry-12m',
        shown: numerator,
        shownB: members,
        kind: 'excluded',
      },
      {
        a: 'time-to-reunification',
        b: 'reentry-12m',
        shown: events,
        shownB: members,
        kind: 'excluded',
      },
    ];
    beforeAll(async () => {
      db = await createMeasureDb();
      let person = 0;
      /**
       * `n` Kings families of a unit with an index date `start`, each with one evaluation adult (a
       * grant in the index month, not employed) and one child removed 5 days after the index date
       * and reunified 35 days later. The first `notSanctioned` adults are active on the index date,
       * the others sanctioned (every third cured 30 days after it); the next `exitBefore` adults
       * left aid 20 days before the index date, the others 40 days after it (every fourth back on
       * aid 100 days later); the next `reentryOnExit` children have a re-entry date on their exit
       * (a data problem re-entry leaves out), every fifth other child re-enters 50 days after it;
       * the last `agedOut` children were removed at 16 and were 18 at exit (re-entry leaves them
       * out, reunification counts them).
       */
      const add = async (
        unit: string,
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        { notSanctioned = 0, exitBefore = 0, reentryOnExit = 0, agedOut = 0 } = {},
      ) => {
        for (let i = 0; i < n; i++) {
          const family = await addFamily(db, start, { county: 'Kings', unit_id: unit, group });
          const exitedBefore = i >= notSanctioned && i < notSanctioned + exitBefore;
          const exit = exitedBefore ? addDays(start, -20) : addDays(start, 40);
          await insert(db, 'adults', [
            {
              person_id: `KA${String(++person)}`,
              family_id: family,
              grant_m1: 500,
              employed_at_index: false,
              wtw_status_at_index: i < notSanctioned ? 'active' : 'sanction',
              sanction_cure_date: i >= notSanctioned && i % 3 === 0 ? addDays(start, 30) : null,
              aid_exit_date: exit,
              aid_return_date: !exitedBefore && i % 4 === 0 ? addDays(exit, 100) : null,
            },
          ]);
          const end = addDays(start, 40);
          const onExit =
            i >= notSanctioned + exitBefore && i < notSanctioned + exitBefore + reentryOnExit;
          await insert(db, 'children', [
            {
              child_id: `KC${String(person)}`,
              family_id: family,
              removal_date: addDays(start, 5),
              episode_end_date: end,
              exit_reason: 'reunified',
              age_at_removal: i >= n - agedOut ? 16 : 5,
              age_at_exit: i >= n - agedOut ? 18 : 5,
              reentry_date: onExit ? end : i % 5 === 0 ? addDays(end, 50) : null,
            },
          ]);
        }
      };
      // 2023 Q1, KIN-Hanford Linkages: 150 families; 3 adults not sanctioned (sanction cure leaves
      // them out), 3 who left aid before the index date (return to aid), 3 children whose re-entry
      // date is their exit (re-entry).
      const few = { notSanctioned: 3, exitBefore: 3, reentryOnExit: 3 };
      await add('KIN-Hanford', 'linkages', '2023-01-10', 150, few);
      await add('KIN-Lemoore', 'linkages', '2023-01-10', 60);
      await add('KIN-Hanford', 'linkages', '2023-04-10', 60);
      await add('KIN-Lemoore', 'linkages', '2023-04-10', 60, few);
      // 2023 Q1, KIN-Hanford comparison: 2 children 18 at exit (re-entry leaves them out).
      await add('KIN-Hanford', 'comparison', '2023-01-10', 80, { agedOut: 2 });
      await add('KIN-Hanford', 'comparison', '2023-07-10', 80);
      await add('KIN-Lemoore', 'comparison', '2023-04-10', 80, {
        notSanctioned: 20,
        exitBefore: 20,
        reentryOnExit: 20,
      });
    }, 180_000);
    afterAll(async () => {
      await db.close();
    });

    it("a base count less sanction cure's, return to aid's or re-entry's members gives no 1–10, in any view or unit view", async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const views = viewsOf(available, D, ['KIN-Hanford', 'KIN-Lemoore']);
      const { findings, compared } = await scan(available, views, view, pairs);
      // Before sanction cure, return to aid and re-entry kept their base population with a
      // left-out flag: 72 findings (16 views of 3 for each adult pair, e.g. employment − sanction
      // cure, the unit KIN-Hanford by none: 210 − 207; 20 of 3 or 2 for each re-entry pair). With
      // the age at exit kept in re-entry's WHERE, 8 findings of the 2 children 18 at exit.
      expect(findings).toEqual([]);
      expect(compared).toBeGreaterThan(0);
      // Not vacuous: the base count shows the unit's 150 adults; sanction cure and return to
      // aid show the comparison group's rows that leave out 20 (more than 10).
      const unit = await view(employment12m, ['cohort'], { units: ['KIN-Hanford'] });
      expect(unit.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q1')).toMatchObject({
        denominator: 150,
        windowNotComplete: 0,
      });
      for (const measure of [sanctionCure6m, returnToAid12m]) {
        const shown = await view(measure, ['cohort'], {});
        expect(
          shown.rows.find((r) => r.group === 'comparison' && r.cohort === '2023Q2'),
          measure.id,
        ).toMatchObject({ denominator: 60, windowNotComplete: 0 });
      }
      // Re-entry masks its comparison 2023 Q1 (2 left out) and, as the complement, 2023 Q2; its
      // 2023 Q3 shows.
      const reentry = await view(reentry12m, ['cohort'], {});
      expect(
        reentry.rows.find((r) => r.group === 'comparison' && r.cohort === '2023Q3'),
      ).toMatchObject({ denominator: 80, windowNotComplete: 0 });
    });

    it('the baseline page never masks a count of sanctioned adults that sanction cure shows', async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const found: string[] = [];
      let checked = 0;
      for (const filters of [{}, { units: ['KIN-Hanford'] }, { units: ['KIN-Lemoore'] }]) {
        const raw = await runBaseline(db, { dataThrough: D, filters });
        const shown = suppressBaseline(raw);
        const cure = await view(sanctionCure6m, [], filters);
        const at = (r: typeof raw) =>
          r.characteristics.find((c) => c.id === 'wtw-status' && c.kind === 'categories');
        for (const group of ['linkages', 'comparison'] as const) {
          const rawCategory = at(raw);
          const shownCategory = at(shown);
          if (rawCategory?.kind !== 'categories' || shownCategory?.kind !== 'categories') continue;
          const i = rawCategory.categories.findIndex((c) => c.category === 'sanction');
          const masked = shownCategory.categories[i]![group].count === null;
          const row = cure.rows.find((r) => r.group === group);
          const cured = row ? members(row) : null;
          if (masked) checked++;
          if (masked && cured !== null && cured === rawCategory.categories[i]![group].count)
            found.push(`${JSON.stringify(filters)} ${group}: ${String(cured)}`);
        }
      }
      // Before: the page masked "sanction" (the complement of 3 active adults) where sanction cure
      // showed the same adults: all units 324, KIN-Hanford 207, KIN-Lemoore 117 (Linkages).
      expect(found).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(3);
    });
  });

  // Issue 19, twelfth session: cohorts of different anchors. Sanction cure is cohorted by the later
  // of the index date and a sanction start within 90 days after it, return to aid by the exit,
  // re-entry by the reunification exit; the base counts beside them (employment's adults,
  // reunification's reunified episodes) by the index date (the episode's start). A member whose
  // anchor falls in a later quarter than its index date moves from one cohort row to another, so a
  // base row less the measure's row of the same label counts the members who moved, and may be a
  // masked row of the measure. Crafted Kings Linkages (KIN-Hanford): 2023 Q1, 100 adults indexed on
  // 2023-02-20, 97 sanctioned on it, 3 active with a sanction starting 2023-04-10 (2023 Q2, within
  // 90 days); 2023 Q3, 60 adults sanctioned on 2023-07-20. Sanction cure: 2023 Q1 97, 2023 Q2 3
  // (masked), 2023 Q3 60 (its complement, the smaller); employment's 2023 Q1 row shows 100.
  describe('crafted: a sanction starting in a later quarter than the index date', () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available = [employment12m, sanctionCure6m, aidExit12m, returnToAid12m];
    const numerator: Shown = (row) => ('rate' in row ? row.numerator : null);
    const pairs: Pair[] = [
      { a: 'employment-12m', b: 'sanction-cure-6m', shown: members, kind: 'excluded' },
      { a: 'employment-12m', b: 'return-to-aid-12m', shown: members, kind: 'excluded' },
      {
        a: 'aid-exit-12m',
        b: 'return-to-aid-12m',
        shown: numerator,
        shownB: members,
        kind: 'excluded',
      },
    ];
    beforeAll(async () => {
      db = await createMeasureDb();
      let person = 0;
      const add = async (
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        later: number,
      ) => {
        for (let i = 0; i < n; i++) {
          const family = await addFamily(db, start, {
            county: 'Kings',
            unit_id: 'KIN-Hanford',
            group,
          });
          const moves = i < later;
          await insert(db, 'adults', [
            {
              person_id: `MA${String(++person)}`,
              family_id: family,
              grant_m1: 500,
              employed_at_index: false,
              wtw_status_at_index: moves ? 'active' : 'sanction',
              sanction_start_date: moves ? '2023-04-10' : null,
              sanction_cure_date: i % 3 === 0 ? addDays(moves ? '2023-04-10' : start, 30) : null,
              aid_exit_date: moves ? '2023-04-12' : addDays(start, 10),
              aid_return_date: i % 4 === 0 ? addDays(moves ? '2023-04-12' : start, 100) : null,
            },
          ]);
        }
      };
      for (const group of ['linkages', 'comparison'] as const) {
        await add(group, '2023-02-20', 100, group === 'linkages' ? 3 : 0);
        await add(group, '2023-07-20', 60, 0);
      }
    }, 180_000);
    afterAll(async () => {
      await db.close();
    });

    // Before the parts held the members who move between cohorts (issue 19, the twelfth
    // session's KNOWN LEAK; the thirteenth session's fix: each part holds each base's count less
    // the measure's members, `bases` in compile-proportion.ts): 9 findings, each pair by cohort,
    // by county and cohort and by cohort for the unit, Linkages 2023 Q1: 100 − 97 = 3, the
    // members of the masked 2023 Q2 rows.
    it('a base row less the same cohort of sanction cure or return to aid gives no 1–10: the members who moved are held', async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const views = viewsOf(available, D, ['KIN-Hanford']);
      const { findings, compared } = await scan(available, views, view, pairs);
      expect(findings).toEqual([]);
      expect(compared).toBeGreaterThan(20);
      // 2023 Q1's part holds 100 − 97 = 3 (3 members moved out: their sanction start and exit in
      // 2023 Q2) against each base, 2023 Q2's 0 − 3 = −3 (moved in): both small, so both rows are
      // masked (and 2023 Q3 shown: no complement is needed beside two masked rows of 97 and 3),
      // while employment shows 2023 Q1's 100 adults.
      for (const measure of [sanctionCure6m, returnToAid12m]) {
        const rows = (await view(measure, ['cohort'], {})).rows.filter(
          (r) => r.group === 'linkages',
        );
        expect(
          rows.map((r) => [r.cohort, members(r)]),
          measure.id,
        ).toEqual([
          ['2023Q1', null],
          ['2023Q2', null],
          ['2023Q3', 60],
        ]);
        const raw = await runMeasure(db, measure, {
          by: ['cohort'],
          period: 'quarter',
          filters: {},
          dataThrough: D,
        });
        const q2 = raw.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q2')!;
        expect(members(q2), measure.id).toBe(3);
      }
      const base = await view(employment12m, ['cohort'], {});
      expect(members(base.rows.find((r) => r.group === 'linkages' && r.cohort === '2023Q1')!)).toBe(
        100,
      );
      // The comparison group moved no one: its rows show, and equal the base's.
      const cure = await view(sanctionCure6m, ['cohort'], {});
      expect(
        cure.rows.filter((r) => r.group === 'comparison').map((r) => [r.cohort, members(r)]),
      ).toEqual([
        ['2023Q1', 100],
        ['2023Q3', 60],
      ]);
    });
  });

  describe("crafted (the tester's x8, x9): a few excluded for a data problem beside many left out", () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available = [employment12m, sanctionCure6m, aidExit12m, returnToAid12m, aidDecrease6m];
    beforeAll(async () => {
      db = await createMeasureDb();
      let person = 0;
      /**
       * 150 Kings families of one unit and group with an index date of 2023-01-10 (every window
       * complete), each with one evaluation adult (grants 600, 600, 550, 500; not employed): the
       * first 60 sanctioned on the index date (every other one cured 30 days after it), the others
       * active; 60 (i % 5 < 2) left aid 30 days after the index
       * date (every third back 100 days later). `bad`: the first 3 sanctioned adults' cure is dated
       * 10 days before the index date (sanction cure excludes them), the first 3 exits' return 5
       * days before the exit (return to aid), and 3 active adults' month-6 grant is blank (aid
       * decrease within 6 months): a data problem each, 3 beside the 90, 90 and 60 left out.
       */
      const add = async (group: 'linkages' | 'comparison', bad: boolean) => {
        const start = '2023-01-10';
        let exits = 0;
        for (let i = 0; i < 150; i++) {
          const family = await addFamily(db, start, {
            county: 'Kings',
            unit_id: 'KIN-Hanford',
            group,
          });
          const sanctioned = i < 60;
          const exited = i % 5 < 2;
          const exit = addDays(start, 30);
          const badReturn = bad && exited && exits++ < 3;
          await insert(db, 'adults', [
            {
              person_id: `XA${String(++person)}`,
              family_id: family,
              grant_m1: 600,
              grant_m6: bad && i >= 60 && i < 63 ? null : 600,
              grant_m9: 550,
              grant_m12: 500,
              employed_at_index: false,
              wtw_status_at_index: sanctioned ? 'sanction' : 'active',
              sanction_cure_date: !sanctioned
                ? null
                : bad && i < 3
                  ? addDays(start, -10)
                  : i % 2 === 0
                    ? addDays(start, 30)
                    : null,
              aid_exit_date: exited ? exit : null,
              aid_return_date: badReturn
                ? addDays(exit, -5)
                : exited && i % 3 === 0
                  ? addDays(exit, 100)
                  : null,
            },
          ]);
        }
      };
      await add('linkages', true);
      await add('comparison', false);
    }, 180_000);
    afterAll(async () => {
      await db.close();
    });

    it("the baseline's sanctioned and active adults and aid exit's exits less sanction cure's, aid decrease's and return to aid's members give no 1–10", async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const found: string[] = [];
      let compared = 0;
      for (const by of [[], ['cohort']] as ByKey[][]) {
        const baseline = suppressBaseline(await runBaseline(db, { dataThrough: D, filters: {} }));
        const wtw = baseline.characteristics.find((c) => c.id === 'wtw-status');
        if (wtw?.kind !== 'categories') throw new Error('no Welfare-to-Work status');
        const category = (name: string, group: 'linkages' | 'comparison') =>
          wtw.categories.find((c) => c.category === name)?.[group].count ?? null;
        const cure = await view(sanctionCure6m, by, {});
        const decrease = await view(aidDecrease6m, by, {});
        const exit = await view(aidExit12m, by, {});
        const back = await view(returnToAid12m, by, {});
        for (const group of ['linkages', 'comparison'] as const) {
          const row = (result: MeasureResult) => result.rows.find((r) => r.group === group);
          const exitRow = row(exit);
          const attacks: [string, number | null, number | null][] = [
            [
              "baseline 'sanction' − sanction cure",
              category('sanction', group),
              members(row(cure)!),
            ],
            [
              "baseline 'active' − aid decrease 6m",
              category('active', group),
              members(row(decrease)!),
            ],
            [
              'aid exit numerator − return to aid',
              exitRow && 'rate' in exitRow ? exitRow.numerator : null,
              members(row(back)!),
            ],
          ];
          for (const [what, base, counted] of attacks) {
            if (base === null || counted === null) continue;
            compared++;
            const difference = base - counted;
            if (difference >= 1 && difference <= 10)
              found.push(
                `${JSON.stringify(by)} ${group} ${what}: ${String(base)} − ${String(counted)} = ${String(difference)}`,
              );
          }
        }
      }
      // Before the left-out and the data-problem members were held apart (one `excluded` part of
      // 90 + 3, 60 + 3 and 90 + 3: large, nothing masked): Linkages 60 − 57, 90 − 87 and 60 − 57, by
      // none and by cohort (6 findings).
      expect(found).toEqual([]);
      // Not vacuous: the base counts show (60 sanctioned, 90 active, 60 exits), and the comparison
      // group's rows (no data problem) show all three measures' members.
      expect(compared).toBeGreaterThanOrEqual(6);
      const cure = await view(sanctionCure6m, [], {});
      expect(cure.rows.find((r) => r.group === 'comparison')).toMatchObject({
        denominator: 60,
        windowNotComplete: 0,
      });
      expect(cure.rows.find((r) => r.group === 'linkages')).toMatchObject({ denominator: null });
      const decrease = await view(aidDecrease6m, [], {});
      expect(decrease.rows.find((r) => r.group === 'comparison')).toMatchObject({
        denominator: 90,
      });
      const back = await view(returnToAid12m, [], {});
      expect(back.rows.find((r) => r.group === 'comparison')).toMatchObject({ denominator: 60 });
      const exit = await view(aidExit12m, [], {});
      expect(exit.rows.find((r) => r.group === 'linkages')).toMatchObject({ numerator: 60 });
    });
  });

  describe("crafted (the tester's y1, F1): a count's complementary cell shown by another measure of the same families", () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available = [
      familiesIdentified,
      coordination30d,
      timeToCoordination,
      recurrence12m,
      fosterEntry12m,
    ];
    beforeAll(async () => {
      db = await createMeasureDb();
      /**
       * `n` families of `county` with an index date `start`, none with a child in care and each
       * with an Emergency Response case (foster entry counts them all), none with a plan or a
       * referral dated before it: the first `events` with a substantiated referral, a removal and
       * a coordinated plan 40 days after it. No member is left out or excluded, so each measure's
       * denominator plus open windows is families identified's count.
       */
      const add = async (
        county: string,
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        events: number,
      ) => {
        for (let i = 0; i < n; i++) {
          const after = i < events ? addDays(start, 40) : null;
          await addFamily(db, start, {
            county,
            unit_id: `${county.slice(0, 3).toUpperCase()}-A`,
            group,
            child_in_care_at_index: false,
            cws_component_at_index: 'ER',
            first_removal_after_index_date: after,
            next_subst_referral_date: after,
            coordinated_plan_date: after === null ? null : addDays(start, 10),
          });
        }
      };
      // Kings Linkages: 5 families in 2023 Q1 (masked), 12 in Q2 (families identified's
      // complement: the smallest cell), 40 in Q3 with 3 events (recurrence and foster entry mask
      // it for their numerators and take Q4 as complement, so they showed Q2's 12 members).
      const quarters = ['2023-02-10', '2023-05-10', '2023-08-10', '2023-11-10'];
      const kings = [
        [5, 2],
        [12, 0],
        [40, 3],
        [30, 15],
      ] as const;
      for (const [q, start] of quarters.entries()) {
        const [n, events] = kings[q]!;
        await add('Kings', 'linkages', start, n, events);
        await add('Kings', 'comparison', start, 30, 15);
        await add('Yolo', 'linkages', start, 30, 15);
        await add('Yolo', 'comparison', start, 30, 15);
      }
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it("families identified's lines, completed with the members recurrence, foster entry, coordination and time to coordination show, give no masked cell", async () => {
      const view = viewer(db, available, D, new MemberTables(db));
      const others = [recurrence12m, fosterEntry12m, coordination30d, timeToCoordination];
      expect(await countLinesFilled(view, familiesIdentified, others)).toEqual([]);
      for (const measure of others)
        expect(await countLinesFilled(view, familiesIdentified, [measure])).toEqual([]);
      const { findings, compared } = await scan(available, viewsOf(available, D, ['KIN-A']), view);
      expect(findings).toEqual([]);
      // Not vacuous: families identified masks Kings Linkages 2023 Q1 and shows its county row.
      const cells = await view(familiesIdentified, ['county', 'cohort'], {});
      const kings = (cohort: string) =>
        cells.rows.find(
          (r) => r.group === 'linkages' && r.county === 'Kings' && r.cohort === cohort,
        );
      expect(kings('2023Q1')).toMatchObject({ count: null });
      expect(kings('2023Q4')).toMatchObject({ count: 30 });
      const county = await view(familiesIdentified, ['county'], {});
      expect(county.rows.find((r) => r.group === 'linkages' && r.county === 'Kings')).toMatchObject(
        { count: 87 },
      );
      expect(compared).toBeGreaterThan(0);
    }, 300_000);
  });

  describe("crafted (the tester's y1, F1): Colusa comparison's half-year less recurrence's members in one quarter", () => {
    const D = '2025-06-30';
    let db: DbClient;
    const available: MeasureDefinition[] = [
      familiesIdentified,
      coordination30d,
      timeToCoordination,
      recurrence12m,
      fosterEntry12m,
    ];
    beforeAll(async () => {
      db = await createMeasureDb();
      /**
       * `n` families of `county` and `group` with index date `start`, none with a child in care
       * and each with an Emergency Response case, no plan or referral dated before it: the first
       * `events` with a substantiated referral, a removal and a coordinated plan 40 days after it
       * (none is left out or excluded, so every measure's members are families identified's).
       */
      const add = async (
        county: string,
        group: 'linkages' | 'comparison',
        start: string,
        n: number,
        events: number,
      ) => {
        for (let i = 0; i < n; i++) {
          const after = i < events ? addDays(start, 40) : null;
          await addFamily(db, start, {
            county,
            unit_id: `${county.slice(0, 3).toUpperCase()}-A`,
            group,
            child_in_care_at_index: false,
            cws_component_at_index: 'ER',
            first_removal_after_index_date: after,
            next_subst_referral_date: after,
            coordinated_plan_date: after === null ? null : addDays(start, 10),
          });
        }
      };
      // As on y1: Colusa comparison has 12 families in 2025 Q1 and 10 in 2025 Q2 (masked;
      // families identified takes 2025 Q1 as its complement), their 12-month windows all open.
      // Recurrence and foster entry mask every 2024 quarter for its 3 events, so their own lines
      // need no complement: they showed 2025 Q1 as 0 + 12 open windows, and the county's
      // half-year 2025 H1 (22) less them gave the masked 10. Yuba (11 and 5) keeps the quarters'
      // lines of counties safe without Sacramento.
      const quarters = [
        '2024-02-10',
        '2024-05-10',
        '2024-08-10',
        '2024-11-10',
        '2025-02-10',
        '2025-05-10',
      ];
      const last = { Colusa: [12, 10], Yuba: [11, 5] } as const;
      for (const [q, start] of quarters.entries()) {
        for (const county of ['Colusa', 'Yuba'] as const) {
          const n = q < 4 ? 30 : last[county][q - 4]!;
          await add(county, 'comparison', start, n, q < 4 ? 3 : 0);
          await add(county, 'linkages', start, 30, 15);
        }
        await add('Sacramento', 'comparison', start, 40, 20);
        await add('Sacramento', 'linkages', start, 40, 20);
      }
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it("no masked families identified cell of Colusa's 2025 H1 is its shown half-year less another measure's members in the other quarter", async () => {
      const tables = new MemberTables(db);
      const cache = new Map<string, Promise<MeasureResult[]>>();
      const view = async (
        measure: MeasureDefinition,
        by: ByKey[],
        filters: MeasureFilters,
        period: 'quarter' | 'half' = 'quarter',
      ) => {
        const key = JSON.stringify([by, filters, period]);
        let results = cache.get(key);
        if (!results) {
          results = runFamilySuppressed(
            db,
            available,
            { by, period, filters, dataThrough: D },
            undefined,
            tables,
          );
          cache.set(key, results);
        }
        return (await results)[available.indexOf(measure)]!;
      };
      const colusa = { counties: ['Colusa'] };
      const half = (await view(familiesIdentified, ['cohort'], colusa, 'half')).rows.find(
        (r) => r.group === 'comparison' && r.cohort === '2025H1',
      );
      const cells = await view(familiesIdentified, ['county', 'cohort'], {});
      const cell = (measure: MeasureResult, cohort: string) =>
        measure.rows.find(
          (r) => r.group === 'comparison' && r.county === 'Colusa' && r.cohort === cohort,
        );
      const findings: string[] = [];
      const pairs = [
        ['2025Q1', '2025Q2'],
        ['2025Q2', '2025Q1'],
      ] as const;
      for (const measure of available) {
        const shown = await view(measure, ['county', 'cohort'], {});
        for (const [masked, other] of pairs) {
          const target = cell(cells, masked);
          const known = cell(shown, other);
          if (!half || !target || !known) continue;
          const total = members(half);
          const given = members(known);
          if (members(target) !== null || total === null || given === null) continue;
          const recovered = total - given;
          if (recovered >= 1 && recovered <= 10)
            findings.push(
              `2025H1 ${String(total)} less ${measure.id}'s ${other} members ${String(given)}: ${masked} = ${String(recovered)}`,
            );
        }
      }
      // Before the fix: coordination-30d and time to coordination showed 2025 Q1's 12 families
      // beside the half-year's 22 (22 − 12 = 10, twice).
      expect(findings).toEqual([]);
      // Not vacuous: families identified masks 2025 Q2 (10) and shows Colusa's county row, so
      // the county's line (its row less its shown cells) is an attack the check below makes.
      expect(cell(cells, '2025Q2')).toMatchObject({ count: null });
      const county = await view(familiesIdentified, ['county'], {});
      expect(
        county.rows.find((r) => r.group === 'comparison' && r.county === 'Colusa'),
      ).toMatchObject({ count: 142 });
      // The lines of families identified, completed with the others' members, give nothing.
      expect(
        await countLinesFilled(viewer(db, available, D, tables), familiesIdentified, [
          recurrence12m,
          fosterEntry12m,
          coordination30d,
          timeToCoordination,
        ]),
      ).toEqual([]);
    }, 300_000);
  });

  describe('the sample: every pair of measures whose populations overlap', () => {
    let db: DbClient;
    let dataThrough: string;
    let available: MeasureDefinition[];
    let tables: MemberTables;
    beforeAll(async () => {
      const loaded = await loadExtractDir('sample-data');
      db = loaded.db;
      dataThrough = loaded.report.dataThrough ?? '';
      available = measuresShown(await readExtractContents(db));
      tables = new MemberTables(db);
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it("no difference of a family's members excluded by definition is 1–10 in any view or unit view; what remains is listed", async () => {
      const units = (await db.query('SELECT DISTINCT unit_id FROM families ORDER BY unit_id')).map(
        (row) => String(row.unit_id),
      );
      const view = viewer(db, available, dataThrough, tables);
      const { findings, compared } = await scan(
        available,
        viewsOf(available, dataThrough, units),
        view,
      );
      // The members a family's measures leave out by definition (a plan dated before the index
      // date; coordination and time to coordination exclude the same families) are held by the
      // parts (rule 1) and carried to the family (rule 4): no difference gives 1–10 of them.
      const family = findings.filter((f) => f.kind === 'excluded' && !f.pair.startsWith('aid-'));
      expect(family).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
      // A line's total less its rows: the excluded families of the rows that hide them.
      const byId = (id: string) => available.find((m) => m.id === id)!;
      expect(
        await excludedByLines(view, byId('coordination-30d'), byId('families-identified')),
      ).toEqual([]);
      // Families identified's lines completed with the members the other measures of the same
      // families show where it masks a cell (the new user's y1, F1): none gives a masked cell.
      expect(
        await countLinesFilled(
          view,
          byId('families-identified'),
          ['recurrence-12m', 'foster-entry-12m', 'coordination-30d', 'time-to-coordination'].map(
            byId,
          ),
        ),
      ).toEqual([]);
      // Aid decrease within 6 and 9 months, not a family, exclude adults whose 6- or 9-month flag
      // is unknown; their members differ by the 9-month unknowns less the 6-month ones. 1–10 in 19
      // rows of these views (80 before each proportion held its excluded members) while the
      // unknowns were held in one sum with the large left-out group; held apart (issue 19, the
      // tester's x9), a row with 1–10 unknowns hides its members, and none is found.
      const aid = findings.filter((f) => f.pair.startsWith('aid-decrease-6m'));
      expect(aid).toEqual([]);
      // The open windows of a 12- and a 6-month window (9 and 6) differ by the members whose index
      // date falls between 6 and 12 (9) months before the data-through date: a count of people by
      // the date that makes their cohort, not by a characteristic or an outcome (docs, Known
      // limits). Not masked; none is 1–10 in these views of the sample.
      expect(findings.filter((f) => f.kind === 'window band')).toEqual([]);
    }, 600_000);

    // Issue 19, thirteenth session: cohorts of different anchors. Before the parts held each
    // base's count less the measure's members: 21 differences of 1–10 in these views (17 by
    // county and cohort, e.g. employment within 12 months less return to aid, Los Angeles Linkages
    // 2025 Q2: 1; by cohort employment within 6 and 12 months less return to aid, Linkages 2025 Q1:
    // 9, and aid exit's numerator less return to aid, comparison 2023 Q2: 9; Fresno and Yolo by
    // cohort: 7).
    it('a base row less the same row of sanction cure, return to aid or re-entry gives no 1–10, pre-decided and derived views', async () => {
      const units = (
        await db.query('SELECT DISTINCT unit_id FROM families ORDER BY unit_id LIMIT 3')
      ).map((row) => String(row.unit_id));
      const view = viewer(db, available, dataThrough, tables);
      const views = [
        ...viewsOf(available, dataThrough, units),
        ...derivedViewsOf('2023Q2', '2024Q1', ['Fresno', 'Yolo']),
      ];
      const { findings, compared } = await scan(available, views, view, ANCHORED_PAIRS);
      expect(findings).toEqual([]);
      expect(compared).toBeGreaterThan(200);
    }, 600_000);
  });

  // Issue 19, thirteenth session: extracts drawn at random (a fixed generator, seeds 1 to
  // ANCHOR_SEEDS, 3 by default) whose adults' sanction starts and exits and whose children's
  // reunifications fall days to years after the index date, across quarter ends and after D,
  // in two counties of two units each, with groups of 0 to 90 per unit and quarter: no base row
  // less the same row of an anchored measure is 1–10, in pre-decided, unit and derived views.
  describe('crafted at random: members whose anchor falls in another quarter than their index date', () => {
    const D = '2025-06-30';
    const available = [
      employment6m,
      employment12m,
      aidExit12m,
      aidDecrease6m,
      sanctionCure6m,
      returnToAid12m,
      reunification12m,
      timeToReunification,
      reentry12m,
    ];
    const seeds = Number(process.env.ANCHOR_SEEDS ?? 3);
    for (let seed = 1; seed <= seeds; seed++)
      it(`seed ${String(seed)}: no 1–10 difference`, async () => {
        const db = await createMeasureDb();
        try {
          const units = await addRandomExtract(db, seed);
          const view = viewer(db, available, D, new MemberTables(db));
          const views = [
            ...viewsOf(available, D, units),
            ...derivedViewsOf('2023Q2', '2024Q1', ['Fresno', 'Kings']),
          ];
          const { findings, compared } = await scan(available, views, view, ANCHORED_PAIRS);
          expect(findings).toEqual([]);
          // Not vacuous: more than 50 rows compared in 9 of seeds 1–12 (46 and 49 in seeds 4 and
          // 6); before the parts held the bases' differences, seeds 1–6 gave 2, 2, 1, 6, 6 and 2
          // findings.
          expect(compared).toBeGreaterThan(20);
        } finally {
          await db.close();
        }
      }, 600_000);
  });
});

/** A pseudo-random number in [0, 1) from a seeded generator (mulberry32). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random extract for the anchored measures (see the describe above): Fresno and Kings, two
 * units each, both groups, index dates over 2023 Q1–2024 Q4, one evaluation adult per family
 * (sanctioned on the index date, or active with a sanction start 1–90 days after it, or neither;
 * an exit 1–600 days after the index date, a few before it; returns, cures, unknown grants) and
 * for most families one child (removed 60 days before to 200 days after the index date, reunified
 * or otherwise ending 8–700 days later, some re-entering, a few 18 at exit). Returns the units.
 */
async function addRandomExtract(db: DbClient, seed: number): Promise<string[]> {
  const random = generator(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const days = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const units = ['FRE-A', 'FRE-B', 'KIN-A', 'KIN-B'];
  // How often a sanction starts after the index date, and how late an exit comes: each seed its
  // own, so that some extracts move a few members and others many.
  const later = pick([0.02, 0.08, 0.25]);
  const longest = pick([120, 600]);
  const families: { start: string; values: Record<string, string> }[] = [];
  for (const unit of units)
    for (const group of ['linkages', 'comparison'])
      for (let quarter = 0; quarter < 8; quarter++) {
        const n = pick([0, 4, 15, 30, 60, 90]);
        const first = `${String(2023 + Math.floor(quarter / 4))}-${String(1 + 3 * (quarter % 4)).padStart(2, '0')}-01`;
        for (let i = 0; i < n; i++)
          families.push({
            start: addDays(first, days(0, 89)),
            values: { county: unit.startsWith('FRE') ? 'Fresno' : 'Kings', unit_id: unit, group },
          });
      }
  const ids = await addFamilyRows(db, families);
  const adults = [];
  const children = [];
  for (const [i, id] of ids.entries()) {
    const start = families[i]!.start;
    const status = random();
    const sanctioned = status < 0.4;
    const sanctionStart = !sanctioned && status < 0.4 + later ? addDays(start, days(1, 90)) : null;
    const from = sanctionStart ?? start;
    const exitKind = random();
    const exit =
      exitKind < 0.5
        ? addDays(start, days(1, longest))
        : exitKind < 0.51
          ? addDays(start, -10)
          : null;
    adults.push({
      person_id: `RA${String(seed)}-${String(i)}`,
      family_id: id,
      grant_m1: random() < 0.93 ? 500 : 0,
      grant_m6: random() < 0.97 ? pick([500, 400]) : null,
      employed_at_index: random() < 0.1,
      wtw_status_at_index: sanctioned ? 'sanction' : 'active',
      sanction_start_date: sanctionStart,
      sanction_cure_date:
        (sanctioned || sanctionStart) && random() < 0.5 ? addDays(from, days(10, 200)) : null,
      aid_exit_date: exit,
      aid_return_date: exit && random() < 0.3 ? addDays(exit, days(30, 400)) : null,
    });
    if (random() < 0.6) {
      const removal = addDays(start, days(-60, 200));
      const end = random() < 0.9 ? addDays(removal, days(8, longest + 100)) : null;
      const agedOut = random() < 0.03;
      children.push({
        child_id: `RC${String(seed)}-${String(i)}`,
        family_id: id,
        removal_date: removal,
        episode_end_date: end,
        exit_reason: end ? (random() < 0.75 ? 'reunified' : 'other') : null,
        age_at_removal: agedOut ? 16 : 5,
        age_at_exit: end ? (agedOut ? 18 : 6) : null,
        reentry_date: end && random() < 0.15 ? addDays(end, days(10, 300)) : null,
      });
    }
  }
  await insert(db, 'adults', adults);
  await insert(db, 'children', children);
  return units;
}
