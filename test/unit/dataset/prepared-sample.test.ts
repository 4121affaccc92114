import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract, type LoadReport } from '../../../src/dataset/load-extract';
import { TABLE_NAMES } from '../../../src/dataset/load-tables';
import {
  prepareLoadedExtract,
  stagePreparedExtract,
  type PreparedExtract,
  type PreparedManifest,
} from '../../../src/dataset/prepared-extract';
import { PREPARED_FILES, manifestText } from '../../../scripts/generate-sample-data';
import { sampleFiles } from './helpers';

const STALE =
  'sample-data/prepared/ is not what the loader makes of the sample CSV files now: run `npm run sample-data` and commit its output';

const committed: PreparedExtract = {
  manifest: JSON.parse(
    readFileSync(resolve('sample-data', PREPARED_FILES.manifest), 'utf8'),
  ) as PreparedManifest,
  arrows: new Uint8Array(readFileSync(resolve('sample-data', PREPARED_FILES.arrows))),
};

/** Every live table's columns (name, type, nullable) and rows, every value as text, in scan order. */
async function contents(db: DbClient) {
  const out: Record<string, { columns: string[]; rows: string[] }> = {};
  for (const table of TABLE_NAMES.live) {
    const columns = await db.query<{ name: string; type: string; nullable: boolean }>(`
      SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM duckdb_columns()
      WHERE database_name = current_database() AND table_name = '${table}' ORDER BY column_index`);
    const rows = await db.query<{ line: string }>(
      `SELECT to_json(t)::VARCHAR AS line FROM "${table}" AS t`,
    );
    out[table] = {
      columns: columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`),
      rows: rows.map((r) => r.line),
    };
  }
  return out;
}

describe('the sample prepared ahead (sample-data/prepared/)', () => {
  let loaded: DbClient;
  let report: LoadReport;
  let fresh: DbClient;

  beforeAll(async () => {
    loaded = await createNodeDb();
    report = await loadExtract(loaded, sampleFiles());
    fresh = await createNodeDb();
  }, 120_000);

  afterAll(async () => {
    await loaded.close();
    await fresh.close();
  }, 120_000);

  it('is exactly what the loader makes of the sample CSV files (report and every table, byte for byte)', async () => {
    expect(report.fatal).toBeNull();
    const now = await prepareLoadedExtract(loaded, report);
    expect(manifestText(now) === `${JSON.stringify(committed.manifest, null, 2)}\n`, STALE).toBe(
      true,
    );
    expect(now.manifest.report, STALE).toEqual(report);
    expect(Buffer.compare(now.arrows, committed.arrows) === 0, STALE).toBe(true);
    expect(readFileSync(resolve('sample-data', PREPARED_FILES.manifest), 'utf8'), STALE).toBe(
      manifestText(now),
    );
  }, 120_000);

  it('puts in a new database the same tables, columns, types and rows as the loader, and its report', async () => {
    const staged = await stagePreparedExtract(fresh, committed);
    await staged.swap();
    expect(staged.report).toEqual(report);
    const expected = await contents(loaded);
    const actual = await contents(fresh);
    expect(Object.keys(actual)).toEqual(TABLE_NAMES.live);
    for (const table of TABLE_NAMES.live) {
      expect(actual[table]!.columns, table).toEqual(expected[table]!.columns);
      expect(actual[table]!.rows.length, table).toBe(expected[table]!.rows.length);
      expect(actual[table]!.rows, table).toEqual(expected[table]!.rows);
    }
    // The sample's own numbers, from its generator (scripts/generate-sample-data.ts).
    expect(actual.families!.rows.length).toBe(5999);
    expect(actual.children!.rows.length).toBe(4858);
    expect(actual.adults!.rows.length).toBe(7397);
    expect(actual.extract_meta!.rows).toEqual(['{"data_through":"2025-09-30"}']);
    // Nothing staged is left behind.
    const leftovers = await fresh.query(
      "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'staged_%'",
    );
    expect(leftovers).toEqual([]);
  }, 120_000);

  it('refuses a prepared extract of another layout, leaving nothing staged', async () => {
    const other = await createNodeDb();
    try {
      await expect(
        stagePreparedExtract(other, {
          manifest: { ...committed.manifest, tables: committed.manifest.tables.slice(1) },
          arrows: committed.arrows,
        }),
      ).rejects.toThrow('run `npm run sample-data`');
      await expect(
        stagePreparedExtract(other, { ...committed, arrows: committed.arrows.subarray(1) }),
      ).rejects.toThrow('run `npm run sample-data`');
      expect(await other.query('SELECT table_name FROM duckdb_tables()')).toEqual([]);
    } finally {
      await other.close();
    }
  }, 120_000);
});
