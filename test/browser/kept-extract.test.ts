import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDb } from '../../src/db/node-client';
import { loadExtract, type LoadReport } from '../../src/dataset/load-extract';
import { syntheticExtractText } from '../../src/synthetic/synthetic-extract';
import { axeViolations } from './axe';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');
/** A header no synonym covers: mapped by hand, and not remembered, so only the kept copy knows it. */
const ODD_HEADER = 'Date both programs began';
const DATA_THROUGH = '2025-06-30';

/** A county's families file with no data-through column and one header to map by hand. */
function writeFamilies(): string {
  const { files } = syntheticExtractText({ families: 140, seed: 23 });
  const lines = files.families.trimEnd().split('\n');
  expect(files.families).not.toContain('"');
  const header = lines[0]!.split(',');
  const through = header.indexOf('Data Through');
  expect(through).toBeGreaterThan(0);
  const text = lines
    .map((line) => line.split(',').filter((_, i) => i !== through))
    .map((cells) => cells.map((c) => (c === 'Mutual Start Date' ? ODD_HEADER : c)).join(','))
    .join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'linkages-kept-')), 'county-families.csv');
  writeFileSync(path, `${text}\n`);
  return path;
}

/** The children file of the same county extract, with its usual headers. */
function writeChildren(): string {
  const { files } = syntheticExtractText({ families: 140, seed: 23 });
  const path = join(mkdtempSync(join(tmpdir(), 'linkages-kept-')), 'county-children.csv');
  writeFileSync(path, files.children);
  return path;
}

/** Every entry of the page's origin-private file system, as paths ('dir/', 'dir/file'). */
function listOpfs(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    type Dir = FileSystemDirectoryHandle & {
      entries(): AsyncIterable<[string, FileSystemHandle]>;
    };
    const paths: string[] = [];
    const walk = async (dir: Dir, prefix: string) => {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') {
          paths.push(`${prefix}${name}/`);
          await walk(handle, `${prefix}${name}/`);
        } else paths.push(`${prefix}${name}`);
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return paths.sort();
  });
}

async function banner(page: Page) {
  const region = page.getByRole('region', { name: 'Loaded data' });
  return {
    source: await region.locator('.source-pill').getAttribute('class'),
    text: (await region.textContent()) ?? '',
  };
}

/** Closes `page` as a person would (beforeunload runs); resolves to the dialogs it raised. */
async function closeAsked(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  const closed = new Promise((done) => page.once('close', done));
  await page.close({ runBeforeUnload: true });
  await closed;
  return dialogs;
}

/** Loads the county file as the evaluator does: maps the odd header, not remembered; gives the date. */
async function uploadCounty(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Load your extract' }).click();
  await page.locator('input[type=file]').setInputFiles([path]);
  await page
    .getByRole('region', { name: 'Columns of county-families.csv' })
    .getByLabel('mutual_start_date')
    .selectOption(ODD_HEADER);
  await page.getByLabel(/Remember this mapping/).uncheck();
  await page.getByRole('button', { name: 'Load with this mapping' }).click();
  await page.getByLabel('Data through').fill(DATA_THROUGH);
  await page.getByRole('button', { name: 'Use this date' }).click();
  await page.waitForSelector('.source-upload');
  await waitForReady(page);
}

describe("an evaluator's extract kept on this computer, only when chosen", () => {
  let app: AppSession;
  let path: string;
  let expected: LoadReport;
  let page: Page;
  let second: Page;
  /** The banner's count of the county file's families, as the Node loader counts them. */
  const familiesShown = () =>
    `${String(expected.files[0]!.loaded + expected.files[0]!.warnings)} families`;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    path = writeFamilies();
    const node = await createNodeDb();
    expected = await loadExtract(
      node,
      [{ fileName: 'county-families.csv', source: { kind: 'path', path } }],
      { mapping: { families: { mutual_start_date: ODD_HEADER } }, dataThrough: DATA_THROUGH },
    );
    await node.close();
    app = await openBrowser(baseUrl);
  });

  afterAll(async () => {
    await app.close();
  });

  it('does not ask before leaving the sample', async () => {
    const sample = await app.context.newPage();
    await sample.goto(baseUrl);
    await waitForReady(sample);
    // A click: Chromium asks before unloading only a page the person has interacted with.
    await sample.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(sample, 60_000, 'data');
    expect(await closeAsked(sample)).toEqual([]);
  }, 120_000);

  it('keeps nothing after an upload unless Keep is chosen', async () => {
    page = app.page;
    await page.goto(baseUrl);
    await waitForReady(page);
    await uploadCounty(page, path);
    // The Node loader's count of the families loaded (the sample has many more).
    expect(familiesShown()).toBe('139 families');
    const shown = await banner(page);
    expect(shown.text).toContain('county-families.csv');
    expect(shown.text).toContain('Data through Jun 30, 2025');
    expect(shown.text).toContain(familiesShown());
    const keep = page.getByRole('checkbox', { name: 'Keep this extract on this computer' });
    expect(await keep.isChecked()).toBe(false);
    expect(await listOpfs(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('linkages.column-mappings.v2'))).toBe(
      null,
    );
    await page.getByRole('region', { name: 'Loaded data' }).screenshot({
      path: 'test-results/kept-extract-keep-control.png',
    });
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('keeps the files, the mapping and the date when Keep is chosen, and loads them on the next visit', async () => {
    await page.getByRole('checkbox', { name: 'Keep this extract on this computer' }).click();
    await page.getByText('Kept on this computer', { exact: true }).waitFor();
    const stored = await listOpfs(page);
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatch(/^extract-[0-9a-f-]{36}\/$/);
    expect(stored.slice(1).map((p) => p.split('/')[1])).toEqual(['file-0', 'manifest.json']);

    // Kept: a reload loses nothing, so it is not asked about.
    const dialogs: string[] = [];
    const record = (dialog: Dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    };
    page.on('dialog', record);
    await page.reload();
    await waitForReady(page);
    page.off('dialog', record);
    await page.getByText("Loaded from this computer's storage", { exact: true }).waitFor();
    expect(dialogs).toEqual([]);
    const shown = await banner(page);
    expect(shown.source).toContain('source-upload');
    expect(shown.text).toContain('county-families.csv');
    // The kept date and mapping (the sample's data run through Sep 30, 2025).
    expect(shown.text).toContain('Data through Jun 30, 2025');
    expect(shown.text).toContain(familiesShown());
    await page.getByRole('region', { name: 'Loaded data' }).screenshot({
      path: 'test-results/kept-extract-forget-control.png',
    });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(page, 60_000, 'data');
    await expect(
      page.getByText("This extract was loaded from this computer's storage.").count(),
    ).resolves.toBe(1);

    // A second tab opens on the kept extract too.
    second = await app.context.newPage();
    await second.goto(baseUrl);
    await waitForReady(second);
    await second.getByText("Loaded from this computer's storage", { exact: true }).waitFor();
    expect((await banner(second)).text).toContain(familiesShown());
  }, 120_000);

  it('asks before opening the kept extract over an upload that is not kept', async () => {
    const third = await app.context.newPage();
    await third.goto(baseUrl);
    await waitForReady(third);
    await third.getByText("Loaded from this computer's storage", { exact: true }).waitFor();
    await uploadCounty(third, path);
    const kept = third.getByRole('group', { name: 'Keeping the extract on this computer' });
    expect(await kept.textContent()).toContain('Also kept: county-families.csv');
    await kept.getByRole('button', { name: 'Open it' }).click();
    const ask = kept.getByRole('alert');
    expect(await ask.textContent()).toMatch(
      /^The extract on screen is not kept on this computer: to see it again after opening the kept one, you would drop its files again\./,
    );
    await kept.screenshot({ path: 'test-results/kept-extract-open-asked.png' });
    expect(await axeViolations(third)).toEqual([]);
    // Cancel: nothing changes, the upload stays on screen.
    await kept.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    expect((await banner(third)).source).toContain('source-upload');
    expect(await third.getByText("Loaded from this computer's storage").count()).toBe(0);
    // Asked again and confirmed: the kept extract replaces the upload.
    await kept.getByRole('button', { name: 'Open it' }).click();
    await kept.getByRole('button', { name: 'Open the kept extract' }).click();
    await third.getByText("Loaded from this computer's storage", { exact: true }).waitFor();
    await waitForReady(third);
    expect((await banner(third)).text).toContain(familiesShown());
    await third.close();
  }, 120_000);

  it('removes every byte on Forget, asks before leaving the extract then, and opens on the sample next time', async () => {
    await page.getByRole('button', { name: 'Forget this extract' }).click();
    await page.getByText(/^Forgotten: nothing of the extract is stored/).waitFor();
    expect(await listOpfs(page)).toEqual([]);
    // Still on screen, now only in this tab's memory: leaving it is asked about.
    expect((await banner(page)).text).toContain(familiesShown());
    // Its files are still at hand although the copy it was read from is gone: a children file
    // is added to it (the families file read again from memory, with its mapping and date).
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([writeChildren()]);
    await page.getByText('2 of 3 files loaded').waitFor({ timeout: 60_000 });
    await waitForReady(page);
    const added = await banner(page);
    expect(added.text).toContain('county-families.csv, county-children.csv');
    expect(added.text).toContain(familiesShown());
    expect(added.text).toContain('Data through Jun 30, 2025');
    expect(await listOpfs(page)).toEqual([]);
    expect(await closeAsked(page)).toEqual(['beforeunload']);
    // The other tab is told: its extract is no longer kept, so it offers Keep and asks too.
    await second
      .getByRole('checkbox', { name: 'Keep this extract on this computer' })
      .waitFor({ timeout: 10_000 });
    expect(await closeAsked(second)).toEqual(['beforeunload']);

    const next = await app.context.newPage();
    await next.goto(baseUrl);
    await waitForReady(next);
    const shown = await banner(next);
    expect(shown.source).toContain('source-sample');
    expect(shown.text).toContain('Data through Sep 30, 2025');
    expect(shown.text).not.toContain(familiesShown());
    expect(await listOpfs(next)).toEqual([]);
    page = next;
  }, 120_000);

  it('says so, shows the sample and offers to forget when the kept extract no longer loads', async () => {
    await uploadCounty(page, path);
    await page.getByRole('checkbox', { name: 'Keep this extract on this computer' }).click();
    await page.getByText('Kept on this computer', { exact: true }).waitFor();
    // The kept file is cut short behind the dashboard's back.
    await page.evaluate(async () => {
      const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & {
        keys(): AsyncIterable<string>;
      };
      for await (const name of root.keys()) {
        const dir = await root.getDirectoryHandle(name);
        const file = await (await dir.getFileHandle('file-0')).createWritable();
        await file.truncate(10);
        await file.close();
      }
    });
    await page.reload();
    await waitForReady(page);
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded again' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^The extract kept on this computer \(county-families\.csv\) could not be loaded again: its files could not be read\. The sample data is shown instead\./,
    );
    expect(await page.getByRole('button', { name: 'Open it' }).count()).toBe(0);
    expect((await banner(page)).source).toContain('source-sample');
    await page.getByRole('region', { name: 'Loaded data' }).screenshot({
      path: 'test-results/kept-extract-unloadable.png',
    });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Forget this extract' }).click();
    await alert.waitFor({ state: 'detached' });
    expect(await listOpfs(page)).toEqual([]);
  }, 120_000);

  it('keeps nothing, and says why, when the browser allows too little room', async () => {
    const small = await app.context.newPage();
    await small.addInitScript(() => {
      StorageManager.prototype.estimate = () => Promise.resolve({ quota: 51_000, usage: 50_000 });
    });
    await small.goto(baseUrl);
    await waitForReady(small);
    await uploadCounty(small, path);
    await small.getByRole('checkbox', { name: 'Keep this extract on this computer' }).click();
    const alert = small.getByRole('alert').filter({ hasText: 'Not kept' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^Not kept: the extract is \d+ KB and the browser allows this site 1 KB more\. Nothing was kept; free disk space and try again\./,
    );
    expect(await listOpfs(small)).toEqual([]);
  });
});
