import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { ident, literal, raw, sql } from '../../../src/db/sql';
import {
  canonicalValues,
  cleanSql,
  normalizeMacrosSql,
  parseSql,
} from '../../../src/dataset/normalize-sql';
import {
  cleanedCellSql,
  findColumnShapes,
  shapedParseSql,
} from '../../../src/dataset/column-shapes';
import { loadExtract, type ExtractFile } from '../../../src/dataset/load-extract';
import { LIVE } from '../../../src/dataset/load-tables';
import { TABLES, tableSpec, type ColumnSpec } from '../../../src/dataset/schema';
import { sampleFiles } from './helpers';

/**
 * A column whose shape shows the value macros give its cells back as written (or parsed by a
 * plain cast) is typed by that cheaper expression: these tests hold the two to the same values,
 * on the real engine.
 */

let db: DbClient;
let dir: string;
beforeAll(async () => {
  db = await createNodeDb();
  for (const statement of normalizeMacrosSql()) await db.exec(statement);
  dir = mkdtempSync(join(tmpdir(), 'column-shapes-'));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const allColumns: ColumnSpec[] = TABLES.flatMap((t) => t.columns);

describe('canonical values', () => {
  it('are kept by the column’s cleaning and given back by its parser, for every county, group and enum column', async () => {
    let checked = 0;
    for (const column of allColumns) {
      const values = canonicalValues(column);
      if (values === null) continue;
      for (const value of values) {
        const [row] = await db.query<{ cleaned: string | null; parsed: string | null }>(
          sql`SELECT cleaned, ${raw(parseSql(column, 'cleaned'))} AS parsed
              FROM (SELECT ${raw(cleanSql(column, 'cell'))} AS cleaned FROM (SELECT ${value} AS cell))`,
        );
        expect({ column: column.name, ...row }).toEqual({
          column: column.name,
          cleaned: value,
          parsed: value,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(58);
  });
});

/** Cells of one column of each shape, and cells that break the shape. */
const CELLS: Record<string, { column: ColumnSpec; fits: (string | null)[]; breaks: string[] }> = {
  date: {
    column: tableSpec('families').columns.find((c) => c.name === 'linkages_start_date')!,
    fits: ['2023-01-05', '2024-02-29', '2023-02-30', '0001-01-01', '9999-12-31', 'NA', 'n/a', null],
    breaks: ['1/5/2023', ' 2023-01-05', '2023-01-05T10:00', '45000', ' NA'],
  },
  county: {
    column: tableSpec('families').columns.find((c) => c.type === 'county')!,
    fits: ['Alameda', 'San Luis Obispo', 'Los Angeles', 'N/A', null],
    breaks: ['alameda', '01', 'Alameda County', 'Alameda '],
  },
  money: {
    column: tableSpec('adults').columns.find((c) => c.type === 'money')!,
    fits: ['0', '007', '1.', '12.50', '99999999999999999999', 'NaN', '#N/A', null],
    breaks: ['$12.50', '1,234.50', '-5', '(5)', '.5', '1e5', 'Infinity'],
  },
  text: {
    column: tableSpec('families').columns.find((c) => c.name === 'family_id')!,
    fits: ['F001', '01', 'abc-DEF', '5439', 'NULL', '.A', null],
    breaks: ['5439.0', ' F001', 'NA ', 'F 001', 'x\u200b', 'nothing'],
  },
};

describe('findColumnShapes', () => {
  for (const [name, { column, fits, breaks }] of Object.entries(CELLS)) {
    it(`finds a ${name} column's shape, types it as the macros do, and loses it to one cell that breaks it`, async () => {
      const table = ident(`shape_${name}`);
      await db.exec(sql`CREATE OR REPLACE TABLE ${table} (_row_no INTEGER, cell VARCHAR)`);
      for (const [i, value] of fits.entries())
        await db.exec(sql`INSERT INTO ${table} VALUES (${i + 2}, ${value})`);
      const match = [{ column, header: 'cell' }];
      const shape = (await findColumnShapes(db, table, ['cell'], match)).get('cell');
      expect(shape).toMatchObject({
        asWritten: name !== 'county',
        cleansPlainly: true,
        isoDates: name === 'date',
        canonical: name === 'county',
        plainAmounts: name === 'money',
      });
      const shapes = new Map([['cell', shape!]]);
      // The shaped expressions against the macros, cell by cell.
      const rows = await db.query<{ same: boolean; shaped: string | null }>(sql`
        SELECT (shaped IS NOT DISTINCT FROM macro_value) AND (shaped_text IS NOT DISTINCT FROM full_text) AS same,
               shaped::VARCHAR AS shaped
        FROM (SELECT ${raw(shapedParseSql(column, 'shaped_text', shape))} AS shaped,
                     ${raw(parseSql(column, 'full_text'))} AS macro_value, shaped_text, full_text
              FROM (SELECT ${cleanedCellSql(column, 'cell', shapes)} AS shaped_text,
                           ${raw(cleanSql(column, 'cell'))} AS full_text FROM ${table}))`);
      expect(rows.length).toBe(fits.length);
      expect(rows.every((r) => r.same)).toBe(true);
      expect(rows.some((r) => r.shaped !== null)).toBe(true);
      for (const value of breaks) {
        await db.exec(sql`INSERT INTO ${table} VALUES (99, ${value})`);
        const broken = (await findColumnShapes(db, table, ['cell'], match)).get('cell');
        expect({
          value,
          fits:
            broken?.isoDates ||
            broken?.canonical ||
            broken?.plainAmounts ||
            (name === 'text' && broken?.cleansPlainly),
        }).toEqual({ value, fits: false });
        await db.exec(sql`DELETE FROM ${table} WHERE _row_no = 99`);
      }
    });
  }
});

/** Every table a load leaves, each row as JSON, sorted. */
async function loadedTables(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const names = [
    ...TABLES.flatMap((t) => [LIVE.table(t.name), LIVE.raw(t.name), LIVE.malformed(t.name)]),
    LIVE.meta,
    LIVE.columns,
    LIVE.issues,
  ];
  for (const name of names) {
    const rows = await db.query<{ j: string }>(
      sql`SELECT to_json(t)::VARCHAR AS j FROM ${name} t ORDER BY j`,
    );
    out[name.toInlineText()] = rows.map((r) => r.j);
  }
  return out;
}

describe('a load with column shapes', () => {
  it('gives the same report and tables as with every column through the macros: a clean export and the messy sample', async () => {
    // A clean export: the sample as loaded, written back out (YYYY-MM-DD dates, canonical
    // counties, groups and codes, plain amounts).
    await loadExtract(db, sampleFiles(), {});
    const clean: ExtractFile[] = [];
    for (const t of TABLES) {
      const path = join(dir, t.fileName);
      await db.exec(
        sql`COPY (SELECT * EXCLUDE (row_no) FROM ${LIVE.table(t.name)} ORDER BY row_no) TO ${raw(literal(path).toInlineText())} (HEADER, DELIMITER ',')`,
      );
      clean.push({ fileName: t.fileName, source: { kind: 'path', path } });
    }
    for (const files of [clean, sampleFiles()]) {
      const withShapes = await loadExtract(db, files, {});
      const shapedTables = await loadedTables();
      const withoutShapes = await loadExtract(db, files, { columnShapes: false });
      expect(withShapes).toEqual(withoutShapes);
      expect(shapedTables).toEqual(await loadedTables());
      expect(withShapes.fatal).toBeNull();
    }
  }, 240_000);

  it('finds the clean export’s columns in shape: dates, counties and amounts are typed without the macros', async () => {
    const path = join(dir, 'families.csv');
    await db.exec(
      sql`CREATE OR REPLACE TABLE shape_families AS SELECT 0 AS _row_no, * FROM read_csv(${path}, all_varchar = true)`,
    );
    const spec = tableSpec('families');
    const headers = spec.columns.map((c) => c.name);
    const match = spec.columns.map((column) => ({ column, header: column.name }));
    const shapes = await findColumnShapes(
      db,
      ident('shape_families'),
      headers,
      match,
      new Set(['mutual_start_date']),
    );
    expect(shapes.get('mutual_start_date')?.isoDates).toBe(true);
    // The range of the YYYY-MM-DD cells as written (the date checks read it).
    const [range] = await db.query<{ first: string; last: string }>(
      sql`SELECT min(mutual_start_date) AS first, max(mutual_start_date) AS last FROM shape_families`,
    );
    expect(shapes.get('mutual_start_date')?.isoRange).toEqual(range);
    expect(range?.first).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(shapes.get('identified_date')?.isoRange).toBeUndefined();
    expect(shapes.get('county')?.canonical).toBe(true);
    expect(shapes.get('group')?.canonical).toBe(true);
    expect(shapes.get('family_id')?.asWritten).toBe(true);
  });
});
