import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { MemberTables } from '../../../src/measures/member-tables';
import { runMeasure } from '../../../src/measures/run-measure';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import { timeToReunification } from '../../../src/measures/definitions/time-to-reunification';
import { addFamily, createMeasureDb, insert, request } from './helpers';

async function memberTableNames(db: DbClient): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'members_%' ORDER BY name",
  );
  return rows.map((row) => row.name);
}

describe('member tables', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
    const familyId = await addFamily(db, '2024-01-10');
    await insert(db, 'children', [
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-02-01',
        episode_end_date: '2024-05-01',
        exit_reason: 'reunified',
      },
      // C1's second episode in 2024Q1 (not its first there), then one in 2024Q2, still open.
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-03-20',
        episode_end_date: '2024-06-01',
        exit_reason: 'reunified',
      },
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-04-02',
        episode_end_date: null,
        exit_reason: null,
      },
    ]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('computes a measure’s members and cells once, shared by measures with the same members and by every filter', async () => {
    const created: string[] = [];
    const watching: DbClient = {
      ...db,
      exec: (statement, signal) => {
        const text = typeof statement === 'string' ? statement : statement.toQuery().text;
        if (text.startsWith('CREATE')) created.push(text);
        return db.exec(statement, signal);
      },
    };
    const watched = new MemberTables(watching);
    const D = '2025-12-31';
    await runMeasure(db, reunification12m, request(D, { by: ['cohort'] }), undefined, watched);
    await runMeasure(db, timeToReunification, request(D), undefined, watched);
    await runMeasure(
      db,
      reunification12m,
      request(D, { filters: { counties: ['Kern'] } }),
      undefined,
      watched,
    );
    // The episodes (shared with time to reunification), reunification's cells, and each episode's
    // time to reunification.
    expect(created).toHaveLength(3);
    expect(created.filter((text) => text.includes('AS cohort_month'))).toHaveLength(1);
    expect(created.filter((text) => text.includes('AS outcome'))).toHaveLength(1);
    // A child's first episode is per cohort: the episodes say which cohort of each size they are
    // first in, and the cells and times keep those flags, so another cohort size makes no table.
    await runMeasure(db, reunification12m, request(D, { period: 'year' }), undefined, watched);
    await runMeasure(db, timeToReunification, request(D, { period: 'year' }), undefined, watched);
    expect(created).toHaveLength(3);
    await watched.dispose();
  });

  it('gives the same numbers as members and times computed inline, for each cohort size', async () => {
    const tables = new MemberTables(db);
    for (const period of ['quarter', 'half', 'year'] as const) {
      const req = request('2025-12-31', { by: ['cohort'], period });
      const inline = await runMeasure(db, reunification12m, req);
      const kept = await runMeasure(db, reunification12m, req, undefined, tables);
      expect(kept).toEqual(inline);
      // By quarter: C1's first Q1 episode and its Q2 episode; by half or year: the first only.
      const denominators = inline.rows.map((row) =>
        'denominator' in row ? row.denominator : null,
      );
      expect(denominators).toEqual(period === 'quarter' ? [1, 1] : [1]);
      const times = await runMeasure(db, timeToReunification, req, undefined, tables);
      expect(times).toEqual(await runMeasure(db, timeToReunification, req));
      expect(times.rows.map((row) => ('n' in row ? row.n : null))).toEqual(
        period === 'quarter' ? [1, 1] : [1],
      );
    }
    await tables.dispose();
  });

  it('keeps creating a table when the caller that started it gives up', async () => {
    const tables = new MemberTables(db);
    const controller = new AbortController();
    const req = request('2025-12-31', { by: ['cohort'] });
    const abandoned = runMeasure(db, reunification12m, req, controller.signal, tables);
    controller.abort();
    await expect(abandoned).rejects.toThrow(/cancelled/);
    const inline = await runMeasure(db, reunification12m, req);
    expect(await runMeasure(db, reunification12m, req, undefined, tables)).toEqual(inline);
    expect(await memberTableNames(db)).toHaveLength(2);
    await tables.dispose();
  });

  it('drops its tables when disposed, and refuses to be used afterwards', async () => {
    const tables = new MemberTables(db);
    await runMeasure(db, reunification12m, request('2025-12-31'), undefined, tables);
    await runMeasure(
      db,
      reunification12m,
      request('2025-12-31', { period: 'year' }),
      undefined,
      tables,
    );
    expect(await memberTableNames(db)).toHaveLength(2);
    await tables.dispose();
    expect(await memberTableNames(db)).toEqual([]);
    await expect(
      runMeasure(db, reunification12m, request('2025-12-31'), undefined, tables),
    ).rejects.toThrow(/being replaced/);
  });
});
