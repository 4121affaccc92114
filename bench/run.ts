// `npm run bench [-- --sizes sample,county,100k,1M,workbook --runs N --smoke
//   --engines app,wasm-bare,node,node-bare,cli,plain --docs --report]`
// Generates seeded extracts into .bench/ (reused), then times the app in headless Chromium (cold
// and warm profile) against the physical limits (a bare DuckDB-wasm page of the app's own bundle,
// bare native DuckDB) and the other baselines; prints the tables and writes
// .bench/results-<sizes>.{json,md} (and that block of docs/benchmarks.md with --docs); --report
// only re-renders the saved results. `workbook` is the 100,000-row Excel workbook case.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CHROMIUM } from '../test/browser/chromium';
import { createNodeDb } from '../src/db/node-client';
import type { BareNodeRun } from './bare-node';
import {
  buildApp,
  bundleBarePage,
  bundlePlainBaseline,
  measureApp,
  measureBare,
  measurePlain,
  servePreview,
  type BrowserFailure,
} from './browser';
import { BENCH_VIEWS, viewHash, type MeasureTiming } from './dashboard-work';
import {
  COUNTY_SIZE,
  SAMPLE_SIZE,
  WORKBOOK_SIZE,
  ensureExtract,
  parseSize,
  type BenchExtract,
} from './extracts';
import { runWorkbookBench, workbookTable, type WorkbookResult } from './workbook';
import type { NodeRun } from './node-baseline';
import {
  machineLine,
  baselinesTable,
  measuresTable,
  median,
  phasesTable,
  replaceResultsBlock,
  resultsTable,
  type Engine,
  type EngineResult,
  type Machine,
  type SizeResult,
} from './report';
import type { Phase } from './timed-db';

const ROOT = resolve('.bench');
const SEED = 20250930;
const ENGINES: readonly Engine[] = ['node-bare', 'node', 'cli', 'wasm-bare', 'app', 'plain'];

interface Sample {
  readyMs: number;
  filterMs: number | null;
  cohortSizeMs: number | null;
  /** Further times of an engine, by name (report.ts EXTRA_NAMES). */
  extra?: Record<string, number | null>;
  /** The app only: the longest main-thread task during the filter and cohort-size changes. */
  longestTaskMs: number | null;
  peakBytes: number;
  jsHeapPeakBytes: number | null;
  loadPhases?: Partial<Record<Phase, number>>;
  measures?: MeasureTiming[];
}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'sample,county,100k,1M,workbook' },
      runs: { type: 'string', default: '3' },
      smoke: { type: 'boolean', default: false },
      engines: { type: 'string', default: ENGINES.join(',') },
      timeout: { type: 'string' },
      docs: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const sizes = values.smoke
    ? [SAMPLE_SIZE, COUNTY_SIZE, '100k']
    : values.sizes.split(',').map((s) => s.trim());
  sizes.forEach(parseSize);
  const runs = values.smoke ? 1 : Number(values.runs);
  const engines = values.engines.split(',').map((e) => e.trim());
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  const unknown = engines.filter((e) => !ENGINES.includes(e as Engine));
  if (unknown.length > 0)
    throw new Error(`--engines takes ${ENGINES.join(', ')} (got ${unknown.join(', ')})`);
  return {
    sizes,
    runs,
    engines: ENGINES.filter((e) => engines.includes(e)),
    timeoutSeconds: values.timeout === undefined ? null : Number(values.timeout),
    docs: values.docs,
    build: !values['no-build'],
    report: values.report,
  };
}

/** Long enough for the slowest engine at this size, bounded: 0.6 ms per children row, 3 minutes at least. */
function timeoutFor(extract: BenchExtract, seconds: number | null): number {
  return seconds !== null
    ? Math.round(seconds * 1000)
    : Math.round(Math.max(180_000, extract.rows.children * 0.6));
}

const run = promisify(execFile);

async function runNode(extract: BenchExtract, timeoutMs: number): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/node-baseline.ts', ...extract.paths],
    {
      timeout: timeoutMs,
      maxBuffer: 16 * 2 ** 20,
    },
  );
  const result = JSON.parse(stdout) as NodeRun;
  return {
    readyMs: result.readyMs,
    filterMs: result.filterMs,
    cohortSizeMs: result.cohortSizeMs,
    longestTaskMs: null,
    peakBytes: result.peakRssBytes,
    jsHeapPeakBytes: null,
    loadPhases: result.loadPhases,
    measures: result.measures,
  };
}

function isFailure(value: object): value is BrowserFailure {
  return 'failed' in value;
}

async function runBareNodeChild(extract: BenchExtract, timeoutMs: number): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-node.ts', ...extract.paths],
    { timeout: timeoutMs },
  );
  const result = JSON.parse(stdout) as BareNodeRun;
  return {
    readyMs: result.textReadMs,
    filterMs: null,
    cohortSizeMs: null,
    longestTaskMs: null,
    peakBytes: 0,
    jsHeapPeakBytes: null,
    extra: {
      instantiateMs: result.instantiateMs,
      textReadMs: result.textReadMs,
      typedReadMs: result.typedReadMs,
    },
  };
}

/**
 * The command line's full run (`npm run measures -- --data DIR`: --by county,cohort, every
 * measure, suppressed, JSON), wall time of the process: Node's and tsx's start included.
 */
async function runCli(extract: BenchExtract, timeoutMs: number): Promise<Sample> {
  const started = performance.now();
  await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/measures.ts', '--data', extract.dir, '--by', 'county,cohort'],
    { timeout: timeoutMs, maxBuffer: 256 * 2 ** 20 },
  );
  return {
    readyMs: performance.now() - started,
    filterMs: null,
    cohortSizeMs: null,
    longestTaskMs: null,
    peakBytes: 0,
    jsHeapPeakBytes: null,
  };
}

/** Warm-profile passes only where they cost little: the sample and sizes up to 100k children rows. */
function warmFor(extract: BenchExtract): boolean {
  return extract.rows.children <= 100_000;
}

async function runEngine(
  engine: Engine,
  extract: BenchExtract,
  baseUrl: string,
  plainScript: string,
  timeoutMs: number,
): Promise<Sample> {
  if (engine === 'node') return runNode(extract, timeoutMs);
  if (engine === 'node-bare') return runBareNodeChild(extract, timeoutMs);
  if (engine === 'cli') return runCli(extract, timeoutMs);
  if (engine === 'wasm-bare') {
    const bare = await measureBare(baseUrl, extract.paths, timeoutMs, warmFor(extract));
    if (isFailure(bare)) throw new Error(bare.failed);
    return {
      readyMs: bare.textReadMs,
      filterMs: null,
      cohortSizeMs: null,
      longestTaskMs: null,
      peakBytes: bare.memory.rendererPeakBytes,
      jsHeapPeakBytes: bare.memory.jsHeapPeakBytes,
      extra: {
        instantiateMs: bare.readyMs,
        textReadMs: bare.textReadMs,
        typedReadMs: bare.typedReadMs,
        warmInstantiateMs: bare.warmReadyMs,
        warmTextReadMs: bare.warmTextReadMs,
      },
    };
  }
  const result =
    engine === 'plain'
      ? await measurePlain(baseUrl, plainScript, extract.paths, timeoutMs)
      : await measureApp(
          baseUrl,
          extract.paths,
          {
            first: viewHash(BENCH_VIEWS.first),
            filter: viewHash(BENCH_VIEWS.filter),
            cohortSize: viewHash(BENCH_VIEWS.cohortSize),
          },
          timeoutMs,
          { sample: extract.label === SAMPLE_SIZE, warm: warmFor(extract) },
        );
  if (isFailure(result)) {
    const peak = result.memory
      ? ` (renderer peak ${String(Math.round(result.memory.rendererPeakBytes / 2 ** 20))} MiB)`
      : '';
    throw new Error(`${result.failed}${peak}`);
  }
  return {
    readyMs: result.readyMs,
    filterMs: result.filterMs,
    cohortSizeMs: result.cohortSizeMs,
    longestTaskMs: 'longestTaskMs' in result ? result.longestTaskMs : null,
    peakBytes: result.memory.rendererPeakBytes,
    jsHeapPeakBytes: result.memory.jsHeapPeakBytes,
    ...('startMs' in result
      ? {
          extra: {
            startMs: result.startMs,
            warmStartMs: result.warmStartMs,
            warmReadyMs: result.warmReadyMs,
          },
        }
      : {}),
  };
}

function summarize(
  engine: Engine,
  runs: number,
  samples: Sample[],
  failures: string[],
): EngineResult {
  const of = (pick: (s: Sample) => number | null) =>
    median(samples.map(pick).filter((v): v is number => v !== null));
  const phases = samples[0]?.loadPhases;
  const measures = samples[0]?.measures;
  const extraNames = [...new Set(samples.flatMap((s) => Object.keys(s.extra ?? {})))];
  return {
    engine,
    runs,
    failures,
    readyMs: of((s) => s.readyMs),
    filterMs: of((s) => s.filterMs),
    cohortSizeMs: of((s) => s.cohortSizeMs),
    longestTaskMs: samples.some((s) => s.longestTaskMs !== null)
      ? Math.max(...samples.map((s) => s.longestTaskMs ?? 0))
      : null,
    peakBytes: samples.length > 0 ? Math.max(...samples.map((s) => s.peakBytes)) : null,
    jsHeapPeakBytes: of((s) => s.jsHeapPeakBytes),
    ...(extraNames.length > 0
      ? { extra: Object.fromEntries(extraNames.map((n) => [n, of((s) => s.extra?.[n] ?? null)])) }
      : {}),
    ...(phases
      ? {
          loadPhases: Object.fromEntries(
            Object.keys(phases).map((p) => [p, of((s) => s.loadPhases?.[p as Phase] ?? 0) ?? 0]),
          ),
        }
      : {}),
    ...(measures
      ? {
          measures: measures.map((m, i) => ({
            ...m,
            totalMs: of((s) => s.measures?.[i]?.totalMs ?? null) ?? 0,
            dbMs: of((s) => s.measures?.[i]?.dbMs ?? null) ?? 0,
          })),
        }
      : {}),
  };
}

/** With --engines, the engines not run this time keep their previous results for these sizes. */
function keepOtherEngines(results: SizeResult[], path: string, engines: readonly Engine[]): void {
  if (engines.length === ENGINES.length) return;
  let previous: SizeResult[] = [];
  try {
    previous = (JSON.parse(readFileSync(path, 'utf8')) as { results: SizeResult[] }).results;
  } catch {
    return;
  }
  for (const size of results) {
    const before = previous.find((p) => p.label === size.label);
    const kept = before?.engines.filter((e) => !engines.includes(e.engine)) ?? [];
    size.engines = ENGINES.map(
      (engine) =>
        size.engines.find((e) => e.engine === engine) ?? kept.find((e) => e.engine === engine),
    ).filter((e): e is EngineResult => e !== undefined);
  }
}

async function describeMachine(): Promise<Machine> {
  let chromium = 'Chromium (version unknown)';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Reported as unknown.
  }
  const db = await createNodeDb({ threads: 1 });
  const [row] = await db.query('SELECT version() AS v');
  await db.close();
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: cpus()[0]?.model ?? 'unknown CPU',
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    memoryBytes: totalmem(),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    chromium,
    node: process.version,
    duckdb: `${String(row?.v)} (Node); duckdb-wasm ${readVersion('@duckdb/duckdb-wasm')}`,
  };
}

function readVersion(pkg: string): string {
  const json = JSON.parse(readFileSync(resolve('node_modules', pkg, 'package.json'), 'utf8')) as {
    version: string;
  };
  return json.version;
}

async function main(): Promise<void> {
  const args = parseCommandLine();
  mkdirSync(ROOT, { recursive: true });
  if (args.report) {
    const key = args.sizes.join(',');
    const saved = JSON.parse(readFileSync(resolve(ROOT, `results-${key}.json`), 'utf8')) as {
      machine: Machine;
      args: { runs: number };
      results: SizeResult[];
      workbook?: WorkbookResult | null;
    };
    writeReport(
      key,
      saved.machine,
      saved.args.runs,
      saved.results,
      saved.workbook ?? null,
      args.docs,
    );
    return;
  }
  const log = (line: string) => {
    process.stderr.write(`${line}\n`);
  };
  const machine = await describeMachine();
  log(`machine: ${machineLine(machine)}`);
  const workbook = args.sizes.includes(WORKBOOK_SIZE);
  const extracts = args.sizes
    .filter((size) => size !== WORKBOOK_SIZE)
    .map((size) => ensureExtract(ROOT, size, SEED, log));

  const browserNeeded = workbook || args.engines.some((e) => BROWSER_ENGINES.includes(e));
  const appDir = resolve(ROOT, 'app');
  if (browserNeeded && args.build) {
    log('building the app into .bench/app …');
    await buildApp(appDir);
  }
  const plainScript = browserNeeded ? await bundlePlainBaseline(resolve(ROOT, 'plain')) : '';
  if (browserNeeded) await bundleBarePage(appDir);
  const server = browserNeeded ? await servePreview(appDir) : null;

  const results: SizeResult[] = [];
  let workbookResult: WorkbookResult | null = null;
  try {
    for (const extract of extracts) {
      const timeoutMs = timeoutFor(extract, args.timeoutSeconds);
      const samples = new Map<Engine, Sample[]>(args.engines.map((e) => [e, []]));
      const failures = new Map<Engine, string[]>(args.engines.map((e) => [e, []]));
      // Engines alternate within each run, so a noisy minute on the shared machine hits all of them.
      for (let i = 1; i <= args.runs; i++) {
        for (const engine of args.engines) {
          log(`${extract.label} run ${String(i)}/${String(args.runs)}: ${engine} …`);
          try {
            const sample = await runEngine(
              engine,
              extract,
              server?.url ?? '',
              plainScript,
              timeoutMs,
            );
            samples.get(engine)?.push(sample);
            const extra = Object.entries(sample.extra ?? {})
              .filter((e): e is [string, number] => e[1] !== null)
              .map(([name, ms]) => `${name} ${String(Math.round(ms))} ms`);
            log(
              `  ready ${(sample.readyMs / 1000).toFixed(2)} s, filter ${String(Math.round(sample.filterMs ?? NaN))} ms, ` +
                `cohort size ${String(Math.round(sample.cohortSizeMs ?? NaN))} ms, peak ${String(Math.round(sample.peakBytes / 2 ** 20))} MiB` +
                (extra.length > 0 ? `; ${extra.join(', ')}` : ''),
            );
          } catch (error) {
            const reason =
              error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
            failures.get(engine)?.push(reason);
            log(`  failed: ${reason}`);
          }
        }
      }
      results.push({
        label: extract.label,
        rows: extract.rows,
        bytes: extract.bytes,
        engines: args.engines.map((e) =>
          summarize(e, args.runs, samples.get(e) ?? [], failures.get(e) ?? []),
        ),
      });
    }
    if (workbook && server) {
      log('workbook: 100,000 family rows as .xlsx and as CSV …');
      workbookResult = await runWorkbookBench(ROOT, SEED, server.url, args.runs, log);
    }
  } finally {
    await server?.close();
  }

  const key = args.sizes.join(',');
  keepOtherEngines(results, resolve(ROOT, `results-${key}.json`), args.engines);
  writeFileSync(
    resolve(ROOT, `results-${key}.json`),
    `${JSON.stringify({ machine, args, results, workbook: workbookResult }, null, 2)}\n`,
  );
  writeReport(key, machine, args.runs, results, workbookResult, args.docs);
}

const BROWSER_ENGINES: readonly string[] = ['app', 'wasm-bare', 'plain'];

/** Prints the tables, writes .bench/results-<key>.md and, with --docs, the block of docs/benchmarks.md. */
function writeReport(
  key: string,
  machine: Machine,
  runs: number,
  results: SizeResult[],
  workbook: WorkbookResult | null,
  docs: boolean,
): void {
  const block = [
    `Measured ${machine.date} with \`npm run bench -- --sizes ${key} --runs ${String(runs)}\` (medians).`,
    '',
    `Machine: ${machineLine(machine)}`,
    '',
    "Against the physical limits (issue 18): each engine's ready time as a ratio to its baseline.",
    '',
    baselinesTable(results),
    '',
    'Every engine:',
    '',
    resultsTable(results),
    '',
    'Native DuckDB load time by phase (median):',
    '',
    phasesTable(results),
    '',
    'Native DuckDB first dashboard by measure (median): time in DuckDB, and in JavaScript statistics:',
    '',
    measuresTable(results),
    ...(workbook ? ['', workbookTable(workbook)] : []),
  ].join('\n');
  process.stdout.write(`\n${block}\n`);
  writeFileSync(resolve(ROOT, `results-${key}.md`), `${block}\n`);
  if (docs) {
    const path = resolve('docs/benchmarks.md');
    let doc = '# Benchmarks\n';
    try {
      doc = readFileSync(path, 'utf8');
    } catch {
      // A new file.
    }
    mkdirSync(resolve('docs'), { recursive: true });
    writeFileSync(path, replaceResultsBlock(doc, key, block));
    process.stderr.write(`wrote ${path}\n`);
  }
}

main().then(
  () => {
    // The preview server and Playwright can keep the event loop alive after closing.
    process.exit(process.exitCode ?? 0);
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
