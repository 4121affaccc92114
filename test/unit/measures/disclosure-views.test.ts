import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { measuresShown } from '../../../src/measures/catalog';
import { readExtractContents } from '../../../src/measures/columns-read';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import { MemberTables } from '../../../src/measures/member-tables';
import { familyMembers, runFamilySuppressed } from '../../../src/measures/run-protected';
import type {
  ByKey,
  MeasureDefinition,
  MeasureFilters,
  MeasureResult,
  MeasureRow,
} from '../../../src/measures/types';
import { addDays, addFamily, createMeasureDb, loadExtractDir, shownOf } from './helpers';

// Issue 19, found after the merge: rule 8 chose a line's complementary rows per view, so a row
// masked in one view (a county's cohorts) was shown in another view where the same quantity
// appears (that county and that quarter alone), and the first view's shown rows plus it gave
// its masked total. A row's decision must be the same wherever its quantity (group, county,
// cohort days, no unit filter) appears. Every number below comes from the app's suppressed
// outputs (runFamilySuppressed, which runSuppressed and the pages use), never from the rule.

/** A view of `measure` as the app shows it: suppressed with the rest of its family, views cached. */
function viewer(db: DbClient, measures: readonly MeasureDefinition[], dataThrough: string) {
  const tables = new MemberTables(db);
  const cache = new Map<string, Promise<MeasureResult[]>>();
  return async (measure: MeasureDefinition, by: ByKey[], filters: MeasureFilters) => {
    const members = measure.family ? familyMembers(measure.family, measures) : [measure];
    const key = JSON.stringify([members.map((m) => m.id), by, filters]);
    let results = cache.get(key);
    if (!results) {
      const request = { by, period: 'quarter' as const, filters, dataThrough };
      results = runFamilySuppressed(db, members, request, undefined, tables);
      cache.set(key, results);
    }
    return (await results)[members.indexOf(measure)]!;
  };
}

/** The one-cell view (county c, quarter q, by none): the row of `group`. */
const cellFilters = (county: string, quarter: string): MeasureFilters => ({
  counties: [county],
  cohortFrom: quarter,
  cohortTo: quarter,
});

describe('disclosure control: one quantity, one decision in every view', () => {
  describe('a crafted county line (its total masked, its open windows in one other quarter)', () => {
    let db: DbClient;
    const D = '2025-06-30';
    beforeAll(async () => {
      db = await createMeasureDb();
      const add = async (
        n: number,
        county: string,
        start: string,
        plans: number,
        group = 'linkages',
      ) => {
        for (let i = 0; i < n; i++)
          await addFamily(db, start, {
            county,
            unit_id: 'U1',
            group,
            coordinated_plan_date: i < plans ? addDays(start, 5) : null,
          });
      };
      // Kings: 3 of 20 coordinated (masked), 0 of 20, and 12 windows still open: the county's
      // total (3 of 40) is masked, and its 12 open windows are in the 2025 Q2 cell alone.
      await add(20, 'Kings', '2024-01-15', 3);
      await add(20, 'Kings', '2024-04-15', 0);
      await add(12, 'Kings', '2025-06-20', 0);
      for (const start of ['2024-01-15', '2024-04-15', '2025-06-20']) {
        await add(60, 'Fresno', start, 40);
        await add(50, 'Kern', start, 30);
        await add(70, 'Fresno', start, 40, 'comparison');
      }
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it('a cell the table by county and cohort masks is masked alone too (county and quarter filtered)', async () => {
      const view = viewer(db, [coordination30d], D);
      const table = await view(coordination30d, ['county', 'cohort'], {});
      const kings = await view(coordination30d, ['cohort'], { counties: ['Kings'] });
      const masked = table.rows.filter((row) => row.group === 'linkages' && row.suppressed);
      // The Kings line: its total is masked, so its open windows (12, 2025 Q2) are hidden too.
      expect(masked.map((row) => `${String(row.county)} ${String(row.cohort)}`)).toContain(
        'Kings 2025Q2',
      );
      for (const row of masked) {
        const where = `${String(row.county)} ${String(row.cohort)}`;
        const alone = await view(coordination30d, [], cellFilters(row.county!, row.cohort!));
        expect(
          shownOf(
            'proportion',
            alone.rows.find((r) => r.group === 'linkages'),
          ),
          where,
        ).toEqual([null, null, null]);
        if (row.county === 'Kings') {
          const inCounty = kings.rows.find(
            (r) => r.group === 'linkages' && r.cohort === row.cohort,
          );
          expect(inCounty?.suppressed, where).toBe(true);
        }
      }
    }, 60_000);
  });

  describe('a crafted county line whose one small number is its open windows', () => {
    let db: DbClient;
    // Two quarters hold still-open windows on this date: 2025 Q2 (from June 15) and 2025 Q3.
    const D = '2025-07-15';
    beforeAll(async () => {
      db = await createMeasureDb();
      const add = async (n: number, county: string, start: string, plans: number) => {
        for (let i = 0; i < n; i++)
          await addFamily(db, start, {
            county,
            unit_id: 'U1',
            group: 'linkages',
            coordinated_plan_date: i < plans ? addDays(start, 5) : null,
          });
      };
      // Kings: three complete quarters, 30 open windows in 2025 Q2 and 3 in 2025 Q3 (masked).
      await add(40, 'Kings', '2024-01-15', 20);
      await add(35, 'Kings', '2024-04-15', 20);
      await add(30, 'Kings', '2024-07-15', 15);
      await add(30, 'Kings', '2025-06-20', 0);
      await add(3, 'Kings', '2025-07-10', 0);
      for (const start of ['2024-01-15', '2024-04-15', '2024-07-15', '2025-06-20', '2025-07-10']) {
        await add(60, 'Fresno', start, 40);
        await add(50, 'Kern', start, 30);
      }
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it('hides the 3 open windows behind the other open quarter, not behind a complete one', async () => {
      const view = viewer(db, [coordination30d], D);
      const table = await view(coordination30d, ['county', 'cohort'], {});
      const kings = (cohort: string) =>
        shownOf(
          'proportion',
          table.rows.find(
            (r) => r.group === 'linkages' && r.county === 'Kings' && r.cohort === cohort,
          ),
        );
      expect(kings('2025Q3')).toEqual([null, null, null]);
      // The complement holds open windows too (30): together they are 33, not the 3.
      expect(kings('2025Q2')).toEqual([null, null, null]);
      // A complete cohort holds no open window: masking it would protect nothing.
      expect(kings('2024Q1')).toEqual([40, 20, 0]);
      expect(kings('2024Q2')).toEqual([35, 20, 0]);
      expect(kings('2024Q3')).toEqual([30, 15, 0]);
      const alone = await view(coordination30d, [], cellFilters('Kings', '2024Q3'));
      expect(
        shownOf(
          'proportion',
          alone.rows.find((r) => r.group === 'linkages'),
        ),
      ).toEqual([30, 15, 0]);
    }, 60_000);
  });

  describe('on the sample', () => {
    let db: DbClient;
    let dataThrough: string;
    let measures: MeasureDefinition[];
    let view: ReturnType<typeof viewer>;
    beforeAll(async () => {
      const loaded = await loadExtractDir('sample-data');
      db = loaded.db;
      const report = loaded.report;
      dataThrough = report.dataThrough ?? '';
      measures = measuresShown(await readExtractContents(db));
      view = viewer(db, measures, dataThrough);
    }, 120_000);
    afterAll(async () => {
      await db.close();
    });

    it('the three rows of the finding: the county by quarter and the one-cell view agree', async () => {
      // Reported: the county's cohort chart masked them as complements, the one-cell view showed
      // them (reunification Fresno 2023 Q4: 34 children, 12 reunified).
      const found = [
        ['reunification-12m', 'Fresno', '2023Q4', 'linkages'],
        ['reunification-12m', 'Fresno', '2024Q1', 'comparison'],
        ['reentry-12m', 'Fresno', '2025Q2', 'linkages'],
      ] as const;
      for (const [id, county, quarter, group] of found) {
        const measure = measures.find((m) => m.id === id)!;
        const where = `${id} ${county} ${quarter} ${group}`;
        const inCounty = (await view(measure, ['cohort'], { counties: [county] })).rows.find(
          (row) => row.group === group && row.cohort === quarter,
        );
        const alone = (await view(measure, [], cellFilters(county, quarter))).rows.find(
          (row) => row.group === group,
        );
        expect(inCounty, where).toBeDefined();
        expect(shownOf(measure.kind, inCounty), where).toEqual(shownOf(measure.kind, alone));
      }
    }, 60_000);

    it('every measure: a row masked in one view is masked in every view of the same county and quarter', async () => {
      // Views: the table by county and cohort, each county's cohorts, the table by cohort, each
      // quarter's counties, the table by county; then the one-cell (or one-county, one-quarter)
      // view of every quantity masked in any of them. Shown numbers must agree everywhere.
      const problems: string[] = [];
      let masked = 0;
      for (const measure of measures) {
        const seen = new Map<string, { view: string; shown: string }[]>();
        const note = (
          group: string,
          county: string,
          quarter: string,
          label: string,
          row: MeasureRow,
        ) => {
          const key = JSON.stringify([group, county, quarter]);
          seen.set(key, [
            ...(seen.get(key) ?? []),
            { view: label, shown: JSON.stringify(shownOf(measure.kind, row)) },
          ]);
        };
        const table = await view(measure, ['county', 'cohort'], {});
        for (const r of table.rows) note(r.group, r.county!, r.cohort!, 'county × cohort', r);
        const counties = [...new Set(table.rows.map((r) => r.county!))];
        const quarters = [...new Set(table.rows.map((r) => r.cohort!))];
        for (const r of (await view(measure, ['cohort'], {})).rows)
          note(r.group, '', r.cohort!, 'by cohort', r);
        for (const r of (await view(measure, ['county'], {})).rows)
          note(r.group, r.county!, '', 'by county', r);
        for (const c of counties)
          for (const r of (await view(measure, ['cohort'], { counties: [c] })).rows)
            note(r.group, c, r.cohort!, `${c} by cohort`, r);
        for (const q of quarters)
          for (const r of (await view(measure, ['county'], { cohortFrom: q, cohortTo: q })).rows)
            note(r.group, r.county!, q, `${q} by county`, r);
        for (const [key, list] of [...seen]) {
          if (!list.some((e) => e.shown.includes('null'))) continue;
          masked++;
          const [group, county, quarter] = JSON.parse(key) as [string, string, string];
          const filters: MeasureFilters = {
            ...(county === '' ? {} : { counties: [county] }),
            ...(quarter === '' ? {} : { cohortFrom: quarter, cohortTo: quarter }),
          };
          const row = (await view(measure, [], filters)).rows.find((r) => r.group === group);
          if (row) note(group, county, quarter, 'alone', row);
        }
        for (const [key, list] of seen)
          if (new Set(list.map((e) => e.shown)).size > 1)
            problems.push(
              `${measure.id} ${key}: ${list.map((e) => `${e.view} ${e.shown}`).join('; ')}`,
            );
      }
      expect(masked).toBeGreaterThan(50);
      expect(problems).toEqual([]);
    }, 120_000);
  });
});
