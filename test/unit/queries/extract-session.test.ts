import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient, FileSource } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import type { ExtractFile } from '../../../src/dataset/load-extract';
import { CATALOG } from '../../../src/measures/catalog';
import { runMeasure } from '../../../src/measures/run-measure';
import type { ProportionResult } from '../../../src/measures/types';
import { ExtractSession, type LoadedExtract } from '../../../src/queries/extract-session';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/extracts');

function files(...paths: string[]): ExtractFile[] {
  return paths.map((path) => ({
    fileName: path.split('/').pop()!,
    source: { kind: 'path', path: resolve(FIXTURES, path) },
  }));
}

/** The real engine, with every file it is given to read recorded (by path, once per read in a row). */
function recordingReads(db: DbClient): { db: DbClient; reads: string[] } {
  const reads: string[] = [];
  const record = (source: FileSource) => {
    const read = source.kind === 'path' ? source.path : `(${source.kind})`;
    if (reads.at(-1) !== read) reads.push(read);
  };
  return {
    reads,
    db: {
      ...db,
      readBytes: (source, start, end) => {
        record(source);
        return db.readBytes(source, start, end);
      },
      registerFile: (name, source) => {
        record(source);
        return db.registerFile(name, source);
      },
      createTableFromParquet: (table, source, signal) => {
        record(source);
        return db.createTableFromParquet(table, source, signal);
      },
    },
  };
}

const coordination = CATALOG.find((m) => m.id === 'coordination-30d')!;

async function coordinationRows(db: DbClient, extract: LoadedExtract) {
  const result = (await runMeasure(
    db,
    coordination,
    { by: ['county'], period: 'quarter', dataThrough: extract.report.dataThrough! },
    undefined,
    extract.members,
  )) as ProportionResult;
  return result.rows.map((r) => [r.county, r.group, r.numerator, r.denominator]);
}

async function tableCounts(db: DbClient) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM families)::INTEGER AS families,
            (SELECT count(*) FROM children)::INTEGER AS children,
            (SELECT count(*) FROM adults)::INTEGER AS adults,
            (SELECT max(data_through)::VARCHAR FROM extract_meta) AS through,
            (SELECT count(*) FROM load_issues)::INTEGER AS issues`,
  );
  return row;
}

async function memberTableNames(db: DbClient): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'members_%' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

const GOOD_COUNTS = { families: 4, children: 3, adults: 3, through: '2025-06-30', issues: 0 };
/** Coordination within 30 days by county: county, group, numerator, denominator. */
const GOOD_COORDINATION = [
  ['Fresno', 'linkages', 1, 2],
  ['Fresno', 'comparison', 0, 1],
  ['Kern', 'comparison', 0, 1],
];

describe('the extract session', () => {
  let engine: DbClient;
  let db: DbClient;
  let reads: string[];
  let session: ExtractSession;
  let first: LoadedExtract;

  beforeAll(async () => {
    engine = await createNodeDb();
    ({ db, reads } = recordingReads(engine));
    session = new ExtractSession(db);
    const loaded = await session.load({
      source: 'upload',
      label: 'good',
      files: files('good/families.csv', 'good/children.csv', 'good/adults.csv'),
    });
    first = loaded!;
  });
  afterAll(async () => {
    await session.dispose();
    await engine.close();
  });

  it('shows a good extract once it is loaded', async () => {
    expect(session.getSnapshot().extract).toBe(first);
    expect(first.id).toBe(1);
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);
    expect(await coordinationRows(db, first)).toEqual(GOOD_COORDINATION);
  });

  it('keeps the extract on screen, its tables, member tables and results when a load fails, and reads none of its files again', async () => {
    const members = await memberTableNames(db);
    expect(members.length).toBeGreaterThan(0);
    const readBefore = reads.length;
    const failed = await session.load({
      source: 'upload',
      label: 'broken',
      files: files('not-csv/families.csv'),
    });
    expect(failed).toBeNull();
    const snapshot = session.getSnapshot();
    expect(snapshot.extract).toBe(first);
    expect(snapshot.pending).toBeNull();
    expect(snapshot.failedReport?.fatal).toBe(
      'families.csv is a PDF document, not a CSV file. Export the table from the source system as CSV and load that file. ' +
        'Without the families file no measure can be computed.',
    );
    expect(reads.slice(readBefore)).toEqual([resolve(FIXTURES, 'not-csv/families.csv')]);
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);
    expect(await memberTableNames(db)).toEqual(members);
    expect(await coordinationRows(db, first)).toEqual(GOOD_COORDINATION);
    expect(reads.slice(readBefore)).toEqual([resolve(FIXTURES, 'not-csv/families.csv')]);
  });

  it('asks for a missing data-through date without replacing the extract, then replaces it once given', async () => {
    const asked = await session.load({
      source: 'upload',
      label: 'no date',
      files: files('data-through/no-date.csv'),
    });
    expect(asked).toBeNull();
    expect(session.getSnapshot().needsDataThrough?.label).toBe('no date');
    expect(session.getSnapshot().extract).toBe(first);
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);

    const second = await session.provideDataThrough('2025-06-30');
    expect(second?.id).toBe(2);
    expect(session.getSnapshot()).toMatchObject({
      extract: second,
      needsDataThrough: null,
      failedReport: null,
    });
    // N2 starts after the data-through date: rejected.
    expect(await tableCounts(db)).toEqual({
      families: 1,
      children: 0,
      adults: 0,
      through: '2025-06-30',
      issues: 1,
    });
    // The first extract's member tables went with it.
    expect(await memberTableNames(db)).toEqual([]);
    expect(await coordinationRows(db, second!)).toEqual([['Fresno', 'linkages', 0, 1]]);
  });
});
