// The loader alone, natively (one fresh database per run): its phases, its statement count, and
// with --dump a digest of everything it produced, to compare two versions of the loader.
//   node --import tsx bench/loader.ts [--runs N] [--dump out.json] DIR [DIR …]
// DIR holds families.csv, children.csv, adults.csv (those present are loaded). --dump writes,
// per DIR, the load report and every table the load leaves (rows sorted), as JSON.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeDb } from '../src/db/node-client';
import { loadExtract } from '../src/dataset/load-extract';
import { LIVE } from '../src/dataset/load-tables';
import { TABLES } from '../src/dataset/schema';
import { sql } from '../src/db/sql';
import { summarizePhases, timeDb } from './timed-db';

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    dump: { type: 'string' },
    through: { type: 'string' },
    list: { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
  allowPositionals: true,
  strict: true,
});

function filesOf(dir: string) {
  return TABLES.flatMap((t) => {
    const path = join(dir, t.fileName);
    return existsSync(path)
      ? [{ fileName: t.fileName, source: { kind: 'path' as const, path } }]
      : [];
  });
}

async function dumpTables(db: Awaited<ReturnType<typeof createNodeDb>>) {
  const names = [
    ...TABLES.flatMap((t) => [LIVE.table(t.name), LIVE.raw(t.name), LIVE.malformed(t.name)]),
    LIVE.meta,
    LIVE.columns,
    LIVE.issues,
  ];
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const text = name.toInlineText();
    const exists = await db.query<{ n: number }>(
      sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ${text.replace(/"/g, '')}`,
    );
    if ((exists[0]?.n ?? 0) === 0) continue;
    const rows = await db.query(`SELECT to_json(t)::VARCHAR AS j FROM ${text} t ORDER BY j`);
    out[text] = rows.map((r) => r.j);
  }
  return out;
}

const dump: Record<string, unknown> = {};
for (const dir of positionals) {
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const { db, log, setPhase } = timeDb(
      await createNodeDb(values.threads === undefined ? {} : { threads: Number(values.threads) }),
    );
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await loadExtract(db, filesOf(dir), {
      onPhase: setPhase,
      ...(values.through === undefined ? {} : { dataThrough: values.through }),
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    runs.push(ms);
    cpuRuns.push(cpuMs);
    const { phases, slowest } = summarizePhases(log, 5);
    const round = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
    console.error(
      `${dir}: ${Math.round(ms)} ms (CPU ${Math.round(cpuMs)} ms), ${String(log.length)} statements, phases ${JSON.stringify(round)}`,
    );
    if (i === 0 && values.list)
      for (const s of log)
        console.error(
          `   ${String(Math.round(s.ms)).padStart(5)} ms ${s.phase}: ${s.text.replace(/\s+/g, ' ').trim().slice(0, 110)}`,
        );
    if (i === 0 && values.dump === undefined && !values.list)
      for (const s of slowest) console.error(`   ${Math.round(s.ms)} ms ${s.phase}: ${s.text}`);
    if (i === 0 && values.dump !== undefined) {
      dump[dir] = { report, tables: await dumpTables(db) };
    }
    await db.close();
  }
  const median = (xs: number[]) =>
    Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0);
  console.error(`${dir}: median ${median(runs)} ms, CPU ${median(cpuRuns)} ms`);
}
if (values.dump !== undefined) writeFileSync(values.dump, JSON.stringify(dump, null, 1));
