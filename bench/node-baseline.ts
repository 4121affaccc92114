// Native DuckDB in Node, all cores: the same loader and measure SQL as the app, on the same files.
// Run as a child process (one fresh process per run, so its peak memory is its own):
//   node --import tsx bench/node-baseline.ts families.csv children.csv adults.csv
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createNodeDb } from '../src/db/node-client';
import { loadExtract } from '../src/dataset/load-extract';
import { MemberTables } from '../src/measures/member-tables';
import { BENCH_VIEWS, computeDashboard, type MeasureTiming } from './dashboard-work';
import { summarizePhases, timeDb, type Phase } from './timed-db';

export interface NodeRun {
  /** File paths registered to the first dashboard computed. */
  readyMs: number;
  loadMs: number;
  firstDashboardMs: number;
  filterMs: number;
  cohortSizeMs: number;
  peakRssBytes: number;
  loadPhases: Partial<Record<Phase, number>>;
  slowestLoad: { phase: Phase; ms: number; text: string }[];
  slowestQueries: { phase: Phase; ms: number; text: string }[];
  /** Per measure of the first dashboard: total and DuckDB time. */
  measures: MeasureTiming[];
  rowsLoaded: Record<string, number>;
}

export async function runNodeBaseline(paths: readonly string[]): Promise<NodeRun> {
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 50);
  const { db, log, setPhase } = timeDb(await createNodeDb());
  try {
    const files = paths.map((path) => ({
      fileName: basename(path),
      source: { kind: 'path' as const, path },
    }));
    const started = performance.now();
    const report = await loadExtract(db, files, { onPhase: setPhase });
    setPhase('query');
    const loaded = performance.now();
    if (report.fatal || !report.dataThrough)
      throw new Error(report.fatal ?? 'no data-through date');
    const loadLog = log.splice(0);
    const members = new MemberTables(db);
    const measures = await computeDashboard(
      db,
      report.dataThrough,
      BENCH_VIEWS.first,
      members,
      log,
    );
    const ready = performance.now();
    const queryLog = log.splice(0);
    await computeDashboard(db, report.dataThrough, BENCH_VIEWS.filter, members);
    const filtered = performance.now();
    await computeDashboard(db, report.dataThrough, BENCH_VIEWS.cohortSize, members);
    const resized = performance.now();
    const load = summarizePhases(loadLog);
    return {
      readyMs: ready - started,
      loadMs: loaded - started,
      firstDashboardMs: ready - loaded,
      filterMs: filtered - ready,
      cohortSizeMs: resized - filtered,
      peakRssBytes: Math.max(peakRssBytes, process.memoryUsage.rss()),
      loadPhases: load.phases,
      slowestLoad: load.slowest,
      slowestQueries: summarizePhases(queryLog).slowest,
      measures,
      rowsLoaded: Object.fromEntries(
        report.files.map((f) => [f.table ?? f.fileName, f.loaded + f.warnings]),
      ),
    };
  } finally {
    clearInterval(sampler);
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runNodeBaseline(process.argv.slice(2)).then(
    (run) => {
      process.stdout.write(`${JSON.stringify(run)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
