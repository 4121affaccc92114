import type { DbClient } from '../src/db/client';
import { Sql } from '../src/db/sql';

/** Where a statement's time goes; `classifyStatement` names it from its SQL text. */
export type Phase = 'read_csv' | 'inspect' | 'normalize' | 'validate' | 'store' | 'setup' | 'query';

export interface TimedStatement {
  phase: Phase;
  ms: number;
  text: string;
}

const RULES: [RegExp, Phase][] = [
  [/read_csv\(|read_blob\(|_rejects|_scans|_malformed AS|\(rowid \+|_read\b/, 'read_csv'],
  [/lk_day_first_only|regexp_full_match\(lk_clean/, 'inspect'],
  [
    /CREATE (OR REPLACE )?(TEMP )?TABLE load_typed_|FROM load_typed_families\s+WHERE data_through_date/,
    'normalize',
  ],
  [/INSERT INTO load_issues/, 'validate'],
  [
    /INSERT INTO (families|children|adults|extract_meta)|TABLE load_raw_|DROP TABLE load_typed_/,
    'store',
  ],
  [/FROM load_issues/, 'validate'],
  // A measure's members, kept for the extract (src/measures/member-tables.ts): query-time work.
  [/TABLE "members_/, 'query'],
  [/CREATE (OR REPLACE )?(TEMP )?(MACRO|TABLE)|DROP TABLE|duckdb_tables\(\)|^\s*SET /, 'setup'],
];

export function classifyStatement(text: string): Phase {
  return RULES.find(([pattern]) => pattern.test(text))?.[1] ?? 'query';
}

/** A DbClient that records how long every statement took, by phase. */
export function timeDb(db: DbClient): { db: DbClient; log: TimedStatement[] } {
  const log: TimedStatement[] = [];
  async function timed<T>(statement: Sql | string, run: () => Promise<T>): Promise<T> {
    const text = statement instanceof Sql ? statement.toQuery().text : statement;
    const started = performance.now();
    try {
      return await run();
    } finally {
      log.push({ phase: classifyStatement(text), ms: performance.now() - started, text });
    }
  }
  return {
    log,
    db: {
      engine: db.engine,
      exec: (statement, signal) => timed(statement, () => db.exec(statement, signal)),
      query: (query, signal) => timed(query, () => db.query(query, signal)),
      registerFile: (name, source) => db.registerFile(name, source),
      createTableFromParquet: (table, source, signal) =>
        db.createTableFromParquet(table, source, signal),
      dropFile: (name) => db.dropFile(name),
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
