import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '../../src/db/client';
import type { LoadReport } from '../../src/dataset/load-extract';
import { runBaseline, suppressBaseline } from '../../src/measures/baseline';
import { CATALOG } from '../../src/measures/catalog';
import { findEarlyWins, type Finding } from '../../src/measures/early-wins';
import { headlineScope } from '../../src/measures/headline';
import { runSuppressed } from '../../src/measures/run-protected';
import { BETTER_TEXT } from '../../src/measures/verdict';
import { openBrowser, waitForReady, type AppSession } from './chromium';
import { loadSampleInNode } from './node-reference';

const baseUrl = inject('baseUrl');

describe('presentation mode on the sample data', () => {
  let app: AppSession;
  let node: { db: DbClient; report: LoadReport };
  let findings: Finding[];
  /** What the slides showed: each bar's label, and each curve's shares at round days. */
  let screen: { bars: number[]; curve: string[][] }[] = [];
  /** Whether a measure is not ahead, so the default deck adds the "not yet" slide. */
  const notYetChosen = () => findings.some((f) => f.status !== 'win' && f.status !== 'reach');
  /** Title, summary, the three strongest wins, and "not yet" when chosen. */
  const defaultSlides = () => 5 + (notYetChosen() ? 1 : 0);

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    node = await loadSampleInNode();
    const request = { period: 'quarter' as const, dataThrough: node.report.dataThrough! };
    const evidence = [];
    for (const measure of CATALOG) {
      // Each slide pools the view's complete cohorts, as its card does.
      const { filters } = headlineScope(measure, 'quarter', {}, request.dataThrough);
      // Suppressed with its family, as the app does (runSuppressed): rule 5's lines of curves
      // cut time to reunification's pooled curve at day 364, past its comparison median.
      const pooled = await runSuppressed(node.db, measure, { ...request, filters, by: [] });
      const byCohort = await runSuppressed(node.db, measure, {
        ...request,
        filters,
        by: ['cohort'],
      });
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

  it("chooses about five slides: the summary and the three strongest wins, in the Node engine's sentences", async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Present early wins' }).click();
    const list = page.getByRole('list', { name: 'Slides' });
    await list.waitFor();
    const wins = findings.filter((f) => f.status === 'win');
    const chosen = wins.slice(0, 3);
    // "Not yet" is chosen when a measure is not ahead (notYetChosen, from the Node engine).
    expect(chosen.map((f) => f.measureId)).toEqual([
      'coordination-30d',
      'time-to-coordination',
      'reunification-12m',
    ]);
    const listed = [...chosen, ...findings.filter((f) => !chosen.includes(f))];
    const sentences = await list.locator('li p.builder-sentence').allTextContents();
    const scopes = await list.locator('li p.builder-scope').allTextContents();
    expect(scopes).toEqual(listed.map((f) => f.scope));
    expect(scopes[0]).toBe('2022 Q3–2025 Q2, 5 counties, 5,970 families');
    expect(sentences).toEqual(listed.map((f) => f.sentence));
    // A median hidden past its drawn curve is more than the curve's last day, never "not
    // reached"; Linkages' 320 days lies before that day, so Linkages is quicker. Both curves stop
    // at day 364: the log-rank test is computed to that day, and the sentence says so.
    expect(findings.find((f) => f.measureId === 'time-to-reunification')).toMatchObject({
      status: 'win',
      sentence:
        'Median time until child episodes were reunified: 320 days in Linkages units, against more than 364 days in comparison units, where the comparison curve stops. Linkages units are quicker, by more than chance would explain (compared over the first 364 days, where both curves are drawn).',
    });
    expect(sentences).toContain(
      findings.find((f) => f.measureId === 'time-to-reunification')!.sentence,
    );
    expect(sentences[0]).toBe(
      'In Linkages units, 50 more of every 100 families had a coordinated case plan within 30 days: 76.9% against 27.1% in comparison units (likely between 48 and 52 more, allowing for differences between counties).',
    );
    await expect(list.locator('li.on strong').allTextContents()).resolves.toEqual([
      'Every measure at a glance',
      'Coordinated case plan within 30 days',
      'Time to a coordinated case plan',
      'Reunification within 12 months',
      ...(notYetChosen() ? ['Not yet, or no clear difference'] : []),
    ]);
    await expect(list.locator('li:not(.on) strong').allTextContents()).resolves.toContain(
      'Groups at baseline',
    );
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
      'Every measure at a glance',
    );
    await expect(current.locator('tbody tr').count()).resolves.toBe(findings.length);
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
    expect(total).toBe(defaultSlides());
    await expect(current.getAttribute('aria-label')).resolves.toBe(`Slide ${total} of ${total}`);
    await page.keyboard.press('Home');
    await expect(current.getAttribute('aria-label')).resolves.toBe(`Slide 1 of ${total}`);
  });

  it('says on every slide where its data came from, and on each measure which way is better', async () => {
    const { page } = app;
    const footers = await page.locator('.slide .slide-provenance').allTextContents();
    expect(footers).toHaveLength(defaultSlides());
    for (const footer of footers) {
      expect(footer).toBe(
        'Source: Synthetic sample — not county data · Data through Sep 30, 2025 · Quarterly cohorts · all counties · all units · all cohorts · Counts of 1–10 and numbers that would reveal them masked',
      );
    }
    await expect(page.locator('.slide .slide-direction').allTextContents()).resolves.toEqual([
      BETTER_TEXT.higher,
      BETTER_TEXT.sooner,
      BETTER_TEXT.higher,
    ]);
  });

  it('draws the time to event as its curve, with the medians in words', async () => {
    const { page } = app;
    const slide = page.locator('.slide').nth(3);
    const medians = (await slide.locator('.slide-medians').textContent()) ?? '';
    expect(medians.replace(/\s+/g, ' ').trim()).toBe(
      'Linkages units: median 18 days Comparison units: median 57 days',
    );
    await expect(slide.locator('.recharts-line').count()).resolves.toBe(2);
  });
  it('draws chart text of at least 18 px at 1280×720 and 1024×768, values clear of whiskers, 4:3 filled', async () => {
    const { page } = app;
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      for (const slide of [3, 4]) {
        await page.keyboard.press('Home');
        for (let i = 1; i < slide; i++) await page.keyboard.press('ArrowRight');
        await page.locator('.slide.current .slide-chart svg').waitFor();
        await page.waitForFunction((width) => {
          const box = document.querySelector('.slide.current .slide-chart');
          const svg = box?.querySelector('svg');
          return (
            box !== null &&
            svg !== null &&
            svg !== undefined &&
            Math.abs(Number(svg.getAttribute('width')) - box.getBoundingClientRect().width) <= 1 &&
            window.innerWidth === width
          );
        }, viewport.width);
        const drawn = await page.evaluate(() => {
          const box = document.querySelector('.slide.current .slide-chart')!;
          const svg = box.querySelector('svg')!;
          const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
          const sizes = [...svg.querySelectorAll('text')]
            .filter((t) => t.textContent.trim() !== '')
            .map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale);
          const values = [...svg.querySelectorAll('.slide-value')].map((t) =>
            t.getBoundingClientRect(),
          );
          const whiskers = [...svg.querySelectorAll('.slide-whisker')].map((w) =>
            w.getBoundingClientRect(),
          );
          return {
            smallest: Math.min(...sizes),
            texts: sizes.length,
            clear: values.every((v, i) => v.bottom <= (whiskers[i]?.top ?? Infinity)),
            whiskers: whiskers.length,
            chartWidth: box.getBoundingClientRect().width,
            slideWidth: box.closest('.slide')!.getBoundingClientRect().width,
          };
        });
        expect(drawn.texts).toBeGreaterThan(4);
        expect(drawn.smallest).toBeGreaterThanOrEqual(18);
        expect(drawn.clear).toBe(true);
        if (slide === 3) expect(drawn.whiskers).toBe(2);
        // 4:3: the chart takes the slide's width (the definition goes under it), no letterbox.
        if (viewport.width === 1024)
          expect(drawn.chartWidth).toBeGreaterThan(drawn.slideWidth * 0.85);
        await page.screenshot({
          path: `test-results/present-slide-${String(slide)}-${String(viewport.width)}.png`,
        });
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('hides the controls when idle, and brings them back on a mouse move', async () => {
    const { page } = app;
    await page.mouse.move(200, 200);
    await page.locator('.deck.idle').waitFor({ timeout: 6000 });
    // It fades out (a transition), to nothing.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('.deck-controls')!).opacity === '0',
    );
    await page.mouse.move(300, 300);
    await page.locator('.deck:not(.idle)').waitFor();
    await page.locator('.deck.idle').waitFor({ timeout: 6000 });
    await page.keyboard.press('Tab');
    await page.locator('.deck:not(.idle)').waitFor();
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
    // What the slides show: each bar's label, and each curve's shares at round days.
    screen = await page.evaluate(() =>
      [...document.querySelectorAll('.deck .slide')].map((slide) => ({
        bars: [...slide.querySelectorAll('.slide-value')].map((t) =>
          Number.parseFloat(t.textContent.replace(/[%,]/g, '')),
        ),
        curve: [...slide.querySelectorAll('.slide-curve-table tbody tr')].map((row) =>
          [...row.querySelectorAll('td')].map((td) => td.textContent),
        ),
      })),
    );
    await expect(page.getByText(/internal/i).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Present early wins' }).waitFor();
  });

  it('downloads the deck as PowerPoint: a slide each, the on-screen numbers in editable charts, the provenance on each', async () => {
    const { page } = app;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as PowerPoint' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('linkages-early-wins.pptx');
    await file.saveAs('test-results/linkages-early-wins.pptx');
    const zip = await JSZip.loadAsync(readFileSync(await file.path()));
    const slideFiles = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slideFiles).toHaveLength(screen.length);
    for (let i = 0; i < screen.length; i++) {
      const xml = await zip.file(`ppt/slides/slide${String(i + 1)}.xml`)!.async('string');
      expect(xml).toContain(
        'Source: Synthetic sample — not county data · Data through Sep 30, 2025',
      );
      const rels = await zip
        .file(`ppt/slides/_rels/slide${String(i + 1)}.xml.rels`)!
        .async('string');
      const chart = /Target="[^"]*\/charts\/(chart\d+\.xml)"/.exec(rels)?.[1];
      const shown = screen[i]!;
      if (shown.bars.length === 0 && shown.curve.length === 0) {
        expect(chart).toBeUndefined();
        continue;
      }
      const chartXml = await zip.file(`ppt/charts/${chart!}`)!.async('string');
      // Each series' numbers (<c:val>), not its name or the category labels.
      const series = [...chartXml.matchAll(/<c:val>([\s\S]*?)<\/c:val>/g)].map((m) =>
        [...m[1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => v[1]!),
      );
      if (shown.bars.length > 0) {
        expect(series.map((values) => Number(values[0]))).toEqual(shown.bars);
      } else {
        const onScreen = [0, 1].map((g) =>
          shown.curve.map((row) =>
            row[g] === 'not shown' ? '' : String(Number.parseFloat(row[g]!)),
          ),
        );
        expect(series).toEqual(onScreen);
      }
    }
    // The deck builder's three measure slides: two bar charts and a curve.
    expect(screen.filter((s) => s.bars.length > 0)).toHaveLength(2);
    expect(screen[2]!.bars).toEqual([76.9, 27.1]);
    expect(screen.filter((s) => s.curve.length > 0)).toHaveLength(1);
    await page.getByRole('button', { name: 'Close' }).click();
    await waitForReady(page);
  });

  it("offers the groups at baseline as a slide: least comparable first, with the Node engine's numbers", async () => {
    const { page } = app;
    const baseline = suppressBaseline(
      await runBaseline(node.db, { dataThrough: node.report.dataThrough! }),
    );
    // The characteristic with the largest standardized difference anywhere in the view.
    const sizes = baseline.characteristics.flatMap((c) =>
      c.kind === 'mean'
        ? [{ title: c.title, d: c.standardizedDifference }]
        : c.categories.map((row) => ({ title: c.title, d: row.standardizedDifference })),
    );
    const largest = sizes.reduce((a, b) => (Math.abs(b.d ?? 0) > Math.abs(a.d ?? 0) ? b : a));
    await page.getByRole('button', { name: 'Present early wins' }).click();
    await page.getByRole('checkbox', { name: /Groups at baseline/ }).check();
    await page.getByRole('button', { name: 'Start presentation' }).click();
    await page.keyboard.press('End');
    const slide = page.locator('.slide.current');
    await expect(slide.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
      'Were the groups comparable at the start?',
    );
    await expect(slide.locator('tbody tr').count()).resolves.toBe(baseline.characteristics.length);
    const first = slide.locator('tbody tr').first();
    await expect(first.locator('th').textContent()).resolves.toBe(largest.title);
    await expect(first.locator('td').nth(1).textContent()).resolves.toBe(
      `${largest.d! > 0 ? '+' : '−'}${Math.abs(largest.d!).toFixed(3)}`,
    );
    await expect(slide.locator('.slide-provenance').textContent()).resolves.toContain(
      'Synthetic sample — not county data',
    );
    await page.screenshot({ path: 'test-results/present-baseline-1366.png' });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Close' }).click();
    await waitForReady(page);
  });

  it('fetched nothing from outside its origin, pptxgenjs included', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
