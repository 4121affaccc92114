import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDb } from '../../src/db/node-client';
import { syntheticExtractText } from '../../src/synthetic/synthetic-extract';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
const dir = mkdtempSync(join(tmpdir(), 'linkages-hostile-'));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The overview's measure cards as shown: the numbers of the extract on screen. */
function shownNumbers(page: Page): Promise<string[]> {
  return page.locator('[data-measure]').allTextContents();
}

async function upload(page: Page, paths: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Load your extract' }).click();
  await page.locator('input[type=file]').setInputFiles(paths);
}

/**
 * A statement run inside the DuckDB worker (found by its blob: URL) as its own dispatcher runs
 * one, its answer taken before the page sees it: how a test lowers the engine's memory limit
 * without a hook in the app.
 */
async function runInEngine(page: Page, statement: string): Promise<string> {
  const worker = page.workers().find((w) => w.url().startsWith('blob:'));
  if (!worker) throw new Error('no DuckDB worker');
  return worker.evaluate(async (text) => {
    const scope = self as unknown as {
      onmessage: (event: { data: unknown }) => Promise<void>;
      postMessage: (
        message: { requestId: number; type: string; data: unknown },
        transfer?: unknown,
      ) => void;
    };
    const post = scope.postMessage.bind(scope);
    const answers = new Map<number, (message: { type: string; data: unknown }) => void>();
    scope.postMessage = (message, transfer) => {
      const answer = answers.get(message.requestId);
      if (answer) answer(message);
      else post(message, transfer);
    };
    const ask = async (messageId: number, type: string, data: unknown) => {
      const answer = new Promise<{ type: string; data: unknown }>((resolve) => {
        answers.set(messageId, resolve);
      });
      await scope.onmessage({ data: { messageId, type, data } });
      return answer;
    };
    try {
      // A connection of the test's own: settings like memory_limit are the database's.
      const connection = await ask(990_001, 'CONNECT', null);
      const result = await ask(990_002, 'RUN_QUERY', [connection.data, text]);
      await ask(990_003, 'DISCONNECT', connection.data);
      return result.type === 'ERROR' ? JSON.stringify(result.data) : result.type;
    } finally {
      scope.postMessage = post;
    }
  }, statement);
}

describe('hostile loads in the browser: the extract on screen stays usable', () => {
  let app: AppSession;
  let before: string[];
  /** A county-size families file: big enough to be still loading when Cancel is pressed. */
  let large: string;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const { files } = syntheticExtractText({ families: 60_000, seed: 7 });
    large = write('families.csv', files.families);
    app = await openApp(baseUrl);
    await waitForReady(app.page);
    before = await shownNumbers(app.page);
    expect(before.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await app.close();
  });

  it('rejects rows of 50,000 fields, naming the file and each row, and keeps the sample on screen', async () => {
    const { page } = app;
    const { files } = syntheticExtractText({ families: 20, seed: 3 });
    const [header, first] = files.families.split('\n');
    const wide = `${first!}${','.repeat(50_000)}`;
    const path = write('wide/families.csv'.replace('/', '-'), `${header!}\n${wide}\n${wide}\n`);
    await upload(page, [path]);
    const alert = page.getByRole('alert').filter({ hasText: 'Your files could not be loaded.' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(
      'wide-families.csv, rows 2, 3: the line has far more fields than the header (more than twice as many), which no record of the extract has, so it was not read',
    );
    await expect(alert.textContent()).resolves.toContain(
      'The data already loaded (Synthetic sample — not county data) is still shown.',
    );
    await page.screenshot({ path: 'test-results/hostile-wide-rows.png' });
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('says a families.csv of random bytes is not a text file, asks for no column, and keeps the sample on screen', async () => {
    const { page } = app;
    // Random bytes hold few NUL bytes: the page once offered their junk as columns to pick.
    let state = 11;
    const random = Uint8Array.from({ length: 5000 }, () => {
      state = (state * 48271) % 2147483647;
      return state & 0xff;
    });
    const path = join(dir, 'random-families.csv');
    writeFileSync(path, random);
    await upload(page, [path]);
    const alert = page.getByRole('alert').filter({ hasText: 'Your files could not be loaded.' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(
      'random-families.csv is not a text file (it holds binary data). Export the table as CSV and load that file.',
    );
    expect(await page.getByText('Check the columns').count()).toBe(0);
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('refuses a small Parquet file whose repeated values expand past 1 GB as text, saying so, and keeps the sample on screen', async () => {
    const { page } = app;
    // 300,000 rows of a 4,000-byte value stored once: well under 1 MB on disk, 1.1 GB as text.
    const path = join(dir, 'families.parquet');
    const node = await createNodeDb();
    try {
      await node.exec(
        `COPY (SELECT 'F1' AS family_id, repeat('U', 4000) AS unit_id, 'Fresno' AS county FROM range(300000))
         TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
      );
    } finally {
      await node.close();
    }
    await upload(page, [path]);
    const alert = page.getByRole('alert').filter({ hasText: 'Your files could not be loaded.' });
    await alert.waitFor();
    // The browser counts a window of rows at a time and stops past the limit: a lower bound.
    await expect(alert.textContent()).resolves.toMatch(
      /families\.parquet holds 300,000 rows whose values take 1,0\d\d MB or more once read as text \(a value repeated in many rows is stored once in the file, which is why it is small\), more than the 1,024 MB this dashboard can hold, so the file was not read\./,
    );
    await expect(alert.textContent()).resolves.toContain(
      'The data already loaded (Synthetic sample — not county data) is still shown.',
    );
    await page.screenshot({ path: 'test-results/hostile-parquet-bomb.png' });
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('cancels a load from the progress line and keeps the sample on screen', async () => {
    const { page } = app;
    await upload(page, [large]);
    const progress = page.getByRole('status').filter({ hasText: 'on this computer' });
    const cancel = progress.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor();
    await page.screenshot({ path: 'test-results/hostile-cancel-button.png' });
    await cancel.click();
    const notice = page.getByRole('status').filter({ hasText: 'was cancelled' });
    await notice.waitFor({ timeout: 60_000 });
    await expect(notice.textContent()).resolves.toContain(
      'Loading families.csv was cancelled. The data already loaded (Synthetic sample — not county data) is still shown.',
    );
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('ends a load that exceeds the engine memory with a clear message, the sample still shown', async () => {
    const { page } = app;
    expect(await runInEngine(page, "SET memory_limit = '48MB'")).toBe('QUERY_RESULT');
    await upload(page, [large]);
    const alert = page.getByRole('alert').filter({ hasText: 'Your files could not be loaded.' });
    await alert.waitFor({ timeout: 120_000 });
    await expect(alert.textContent()).resolves.toContain(
      'families.csv could not be loaded: this browser ran out of memory.',
    );
    await page.screenshot({ path: 'test-results/hostile-out-of-memory.png' });
    expect(await runInEngine(page, 'RESET memory_limit')).toBe('QUERY_RESULT');
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('starts a new engine when the instance dies (duckdb-wasm#1954) and loads the sample again', async () => {
    const { page } = app;
    const worker = page.workers().find((w) => w.url().startsWith('blob:'))!;
    // As after a wasm abort: the instance answers every request with an error.
    await worker.evaluate(() => {
      const scope = self as unknown as {
        postMessage: (message: { requestId: number; type: string; data: unknown }) => void;
      };
      const post = scope.postMessage.bind(scope);
      scope.postMessage = (message) => {
        post({
          ...message,
          type: 'ERROR',
          data: { name: 'RuntimeError', message: 'memory access out of bounds' },
        });
      };
    });
    const { files } = syntheticExtractText({ families: 50, seed: 5 });
    await upload(page, [write('small-families.csv', files.families)]);
    const notice = page.getByRole('status').filter({ hasText: 'was started again' });
    await notice.waitFor({ timeout: 120_000 });
    await expect(notice.textContent()).resolves.toContain(
      'The database stopped while loading small-families.csv; it was started again. The data already loaded (Synthetic sample — not county data) is still shown.',
    );
    await waitForReady(page);
    expect(await shownNumbers(page)).toEqual(before);
    // The new instance was instantiated from the Module the page compiled for the first one
    // (wasm-client.ts compileWasm): two engine starts, one compile of the 34 MB wasm.
    const entries = await page.evaluate(() => ({
      started: performance.getEntriesByName('engine: started').length,
      compiled: performance.getEntriesByName('engine: wasm compiled').length,
    }));
    expect(entries).toEqual({ started: 2, compiled: 1 });
  });
});
