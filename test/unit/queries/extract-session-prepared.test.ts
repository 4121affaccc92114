import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineRestartedError, type DbClient, type Row } from '../../../src/db/client';
import { Sql } from '../../../src/db/sql';
import { createNodeDb } from '../../../src/db/node-client';
import type { PreparedExtract, PreparedManifest } from '../../../src/dataset/prepared-extract';
import { availableMeasures } from '../../../src/measures/catalog';
import type { PreparedMemberTables } from '../../../src/measures/member-tables';
import { runMeasure } from '../../../src/measures/run-measure';
import {
  ExtractSession,
  type ExtractRequest,
  type PreparedSample,
} from '../../../src/queries/extract-session';
import { PREPARED_FILES } from '../../../scripts/generate-sample-data';
import { sampleFiles } from '../dataset/helpers';

const PREPARED: PreparedExtract = {
  manifest: JSON.parse(
    readFileSync(resolve('sample-data', PREPARED_FILES.manifest), 'utf8'),
  ) as PreparedManifest,
  arrows: new Uint8Array(readFileSync(resolve('sample-data', PREPARED_FILES.arrows))),
};
const MEMBERS: PreparedSample['members'] = {
  prepared: JSON.parse(
    readFileSync(resolve('sample-data', PREPARED_FILES.members), 'utf8'),
  ) as PreparedMemberTables,
  arrows: new Uint8Array(readFileSync(resolve('sample-data', PREPARED_FILES.memberArrows))),
};
const SAMPLE_COUNTS = { families: 5999, children: 4858, adults: 7397, through: '2025-09-30' };

async function tableCounts(db: DbClient) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM families)::INTEGER AS families,
            (SELECT count(*) FROM children)::INTEGER AS children,
            (SELECT count(*) FROM adults)::INTEGER AS adults,
            (SELECT max(data_through)::VARCHAR FROM extract_meta) AS through`,
  );
  return row;
}

/**
 * The real engine, recording every statement's text and every file registered; it can be made
 * to fail as a DuckDB-wasm instance that ran out of memory does (every call fails) until restarted.
 */
function recordingEngine(db: DbClient) {
  let dead = false;
  const statements: string[] = [];
  const registered: string[] = [];
  const gate =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      dead ? Promise.reject(new Error('RuntimeError: memory access out of bounds')) : call(...args);
  const text = (s: Sql | string) => (s instanceof Sql ? s.toQuery().text : s);
  let restarts = 0;
  const engine: DbClient = {
    ...db,
    exec: gate((statement, signal) => {
      statements.push(text(statement));
      return db.exec(statement, signal);
    }),
    query: <T extends Row = Row>(query: Sql | string, signal?: AbortSignal) =>
      gate(() => {
        statements.push(text(query));
        return db.query<T>(query, signal);
      })(),
    transaction: gate((list) => {
      statements.push(...list.map(text));
      return db.transaction(list);
    }),
    registerFile: gate((name, source) => {
      registered.push(name);
      return db.registerFile(name, source);
    }),
    appendArrow: gate((table, ipc, signal) => db.appendArrow(table, ipc, signal)),
    restart: async () => {
      restarts++;
      dead = false;
      await db.restart();
    },
  };
  return {
    engine,
    statements,
    registered,
    restarts: () => restarts,
    kill: () => {
      dead = true;
    },
  };
}

const readsCsv = (statements: string[]) => statements.filter((s) => /read_csv/i.test(s)).length;

describe('the extract session on a request with prepared tables (the bundled sample)', () => {
  let db: DbClient;
  beforeEach(async () => {
    db = await createNodeDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('puts the prepared tables in place without reading the files, and again after the instance dies', async () => {
    const recording = recordingEngine(db);
    const session = new ExtractSession(recording.engine);
    let fetched = 0;
    const sample: ExtractRequest = {
      source: 'sample',
      label: 'Synthetic sample — not county data',
      files: sampleFiles(),
      prepared: () => {
        fetched++;
        return Promise.resolve(PREPARED);
      },
    };
    const first = await session.load(sample);
    expect(first?.report).toEqual(PREPARED.manifest.report);
    expect(first?.source).toBe('sample');
    expect(await tableCounts(db)).toEqual(SAMPLE_COUNTS);
    expect(readsCsv(recording.statements)).toBe(0);
    expect(recording.registered).toEqual([]);
    expect(fetched).toBe(1);

    // An upload during which the instance dies (duckdb-wasm#1954): the sample comes back, prepared.
    recording.kill();
    const failed = await session.load({
      source: 'upload',
      label: 'families.csv',
      files: sampleFiles(['families.csv']),
    });
    expect(failed).toBeNull();
    expect(recording.restarts()).toBe(1);
    const snapshot = session.getSnapshot();
    expect(snapshot.extract?.id).not.toBe(first!.id);
    expect(snapshot.extract?.source).toBe('sample');
    expect(snapshot.extract?.report).toEqual(PREPARED.manifest.report);
    expect(snapshot).toMatchObject({
      pending: null,
      restoring: false,
      error: null,
      notice: 'The database stopped while loading families.csv; it was started again.',
    });
    expect(await tableCounts(db)).toEqual(SAMPLE_COUNTS);
    expect(fetched).toBe(2);
    expect(readsCsv(recording.statements)).toBe(0);
    await session.dispose();
  }, 60_000);

  it('puts the prepared member tables in place with the extract, again after a restart, and computes them when they cannot be used', async () => {
    const recording = recordingEngine(db);
    const session = new ExtractSession(recording.engine);
    const memberTables = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE 'members_%'",
        )
      )[0]?.n;
    const creates = () =>
      recording.statements.filter((s) => s.startsWith('CREATE OR REPLACE TABLE "members_')).length;
    const firstDashboard = async (extract: { members: Parameters<typeof runMeasure>[4] }) => {
      const measures = await availableMeasures(db);
      const request = {
        by: ['cohort' as const],
        period: 'quarter' as const,
        dataThrough: '2025-09-30',
      };
      return Promise.all(
        measures.map((m) => runMeasure(recording.engine, m, request, undefined, extract.members)),
      );
    };
    const sample: ExtractRequest = {
      source: 'sample',
      label: 'Synthetic sample — not county data',
      files: sampleFiles(),
      prepared: () => Promise.resolve({ ...PREPARED, members: MEMBERS }),
    };
    const first = await session.load(sample);
    // No table: the cell tables' and the times tables' rows are kept values, which every view
    // reads.
    expect(await memberTables()).toBe(0);
    const before = creates();
    const results = await firstDashboard(first!);
    expect(creates()).toBe(before);

    // The instance dies during an upload: the sample comes back with its member tables.
    recording.kill();
    await session.load({
      source: 'upload',
      label: 'families.csv',
      files: sampleFiles(['families.csv']),
    });
    const restored = session.getSnapshot().extract!;
    expect(restored.id).not.toBe(first!.id);
    expect(await memberTables()).toBe(0);
    const afterRestart = creates();
    expect(await firstDashboard(restored)).toEqual(results);
    expect(creates()).toBe(afterRestart);

    // Member tables of another layout: the extract loads, its member tables are computed.
    const other = await session.load({
      ...sample,
      prepared: () =>
        Promise.resolve({
          ...PREPARED,
          members: { ...MEMBERS, prepared: { ...MEMBERS.prepared, format: 0 } },
        }),
    });
    expect(other?.report).toEqual(PREPARED.manifest.report);
    expect(await memberTables()).toBe(0);
    expect(await firstDashboard(other!)).toEqual(results);
    expect(creates()).toBeGreaterThan(afterRestart);
    await session.dispose();
  }, 120_000);

  it('loads the files through the loader when the prepared tables cannot be had, with the same report', async () => {
    const recording = recordingEngine(db);
    const session = new ExtractSession(recording.engine);
    const loaded = await session.load({
      source: 'sample',
      label: 'Synthetic sample — not county data',
      files: sampleFiles(),
      prepared: () => Promise.reject(new Error('Could not read the bundled sample tables (404)')),
    });
    expect(loaded?.report).toEqual(PREPARED.manifest.report);
    expect(await tableCounts(db)).toEqual(SAMPLE_COUNTS);
    expect(readsCsv(recording.statements)).toBeGreaterThan(0);
    await session.dispose();
  }, 60_000);

  it('does not fall back to the files when the database is restarted under it', async () => {
    const recording = recordingEngine(db);
    const session = new ExtractSession({
      ...recording.engine,
      transaction: () => Promise.reject(new EngineRestartedError()),
    });
    const loaded = await session.load({
      source: 'sample',
      label: 'Synthetic sample — not county data',
      files: sampleFiles(),
      prepared: () => Promise.resolve(PREPARED),
    });
    expect(loaded).toBeNull();
    expect(session.getSnapshot().error).toBeInstanceOf(EngineRestartedError);
    expect(readsCsv(recording.statements)).toBe(0);
    expect(recording.registered).toEqual([]);
    await session.dispose();
  }, 60_000);
});
