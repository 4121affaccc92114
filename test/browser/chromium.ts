import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** Every request to a host other than the app's own, from the page or its workers. */
  foreignRequests: string[];
  close(): Promise<void>;
}

/**
 * Debian's Chromium with a fresh profile, recording every request the app makes. The app's
 * content security policy is bypassed unless `enforceCsp`: a test of the recorder must see every
 * attempt, and a test of the policy must not. The app's service worker is not registered unless
 * `serviceWorkers` is 'allow' (the offline test): elsewhere its precaching (about 42 MB) would
 * run beside what a test measures, and requests it answers would bypass the routes below.
 */
export async function openBrowser(
  baseUrl: string,
  viewport = { width: 1366, height: 768 },
  {
    enforceCsp = false,
    serviceWorkers = 'block',
  }: { enforceCsp?: boolean; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<AppSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` ` +
        '(.ci/run does this on a fresh machine), or set CHROMIUM_PATH.',
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'linkages-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    acceptDownloads: true,
    bypassCSP: !enforceCsp,
    serviceWorkers,
    timeout: 30_000,
  });
  context.setDefaultTimeout(30_000);
  const origin = new URL(baseUrl).origin;
  const foreignRequests: string[] = [];
  const record = (url: string) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) foreignRequests.push(url);
  };
  context.on('request', (request) => {
    record(request.url());
  });
  // Requests that would leave the machine are recorded above and then refused here.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    foreignRequests,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser on the app at `hash` (the sample data's overview by default), computed. */
export async function openApp(baseUrl: string, hash = ''): Promise<AppSession> {
  const app = await openBrowser(baseUrl);
  await app.page.goto(`${baseUrl}${hash}`);
  await waitForReady(app.page);
  return app;
}

/**
 * Waits for the dashboard to finish computing every visible measure (or fail); with `view` (the
 * hash without `#/`), for that view: right after a click the root may still report the previous
 * view as ready.
 */
export async function waitForReady(page: Page, timeout = 60_000, view?: string): Promise<void> {
  const on = view === undefined ? '' : `[data-view="${view}"]`;
  const deadline = Date.now() + timeout;
  for (;;) {
    const root = await page.waitForSelector(
      `[data-status="ready"]${on}, [data-status="error"]${on}`,
      { timeout: Math.max(1, deadline - Date.now()) },
    );
    const status = await root.getAttribute('data-status');
    if (status === 'ready') return;
    if (status === 'error') {
      const text = await root.textContent();
      throw new Error(`The dashboard reported an error: ${text ?? ''}`);
    }
    // A new view started computing between the two reads: wait for it.
  }
}

/**
 * Records every `data-status` change of the root as "view status" (e.g. "overview loading"),
 * so a test can tell a status that passed too quickly for polling. Returns a reader of the log.
 */
export async function recordStatuses(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-status]')!;
    const seen: string[] = [];
    (window as unknown as { statusLog: string[] }).statusLog = seen;
    new MutationObserver(() => {
      seen.push(
        `${root.getAttribute('data-view') ?? ''} ${root.getAttribute('data-status') ?? ''}`,
      );
    }).observe(root, { attributes: true, attributeFilter: ['data-status', 'data-view'] });
  });
  return () => page.evaluate(() => (window as unknown as { statusLog: string[] }).statusLog);
}

/** The rows of a chart's data table, as header → cell text. */
export async function readTable(page: Page, chart: string): Promise<Record<string, string>[]> {
  const figure = page.locator(`[data-chart="${chart}"]`);
  const toggle = figure.getByRole('button', { name: 'Show data table' });
  if ((await toggle.count()) > 0) await toggle.click();
  const headers = await figure.locator('table.data-table thead th').allTextContents();
  const rows = await figure.locator('table.data-table tbody tr').all();
  return Promise.all(
    rows.map(async (row) => {
      const cells = await row.locator('td').allTextContents();
      return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
    }),
  );
}
