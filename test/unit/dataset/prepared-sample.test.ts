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
import { PREPARED_FILES, manifestText, membersText } from '../../../scripts/generate-sample-data';
import { availableMeasures } from '../../../src/measures/catalog';
import { keptExtractContents, readExtractContents } from '../../../src/measures/columns-read';
import { keptFilterValues, listFilterValues } from '../../../src/measures/filter-values';
import { MemberTables, type PreparedMemberTables } from '../../../src/measures/member-tables';
import { prepareMemberTables } from '../../../src/measures/prepare-member-tables';
import { runMeasure } from '../../../src/measures/run-measure';
import type { MeasureRequest } from '../../../src/measures/types';
import { sampleFiles } from './helpers';

const STALE =
  'sample-data/prepared/ is not what the loader makes of the sample CSV files now: run `npm run sample-data` and commit its output';

const committed: PreparedExtract = {
  manifest: JSON.parse(
    readFileSync(resolve('sample-data', PREPARED_FILES.manifest), 'utf8'),
  ) as PreparedManifest,
  arrows: new Uint8Array(readFileSync(resolve('sample-data', PREPARED_FILES.arrows))),
};
const committedMembers = {
  prepared: JSON.parse(
    readFileSync(resolve('sample-data', PREPARED_FILES.members), 'utf8'),
  ) as PreparedMemberTables,
  arrows: new Uint8Array(readFileSync(resolve('sample-data', PREPARED_FILES.memberArrows))),
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

  it('holds the member tables and kept values of every measure exactly as MemberTables computes them on the loaded sample', async () => {
    const now = await prepareMemberTables(loaded, report.dataThrough ?? '');
    expect(membersText(now) === membersText(committedMembers), STALE).toBe(true);
    expect(Buffer.compare(now.arrows, committedMembers.arrows) === 0, STALE).toBe(true);
    // Only the tables views read are written (none: every view is summed from kept values), and
    // the kept values: disclosure parts, one per measure; each count's and proportion's cell
    // table read whole (13) and each time to event's times read whole (2), the views sum them in
    // TypeScript; the extract's contents and the filter bar's values. The members and the cell
    // and times tables they were made from are named by key.
    const measures = await availableMeasures(loaded);
    expect(measures).toHaveLength(15);
    // The 13 cell tables and the 2 times tables are read only through their kept rows (values),
    // so they are named with the 12 members tables, not written.
    expect(now.prepared.tables).toHaveLength(0);
    expect(now.prepared.values).toHaveLength(15 + 13 + 2 + 2);
    expect(now.prepared.intermediates).toHaveLength(12 + 13 + 2);
    // prepareMemberTables leaves no table behind.
    expect(
      await loaded.query(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'members_%'",
      ),
    ).toEqual([]);
  }, 120_000);

  it('gives, put in a new database, every measure’s results in every view equal to computing them, computing no table for the first dashboard, and the cell tables when their rows are not kept', async () => {
    const other = await createNodeDb();
    try {
      const staged = await stagePreparedExtract(other, committed);
      await staged.swap();
      const created: string[] = [];
      const watching: DbClient = {
        ...other,
        exec: (statement, signal) => {
          const text = typeof statement === 'string' ? statement : statement.toQuery().text;
          if (text.startsWith('CREATE')) created.push(text);
          return other.exec(statement, signal);
        },
      };
      const prepared = await MemberTables.fromPrepared(
        watching,
        committedMembers.prepared,
        committedMembers.arrows,
      );
      // No table is put in place: every view reads kept values.
      const memberTablesInPlace = async () =>
        (
          await other.query(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'members_%'",
          )
        ).length;
      expect(await memberTablesInPlace()).toBe(0);
      created.length = 0;
      const computed = new MemberTables(loaded);
      const D = report.dataThrough ?? '';
      const views: MeasureRequest[] = [
        { by: ['cohort'], period: 'quarter', dataThrough: D },
        { by: [], period: 'quarter', dataThrough: D, filters: { cohortTo: '2024Q4' } },
        { by: ['county', 'cohort'], period: 'year', dataThrough: D },
        { by: ['cohort'], period: 'half', dataThrough: D, filters: { counties: ['Fresno'] } },
      ];
      const measures = await availableMeasures(loaded);
      for (const view of views) {
        const fromPrepared = await Promise.all(
          measures.map((m) => runMeasure(watching, m, view, undefined, prepared)),
        );
        const fromLoad = await Promise.all(
          measures.map((m) => runMeasure(loaded, m, view, undefined, computed)),
        );
        expect(fromPrepared).toEqual(fromLoad);
      }
      expect(created).toEqual([]);
      expect(await memberTablesInPlace()).toBe(0);
      // What the set holds, written again, is byte for byte the committed set.
      expect(await prepared.prepare()).toEqual(committedMembers);
      // Without the kept cells, a view makes the cell tables they are read from (and the
      // members those are made from), for the same results.
      const withoutCells = await MemberTables.fromPrepared(
        other,
        {
          ...committedMembers.prepared,
          values: committedMembers.prepared.values.filter((v) => !v.key.startsWith('["cell-')),
        },
        committedMembers.arrows,
      );
      expect(
        await Promise.all(
          measures.map((m) => runMeasure(other, m, views[0]!, undefined, withoutCells)),
        ),
      ).toEqual(
        await Promise.all(
          measures.map((m) => runMeasure(loaded, m, views[0]!, undefined, computed)),
        ),
      );
      expect(await memberTablesInPlace()).toBeGreaterThan(13);
      await withoutCells.dispose();
      // The extract's contents and the filter bar's values, kept with the prepared set, read no table.
      const queried: string[] = [];
      const reading: DbClient = {
        ...other,
        query: (query, signal) => {
          queried.push(typeof query === 'string' ? query : query.toQuery().text);
          return other.query(query, signal);
        },
      };
      const contents = await keptExtractContents(reading, prepared);
      expect(contents).toEqual(await readExtractContents(loaded));
      expect(await keptFilterValues(reading, prepared, contents.tables)).toEqual(
        await listFilterValues(loaded),
      );
      expect(queried).toEqual([]);
      // Another data-through date computes its tables, the members they come from included.
      const earlier: MeasureRequest = {
        by: ['cohort'],
        period: 'quarter',
        dataThrough: '2025-03-31',
      };
      const again = await Promise.all(
        measures.map((m) => runMeasure(watching, m, earlier, undefined, prepared)),
      );
      expect(again).toEqual(
        await Promise.all(measures.map((m) => runMeasure(loaded, m, earlier, undefined, computed))),
      );
      expect(created.length).toBeGreaterThan(15);
      await prepared.dispose();
      await computed.dispose();
      expect(
        await other.query(
          "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'members_%'",
        ),
      ).toEqual([]);
    } finally {
      await other.close();
    }
  }, 240_000);

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
