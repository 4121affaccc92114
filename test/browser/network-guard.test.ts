import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** The recorder the no-foreign-request test relies on must see attempts from the page and its workers. */
describe('the foreign-request recorder', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openBrowser(baseUrl);
    await app.page.goto(baseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('records a CDN request made by the page and one made by a worker', async () => {
    await app.page.evaluate(async () => {
      const source =
        "fetch('https://cdn.jsdelivr.net/npm/from-worker').catch(() => {}); postMessage('sent');";
      const worker = new Worker(
        URL.createObjectURL(new Blob([source], { type: 'text/javascript' })),
      );
      await new Promise((done) => {
        worker.onmessage = done;
      });
      await fetch('https://unpkg.com/from-page').catch(() => null);
    });
    await expect.poll(() => app.foreignRequests.length, { timeout: 5000 }).toBe(2);
    expect([...app.foreignRequests].sort()).toEqual([
      'https://cdn.jsdelivr.net/npm/from-worker',
      'https://unpkg.com/from-page',
    ]);
  });
});
