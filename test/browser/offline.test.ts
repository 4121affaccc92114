import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticExtractText } from '../../src/synthetic/synthetic-extract';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** Every URL in the page's Cache Storage, relative to the app. */
function cachedUrls(page: Page, base: string): Promise<string[]> {
  return page.evaluate(async (prefix) => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys())
        urls.push(request.url.startsWith(prefix) ? request.url.slice(prefix.length) : request.url);
    }
    return urls.sort();
  }, base);
}

describe('the dashboard offline after one visit, under its content security policy', () => {
  let app: AppSession;
  const serviceWorkerRequests: string[] = [];

  beforeAll(async () => {
    app = await openBrowser(baseUrl, undefined, { enforceCsp: true, serviceWorkers: 'allow' });
    app.context.on('request', (request) => {
      if (request.serviceWorker()) serviceWorkerRequests.push(request.url());
    });
    await app.page.goto(baseUrl);
    await waitForReady(app.page);
  });

  afterAll(async () => {
    await app.close();
  });

  it('has its service worker precache the app, its workers and wasm and the sample, and take control', async () => {
    const { page } = app;
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    const built = readdirSync('dist/assets').map((name) => `assets/${name}`);
    const expected = [
      'index.html',
      ...built.filter((name) => !/duckdb(-browser)?-mvp/.test(name)),
    ].sort();
    const cached = (await cachedUrls(page, baseUrl)).map((url) => url.replace(/\?.*$/, ''));
    expect(cached).toEqual(expected);
    expect(cached.filter((url) => url.endsWith('.wasm'))).toHaveLength(2);
    expect(cached.filter((url) => url.endsWith('.csv'))).toHaveLength(3);
    // The recorder sees the service worker's own requests, and none of them left the origin.
    expect(serviceWorkerRequests.length).toBeGreaterThan(0);
    expect(app.foreignRequests).toEqual([]);
  }, 120_000);

  it('opens ready on the sample with no network, and stores nothing of an extract loaded then', async () => {
    const { page, context } = app;
    const before = await cachedUrls(page, baseUrl);
    await context.setOffline(true);
    await page.reload();
    await waitForReady(page);
    const banner = page.getByRole('region', { name: 'Loaded data' });
    expect(await banner.locator('.source-pill').getAttribute('class')).toContain('source-sample');
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.screenshot({ path: 'test-results/offline-ready-1366.png' });

    const dir = mkdtempSync(join(tmpdir(), 'linkages-offline-'));
    const path = join(dir, 'offline-families.csv');
    writeFileSync(path, syntheticExtractText({ families: 60, seed: 5 }).files.families);
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([path]);
    await page.waitForSelector('.source-upload');
    await waitForReady(page);
    expect(await banner.textContent()).toContain('offline-families.csv');
    expect(await cachedUrls(page, baseUrl)).toEqual(before);
    expect(app.foreignRequests).toEqual([]);
  });
});
