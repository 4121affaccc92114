import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import { CATALOG } from '../../src/measures/catalog';
import { findEarlyWins, type Finding } from '../../src/measures/early-wins';
import { headlineScope } from '../../src/measures/headline';
import { runMeasure } from '../../src/measures/run-measure';
import { suppressResult } from '../../src/measures/suppression';
import { openBrowser, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

describe('presentation mode on the sample data', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  let findings: Finding[];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await loadSampleInNode();
    const request = { period: 'quarter' as const, dataThrough: node.report.dataThrough! };
    const evidence = [];
    for (const measure of CATALOG) {
      // Each slide pools the view's complete cohorts, as its card does.
      const { filters } = headlineScope(measure, 'quarter', {}, request.dataThrough);
      const pooled = suppressResult(
        await runMeasure(node.db, measure, { ...request, filters, by: [] }),
      );
      const byCohort = suppressResult(
        await runMeasure(node.db, measure, { ...request, filters, by: ['cohort'] }),
      );
      evidence.push({ measure, pooled, byCohort });
    }
    findings = findEarlyWins(evidence, 5);
    app = await openBrowser(baseUrl, { width: 1366, height: 768 });
    await app.page.goto(baseUrl);
    await waitForReady(app.page);
  });

  afterAll(async () => {
    await app.close();
    await node.db.close();
  });

  it('offers the early wins first, in the sentences the Node engine gives', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Present early wins' }).click();
    const list = page.getByRole('list', { name: 'Slides' });
    await list.waitFor();
    const sentences = await list.locator('li p.builder-sentence').allTextContents();
    const scopes = await list.locator('li p.builder-scope').allTextContents();
    expect(scopes).toEqual(findings.map((f) => f.scope));
    expect(scopes[1]).toBe('2022 Q3–2025 Q2, 5 counties, 5,970 families');
    expect(sentences).toEqual(findings.map((f) => f.sentence));
    const wins = findings.filter((f) => f.status === 'win' || f.status === 'reach');
    expect(wins.map((f) => f.measureId).slice(0, 3)).toEqual([
      'families-identified',
      'coordination-30d',
      'time-to-coordination',
    ]);
    await expect(list.locator('li.on').count()).resolves.toBe(wins.length);
    await page.screenshot({ path: 'test-results/present-builder-1366.png' });
  });

  it('walks the slides by keyboard: arrows, End, Home', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Start presentation' }).click();
    const current = page.locator('.slide.current');
    await expect(current.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Linkages early wins',
    );
    await page.screenshot({ path: 'test-results/present-slide-1-1366.png' });
    await page.keyboard.press('ArrowRight');
    await expect(current.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
      'Mutual families identified',
    );
    await page.keyboard.press('ArrowRight');
    await expect(current.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
      'Coordinated case plan within 30 days',
    );
    await expect(current.locator('.slide-sentence').textContent()).resolves.toBe(
      findings[1]!.sentence,
    );
    await page.screenshot({ path: 'test-results/present-slide-3-1366.png' });
    await page.keyboard.press('End');
    const total = await page.locator('.slide').count();
    await expect(current.getAttribute('aria-label')).resolves.toBe(`Slide ${total} of ${total}`);
    await page.keyboard.press('Home');
    await expect(current.getAttribute('aria-label')).resolves.toBe(`Slide 1 of ${total}`);
  });

  it('prints one landscape page per slide, with no controls', async () => {
    const { page } = app;
    const total = await page.locator('.slide').count();
    const pdf = await page.pdf({
      landscape: true,
      format: 'Letter',
      printBackground: true,
      preferCSSPageSize: true,
    });
    writeFileSync('test-results/presentation.pdf', pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(total);
  });

  it('leaves with Esc, and never offers the unsuppressed view', async () => {
    const { page } = app;
    await expect(page.getByText(/internal/i).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Present early wins' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await waitForReady(page);
  });
});
