import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { date, join, raw, sql } from '../../../src/db/sql';
import {
  PERIODS,
  cohortKey,
  cohortKeyOfDay,
  cohortLabel,
  cohortLabelOfKey,
  cohortLabelsBetween,
  cohortOfDay,
  cohortOfKey,
  cohortRange,
  isCohortComplete,
  windowComplete,
  windowEnd,
  windowEndOfDay,
} from '../../../src/measures/cohorts';
import { familiesIdentified } from '../../../src/measures/definitions/families-identified';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import type { MeasureWindow, Period, ProportionMeasure } from '../../../src/measures/types';

describe('windows and cohorts', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb({ threads: 1 });
  });
  afterAll(async () => {
    await db.close();
  });

  async function end(anchor: string, window: MeasureWindow) {
    const [row] = await db.query(
      sql`SELECT CAST(${windowEnd(date(anchor), window)} AS VARCHAR) AS d`,
    );
    return row?.d;
  }
  async function label(day: string, period: Period) {
    const [row] = await db.query(sql`SELECT ${cohortLabel(period, date(day))} AS c`);
    return row?.c;
  }

  it('adds calendar months with the day clamped to the end of a shorter month', async () => {
    expect(await end('2024-01-31', { months: 1 })).toBe('2024-02-29');
    expect(await end('2023-01-31', { months: 1 })).toBe('2023-02-28');
    expect(await end('2024-03-31', { months: 6 })).toBe('2024-09-30');
    expect(await end('2024-01-31', { months: 12 })).toBe('2025-01-31');
    expect(await end('2024-02-29', { months: 12 })).toBe('2025-02-28');
  });

  it('adds days for a window in days', async () => {
    expect(await end('2024-02-15', { days: 30 })).toBe('2024-03-16');
  });

  it('keys the same cohorts as it labels: a new key on exactly the days a new label starts', async () => {
    const starts: Record<Period, number> = { quarter: 7, half: 4, year: 2 };
    for (const period of ['quarter', 'half', 'year'] as const) {
      const today = raw('d');
      const yesterday = raw('(d - 1)');
      const [row] = await db.query(
        sql`SELECT count(*) FILTER (WHERE new_label)::INTEGER AS labels,
              count(*) FILTER (WHERE new_label <> new_key)::INTEGER AS disagree
            FROM (SELECT ${cohortLabel(period, today)} <> ${cohortLabel(period, yesterday)} AS new_label,
                         ${cohortKey(period, today)} <> ${cohortKey(period, yesterday)} AS new_key
                  FROM (SELECT CAST(range AS DATE) AS d
                        FROM range(DATE '2023-06-02', DATE '2025-02-01', INTERVAL 1 DAY)))`,
      );
      expect(row).toEqual({ labels: starts[period], disagree: 0 });
    }
  });

  it('labels a cohort from its key as it labels it from a day, and orders keys as labels', async () => {
    for (const period of ['quarter', 'half', 'year'] as const) {
      const day = raw('d');
      const [row] = await db.query(
        sql`SELECT count(*)::INTEGER AS days,
              count(*) FILTER (WHERE from_key <> from_day)::INTEGER AS disagree,
              (list(from_key ORDER BY k) = list(from_key ORDER BY from_key)) AS same_order
            FROM (SELECT ${cohortLabel(period, day)} AS from_day, k,
                         ${cohortLabelOfKey(period, raw('k'))} AS from_key
                  FROM (SELECT d, ${cohortKey(period, day)}::INTEGER AS k
                        FROM (SELECT CAST(range AS DATE) AS d
                              FROM range(DATE '1999-11-15', DATE '2031-02-01', INTERVAL 1 DAY))))`,
      );
      expect(row).toEqual({ days: 11401, disagree: 0, same_order: true });
    }
  });

  it('labels quarters, halves and years', async () => {
    expect(await label('2024-03-31', 'quarter')).toBe('2024Q1');
    expect(await label('2024-04-01', 'quarter')).toBe('2024Q2');
    expect(await label('2024-12-31', 'quarter')).toBe('2024Q4');
    expect(await label('2024-06-30', 'half')).toBe('2024H1');
    expect(await label('2024-07-01', 'half')).toBe('2024H2');
    expect(await label('2024-07-01', 'year')).toBe('2024');
  });

  it('reads the days a cohort label covers', () => {
    expect(cohortRange('2024Q1')).toEqual({ start: '2024-01-01', end: '2024-04-01' });
    expect(cohortRange('2024Q4')).toEqual({ start: '2024-10-01', end: '2025-01-01' });
    expect(cohortRange('2024H2')).toEqual({ start: '2024-07-01', end: '2025-01-01' });
    expect(cohortRange('2024')).toEqual({ start: '2024-01-01', end: '2025-01-01' });
    expect(() => cohortRange('2024Q5')).toThrow(/cohort label/);
  });

  describe('SQL and TypeScript agree on every day from 1995 to 2035', () => {
    const WINDOWS: readonly MeasureWindow[] = [
      { months: 1 },
      { months: 6 },
      { months: 12 },
      { days: 30 },
    ];
    const windowColumn = (index: number) => `end_${String(index)}`;
    const days = sql`SELECT CAST(d AS DATE) AS d
      FROM generate_series(DATE '1995-01-01', DATE '2035-12-31', INTERVAL 1 DAY) AS days(d)`;

    it('on cohort keys, labels, labels of keys and window ends (month ends and Feb 29 included)', async () => {
      const day = raw('d');
      const rows = await db.query(
        sql`SELECT CAST(d AS VARCHAR) AS day,
              ${join(
                PERIODS.map(
                  (period) =>
                    sql`${cohortKey(period, day)}::INTEGER AS ${raw(`key_${period}`)},
                      ${cohortLabel(period, day)} AS ${raw(`label_${period}`)},
                      ${cohortLabelOfKey(period, cohortKey(period, day))} AS ${raw(`of_key_${period}`)}`,
                ),
                ', ',
              )},
              ${join(
                WINDOWS.map(
                  (window, index) =>
                    sql`CAST(${windowEnd(day, window)} AS VARCHAR) AS ${raw(windowColumn(index))}`,
                ),
                ', ',
              )}
            FROM (${days}) ORDER BY d`,
      );
      const disagreements: string[] = [];
      for (const row of rows) {
        const iso = String(row.day);
        for (const period of PERIODS) {
          const key = cohortKeyOfDay(period, iso);
          if (row[`key_${period}`] !== key) disagreements.push(`${iso} key ${period}`);
          if (row[`label_${period}`] !== cohortOfDay(period, iso))
            disagreements.push(`${iso} label ${period}`);
          if (row[`of_key_${period}`] !== cohortOfKey(period, key))
            disagreements.push(`${iso} label of key ${period}`);
        }
        WINDOWS.forEach((window, index) => {
          if (row[windowColumn(index)] !== windowEndOfDay(iso, window))
            disagreements.push(`${iso} end ${JSON.stringify(window)}`);
        });
      }
      expect(rows.length).toBe(14975);
      expect(disagreements).toEqual([]);
      const ends = (iso: string) =>
        WINDOWS.map((_, index) => rows.find((row) => row.day === iso)?.[windowColumn(index)]);
      expect(ends('2024-01-31')).toEqual(['2024-02-29', '2024-07-31', '2025-01-31', '2024-03-01']);
      expect(ends('2023-01-31')).toEqual(['2023-02-28', '2023-07-31', '2024-01-31', '2023-03-02']);
      expect(ends('2024-02-29')).toEqual(['2024-03-29', '2024-08-29', '2025-02-28', '2024-03-30']);
      expect(ends('2023-08-31')).toEqual(['2023-09-30', '2024-02-29', '2024-08-31', '2023-09-30']);
    });

    it('on the days each cohort covers, its labels in order, and when its window is complete', async () => {
      const disagreements: string[] = [];
      let cohorts = 0;
      for (const period of PERIODS) {
        const day = raw('d');
        const rows = await db.query(
          sql`SELECT ${cohortLabel(period, day)} AS cohort,
                CAST(min(d) AS VARCHAR) AS start, CAST(max(d) + 1 AS VARCHAR) AS "end",
                CAST(max(d) AS VARCHAR) AS last_day,
                ${join(
                  WINDOWS.map(
                    (window, index) =>
                      sql`CAST(max(${windowEnd(day, window)}) AS VARCHAR) AS ${raw(windowColumn(index))}`,
                  ),
                  ', ',
                )},
                bool_and(${windowComplete(day, { months: 6 }, date('2030-06-30'))}) AS complete_on
              FROM (${days}) GROUP BY ALL ORDER BY min(d)`,
        );
        cohorts += rows.length;
        expect(cohortLabelsBetween(period, '1995-01-01', '2035-12-31')).toEqual(
          rows.map((row) => row.cohort),
        );
        for (const row of rows) {
          const label = String(row.cohort);
          const lastDay = String(row.last_day);
          if (
            JSON.stringify(cohortRange(label)) !==
            JSON.stringify({ start: row.start, end: row.end })
          )
            disagreements.push(`${label} range`);
          // The cohort's window is complete on the day its last member's closes, not the day before.
          WINDOWS.forEach((window, index) => {
            const proportion: ProportionMeasure = { ...reunification12m, window };
            const closes = String(row[windowColumn(index)]);
            if (
              !isCohortComplete(proportion, label, closes) ||
              isCohortComplete(proportion, label, windowEndOfDay(closes, { days: -1 }))
            )
              disagreements.push(`${label} complete ${JSON.stringify(window)}`);
          });
          if (
            !isCohortComplete(familiesIdentified, label, lastDay) ||
            isCohortComplete(familiesIdentified, label, windowEndOfDay(lastDay, { days: -1 }))
          )
            disagreements.push(`${label} complete (count)`);
          const sixMonths: ProportionMeasure = { ...reunification12m, window: { months: 6 } };
          if (row.complete_on !== isCohortComplete(sixMonths, label, '2030-06-30'))
            disagreements.push(`${label} complete on 2030-06-30`);
        }
      }
      expect(cohorts).toBe(164 + 82 + 41);
      expect(disagreements).toEqual([]);
    });
  });
});
