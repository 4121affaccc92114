import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { CATALOG } from '../../../src/measures/catalog';
import { runMeasure } from '../../../src/measures/run-measure';
import { sql } from '../../../src/db/sql';
import { addFamily, createMeasureDb, insert, request } from './helpers';

describe('running a measure', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createMeasureDb();
    const familyId = await addFamily(db, '2024-01-10', { coordinated_plan_date: '2024-01-20' });
    await insert(db, 'children', [
      {
        child_id: 'C1',
        family_id: familyId,
        removal_date: '2024-02-01',
        episode_end_date: '2024-05-01',
        exit_reason: 'reunified',
      },
    ]);
    await insert(db, 'adults', [
      {
        person_id: 'P1',
        family_id: familyId,
        employed_at_index: false,
        grant_m1: 500,
        grant_m6: 400,
        grant_m9: 0,
      },
    ]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('sends two queries per measure whatever the breakdown: the view, and the parts suppression checks it against', async () => {
    let queries = 0;
    const counting: DbClient = {
      ...db,
      query: (query, signal) => {
        queries++;
        return db.query(query, signal);
      },
    };
    for (const measure of CATALOG) {
      queries = 0;
      const result = await runMeasure(
        counting,
        measure,
        request('2025-12-31', { by: ['county', 'cohort'] }),
      );
      expect(result.measureId).toBe(measure.id);
      expect(queries).toBe(2);
      expect(result.disclosure?.parts).toBeInstanceOf(Array);
    }
  });

  it("without kept tables makes each measure's derived relation once, in a table both queries read, and drops it", async () => {
    const statements: string[] = [];
    const watching: DbClient = {
      ...db,
      exec: (statement, signal) => {
        statements.push(typeof statement === 'string' ? statement : statement.toQuery().text);
        return db.exec(statement, signal);
      },
      query: (query, signal) => {
        statements.push(typeof query === 'string' ? query : query.toQuery().text);
        return db.query(query, signal);
      },
    };
    for (const measure of CATALOG) {
      statements.length = 0;
      await runMeasure(watching, measure, request('2025-12-31', { by: ['county', 'cohort'] }));
      expect(statements).toHaveLength(4);
      const [create, view, parts, drop] = statements;
      const table = /^CREATE TEMP TABLE ("inline_derived_\d+") AS /.exec(create ?? '')?.[1];
      expect(table).toBeDefined();
      // The members are computed in the table only: the view and the parts read it.
      expect(create).toContain('WITH members AS');
      for (const query of [view, parts]) {
        expect(query).toContain(`FROM ${table ?? ''}`);
        expect(query).not.toContain('members AS');
      }
      expect(drop).toBe(`DROP TABLE IF EXISTS ${table ?? ''}`);
    }
    const left = await db.query(
      sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary`,
    );
    expect(left).toEqual([{ n: 0 }]);
  });

  it('stops when the request is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runMeasure(db, CATALOG[0]!, request('2025-12-31'), controller.signal),
    ).rejects.toThrow(/cancelled/);
  });
});
