import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { loadExtract } from '../../../src/dataset/load-extract';
import { readRawFile } from '../../../src/dataset/read-file';
import { counts } from './helpers';

/** Families typed as a database would export them: DATE, TIMESTAMP, BOOLEAN and text columns. */
const FAMILIES = `
  SELECT * FROM (VALUES
    ('F001', 'Fresno', 'U1', 'linkages', DATE '2024-01-10', 'data_match', DATE '2024-01-12',
     TIMESTAMP '2024-01-20 09:30:00', 'ER', false, NULL::DATE, DATE '2025-06-30'),
    ('F002', 'fresno', 'U1', 'Linkages', DATE '2024-02-01', 'liaison', DATE '2024-02-03',
     NULL::TIMESTAMP, 'FM', true, DATE '2024-12-01', DATE '2025-06-30'),
    (NULL, 'Kern', 'U3', 'comparison', DATE '2024-03-15', 'other', NULL::DATE,
     NULL::TIMESTAMP, 'FR', true, NULL::DATE, DATE '2025-06-30'),
    ('F004', 'Kern', 'U3', 'comparison', DATE '2024-04-01', 'cws_screening', NULL::DATE,
     TIMESTAMP '2024-05-01 00:00:00', 'PP', NULL::BOOLEAN, NULL::DATE, DATE '2025-06-30')
  ) AS t(family_id, county, unit_id, "group", mutual_start_date, id_source, linkages_start_date,
         coordinated_plan_date, cws_component_at_index, child_in_care_at_index,
         cws_case_close_date, data_through_date)`;

let db: DbClient;
let dir: string;
beforeAll(async () => {
  db = await createNodeDb();
  dir = mkdtempSync(join(tmpdir(), 'linkages-parquet-'));
  await db.exec(`COPY (${FAMILIES}) TO '${join(dir, 'families.parquet')}' (FORMAT parquet)`);
  await db.exec(`COPY (${FAMILIES}) TO '${join(dir, 'families.csv')}' (FORMAT csv, HEADER)`);
});
afterAll(async () => {
  await db.close();
});

const load = (fileName: string) =>
  loadExtract(db, [{ fileName, source: { kind: 'path', path: join(dir, fileName) } }]);

describe('a Parquet extract', () => {
  it('loads every row, rejecting the family without a family_id on its row 4', async () => {
    const report = await load('families.parquet');
    expect(report.fatal).toBeNull();
    expect(report.tables).toEqual(['families']);
    expect(report.dataThrough).toBe('2025-06-30');
    const [file] = report.files;
    expect(file?.error).toBeNull();
    expect(file?.table).toBe('families');
    expect(counts(file)).toEqual({ rows: 4, loaded: 3, warnings: 0, rejected: 1 });
    const rejected = file?.issues.filter((i) => i.severity === 'error') ?? [];
    expect(rejected.map((i) => [i.column, i.count, i.examples.map((e) => e.rowNo)])).toEqual([
      ['family_id', 1, [4]],
    ]);
  });

  it('keeps dates, timestamps and booleans as the typed values they were', async () => {
    await load('families.parquet');
    const rows = await db.query(`
      SELECT row_no, family_id, county, "group", mutual_start_date::VARCHAR AS start,
             coordinated_plan_date::VARCHAR AS plan, child_in_care_at_index AS in_care,
             cws_case_close_date::VARCHAR AS closed
      FROM families ORDER BY row_no`);
    expect(rows).toEqual([
      {
        row_no: 2,
        family_id: 'F001',
        county: 'Fresno',
        group: 'linkages',
        start: '2024-01-10',
        plan: '2024-01-20',
        in_care: false,
        closed: null,
      },
      {
        row_no: 3,
        family_id: 'F002',
        county: 'Fresno',
        group: 'linkages',
        start: '2024-02-01',
        plan: null,
        in_care: true,
        closed: '2024-12-01',
      },
      {
        row_no: 5,
        family_id: 'F004',
        county: 'Kern',
        group: 'comparison',
        start: '2024-04-01',
        plan: '2024-05-01',
        in_care: null,
        closed: null,
      },
    ]);
  });

  it('gives the same counts as the same table saved as CSV', async () => {
    const parquet = await load('families.parquet');
    const csv = await load('families.csv');
    expect(parquet.files.map(counts)).toEqual(csv.files.map(counts));
    expect(parquet.files[0]?.issues).toEqual(csv.files[0]?.issues);
  });

  it('reads a Parquet file handed over as bytes, numbering rows from 2', async () => {
    const [hex] = await db.query<{ h: string }>(
      `SELECT hex(content) AS h FROM read_blob('${join(dir, 'families.parquet')}')`,
    );
    const bytes = Uint8Array.from(hex?.h.match(/../g) ?? [], (b) => parseInt(b, 16));
    const read = await readRawFile(
      db,
      { fileName: 'export.bin', source: { kind: 'bytes', bytes } },
      'parquet_raw',
    );
    expect(read).toEqual({
      ok: true,
      raw: {
        name: 'parquet_raw',
        headers: [
          'family_id',
          'county',
          'unit_id',
          'group',
          'mutual_start_date',
          'id_source',
          'linkages_start_date',
          'coordinated_plan_date',
          'cws_component_at_index',
          'child_in_care_at_index',
          'cws_case_close_date',
          'data_through_date',
        ],
        rows: 4,
        malformed: 0,
        encoding: 'utf-8',
      },
    });
    const first = await db.query(
      `SELECT _row_no, coordinated_plan_date, child_in_care_at_index FROM parquet_raw ORDER BY _row_no LIMIT 2`,
    );
    expect(first).toEqual([
      { _row_no: 2, coordinated_plan_date: '2024-01-20 09:30:00', child_in_care_at_index: 'false' },
      { _row_no: 3, coordinated_plan_date: null, child_in_care_at_index: 'true' },
    ]);
  });

  it('refuses a file named .parquet that is not Parquet, saying so', async () => {
    const read = await readRawFile(
      db,
      {
        fileName: 'families.parquet',
        source: { kind: 'bytes', bytes: new TextEncoder().encode('family_id\nF001\n') },
      },
      'not_parquet',
    );
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(
      /^families\.parquet could not be read as a Parquet file/,
    );
  });
});

describe('a TIMESTAMPTZ column', () => {
  // pandas writes a time-zone-aware datetime as TIMESTAMPTZ at midnight UTC. The browser's engine
  // reads its UTC date; the command line must read the same on a machine in California, where
  // that instant is the day before (the Node client's connection is set to UTC).
  it("reads the UTC date whatever the machine's time zone (TZ=America/Los_Angeles)", async () => {
    const path = join(dir, 'children-tz.parquet');
    await db.exec(
      `COPY (SELECT 'C01' AS child_id, TIMESTAMPTZ '2022-12-01 00:00:00+00' AS removal_date) TO '${path}' (FORMAT parquet)`,
    );
    const script = `
      import { createNodeDb } from ${JSON.stringify(join(import.meta.dirname, '../../../src/db/node-client.ts'))};
      import { readRawFile } from ${JSON.stringify(join(import.meta.dirname, '../../../src/dataset/read-file.ts'))};
      const db = await createNodeDb();
      await readRawFile(db, { fileName: 'children.parquet', source: { kind: 'path', path: ${JSON.stringify(path)} } }, 'tz_raw');
      const rows = await db.query('SELECT removal_date FROM tz_raw');
      console.log(JSON.stringify({ rows, nodeOffset: new Date(2022, 11, 1).getTimezoneOffset() }));
      await db.close();`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: { ...process.env, TZ: 'America/Los_Angeles' },
        encoding: 'utf8',
      },
    );
    const { rows, nodeOffset } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      rows: { removal_date: string }[];
      nodeOffset: number;
    };
    // The child process did run in California (8 hours behind UTC in December).
    expect(nodeOffset).toBe(480);
    expect(rows.map((r) => r.removal_date.slice(0, 10))).toEqual(['2022-12-01']);
  });
});
