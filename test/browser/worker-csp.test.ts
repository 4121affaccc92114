import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** What a fetch to another origin does inside a worker: its outcome and any CSP violation seen. */
async function fetchFromWorker(worker: Worker, url: string) {
  return worker.evaluate(async (target) => {
    const violations: string[] = [];
    self.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
    let outcome: string;
    try {
      const response = await fetch(target);
      outcome = `status ${String(response.status)}`;
    } catch (error) {
      outcome = error instanceof Error ? error.name : 'error';
    }
    // The violation event is queued as a task: let it run.
    await new Promise((done) => setTimeout(done, 50));
    return { outcome, violations };
  }, url);
}

describe("the DuckDB worker, which holds every record, under the page's content security policy", () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openBrowser(baseUrl, undefined, { enforceCsp: true });
    await app.page.goto(baseUrl);
    // The sample loads and every measure is computed: the worker instantiated its wasm under the policy.
    await waitForReady(app.page);
  });
  afterAll(async () => {
    await app.close();
  });

  it('cannot fetch from another origin: the request is blocked by the policy before it leaves', async () => {
    const workers = app.page.workers();
    expect(workers).toHaveLength(1);
    const [worker] = workers;
    // The worker is DuckDB's: it answers its protocol's messages.
    expect(await worker!.evaluate(() => typeof self.onmessage)).toBe('function');
    const result = await fetchFromWorker(
      worker!,
      'https://cdn.jsdelivr.net/npm/from-duckdb-worker',
    );
    expect(result).toEqual({
      outcome: 'TypeError',
      violations: ['connect-src https://cdn.jsdelivr.net/npm/from-duckdb-worker'],
    });
    expect(app.foreignRequests).toEqual([]);
  });

  it('can still read files of its own origin', async () => {
    const [worker] = app.page.workers();
    const result = await fetchFromWorker(worker!, `${baseUrl}index.html`);
    expect(result).toEqual({ outcome: 'status 200', violations: [] });
  });
});
