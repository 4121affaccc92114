import type { MeasureTiming } from './dashboard-work';
import type { Phase } from './timed-db';

export type Engine = 'app' | 'plain' | 'node';

export const ENGINE_NAMES: Record<Engine, string> = {
  app: 'App (DuckDB-wasm, Chromium)',
  plain: 'Plain JS (PapaParse + loops, Chromium)',
  node: 'Native DuckDB (Node, all cores)',
};

/** One engine's runs at one size: the medians of the runs that finished, and why others did not. */
export interface EngineResult {
  engine: Engine;
  runs: number;
  failures: string[];
  readyMs: number | null;
  filterMs: number | null;
  cohortSizeMs: number | null;
  /** The app only: the longest main-thread task during the view changes (max over runs). */
  longestTaskMs?: number | null;
  /** Renderer process peak RSS for the browser engines; process peak RSS for Node. */
  peakBytes: number | null;
  jsHeapPeakBytes: number | null;
  loadPhases?: Partial<Record<Phase, number>>;
  measures?: MeasureTiming[];
}

export interface SizeResult {
  label: string;
  rows: Record<string, number>;
  bytes: number;
  engines: EngineResult[];
}

export interface Machine {
  date: string;
  cpus: string;
  nproc: number;
  memoryBytes: number;
  loadAverage: string;
  chromium: string;
  node: string;
  duckdb: string;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatSeconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null || bytes === 0) return '—';
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(2)} GiB`
    : `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** `a / b` as `3.1×`, or — when either is missing. */
export function formatRatio(a: number | null, b: number | null): string {
  return a === null || b === null || b === 0 ? '—' : `${(a / b).toFixed(1)}×`;
}

function rowsOf(size: SizeResult): string {
  const n = (name: string) => (size.rows[name] ?? 0).toLocaleString('en-US');
  return `${n('families')} families, ${n('children')} children rows, ${n('adults')} adults; ${formatBytes(size.bytes)} of CSV`;
}

/** The results as a Markdown table: a row per size and engine, ratios to native DuckDB. */
export function resultsTable(sizes: readonly SizeResult[]): string {
  const lines = [
    '| Extract | Engine | Ready after drop | × native | Filter change | Cohort-size change | Longest main-thread block in the changes | Peak memory | Main-thread JS heap | Runs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const size of sizes) {
    const native = size.engines.find((e) => e.engine === 'node');
    for (const e of size.engines) {
      const runs = `${String(e.runs - e.failures.length)}/${String(e.runs)}${
        e.failures.length > 0
          ? ` (${[...new Set(e.failures)].join('; ').replaceAll('|', '/')})`
          : ''
      }`;
      lines.push(
        `| ${size.label} | ${ENGINE_NAMES[e.engine]} | ${formatSeconds(e.readyMs)} | ${
          e.engine === 'node' ? '1.0×' : formatRatio(e.readyMs, native?.readyMs ?? null)
        } | ${formatMs(e.filterMs)} | ${formatMs(e.cohortSizeMs)} | ${formatMs(
          e.longestTaskMs ?? null,
        )} | ${formatBytes(e.peakBytes)} | ${formatBytes(e.jsHeapPeakBytes)} | ${runs} |`,
      );
    }
  }
  lines.push('', ...sizes.map((s) => `- ${s.label}: ${rowsOf(s)}.`));
  return lines.join('\n');
}

/** Native DuckDB's load time by phase (medians), as a Markdown table. */
export function phasesTable(sizes: readonly SizeResult[]): string {
  const phases: Phase[] = ['read', 'inspect', 'normalize', 'validate', 'store', 'setup'];
  const lines = [
    `| Extract | ${phases.join(' | ')} | load total |`,
    `| --- | ${phases.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const size of sizes) {
    const node = size.engines.find((e) => e.engine === 'node');
    if (!node?.loadPhases) continue;
    const cells = phases.map((p) => formatSeconds(node.loadPhases?.[p] ?? 0));
    const total = Object.values(node.loadPhases).reduce((sum, ms) => sum + ms, 0);
    lines.push(`| ${size.label} | ${cells.join(' | ')} | ${formatSeconds(total)} |`);
  }
  return lines.join('\n');
}

/** Native DuckDB's first dashboard per measure: DuckDB time and JavaScript time, per size. */
export function measuresTable(sizes: readonly SizeResult[]): string {
  const withTimes = sizes.filter((s) => s.engines.some((e) => e.engine === 'node' && e.measures));
  const lines = [
    `| Measure | By | ${withTimes.map((s) => `${s.label} DuckDB | ${s.label} JS`).join(' | ')} |`,
    `| --- | --- | ${withTimes.map(() => '---: | ---:').join(' | ')} |`,
  ];
  const first = withTimes[0]?.engines.find((e) => e.engine === 'node')?.measures ?? [];
  first.forEach((m, i) => {
    const cells = withTimes.map((s) => {
      const t = s.engines.find((e) => e.engine === 'node')?.measures?.[i];
      return t ? `${formatMs(t.dbMs)} | ${formatMs(t.totalMs - t.dbMs)}` : '— | —';
    });
    lines.push(`| ${m.measure} | ${m.by} | ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.date}; ${String(machine.nproc)} cores (${machine.cpus}), ${formatBytes(machine.memoryBytes)} RAM, ` +
    `load average at start ${machine.loadAverage}; ${machine.chromium}; Node ${machine.node}; DuckDB ${machine.duckdb}.`
  );
}

/** Replaces the generated block `key` (e.g. `100k,1M`) of docs/benchmarks.md with `block`, or appends it. */
export function replaceResultsBlock(doc: string, key: string, block: string): string {
  const start = `<!-- bench:results:${key}:start -->`;
  const end = `<!-- bench:results:${key}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) return `${doc.trimEnd()}\n\n${start}\n${block}\n${end}\n`;
  return `${doc.slice(0, from)}${start}\n${block}\n${doc.slice(to)}`;
}
