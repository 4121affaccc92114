import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { openBrowser } from '../test/browser/chromium';
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
  readyMs: number;
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

/** One run of the app: drop the files, then a filter change and a cohort-size change. */
export async function measureApp(
  baseUrl: string,
  paths: readonly string[],
  views: { first: string; filter: string; cohortSize: string },
  timeoutMs: number,
): Promise<AppRun | BrowserFailure> {
  const session = await openBrowser(baseUrl);
  const { page } = session;
  const tab = { crashed: false };
  page.on('crash', () => {
    tab.crashed = true;
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.addInitScript(STATUS_RECORDER);
  let sampler: ReturnType<typeof sampleMemory> | null = null;
  try {
    await page.goto(`${baseUrl}#/${views.first}`);
    await waitForStatus(page, 0, views.first, 120_000, true);
    const input = page.locator('input[type=file]');
    // The input may live in the upload dialog, opened by the header's button.
    const opener = page.getByRole('button', { name: /load your extract/i });
    if ((await input.count()) === 0 && (await opener.count()) > 0) {
      await opener.first().click();
      await input.first().waitFor({ state: 'attached', timeout: 10_000 });
    }
    if ((await input.count()) === 0) {
      return { failed: 'the app has no <input type=file> to upload with yet', memory: null };
    }
    sampler = sampleMemory(cdp);
    const before = await page.evaluate(() => performance.now());
    await input.first().setInputFiles([...paths]);
    const log = await page.evaluate(
      () => (window as unknown as { __benchStatus: StatusEntry[] }).__benchStatus,
    );
    const dropped = log.filter((e) => e.t >= before).find((e) => e.status === 'files')?.t ?? before;
    const ready = await waitForStatus(page, dropped, views.first, timeoutMs, true);
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
      await page.screenshot({ path: '.bench/app-failure.png', fullPage: true }).catch(() => undefined);
      return {
        failed: `the upload did not load, the sample stayed on screen: ${alerts.slice(0, 480)}`,
        memory: await sampler.stop(),
      };
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
    const cohortSize = await changeView(page, views.cohortSize, timeoutMs);
    return {
      readyMs: ready - dropped,
      filterMs: filter.ms,
      cohortSizeMs: cohortSize.ms,
      longestTaskMs: Math.max(filter.longestTaskMs, cohortSize.longestTaskMs),
      memory: await sampler.stop(),
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
