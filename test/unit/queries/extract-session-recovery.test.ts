import { resolve } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineRestartedError, type DbClient, type Row } from '../../../src/db/client';
import type { Sql } from '../../../src/db/sql';
import { createNodeDb } from '../../../src/db/node-client';
import type { ExtractFile } from '../../../src/dataset/load-extract';
import { ExtractSession } from '../../../src/queries/extract-session';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/extracts');
const GOOD: ExtractFile[] = ['families.csv', 'children.csv', 'adults.csv'].map((fileName) => ({
  fileName,
  source: { kind: 'path', path: resolve(FIXTURES, 'good', fileName) },
}));
const GOOD_COUNTS = { families: 4, children: 3, adults: 3, through: '2025-06-30' };

async function tableCounts(db: DbClient) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM families)::INTEGER AS families,
            (SELECT count(*) FROM children)::INTEGER AS children,
            (SELECT count(*) FROM adults)::INTEGER AS adults,
            (SELECT max(data_through)::VARCHAR FROM extract_meta) AS through`,
  );
  return row;
}

async function leftOverTables(db: DbClient) {
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() WHERE regexp_matches(table_name, '^(load_(file|typed|dups)_|staged_)')",
  );
  return rows.map((r) => r.name);
}

/**
 * The real engine, which can be made to fail as a DuckDB-wasm instance that ran out of memory
 * does (duckdb/duckdb-wasm#1954: every later call fails) or to hang on a statement as one that
 * cannot be interrupted does, until it is restarted.
 */
function breakableEngine(db: DbClient) {
  let state: 'working' | 'dead' | 'stuck' = 'working';
  // As the browser's client does, a restart rejects the statements left waiting.
  const waiting: ((error: Error) => void)[] = [];
  const gate = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => {
    return (...args: A): Promise<R> => {
      if (state === 'dead')
        return Promise.reject(new Error('RuntimeError: memory access out of bounds'));
      if (state === 'stuck') return new Promise<R>((_, reject) => waiting.push(reject));
      return call(...args);
    };
  };
  let restarts = 0;
  const engine: DbClient = {
    ...db,
    exec: gate((statement, signal) => db.exec(statement, signal)),
    query: <T extends Row = Row>(query: Sql | string, signal?: AbortSignal) =>
      gate(() => db.query<T>(query, signal))(),
    transaction: gate((statements) => db.transaction(statements)),
    registerFile: gate((name, source) => db.registerFile(name, source)),
    restart: async () => {
      restarts++;
      state = 'working';
      for (const reject of waiting.splice(0)) reject(new EngineRestartedError());
      await db.restart();
    },
  };
  return {
    engine,
    restarts: () => restarts,
    set: (next: typeof state) => {
      state = next;
    },
  };
}

describe('the extract session when a load is cancelled or the database dies', () => {
  let db: DbClient;
  const dir = mkdtempSync(join(tmpdir(), 'linkages-recovery-'));
  beforeEach(async () => {
    db = await createNodeDb();
  });
  afterEach(async () => {
    await db.close();
  });

  /** A families file of `n` rows, big enough that a load is still reading when cancelled. */
  function families(n: number): ExtractFile {
    const lines = ['family_id,county,unit_id,group,mutual_start_date,data_through_date'];
    for (let i = 0; i < n; i++)
      lines.push(`F${String(i)},Fresno,U1,linkages,2024-01-02,2025-06-30`);
    const path = join(dir, `families-${String(n)}.csv`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return { fileName: 'families.csv', source: { kind: 'path', path } };
  }

  it('cancels a load when asked as it starts reading, keeping the extract on screen and leaving no staged table', async () => {
    const session = new ExtractSession(db);
    const first = await session.load({ source: 'upload', label: 'good', files: GOOD });
    const stop = session.subscribe(() => {
      if (session.getSnapshot().progress.step?.step === 'reading') session.cancel();
    });
    const cancelled = await session.load({
      source: 'upload',
      label: 'families.csv',
      files: [families(50_000)],
    });
    stop();
    expect(cancelled).toBeNull();
    const snapshot = session.getSnapshot();
    expect(snapshot.extract).toBe(first);
    expect(snapshot).toMatchObject({
      pending: null,
      cancelling: false,
      restoring: false,
      error: null,
      failedReport: null,
      notice: 'Loading families.csv was cancelled.',
    });
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);
    expect(await leftOverTables(db)).toEqual([]);
    // The session takes the next load as usual.
    const next = await session.load({ source: 'upload', label: 'bigger', files: [families(10)] });
    expect(next?.report.files[0]?.loaded).toBe(10);
    await session.dispose();
  });

  it('restarts the database when a cancelled statement does not stop, and loads the extract on screen again from its kept files', async () => {
    const breakable = breakableEngine(db);
    const session = new ExtractSession(breakable.engine, { cancelGraceMs: 0 });
    const first = await session.load({ source: 'upload', label: 'good', files: GOOD });
    let stuck = false;
    const stop = session.subscribe(() => {
      if (!stuck && session.getSnapshot().progress.step?.step === 'reading') {
        stuck = true;
        breakable.set('stuck');
        session.cancel();
      }
    });
    const cancelled = await session.load({
      source: 'upload',
      label: 'families.csv',
      files: [families(100)],
    });
    stop();
    expect(cancelled).toBeNull();
    expect(breakable.restarts()).toBe(1);
    const snapshot = session.getSnapshot();
    expect(snapshot.extract?.id).not.toBe(first!.id);
    expect(snapshot.extract?.label).toBe('good');
    expect(snapshot.extract?.report).toEqual(first!.report);
    expect(snapshot).toMatchObject({
      pending: null,
      restoring: false,
      error: null,
      notice: 'Loading families.csv was cancelled.',
    });
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);
    await session.dispose();
  });

  it('starts a new database when the instance dies during a load (duckdb-wasm#1954) and loads the extract on screen again', async () => {
    const breakable = breakableEngine(db);
    const session = new ExtractSession(breakable.engine);
    const first = await session.load({ source: 'upload', label: 'good', files: GOOD });
    breakable.set('dead');
    const failed = await session.load({
      source: 'upload',
      label: 'families.csv',
      files: [families(100)],
    });
    expect(failed).toBeNull();
    expect(breakable.restarts()).toBe(1);
    const snapshot = session.getSnapshot();
    expect(snapshot.extract?.id).not.toBe(first!.id);
    expect(snapshot.extract?.report).toEqual(first!.report);
    expect(snapshot).toMatchObject({
      pending: null,
      restoring: false,
      error: null,
      notice: 'The database stopped while loading families.csv; it was started again.',
    });
    expect(await tableCounts(db)).toEqual(GOOD_COUNTS);
    await session.dispose();
  });
});
