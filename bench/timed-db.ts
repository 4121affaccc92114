import type { DbClient } from '../src/db/client';
import type { LoadPhase } from '../src/dataset/load-extract';
import { Sql } from '../src/db/sql';

/**
 * Where a statement's time goes: the load phase the loader last announced (its `onPhase`
 * events), or `query` for the dashboard's work once the load is done.
 */
export type Phase = LoadPhase | 'query';

export interface TimedStatement {
  phase: Phase;
  ms: number;
  text: string;
}

function textOf(statement: Sql | string): string {
  return statement instanceof Sql ? statement.toQuery().text : statement;
}

/**
 * A DbClient that records how long every statement took, under the phase last given to
 * `setPhase` (pass it as the loader's `onPhase`; it starts as `query`).
 */
export function timeDb(db: DbClient): {
  db: DbClient;
  log: TimedStatement[];
  setPhase: (phase: Phase) => void;
} {
  const log: TimedStatement[] = [];
  let phase: Phase = 'query';
  async function timed<T>(text: string, run: () => Promise<T>): Promise<T> {
    const current = phase;
    const started = performance.now();
    try {
      return await run();
    } finally {
      log.push({ phase: current, ms: performance.now() - started, text });
    }
  }
  return {
    log,
    setPhase: (next) => {
      phase = next;
    },
    db: {
      engine: db.engine,
      exec: (statement, signal) => timed(textOf(statement), () => db.exec(statement, signal)),
      query: (query, signal) => timed(textOf(query), () => db.query(query, signal)),
      transaction: (statements) =>
        timed(statements.map(textOf).join(';\n'), () => db.transaction(statements)),
      registerFile: (name, source) => db.registerFile(name, source),
      createTableFromParquet: (table, source, signal) =>
        timed(`(Parquet file into ${table})`, () =>
          db.createTableFromParquet(table, source, signal),
        ),
      parquetTextBytes: (source, limit, signal) =>
        timed('(Parquet file counted as text)', () => db.parquetTextBytes(source, limit, signal)),
      appendArrow: (table, ipc, signal) =>
        timed(`(Arrow rows into ${table})`, () => db.appendArrow(table, ipc, signal)),
      dropFile: (name) => db.dropFile(name),
      fileSize: (source) => db.fileSize(source),
      readBytes: (source, start, end) => db.readBytes(source, start, end),
      restart: () => db.restart(),
      close: () => db.close(),
    },
  };
}

/** Milliseconds per phase, and the slowest statements. */
export function summarizePhases(log: readonly TimedStatement[], top = 8) {
  const phases: Partial<Record<Phase, number>> = {};
  for (const entry of log) phases[entry.phase] = (phases[entry.phase] ?? 0) + entry.ms;
  const slowest = [...log]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((e) => ({
      phase: e.phase,
      ms: e.ms,
      text: e.text.replace(/\s+/g, ' ').trim().slice(0, 140),
    }));
  return { phases, slowest };
}
