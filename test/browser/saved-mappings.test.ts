import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** A families file exported without its header row: its first record is read as headers. */
const FIRST = ['F0000001', 'Los Angeles', 'LA-East', 'linkages', '2022-07-01', '2025-09-30'];
const ROWS = [FIRST, ['F0000002', 'Fresno', 'FRE-West', 'comparison', '2022-08-01', '2025-09-30']];
const COLUMNS = ['family_id', 'county', 'unit_id', 'group', 'mutual_start_date'];

describe('a file without a header row, mapped by hand', () => {
  let app: AppSession;
  let path: string;
  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'linkages-headerless-')), 'families.csv');
    writeFileSync(path, ROWS.map((row) => row.join(',')).join('\n') + '\n');
    app = await openApp(baseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('leaves none of its values, nor a mapping, in local storage', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.locator('input[type=file]').setInputFiles([path]);
    for (const [i, column] of COLUMNS.entries())
      await page.locator(`[id="map-families.csv-${column}"]`).selectOption(FIRST[i]!);
    const remember = page.getByRole('checkbox', { name: /Remember this mapping/ });
    expect(await remember.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Load with this mapping' }).click();
    await waitForReady(page, 60_000, 'overview');
    // Everything the page keeps on disk: the mapping store, with no mapping in it.
    expect(await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)))).toEqual({
      'linkages.column-mappings.v2': '{}',
    });
  });
});

/** A letter id part: BAAA, BAAB, … (`PersBAAA`, `FamBAAA`), as a headerless export writes them. */
const letters = (i: number) =>
  `BA${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
const FIRST_NAMES = ['Ana', 'Jose', 'Linda', 'David', 'Rosa', 'James', 'Maria'];
const LAST_NAMES = ['Lopez', 'Smith', 'Garcia', 'Nguyen', 'Martinez'];
const nameOf = (i: number) =>
  `${FIRST_NAMES[i % FIRST_NAMES.length]!} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]!}`;

/**
 * A families file with a header row and four extra columns the loader does not load as extract
 * columns (an SSN by its header, a parent's name, a phone, notes holding SSNs in a third of the
 * rows), three of its rows rejected; and an adults file without a header row (person id, family
 * id, a name), whose adults of the rejected families are rejected too.
 */
function identifierExtract(dir: string) {
  const families = [
    'family_id,county,unit_id,group,mutual_start_date,data_through_date,Soc Sec No,Parent,Tel,Notes',
  ];
  const adults: string[] = [];
  const identifiers: string[] = [];
  for (let i = 0; i < 30; i++) {
    const ssn = String(381265919 + i * 7_919_123);
    const parent = nameOf(i + 2);
    const tel = String(7_589_294_771 + i * 104_729);
    const notes = i % 3 === 0 ? `717-85-${String(1055 + i)}` : 'ok';
    const start = i % 10 === 1 ? 'not a date' : `2022-0${String(1 + (i % 9))}-1${String(i % 9)}`;
    const group = i % 2 === 0 ? 'linkages' : 'comparison';
    const unit = i % 2 === 0 ? 'COL-L' : 'COL-C';
    families.push(
      `Fam${letters(i)},Colusa,${unit},${group},${start},2025-09-30,${ssn},${parent},${tel},${notes}`,
    );
    adults.push(`Pers${letters(i)},Fam${letters(i)},${nameOf(i)}`);
    identifiers.push(ssn, parent, tel, nameOf(i), ...(notes === 'ok' ? [] : [notes]));
  }
  const paths = {
    families: join(dir, 'families.csv'),
    adults: join(dir, 'adults.csv'),
  };
  writeFileSync(paths.families, `${families.join('\n')}\n`);
  writeFileSync(paths.adults, `${adults.join('\n')}\n`);
  return { paths, identifiers };
}

describe('an extract with identifier columns and a file without a header row', () => {
  let app: AppSession;
  let extract: ReturnType<typeof identifierExtract>;
  beforeAll(async () => {
    extract = identifierExtract(mkdtempSync(join(tmpdir(), 'linkages-identifiers-')));
    app = await openApp(baseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps no value in local storage, and what an earlier version kept is removed', async () => {
    const { page } = app;
    // What version 1 kept of such a file: its first record, as a "mapping".
    await page.evaluate(() => {
      localStorage.setItem(
        'linkages.column-mappings.v1',
        JSON.stringify({ 'analopez|fambaaa|persbaaa': { person_id: 'PersBAAA' } }),
      );
    });
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles([extract.paths.families, extract.paths.adults]);
    await page.locator('[id="map-adults.csv-person_id"]').selectOption('PersBAAA');
    await page.locator('[id="map-adults.csv-family_id"]').selectOption('FamBAAA');
    const notes = await page.locator('.no-header-row').allTextContents();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('The first row of adults.csv looks like a record');
    expect(notes[0]).toContain('This mapping will not be remembered for it');
    const remember = page.getByRole('checkbox', { name: /Remember this mapping/ });
    expect(await remember.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Load with this mapping' }).click();
    await page.waitForSelector('.source-upload', { timeout: 60_000 });
    await waitForReady(page, 60_000, 'overview');
    expect(await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)))).toEqual({
      'linkages.column-mappings.v2': '{}',
    });
  });

  it('gives rejected-rows downloads with the extract columns only: no identifier, no ignored column', async () => {
    const { page } = app;
    await page.evaluate(() => {
      window.location.hash = '#/data';
    });
    await waitForReady(page, 60_000, 'data');
    await page.screenshot({ path: 'test-results/identifiers-data-page.png', fullPage: true });
    // The headerless file's extra column is named by its position, not by its first record.
    const report = await page.locator('main').innerText();
    expect(report).toContain('Extra columns ignored: column 3');
    expect(report).not.toContain('Ana Lopez');
    const texts: Record<string, string> = {};
    for (const name of ['families.csv', 'adults.csv']) {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download rejected rows of ${name}` }).click(),
      ]);
      texts[name] = readFileSync(await file.path(), 'utf8');
    }
    const rows = (csv: string) =>
      csv
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .filter((line) => line !== '' && !line.startsWith('#'));
    const families = rows(texts['families.csv']!);
    const adults = rows(texts['adults.csv']!);
    expect(families[0]).toBe(
      'row_no,family_id,county,unit_id,group,mutual_start_date,data_through_date,reason',
    );
    expect(families.slice(1).map((line) => line.split(',')[1])).toEqual([
      'FamBAAB',
      'FamBAAL',
      'FamBAAV',
    ]);
    expect(adults[0]).toBe('row_no,person_id,family_id,reason');
    expect(adults.slice(1).map((line) => line.split(',')[1])).toEqual([
      'PersBAAB',
      'PersBAAL',
      'PersBAAV',
    ]);
    const everything = Object.values(texts).join('\n');
    expect(extract.identifiers.filter((value) => everything.includes(value))).toEqual([]);
    expect(everything).not.toContain('PersBAAA');
    expect(everything).not.toContain('Ana Lopez');
  });
});
