import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { openBrowser } from '../test/browser/chromium';
import type { BareInstantiate } from './bare/page';
import type { PlainRun } from './plain/page';

/** Builds the app into `outDir` (not dist/, which the browser tests use). */
export async function buildApp(outDir: string): Promise<void> {
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** Bundles the plain-JavaScript baseline (PapaParse + loops) into one script; returns its path. */
export async function bundlePlainBaseline(outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: resolve('bench/plain/page.ts'),
        formats: ['iife'],
        name: 'plainBaseline',
        fileName: () => 'plain-baseline.js',
      },
    },
  });
  return join(outDir, 'plain-baseline.js');
}

/** Serves a built app on 127.0.0.1. */
export async function servePreview(
  outDir: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a local URL');
  return { url, close: () => server.close() };
}

export interface PageMemory {
  /** Peak resident memory of the page's renderer process (its main thread and its workers, wasm included). */
  rendererPeakBytes: number;
  /** Peak JS heap of the page's main thread (CDP Performance.getMetrics): workers and wasm excluded. */
  jsHeapPeakBytes: number;
}

function statusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${String(pid)}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Chromium renderer processes started by this process (Linux /proc). */
function rendererPids(): number[] {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer'))
        renderers.push(pid);
    } catch {
      // The process ended while being listed.
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return renderers.filter(descends);
}

/** Samples renderer RSS (/proc) and the main thread's JS heap (CDP) until stopped. */
export function sampleMemory(
  cdp: CDPSession,
  intervalMs = 200,
): { stop: () => Promise<PageMemory> } {
  const memory: PageMemory = { rendererPeakBytes: 0, jsHeapPeakBytes: 0 };
  let pids: number[] = [];
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      pids = rendererPids();
      for (const pid of pids) {
        memory.rendererPeakBytes = Math.max(memory.rendererPeakBytes, statusField(pid, 'VmHWM'));
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      memory.jsHeapPeakBytes = Math.max(memory.jsHeapPeakBytes, heap);
    } catch {
      // The page is busy navigating or has crashed: the next sample will tell.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  void sample();
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      return memory;
    },
  };
}

export interface AppRun {
  /** Navigation start to the dashboard ready on the bundled sample, cold profile. */
  startMs: number;
  /** From the drop to ready (the start itself for the `sample` size). */
  readyMs: number;
  /** The same two in a warm profile, when asked for. */
  warmStartMs: number | null;
  warmReadyMs: number | null;
  filterMs: number;
  cohortSizeMs: number;
  /** The longest the page's main thread was blocked (a long task) during the two view changes. */
  longestTaskMs: number;
  memory: PageMemory;
}

export interface BrowserFailure {
  failed: string;
  memory: PageMemory | null;
}

/** Records every data-status / data-view change of the root, with its time, from page load on. */
const STATUS_RECORDER = `
  window.__benchStatus = [];
  new MutationObserver(() => {
    const root = document.querySelector('[data-status]');
    if (!root) return;
    const entry = { t: performance.now(), status: root.getAttribute('data-status'), view: root.getAttribute('data-view') };
    const last = window.__benchStatus[window.__benchStatus.length - 1];
    if (!last || last.status !== entry.status || last.view !== entry.view) window.__benchStatus.push(entry);
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-view'] });
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchLongTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'file') window.__benchStatus.push({ t: performance.now(), status: 'files', view: null });
  }, true);
`;

interface StatusEntry {
  t: number;
  status: string;
  view: string | null;
}

function sameView(actual: string | null, expected: string): boolean {
  if (actual === null) return false;
  const [path = '', query = ''] = actual.split('?');
  const [wantPath = '', wantQuery = ''] = expected.split('?');
  const sorted = (q: string) =>
    [...new URLSearchParams(q)]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  return path === wantPath && sorted(query) === sorted(wantQuery);
}

/**
 * Waits until, after `since` (page clock), the root went through "loading" and then "ready" on
 * `view`; returns the time of that "ready". The root may flash "ready" on a new view for one
 * render before its queries start, so a view the app has not computed before must pass "loading".
 */
async function waitForStatus(
  page: Page,
  since: number,
  view: string,
  timeoutMs: number,
  requireLoading: boolean,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await page.evaluate(
      () => (window as unknown as { __benchStatus: StatusEntry[] }).__benchStatus,
    );
    const after = log.filter((e) => e.t >= since);
    const loadingAt = after.findIndex((e) => e.status === 'loading');
    const from = requireLoading ? loadingAt : 0;
    if (from >= 0) {
      const done = after
        .slice(from)
        .find((e) => (e.status === 'ready' || e.status === 'error') && sameView(e.view, view));
      if (done?.status === 'error') throw new Error(`the app reported an error on ${view}`);
      if (done) return done.t;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(timeoutMs / 1000)} s waiting for ${view}`);
    await page.waitForTimeout(100);
  }
}

/** Changes the view; returns how long until it was ready, and the longest main-thread task meanwhile. */
async function changeView(
  page: Page,
  view: string,
  timeoutMs: number,
): Promise<{ ms: number; longestTaskMs: number }> {
  const started = await page.evaluate((hash) => {
    const t = performance.now();
    window.location.hash = `#/${hash}`;
    return t;
  }, view);
  const ready = await waitForStatus(page, started, view, timeoutMs, true);
  const tasks = await page.evaluate(
    () =>
      (window as unknown as { __benchLongTasks: { start: number; ms: number }[] }).__benchLongTasks,
  );
  const during = tasks.filter((task) => task.start + task.ms >= started && task.start <= ready);
  // The DuckDB statements of the change, as the app's client records them (wasm-client.ts).
  const statements = await page.evaluate(
    ([from, to]) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith('duckdb:') && e.startTime >= from && e.startTime <= to)
        .map((e) => ({ name: e.name.slice(8), ms: e.duration })),
    [started, ready] as const,
  );
  const inDb = statements.reduce((sum, s) => sum + s.ms, 0);
  const slowest = [...statements].sort((a, b) => b.ms - a.ms).slice(0, 4);
  console.log(
    `  ${view}: ${String(Math.round(ready - started))} ms, ${String(statements.length)} statements ` +
      `taking ${String(Math.round(inDb))} ms in the worker; main-thread tasks over 50 ms: ` +
      `${String(during.length)}, ${String(Math.round(during.reduce((sum, t) => sum + t.ms, 0)))} ms; slowest: ` +
      slowest.map((s) => `${String(Math.round(s.ms))} ms ${s.name.slice(0, 90)}`).join(' | '),
  );
  // BENCH_STATEMENTS=1 lists every statement of the change, in the order they ran.
  if (process.env.BENCH_STATEMENTS === '1')
    for (const s of statements) console.log(`    ${s.ms.toFixed(1)} ms ${s.name.slice(0, 150)}`);
  return { ms: ready - started, longestTaskMs: Math.max(0, ...during.map((task) => task.ms)) };
}

/**
 * Drops `paths` on the page's upload input; returns the page-clock times of the drop (the input's
 * `change`) and of the dashboard ready on `view`, or why the upload did not load.
 */
async function uploadAndWait(
  page: Page,
  paths: readonly string[],
  view: string,
  timeoutMs: number,
): Promise<{ dropped: number; ready: number } | { failed: string }> {
  const input = page.locator('input[type=file]');
  // The input may live in the upload dialog, opened by the header's button.
  const opener = page.getByRole('button', { name: /load your extract/i });
  if ((await input.count()) === 0 && (await opener.count()) > 0) {
    await opener.first().click();
    await input.first().waitFor({ state: 'attached', timeout: 10_000 });
  }
  if ((await input.count()) === 0) {
    return { failed: 'the app has no <input type=file> to upload with yet' };
  }
  const before = await page.evaluate(() => performance.now());
  await input.first().setInputFiles([...paths]);
  const log = await page.evaluate(
    () => (window as unknown as { __benchStatus: StatusEntry[] }).__benchStatus,
  );
  const dropped = log.filter((e) => e.t >= before).find((e) => e.status === 'files')?.t ?? before;
  const ready = await waitForStatus(page, dropped, view, timeoutMs, true);
  // A load that fails can put the previous extract (the sample) back on screen, ready.
  const banner = (await page.locator('[aria-label="Loaded data"]').first().innerText()).replace(
    /\s+/g,
    ' ',
  );
  if (/sample/i.test(banner) || !banner.includes(`${String(paths.length)} of 3 files loaded`)) {
    let alerts = (await page.getByRole('alert').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
    if (alerts.trim() === '') {
      // Some files loaded: the reasons for the others are on the validation page.
      await page.evaluate(() => (window.location.hash = '#/data'));
      await page.waitForTimeout(2000);
      const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      alerts = (text.match(/[^.]*could not be loaded[^.]*\.[^.]*\./g) ?? []).join(' ');
    }
    // What the evaluator saw, for the report: .bench/app-failure.png
    await page
      .screenshot({ path: '.bench/app-failure.png', fullPage: true })
      .catch(() => undefined);
    return {
      failed: `the upload did not load, the sample stayed on screen: ${alerts.slice(0, 480)}`,
    };
  }
  return { dropped, ready };
}

export interface AppRunOptions {
  /** No upload: the app's own start on the bundled sample is the run (`sample` size). */
  sample: boolean;
  /** Also a warm-profile pass: a new tab of the same profile (HTTP and code caches kept). */
  warm: boolean;
}

/**
 * One run of the app, cold profile: open the page (start to ready on the sample), drop the
 * files (unless `sample`), then a filter change and a cohort-size change; with `warm`, the page
 * opened again in a new tab of the same profile, and the files dropped again.
 */
export async function measureApp(
  baseUrl: string,
  paths: readonly string[],
  views: { first: string; filter: string; cohortSize: string },
  timeoutMs: number,
  options: AppRunOptions = { sample: false, warm: false },
): Promise<AppRun | BrowserFailure> {
  const session = await openBrowser(baseUrl);
  let { page } = session;
  const tab = { crashed: false };
  page.on('crash', () => {
    tab.crashed = true;
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await session.context.addInitScript(STATUS_RECORDER);
  let sampler: ReturnType<typeof sampleMemory> | null = null;
  try {
    sampler = sampleMemory(cdp);
    await page.goto(`${baseUrl}#/${views.first}`);
    // The page clock starts at navigation: this is the start to a computed dashboard.
    const startMs = await waitForStatus(page, 0, views.first, 120_000, true);
    await logStatements(page, 0, startMs, 'start on the sample');
    let readyMs = startMs;
    if (!options.sample) {
      const upload = await uploadAndWait(page, paths, views.first, timeoutMs);
      if ('failed' in upload) return { failed: upload.failed, memory: await sampler.stop() };
      readyMs = upload.ready - upload.dropped;
      await logStatements(page, upload.dropped, upload.ready, 'drop to ready');
    }
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const filter = await changeView(page, views.filter, timeoutMs);
    if (process.env.BENCH_PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync('.bench/filter.cpuprofile', JSON.stringify(profile));
    }
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.start');
    }
    const cohortSize = await changeView(page, views.cohortSize, timeoutMs);
    if (process.env.BENCH_PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync('.bench/cohort-size.cpuprofile', JSON.stringify(profile));
    }
    const memory = await sampler.stop();
    sampler = null;
    let warmStartMs: number | null = null;
    let warmReadyMs: number | null = null;
    if (options.warm) {
      // A new tab of the same profile; closing the old one skips its beforeunload question.
      const next = await session.context.newPage();
      await page.close();
      page = next;
      await page.goto(`${baseUrl}#/${views.first}`);
      warmStartMs = await waitForStatus(page, 0, views.first, 120_000, true);
      warmReadyMs = warmStartMs;
      if (!options.sample) {
        const upload = await uploadAndWait(page, paths, views.first, timeoutMs);
        if ('failed' in upload) return { failed: `warm: ${upload.failed}`, memory };
        warmReadyMs = upload.ready - upload.dropped;
      }
    }
    return {
      startMs,
      readyMs,
      warmStartMs,
      warmReadyMs,
      filterMs: filter.ms,
      cohortSizeMs: cohortSize.ms,
      longestTaskMs: Math.max(filter.longestTaskMs, cohortSize.longestTaskMs),
      memory,
    };
  } catch (error) {
    const memory = sampler ? await sampler.stop().catch(() => null) : null;
    const reason = tab.crashed
      ? 'the tab crashed'
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? '')
        : String(error);
    return { failed: reason, memory };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * With BENCH_STATEMENTS=1, lists the DuckDB statements the app ran between two page-clock times
 * (as its client records them, src/db/wasm-client.ts): count, time in the worker, and the
 * slowest; BENCH_STATEMENTS=all lists every one.
 */
async function logStatements(page: Page, from: number, to: number, what: string): Promise<void> {
  if (!process.env.BENCH_STATEMENTS) return;
  const statements = await page.evaluate(
    ([a, b]) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith('duckdb:') && e.startTime >= a && e.startTime <= b)
        .map((e) => ({ name: e.name.slice(8), ms: e.duration, at: e.startTime })),
    [from, to] as const,
  );
  const inDb = statements.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `  ${what}: ${String(Math.round(to - from))} ms, ${String(statements.length)} statements taking ` +
      `${String(Math.round(inDb))} ms in the worker; first at ${String(Math.round((statements[0]?.at ?? to) - from))} ms`,
  );
  if (process.env.BENCH_STATEMENTS === 'all')
    for (const s of statements)
      console.log(`    +${(s.at - from).toFixed(0)} ${s.ms.toFixed(1)} ms ${s.name.slice(0, 150)}`);
}

export interface BareRun {
  /** Navigation start to a connection ready, cold profile. */
  readyMs: number;
  instantiateMs: number;
  textReadMs: number;
  typedReadMs: number;
  /** The same in a new tab of the same profile (wasm in the HTTP cache and code cache). */
  warmReadyMs: number | null;
  warmTextReadMs: number | null;
  memory: PageMemory;
}

/** The app's built DuckDB-wasm files (the eh bundle, which the app picks in Chromium). */
export function duckdbAssets(appDir: string): { worker: string; wasm: string } {
  const assets = readdirSync(join(appDir, 'assets'));
  const worker = assets.find((f) => /^duckdb-browser-eh\.worker-.*\.js$/.test(f));
  const wasm = assets.find((f) => /^duckdb-eh-.*\.wasm$/.test(f));
  if (!worker || !wasm) throw new Error(`no DuckDB-wasm eh bundle in ${appDir}/assets`);
  return { worker: `../assets/${worker}`, wasm: `../assets/${wasm}` };
}

/**
 * Bundles the bare DuckDB-wasm page (bench/bare/page.ts: the duckdb-wasm package, no app code)
 * into `appDir/bare/`, beside the built app, so it is served from the same origin and uses the
 * app's own worker and wasm files.
 */
export async function bundleBarePage(appDir: string): Promise<void> {
  const outDir = join(appDir, 'bare');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: resolve('bench/bare/page.ts'),
        formats: ['iife'],
        name: 'bareDuckdb',
        fileName: () => 'bare.js',
      },
    },
  });
  const { worker, wasm } = duckdbAssets(appDir);
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>bare DuckDB-wasm</title>
<input type="file" multiple>
<script src="bare.js"></script>
<script>window.bareStarted = window.bareInstantiate(Object.assign(${JSON.stringify({ worker, wasm })}, { plainStreaming: location.search.includes('plain-streaming') }));</script>\n`,
  );
}

/** Opens the bare page in `page`; returns its instantiate timing. */
async function openBare(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}bare/`);
  return page.evaluate(
    () => (window as unknown as { bareStarted: Promise<BareInstantiate> }).bareStarted,
  );
}

async function bareRead(page: Page, paths: readonly string[], typed: boolean): Promise<number> {
  const input = page.locator('input[type=file]');
  await input.setInputFiles([...paths]);
  return page.evaluate(async (t) => {
    const element = document.querySelector('input');
    if (!element) throw new Error('no input');
    return (await window.bareRead(element, t)).ms;
  }, typed);
}

/**
 * One run of the bare DuckDB-wasm page in the same Chromium: instantiate, the files read as text,
 * then read again with type detection; with `warm`, instantiate and the text read again in a new
 * tab of the same profile.
 */
export async function measureBare(
  baseUrl: string,
  paths: readonly string[],
  timeoutMs: number,
  warm: boolean,
): Promise<BareRun | BrowserFailure> {
  const session = await openBrowser(baseUrl);
  let { page } = session;
  const tab = { crashed: false };
  page.on('crash', () => {
    tab.crashed = true;
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let sampler: ReturnType<typeof sampleMemory> | null = sampleMemory(cdp);
  page.setDefaultTimeout(timeoutMs);
  try {
    const started = await openBare(page, baseUrl);
    const textReadMs = await bareRead(page, paths, false);
    const typedReadMs = await bareRead(page, paths, true);
    const memory = await sampler.stop();
    sampler = null;
    let warmReadyMs: number | null = null;
    let warmTextReadMs: number | null = null;
    if (warm) {
      const next = await session.context.newPage();
      next.setDefaultTimeout(timeoutMs);
      await page.close();
      page = next;
      warmReadyMs = (await openBare(page, baseUrl)).readyMs;
      warmTextReadMs = await bareRead(page, paths, false);
    }
    return {
      readyMs: started.readyMs,
      instantiateMs: started.instantiateMs,
      textReadMs,
      typedReadMs,
      warmReadyMs,
      warmTextReadMs,
      memory,
    };
  } catch (error) {
    const memory = sampler ? await sampler.stop().catch(() => null) : null;
    const reason = tab.crashed
      ? 'the tab crashed'
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? '')
        : String(error);
    return { failed: reason, memory };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** One run of the plain-JavaScript baseline in a blank page of the same browser. */
export async function measurePlain(
  baseUrl: string,
  script: string,
  paths: readonly string[],
  timeoutMs: number,
): Promise<(PlainRun & { memory: PageMemory }) | BrowserFailure> {
  const session = await openBrowser(baseUrl);
  const { page } = session;
  const tab = { crashed: false };
  page.on('crash', () => {
    tab.crashed = true;
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let sampler: ReturnType<typeof sampleMemory> | null = null;
  try {
    await page.setContent(
      '<!doctype html><title>plain baseline</title><input type="file" multiple>',
    );
    await page.addScriptTag({ path: script });
    await page.locator('input[type=file]').setInputFiles([...paths]);
    sampler = sampleMemory(cdp);
    const run = await Promise.race([
      page.evaluate(() => {
        const input = document.querySelector('input');
        if (!input) throw new Error('no input');
        return window.runPlainBaseline(input);
      }),
      new Promise<never>((_, reject) =>
        setTimeout(() => {
          reject(new Error(`timed out after ${String(timeoutMs / 1000)} s`));
        }, timeoutMs),
      ),
    ]);
    return { ...run, memory: await sampler.stop() };
  } catch (error) {
    const memory = sampler ? await sampler.stop().catch(() => null) : null;
    const reason = tab.crashed
      ? 'the tab crashed'
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? '')
        : String(error);
    return { failed: reason, memory };
  } finally {
    await session.close().catch(() => undefined);
  }
}
