import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { date, list, sql } from '../../../src/db/sql';

describe('the Node engine door', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('binds text as parameters and numbers as literals', async () => {
    const rows = await db.query(
      sql`SELECT ${"O'Brien"} AS name, ${3} * 2 AS six, ${true} AS yes, ${null}::VARCHAR AS nothing`,
    );
    expect(rows).toEqual([{ name: "O'Brien", six: 6, yes: true, nothing: null }]);
  });

  it('writes parameters inline as quoted literals (as the wasm client sends them) with the same results', async () => {
    const tricky = ["O'Brien", "x'); DROP TABLE families; --", "''", 'back\\slash', 'ünï €'];
    const statement = sql`SELECT ${tricky[0]!} AS a, ${tricky[1]!} AS b, ${tricky[2]!} AS c, ${tricky[3]!} AS d,
      ${tricky[4]!} AS e, ${null}::VARCHAR AS f, ${date('2024-02-29')}::VARCHAR AS g,
      (SELECT count(*)::INTEGER FROM (VALUES ('a'), ('b')) t(x) WHERE x IN ${list(['a', "b'"])}) AS h`;
    expect(statement.toInlineText()).toContain("'x''); DROP TABLE families; --'");
    const prepared = await db.query(statement);
    const inline = await db.query(statement.toInlineText());
    expect(inline).toEqual(prepared);
    expect(prepared).toEqual([
      {
        a: tricky[0],
        b: tricky[1],
        c: tricky[2],
        d: tricky[3],
        e: tricky[4],
        f: null,
        g: '2024-02-29',
        h: 1,
      },
    ]);
  });

  it('adds calendar months with the day clamped to the month end', async () => {
    const rows = await db.query(
      sql`SELECT CAST(${date('2024-01-31')} + INTERVAL 1 MONTH AS DATE)::VARCHAR AS d`,
    );
    expect(rows).toEqual([{ d: '2024-02-29' }]);
  });

  it('expands a list into one parameter per element', async () => {
    const rows = await db.query(
      sql`SELECT count(*)::INTEGER AS n FROM (VALUES ('a'), ('b'), ('c')) t(x) WHERE x IN ${list(['a', 'c'])}`,
    );
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('refuses BIGINT and DATE results, naming the column to cast', async () => {
    await expect(db.query('SELECT count(*) AS n FROM range(3)')).rejects.toThrow(/Column "n"/);
    await expect(db.query("SELECT DATE '2024-01-01' AS d")).rejects.toThrow(/Column "d"/);
  });

  it('interrupts a running query when its signal aborts, and refuses one already aborted', async () => {
    const controller = new AbortController();
    const running = db.query(
      'SELECT sum(range)::DOUBLE AS s FROM range(20000000000)',
      controller.signal,
    );
    setTimeout(() => {
      controller.abort();
    }, 100);
    // Only an interrupted query rejects: one left to finish would resolve with its sum.
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(db.query('SELECT 1 AS one', controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('never autoloads an extension from the network', async () => {
    const rows = await db.query(
      "SELECT value AS v FROM duckdb_settings() WHERE name = 'autoload_known_extensions'",
    );
    expect(rows).toEqual([{ v: 'false' }]);
  });
});
