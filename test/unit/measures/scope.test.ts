import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { date, raw, sql } from '../../../src/db/sql';
import {
  cohortKey,
  cohortLabel,
  cohortLabelOfKey,
  cohortRange,
  windowEnd,
} from '../../../src/measures/scope';
import type { MeasureWindow, Period } from '../../../src/measures/types';

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
});
