import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { measuresShown } from '../../../src/measures/catalog';
import { cohortRange, latestCompleteCohort } from '../../../src/measures/cohorts';
import { readExtractContents } from '../../../src/measures/columns-read';
import { MemberTables } from '../../../src/measures/member-tables';
import { familyMembers, runFamilySuppressed } from '../../../src/measures/run-protected';
import { runMeasure } from '../../../src/measures/run-measure';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import type {
  ByKey,
  MeasureDefinition,
  MeasureFilters,
  MeasureResult,
  MeasureRow,
  Period,
} from '../../../src/measures/types';
import { addFamily, createMeasureDb, loadExtractDir, SHOWN_FIELDS, shownOf } from './helpers';

// Issue 19, the last open part: views whose rows no pre-decided view shows (a custom cohort range,
// half-years and years, several counties, a unit filter). Rule 9 (docs/disclosure-control.md):
// each number such a view shows is a sum (or difference) of numbers that the pre-decided views
// (one county or all × the full range, a headline's range or one quarter, no unit filter) show,
// so it adds nothing to them whatever it is combined with. Every number below comes from the
// app's suppressed outputs (runFamilySuppressed, which the pages and the command line use); the
// unsuppressed numbers (runMeasure) are only what an attack is checked against.

describe('disclosure control: derived views show only sums of pre-decided numbers (sample)', () => {
  let db: DbClient;
  let dataThrough: string;
  let measures: MeasureDefinition[];
  let tables: MemberTables;
  const cache = new Map<string, Promise<MeasureResult[]>>();
  /** A view as the app shows it: suppressed with the rest of its family. */
  const view = async (
    measure: MeasureDefinition,
    by: ByKey[],
    filters: MeasureFilters,
    period: Period = 'quarter',
  ) => {
    const members = measure.family ? familyMembers(measure.family, measures) : [measure];
    const key = JSON.stringify([members.map((m) => m.id), by, filters, period]);
    let results = cache.get(key);
    if (!results) {
      const request = { by, period, filters, dataThrough };
      results = runFamilySuppressed(db, members, request, undefined, tables);
      cache.set(key, results);
    }
    return (await results)[members.indexOf(measure)]!;
  };
  const raw = (measure: MeasureDefinition, by: ByKey[], filters: MeasureFilters, period: Period) =>
    runMeasure(db, measure, { by, period, filters, dataThrough });

  beforeAll(async () => {
    const loaded = await loadExtractDir('sample-data');
    db = loaded.db;
    const report = loaded.report;
    dataThrough = report.dataThrough ?? '';
    measures = measuresShown(await readExtractContents(db));
    tables = new MemberTables(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  /**
   * The numbers the pre-decided views of `measure` show, by group, county (`''`: all) and range
   * (`full`, `to:<bound>`, `q:<quarter>`), read from the tables of those ranges (by none, by county,
   * by cohort, by county and cohort).
   */
  const preDecided = async (measure: MeasureDefinition) => {
    const shown = new Map<string, (number | null)[]>();
    const put = (result: MeasureResult, range: (row: MeasureRow) => string) => {
      for (const row of result.rows)
        shown.set(
          JSON.stringify([row.group, row.county ?? '', range(row)]),
          shownOf(result.kind, row)!,
        );
    };
    const family = measure.family ? familyMembers(measure.family, measures) : [measure];
    const bounds = [
      ...new Set(family.map((m) => latestCompleteCohort(m, 'quarter', dataThrough))),
    ].map((label) => ({ label, end: cohortRange(label).end }));
    for (const by of [[], ['county']] as ByKey[][]) {
      put(await view(measure, by, {}), () => 'full');
      for (const bound of bounds)
        put(await view(measure, by, { cohortTo: bound.label }), () => `to:${bound.end}`);
    }
    for (const by of [['cohort'], ['county', 'cohort']] as ByKey[][])
      put(await view(measure, by, {}), (row) => `q:${row.cohort!}`);
    return { shown, bounds };
  };

  /** The views scanned: several counties, a custom range, halves, years, units, combined. */
  const customViews = (counties: string[], units: string[]) => {
    const two = counties.slice(0, 2);
    const range = { cohortFrom: '2024Q1', cohortTo: '2024Q3' };
    const list: { by: ByKey[]; filters: MeasureFilters; period: Period }[] = [];
    const q = 'quarter' as const;
    for (const by of [[], ['county'], ['cohort']] as ByKey[][]) {
      list.push({ by, filters: { counties: two }, period: q });
      list.push({ by, filters: range, period: q });
      list.push({ by, filters: { units: [units[0]!] }, period: q });
    }
    list.push({ by: ['cohort'], filters: {}, period: 'half' });
    list.push({ by: ['cohort'], filters: {}, period: 'year' });
    list.push({ by: ['cohort'], filters: { counties: two }, period: 'year' });
    list.push({ by: ['cohort'], filters: { ...range, counties: two }, period: q });
    list.push({ by: ['county'], filters: { ...range, units: units.slice(0, 2) }, period: q });
    list.push({ by: [], filters: { counties: counties.slice(1) }, period: q });
    return list;
  };

  it('every shown number of a custom view is a sum of numbers pre-decided views show; one quantity, one set of numbers', async () => {
    const problems: string[] = [];
    let checked = 0;
    let masked = 0;
    for (const measure of measures) {
      const { shown: pre, bounds } = await preDecided(measure);
      const table = await view(measure, ['county', 'cohort'], {});
      const counties = [...new Set(table.rows.map((r) => r.county!))].sort();
      const quarters = [...new Set(table.rows.map((r) => r.cohort!))].sort();
      const starts = new Map(quarters.map((q) => [q, cohortRange(q).start]));
      const units = (await db.query('SELECT DISTINCT unit_id FROM families ORDER BY unit_id')).map(
        (row) => String(row.unit_id),
      );
      /** Value k of a pre-decided quantity as shown (a quantity with no row: 0), null: masked. */
      const piece = (group: string, county: string, range: string, k: number) => {
        const values = pre.get(JSON.stringify([group, county, range]));
        return values ? (values[k] ?? null) : 0;
      };
      /** Every value of one county (or all) over `list` that shown pre-decided numbers give. */
      const rangeValues = (group: string, county: string, list: string[], k: number) => {
        const out: number[] = [];
        const sum = (terms: (number | null)[]) =>
          terms.some((t) => t === null) ? null : terms.reduce<number>((a, b) => a + (b ?? 0), 0);
        const options: (number | null)[] = [
          sum(list.map((q) => piece(group, county, `q:${q}`, k))),
        ];
        for (const [name, inBig] of [
          ['full', () => true] as const,
          ...bounds.map((b) => [`to:${b.end}`, (q: string) => starts.get(q)! < b.end] as const),
        ]) {
          const big = quarters.filter(inBig);
          const plus = list.filter((q) => !big.includes(q));
          const minus = big.filter((q) => !list.includes(q));
          const whole = piece(group, county, name, k);
          const extra = sum(plus.map((q) => piece(group, county, `q:${q}`, k)));
          const less = sum(minus.map((q) => piece(group, county, `q:${q}`, k)));
          if (whole !== null && extra !== null && less !== null) options.push(whole + extra - less);
        }
        for (const o of options) if (o !== null) out.push(o);
        return out;
      };
      const seen = new Map<string, Set<string>>();
      for (const { by, filters, period } of customViews(counties, units)) {
        const result = await view(measure, by, filters, period);
        const before = await raw(measure, by, filters, period);
        const pooled = new Set(
          filters.units
            ? (
                await raw(measure, ['county', 'cohort'], { units: filters.units }, 'quarter')
              ).rows.map((r) => JSON.stringify([r.group, r.county, r.cohort]))
            : [],
        );
        const label = `${measure.id} ${JSON.stringify(filters)} by ${by.join(',') || 'none'} ${period}`;
        const from = filters.cohortFrom ? cohortRange(filters.cohortFrom).start : '';
        const to = filters.cohortTo ? cohortRange(filters.cohortTo).end : '9999';
        for (const row of result.rows) {
          const range = row.cohort ? cohortRange(row.cohort) : { start: '', end: '9999' };
          const list = quarters.filter((q) => {
            const s = starts.get(q)!;
            return s >= from && s < to && s >= range.start && s < range.end;
          });
          const kept = row.county ? [row.county] : (filters.counties ?? counties);
          const id = JSON.stringify([
            row.group,
            [...kept].sort(),
            list,
            filters.units ?? null,
            measure.onePerCohort ? period : null,
          ]);
          const values = shownOf(measure.kind, row)!;
          seen.set(id, new Set([...(seen.get(id) ?? []), JSON.stringify(values)]));
          const rawRow = before.rows.find(
            (r) => r.group === row.group && r.county === row.county && r.cohort === row.cohort,
          );
          const rawValues = shownOf(measure.kind, rawRow)!;
          // Rule 5 in every view: a curve whose events are masked is not drawn whole beside its n
          // (n × (1 − S) would give them): cut short of the unsuppressed curve, or not drawn.
          if (
            'curve' in row &&
            row.events === null &&
            row.n !== null &&
            rawRow &&
            'curve' in rawRow
          )
            if (row.curve.length > 0 && row.curve.length >= rawRow.curve.length)
              problems.push(
                `${label} ${row.group} ${String(row.cohort)}: a whole curve, events masked`,
              );
          values.forEach((value, k) => {
            const where = `${label} ${row.group} ${String(row.county)} ${String(row.cohort)} ${SHOWN_FIELDS[measure.kind][k]!}`;
            if (value === null) {
              masked++;
              return;
            }
            checked++;
            expect(value, where).toBe(rawValues[k]);
            if (filters.units) {
              // Units: every county × quarter cell the kept units have members in shows this
              // number (the table by county and cohort), and the units left out hold 0 or not a
              // small number of it.
              for (const c of kept)
                for (const q of list)
                  if (
                    pooled.has(JSON.stringify([row.group, c, q])) &&
                    piece(row.group, c, `q:${q}`, k) === null
                  )
                    problems.push(`${where}: pools the masked cell ${c} ${q}`);
              return;
            }
            const byCounty = kept.map((c) => rangeValues(row.group, c, list, k));
            const perCounty = byCounty.every((v) => v.length > 0)
              ? byCounty.reduce((a, v) => a + v[0]!, 0)
              : null;
            const left = counties.filter((c) => !kept.includes(c));
            const all = rangeValues(row.group, '', list, k);
            const leftValues = left.map((c) => rangeValues(row.group, c, list, k));
            const allLess =
              all.length > 0 && leftValues.every((v) => v.length > 0)
                ? all[0]! - leftValues.reduce((a, v) => a + v[0]!, 0)
                : null;
            if (perCounty !== value && allLess !== value)
              problems.push(`${where}: ${String(value)} is no sum of shown pre-decided numbers`);
          });
        }
        if (filters.units) {
          // The units left out, unsuppressed: in every row, 0 or not small where the row shows.
          const others = units.filter((u) => !filters.units!.includes(u));
          const rest = await raw(measure, by, { ...filters, units: others }, period);
          for (const row of result.rows) {
            const r = rest.rows.find(
              (x) => x.group === row.group && x.county === row.county && x.cohort === row.cohort,
            );
            const left = shownOf(measure.kind, r) ?? [];
            shownOf(measure.kind, row)!.forEach((value, k) => {
              const v = left[k] ?? null;
              if (value !== null && v !== null && v >= 1 && v <= 10)
                problems.push(
                  `${label} ${row.group} ${String(row.county)}: units left out hold ${v}`,
                );
            });
          }
        }
      }
      for (const [id, set] of seen)
        if (set.size > 1) problems.push(`${measure.id} ${id}: ${[...set].join(' vs ')}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
    expect(masked).toBeGreaterThan(100);
  }, 600_000);

  it("a unit's masked value is never its county's shown value less the other units' (new-user attack: Fresno's Linkages units)", async () => {
    // Found by a tester: reunification's FRE-Central denominators were masked (rule 4, its
    // numerator small) while Fresno's and FRE-North's were shown: 51 − 29 = 22.
    const family = measures.filter((m) => m.family !== undefined && m.kind !== 'count');
    const counties = (await db.query('SELECT DISTINCT county FROM families ORDER BY county')).map(
      (r) => String(r.county),
    );
    let compared = 0;
    for (const measure of family) {
      for (const county of counties) {
        const units = (
          await db.query(
            `SELECT DISTINCT unit_id FROM families WHERE county = '${county.replace(/'/g, "''")}' ORDER BY unit_id`,
          )
        ).map((r) => String(r.unit_id));
        if (units.length < 2) continue;
        const whole = await view(measure, ['cohort'], { counties: [county] });
        const byUnit = await Promise.all(
          units.map(async (u) => (await raw(measure, ['cohort'], { units: [u] }, 'quarter')).rows),
        );
        const shownByUnit = await Promise.all(
          units.map(async (u) => (await view(measure, ['cohort'], { units: [u] })).rows),
        );
        for (const row of whole.rows) {
          const total = shownOf(measure.kind, row)!;
          total.forEach((value, k) => {
            if (value === null) return;
            // Units with members in this cell: their shown values (null: masked).
            const cells = units.flatMap((_, i) => {
              const find = (rows: readonly MeasureRow[]) =>
                rows.find((r) => r.group === row.group && r.cohort === row.cohort);
              const rawRow = find(byUnit[i]!);
              if (!rawRow || (shownOf(measure.kind, rawRow)![k] ?? 0) === 0) return [];
              return [shownOf(measure.kind, find(shownByUnit[i]!))?.[k] ?? null];
            });
            compared++;
            expect(
              cells.filter((v) => v === null).length,
              `${measure.id} ${county} ${String(row.cohort)} ${row.group} value ${String(k)}`,
            ).not.toBe(1);
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 600_000);

  it('the two-view attacks of "Still open": a county over 2024 Q1–Q3 in the table by county of that range and filtered to it; the total less its rows', async () => {
    const range = { cohortFrom: '2024Q1', cohortTo: '2024Q3' };
    let compared = 0;
    for (const measure of measures) {
      const table = await view(measure, ['county'], range);
      const total = await view(measure, [], range);
      const rawTotal = await raw(measure, [], range, 'quarter');
      const rawTable = await raw(measure, ['county'], range, 'quarter');
      for (const row of table.rows) {
        const alone = (await view(measure, [], { ...range, counties: [row.county!] })).rows.find(
          (r) => r.group === row.group,
        );
        expect(shownOf(measure.kind, alone), `${measure.id} ${row.county!}`).toEqual(
          shownOf(measure.kind, row),
        );
        compared++;
      }
      // The total less the shown county rows: no hidden row's number, no count of 1–10.
      for (const group of ['linkages', 'comparison']) {
        const t = shownOf(
          measure.kind,
          total.rows.find((r) => r.group === group),
        );
        const rawT = shownOf(
          measure.kind,
          rawTotal.rows.find((r) => r.group === group),
        );
        const rows = table.rows.filter((r) => r.group === group);
        if (!t || !rawT) continue;
        SHOWN_FIELDS[measure.kind].forEach((field, k) => {
          const where = `${measure.id} ${group} ${field}`;
          const shown = rows.flatMap((r) => {
            const v = shownOf(measure.kind, r)![k];
            return v === null || v === undefined ? [] : [v];
          });
          const hidden = rows.flatMap((r) => {
            const before = shownOf(
              measure.kind,
              rawTable.rows.find((x) => x.group === group && x.county === r.county),
            )![k];
            return shownOf(measure.kind, r)![k] === null && before ? [before] : [];
          });
          const tk = t[k];
          if (tk === null || tk === undefined) return;
          const recovered = tk - shown.reduce((a, b) => a + b, 0);
          expect(hidden.length, where).not.toBe(1);
          expect(recovered >= 1 && recovered <= 10, `${where}: ${recovered}`).toBe(false);
        });
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 600_000);

  it('a view says when rule 9 hid values (derivedMasks), and only then (new-user finding: custom ranges, halves)', async () => {
    const byId = (id: string) => measures.find((m) => m.id === id)!;
    const sanction = byId('sanction-cure-6m');
    const latest = latestCompleteCohort(sanction, 'quarter', dataThrough);
    // The new-user finding: a custom range masks every county row of sanction cure, though
    // rule 1 alone masks none of them (each county's numbers over the range are not small).
    const custom = { cohortFrom: '2023Q1', cohortTo: '2024Q2' };
    const table = await view(sanction, ['county'], custom);
    const before = await raw(sanction, ['county'], custom, 'quarter');
    expect(table.derivedMasks).toBe(true);
    expect(table.rows.length).toBe(10);
    expect(table.rows.every((r) => 'rate' in r && r.rate === null)).toBe(true);
    expect(
      before.rows.every(
        (r) => 'rate' in r && r.numerator! > 10 && r.denominator! - r.numerator! > 10,
      ),
    ).toBe(true);
    // Pre-decided views: by county over the headline's range, by cohort over the full range.
    expect((await view(sanction, ['county'], { cohortTo: latest })).derivedMasks).toBeUndefined();
    expect((await view(sanction, ['cohort'], {})).derivedMasks).toBeUndefined();
    // A custom range whose rows rule 9 hides nothing in: its own quarters, one by one.
    expect((await view(sanction, ['cohort'], custom)).derivedMasks).toBeUndefined();
    // Halves of a measure counting one member per cohort: their numbers are not the quarters' sum.
    const reunification = byId('reunification-12m');
    const halves = await view(reunification, ['cohort'], {}, 'half');
    expect(halves.derivedMasks).toBe(true);
    expect((await view(reunification, ['cohort'], {}, 'quarter')).derivedMasks).toBeUndefined();
  }, 600_000);
});

describe('disclosure control: unit views on a crafted extract', () => {
  let db: DbClient;
  const D = '2025-06-30';
  beforeAll(async () => {
    db = await createMeasureDb();
    const add = async (n: number, county: string, unit: string, start: string) => {
      for (let i = 0; i < n; i++) await addFamily(db, start, { county, unit_id: unit });
    };
    // Kings: 5 families in 2024 Q2 alone (masked). Its quarter's line needs a complement: Fresno
    // 2024 Q2 (30, the smallest), which holds two units of 15 each, both not small.
    for (const start of ['2024-01-15', '2024-04-15', '2024-07-15']) {
      await add(15, 'Fresno', 'F1', start);
      await add(15, 'Fresno', 'F2', start);
      await add(50, 'Kern', 'K1', start);
    }
    await add(5, 'Kings', 'G1', '2024-04-15');
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it("the quarter less Kern less each Fresno unit's view does not give Kings (5)", async () => {
    const count = async (filters: MeasureFilters) => {
      const [result] = await runFamilySuppressed(db, [familiesIdentified], {
        by: [],
        period: 'quarter',
        filters,
        dataThrough: D,
      });
      const row = result!.rows.find((r) => r.group === 'linkages');
      return row && 'count' in row ? row.count : null;
    };
    const q = { cohortFrom: '2024Q2', cohortTo: '2024Q2' };
    const quarter = await count(q);
    const kern = await count({ ...q, counties: ['Kern'] });
    const fresno = await count({ ...q, counties: ['Fresno'] });
    const f1 = await count({ ...q, units: ['F1'] });
    const f2 = await count({ ...q, units: ['F2'] });
    const k1 = await count({ ...q, units: ['K1'] });
    const all = { quarter, kern, fresno, f1, f2, k1 };
    // The quarter's line masks Kings' 5 with a complement (the one-county views agree).
    expect(quarter, JSON.stringify(all)).toBe(85);
    expect(kern === null || fresno === null, JSON.stringify(all)).toBe(true);
    // A unit view pooling a masked cell is masked: shown, Fresno's two units (15 + 15) would
    // give its masked quarter, and the quarter less it and Kern would give Kings.
    if (fresno === null) expect([f1, f2]).toEqual([null, null]);
    if (kern === null) expect(k1).toBeNull();
    const parts = [kern ?? k1, fresno ?? (f1 !== null && f2 !== null ? f1 + f2 : null)];
    if (parts.every((v) => v !== null)) expect(85 - parts[0]! - parts[1]!).not.toBe(5);
    // A unit all of whose cells are shown, with no small unit beside it, is shown: Fresno's
    // units over 2024 Q3 (15 each, the cell 30 shown; the pattern masks Fresno's 2024 Q1 and
    // Q2 and Kern's, so Fresno's units over the three quarters are masked).
    const q3 = { cohortFrom: '2024Q3', cohortTo: '2024Q3' };
    expect(await count({ ...q3, counties: ['Fresno'] })).toBe(30);
    expect(await count({ ...q3, units: ['F1'] })).toBe(15);
    expect(await count({ ...q3, units: ['F1', 'F2'] })).toBe(30);
    expect(await count({ units: ['F1'] })).toBeNull();
  }, 60_000);
});
