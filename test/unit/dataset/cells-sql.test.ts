import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { raw, sql } from '../../../src/db/sql';
import { cellKey, cellsSql, columnIsSql, perColumnSql } from '../../../src/dataset/cells-sql';

/**
 * The privacy scan and the date checks read every column's cells as one column (cells-sql.ts):
 * these tests hold the unpivoted rows to the table's cells, on the real engine.
 */

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb({ threads: 1 });
  // Headers as a county system writes them (spaces, a quote), and blank cells.
  await db.exec(sql`CREATE TABLE t AS SELECT * FROM (VALUES
    (2, 'a', NULL, '1/2/2023'),
    (3, NULL, 'x"y', '2023-01-02'),
    (4, 'b', 'z', NULL),
    (5, 'c', NULL, NULL)) v(_row_no, "Family ID", "Odd ""Name""", "Date Identified")`);
});
afterAll(async () => {
  await db.close();
});

describe('cellsSql', () => {
  it('gives one row per non-blank cell, keyed by the header position, with the row number', async () => {
    const headers = ['Family ID', 'Odd "Name"', 'Date Identified'];
    const rows = await db.query(
      sql`SELECT _row_no, k, cell FROM (${cellsSql(raw('t'), headers, { rowNo: true })}) ORDER BY _row_no, k`,
    );
    expect(rows).toEqual([
      { _row_no: 2, k: cellKey(0), cell: 'a' },
      { _row_no: 2, k: cellKey(2), cell: '1/2/2023' },
      { _row_no: 3, k: cellKey(1), cell: 'x"y' },
      { _row_no: 3, k: cellKey(2), cell: '2023-01-02' },
      { _row_no: 4, k: cellKey(0), cell: 'b' },
      { _row_no: 4, k: cellKey(1), cell: 'z' },
      { _row_no: 5, k: cellKey(0), cell: 'c' },
    ]);
  });

  it('reads the first rows only with a limit, in table order', async () => {
    const rows = await db.query(
      sql`SELECT k, cell FROM (${cellsSql(raw('t'), ['Family ID'], { limit: 2 })}) ORDER BY cell`,
    );
    expect(rows).toEqual([{ k: 'c0', cell: 'a' }]);
  });
});

describe('perColumnSql and columnIsSql', () => {
  it('writes an expression once when every column gives it, else a CASE on the column', async () => {
    expect(perColumnSql(['x', 'x'], (c) => `upper(${c})`).toInlineText()).toBe('upper(x)');
    const mixed = perColumnSql(['lower', 'upper'], (f) => `${f}(cell)`);
    const rows = await db.query(
      sql`SELECT k, ${mixed} AS v FROM (${cellsSql(raw('t'), ['Family ID', 'Odd "Name"'])}) ORDER BY k, v`,
    );
    expect(rows).toEqual([
      { k: 'c0', v: 'a' },
      { k: 'c0', v: 'b' },
      { k: 'c0', v: 'c' },
      { k: 'c1', v: 'X"Y' },
      { k: 'c1', v: 'Z' },
    ]);
    const picked = columnIsSql(['no', 'yes', 'yes'], (c) => c === 'yes');
    const [count] = await db.query(
      sql`SELECT count_if(${picked})::INTEGER AS n FROM (${cellsSql(raw('t'), ['Family ID', 'Odd "Name"', 'Date Identified'])})`,
    );
    expect(count).toEqual({ n: 4 });
    expect(columnIsSql(['no'], () => false).toInlineText()).toBe('FALSE');
  });
});
