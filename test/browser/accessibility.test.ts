import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticExtractText } from '../../src/synthetic/synthetic-extract';
import { axeViolations } from './axe';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

/** What has focus, as a short description a failure message can show. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const name = element.getAttribute('aria-label') ?? element.textContent;
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} ${name.trim().slice(0, 60)}`;
  });
}

/** A families file whose index-date header no synonym covers, so the mapping step appears. */
function writeFamiliesNeedingMapping(): string {
  const { files } = syntheticExtractText({ families: 200, seed: 7 });
  const path = join(mkdtempSync(join(tmpdir(), 'linkages-a11y-')), 'families-export.csv');
  writeFileSync(path, files.families.replace('Mutual Start Date', 'Date both programs began'));
  return path;
}

describe('accessibility of every view, by axe-core and by keyboard', () => {
  let app: AppSession;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    app = await openBrowser(baseUrl, { width: 1366, height: 768 });
    await app.page.goto(baseUrl);
    await waitForReady(app.page, 110_000);
  });

  afterAll(async () => {
    await app.close();
  });

  it('reaches the first measure from the skip links in a few tabs', async () => {
    const { page } = app;
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.y < 100).toBe(true);
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toMatch(/^a Skip to the measures/);
    await page.keyboard.press('Enter');
    await expect(focused(page)).resolves.toBe(
      'h3#card-coordination-30d Coordinated case plan within 30 days',
    );
    let tabs = 0;
    while (!(await focused(page)).startsWith('a Open measure') && tabs < 10) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    expect(await focused(page)).toBe('a Open measure: Coordinated case plan within 30 days');
    expect(tabs).toBeLessThanOrEqual(3);
  });

  it('makes the cohort size one tab stop, chosen with the arrow keys', async () => {
    const { page } = app;
    const group = page.getByRole('radiogroup', { name: 'Cohort size' });
    const stops = await group
      .getByRole('radio')
      .evaluateAll((radios) => radios.map((r) => r.getAttribute('tabindex')));
    expect(stops).toEqual(['0', '-1', '-1']);
    await group.getByRole('radio', { name: 'Quarter' }).focus();
    await page.keyboard.press('ArrowRight');
    await waitForReady(page, 60_000, 'overview?period=half');
    await expect(focused(page)).resolves.toBe('button Half-year');
    expect(page.url()).toContain('period=half');
    await page.keyboard.press('ArrowLeft');
    await waitForReady(page, 60_000, 'overview');
    await expect(
      group.getByRole('radio', { name: 'Quarter' }).getAttribute('aria-checked'),
    ).resolves.toBe('true');
    expect(page.url()).not.toContain('period=');
  });

  it('has no violation on the overview', async () => {
    expect(await axeViolations(app.page)).toEqual([]);
  });

  it('draws each chart as one named image, with no tab stop of its own', async () => {
    const charts = await app.page.locator('svg.recharts-surface').evaluateAll((svgs) =>
      svgs.map((svg) => ({
        role: svg.getAttribute('role'),
        name: svg.getAttribute('aria-label'),
        tabindex: svg.getAttribute('tabindex'),
      })),
    );
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      expect(chart.role).toBe('img');
      expect(chart.name).toBeTruthy();
      expect(chart.tabindex).toBeNull();
    }
  });

  it('moves focus to the measure heading and announces it when a measure opens', async () => {
    const { page } = app;
    await page.locator('[data-measure="coordination-30d"] a.open-measure').focus();
    await page.keyboard.press('Enter');
    await waitForReady(page, 60_000, 'measure/coordination-30d');
    await expect(focused(page)).resolves.toBe(
      'h2#measure-title Coordinated case plan within 30 days',
    );
    await expect(page.getByRole('status').first().textContent()).resolves.toBe(
      'Coordinated case plan within 30 days page',
    );
  });

  it('has no violation on a proportion measure page, its wide table open and focusable', async () => {
    const { page } = app;
    const trend = page.locator('[data-chart="trend"]');
    await trend.getByRole('button', { name: 'Show data table' }).click();
    const scroller = trend.locator('.table-scroll');
    await expect(
      scroller.evaluate((e) => [e.scrollWidth > e.clientWidth, e.getAttribute('tabindex')]),
    ).resolves.toEqual([true, '0']);
    await expect(scroller.getAttribute('aria-label')).resolves.toBe('Rate by quarter cohort');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violation on a time-to-event measure page', async () => {
    const { page } = app;
    await page.locator('.measure-picker select').selectOption('time-to-reunification');
    await waitForReady(page, 60_000, 'measure/time-to-reunification');
    await expect(focused(page)).resolves.toBe('h2#measure-title Time to reunification');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violation on the groups-at-baseline page, and focus is on its one heading', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Groups at baseline' }).click();
    await waitForReady(page, 60_000, 'baseline');
    await expect(focused(page)).resolves.toBe('h2#baseline-title Groups at baseline');
    await expect(page.locator('h2', { hasText: 'Overview' }).count()).resolves.toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violation on the data page, and focus is on its heading', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Data & validation' }).click();
    await waitForReady(page, 60_000, 'data');
    await expect(focused(page)).resolves.toBe('h2 Data & validation');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violation on either step of the upload dialog', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Overview' }).click();
    await waitForReady(page, 60_000, 'overview');
    await page.getByRole('button', { name: 'Load your extract' }).click();
    await page.getByRole('dialog', { name: 'Load your extract' }).waitFor();
    const choose = page.getByRole('button', { name: 'Choose files…' });
    await expect(choose.evaluate((e) => e.tagName)).resolves.toBe('BUTTON');
    // The header's white button style must not reach the dialog (white text on white).
    await expect(
      choose.evaluate((e) => getComputedStyle(e).backgroundColor !== 'rgb(255, 255, 255)'),
    ).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('input[type=file]').setInputFiles([writeFamiliesNeedingMapping()]);
    await page.getByText('Pick the column for mutual_start_date.').waitFor();
    await expect(focused(page)).resolves.toBe('h3 Check the columns');
    const confirm = page.getByRole('button', { name: 'Load with this mapping' });
    await expect(confirm.evaluate((e) => e.tagName)).resolves.toBe('BUTTON');
    const box = await confirm.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    // Beside each picker: what the column holds, and two values of the chosen column.
    const familyId = page.getByRole('row').filter({ hasText: 'family_id' });
    await expect(familyId.locator('.column-description').textContent()).resolves.toMatch(
      /family key/i,
    );
    await expect(familyId.locator('td.examples').textContent()).resolves.toMatch(/^\S+ · \S+$/);
    await page.screenshot({ path: 'test-results/upload-mapping-footer-1366.png' });
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  });

  it('makes the deck builder a modal: focus stays inside, Esc closes it and returns focus', async () => {
    const { page } = app;
    const present = page.getByRole('button', { name: 'Present early wins' });
    await present.click();
    const builder = page.getByRole('dialog', { name: 'Present early wins' });
    await builder.getByRole('list', { name: 'Slides' }).waitFor();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(
        () => document.activeElement?.closest('dialog.presentation') !== null,
      );
      if (!inside) throw new Error(`Tab ${String(i + 1)} left the builder: ${await focused(page)}`);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(builder.count()).resolves.toBe(0);
    await expect(present.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
  });

  it('has no violation on a slide, and Esc from the slides goes back to the builder', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Present early wins' }).click();
    await page.getByRole('button', { name: 'Start presentation' }).click();
    // The summary (a table), then a proportion (bars) and a time to event (curve).
    await page.keyboard.press('ArrowRight');
    await page.locator('.slide.current .slide-table').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.locator('.slide.current .slide-chart').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await page.locator('.slide.current .slide-medians').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Present early wins' }).waitFor();
    await expect(focused(page)).resolves.toBe('button Start presentation');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  });

  it('sends no request outside its own origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
