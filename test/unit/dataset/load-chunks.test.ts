import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract } from '../../../src/dataset/load-extract';
import { TABLES } from '../../../src/dataset/schema';
import { sampleFiles } from './helpers';

/** The report and every stored row of the sample extract, loaded `chunkRows` rows at a time. */
async function loadSample(chunkRows?: number) {
  const db = await createNodeDb();
  const report = await loadExtract(db, sampleFiles(), chunkRows === undefined ? {} : { chunkRows });
  const tables: Record<string, unknown[]> = {};
  for (const { name } of TABLES) {
    tables[name] = await db.query(`SELECT COLUMNS(*)::VARCHAR FROM ${name} ORDER BY row_no`);
  }
  const issues = await db.query(
    'SELECT * FROM load_issues ORDER BY table_name, row_no, reason, severity',
  );
  const leftOver = await db.query(
    "SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^load_(typed|dups)_')",
  );
  await db.close();
  return { report, tables, issues, leftOver };
}

describe('typing a file in chunks', () => {
  it('stores, rejects and reports the same rows whatever the chunk size (duplicates and orphans span chunks)', async () => {
    const whole = await loadSample();
    const chunked = await loadSample(997);
    // The sample's deliberate errors: a family duplicated 3,000 lines apart, an orphan child,
    // a duplicated adult: with chunks of 997 rows, each pair is split across chunks.
    expect(whole.report.files.map((f) => f.rejected)).toEqual([2, 1, 4]);
    expect(chunked.report).toEqual(whole.report);
    expect(chunked.issues).toEqual(whole.issues);
    expect(chunked.tables).toEqual(whole.tables);
    expect(whole.tables.families).toHaveLength(5999);
    expect(chunked.leftOver).toEqual([]);
  });
});
