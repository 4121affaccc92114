import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

interface ChartOnPaper {
  chart: string;
  /** The drawing's own width (the SVG's width attribute). */
  drawn: number;
  /** Where its right edge lies in the print layout, in CSS px. */
  right: number;
  lastTick: string | null;
}

interface PrintRecord {
  /** The printable width of the paper, as the print layout sees it. */
  pageWidth: number;
  charts: ChartOnPaper[];
  tables: number;
  definitions: number;
  slides: number;
}

/**
 * Each chart's drawing and last x-axis tick as the page shows it now (the tick's first text: the
 * Kaplan–Meier ticks hold the numbers at risk under the day).
 */
function readCharts(page: Page): Promise<ChartOnPaper[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGSVGElement>('[data-chart] svg.recharts-surface')].map(
      (svg) => ({
        chart: svg.closest('[data-chart]')?.getAttribute('data-chart') ?? '',
        drawn: Number(svg.getAttribute('width')),
        right: svg.getBoundingClientRect().right,
        lastTick:
          [
            ...svg.querySelectorAll(
              '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label',
            ),
          ]
            .at(-1)
            ?.querySelector('text')?.textContent ?? null,
      }),
    ),
  );
}

/**
 * Prints the page to PDF as the browser would, and reads the page at the moment it is laid out
 * for paper (the print media query turning on, after `beforeprint`).
 */
async function printPage(
  page: Page,
  options: { format: 'Letter' | 'A4'; landscape?: boolean },
  name: string,
): Promise<{ record: PrintRecord; pages: number }> {
  await page.evaluate(() => {
    const query = window.matchMedia('print');
    const onChange = (event: MediaQueryListEvent) => {
      if (!event.matches) return;
      query.removeEventListener('change', onChange);
      const visible = (selector: string) =>
        [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length > 0)
          .length;
      (window as unknown as { printRecord: PrintRecord }).printRecord = {
        pageWidth: document.documentElement.getBoundingClientRect().width,
        charts: [
          ...document.querySelectorAll<SVGSVGElement>('[data-chart] svg.recharts-surface'),
        ].map((svg) => ({
          chart: svg.closest('[data-chart]')?.getAttribute('data-chart') ?? '',
          drawn: Number(svg.getAttribute('width')),
          right: svg.getBoundingClientRect().right,
          lastTick:
            [
              ...svg.querySelectorAll(
                '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label',
              ),
            ]
              .at(-1)
              ?.querySelector('text')?.textContent ?? null,
        })),
        tables: visible('table.data-table:not(.estimates)'),
        definitions: visible('.card-definition'),
        slides: visible('.slide'),
      };
    };
    query.addEventListener('change', onChange);
  });
  const pdf = await page.pdf({ ...options, printBackground: true });
  writeFileSync(`test-results/print-${name}.pdf`, pdf);
  const record = await page.evaluate(
    () => (window as unknown as { printRecord: PrintRecord }).printRecord,
  );
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  return { record, pages };
}

/** Each page's text, whitespace collapsed, as poppler's pdftotext reads it from the saved PDF. */
function pageTexts(name: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, i) => {
    const run = spawnSync(
      'pdftotext',
      ['-f', String(i + 1), '-l', String(i + 1), `test-results/print-${name}.pdf`, '-'],
      { encoding: 'utf8' },
    );
    if (run.error) throw new Error(`pdftotext (poppler-utils) is needed: ${run.error.message}`);
    return run.stdout.replace(/\s+/g, ' ');
  });
}

const PAPERS = [
  { format: 'Letter', landscape: false, width: 720 },
  { format: 'Letter', landscape: true, width: 960 },
  { format: 'A4', landscape: false, width: 698 },
  { format: 'A4', landscape: true, width: 1027 },
] as const;

describe('printing: charts at the paper width, definitions open, tables on request', () => {
  let app: AppSession;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    app = await openBrowser(baseUrl, { width: 1920, height: 1080 });
    await app.page.goto(`${baseUrl}#/measure/reunification-12m`);
    await waitForReady(app.page, 110_000, 'measure/reunification-12m');
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps every cohort of the reunification trend on Letter and A4, either way up, from a 1920 window', async () => {
    const { page } = app;
    const onScreen = await readCharts(page);
    const trend = onScreen.find((c) => c.chart === 'trend')!;
    expect(trend.drawn).toBeGreaterThan(1000);
    expect(trend.lastTick).toMatch(/^2025 Q\d$/);
    for (const paper of PAPERS) {
      const name = `trend-${paper.format}-${paper.landscape ? 'landscape' : 'portrait'}`;
      const { record } = await printPage(page, paper, name);
      expect(Math.abs(record.pageWidth - paper.width)).toBeLessThan(4);
      expect(record.charts.map((c) => c.chart)).toEqual(onScreen.map((c) => c.chart));
      for (const chart of record.charts) {
        expect(chart.drawn).toBe(720);
        expect(chart.right).toBeLessThanOrEqual(record.pageWidth);
      }
      expect(record.charts.find((c) => c.chart === 'trend')?.lastTick).toBe(trend.lastTick);
      expect(record.tables).toBe(0);
    }
    // Back on screen, the charts fill the window again.
    await expect
      .poll(async () => (await readCharts(page)).find((c) => c.chart === 'trend')?.drawn)
      .toBe(trend.drawn);
  });

  it('prints the data tables when asked to, one under each chart', async () => {
    const { page } = app;
    await page.getByRole('checkbox', { name: 'with data tables' }).check();
    const { record } = await printPage(page, { format: 'Letter' }, 'trend-with-tables');
    expect(record.tables).toBe(record.charts.length);
    await page.getByRole('checkbox', { name: 'with data tables' }).uncheck();
    await expect(page.locator('table.data-table:not(.estimates)').count()).resolves.toBe(0);
  });

  it('keeps the last days of the Kaplan–Meier curve on paper', async () => {
    const { page } = app;
    await page.evaluate(() => {
      window.location.hash = '#/measure/time-to-reunification';
    });
    await waitForReady(page, 60_000, 'measure/time-to-reunification');
    const curve = (await readCharts(page)).find((c) => c.chart === 'curve')!;
    expect(Number(curve.lastTick)).toBeGreaterThan(270);
    const { record } = await printPage(page, { format: 'Letter' }, 'time-to-reunification');
    const printed = record.charts.find((c) => c.chart === 'curve')!;
    expect(printed.lastTick).toBe(curve.lastTick);
    expect(printed.right).toBeLessThanOrEqual(record.pageWidth);
  });

  it('prints the overview with its last cohort and every card definition open', async () => {
    const { page } = app;
    await page.evaluate(() => {
      window.location.hash = '#/overview';
    });
    await waitForReady(page, 60_000, 'overview');
    const reach = (await readCharts(page)).find((c) => c.chart === 'reach')!;
    const cards = await page.locator('article.card').count();
    const { record, pages } = await printPage(page, { format: 'Letter' }, 'overview');
    expect(record.charts.find((c) => c.chart === 'reach')?.lastTick).toBe(reach.lastTick);
    expect(record.definitions).toBe(cards);
    expect(pages).toBeLessThanOrEqual(6);
  });

  it('puts the source, data-through date and filters on every printed page of the overview and a measure page', async () => {
    const { page } = app;
    for (const view of [
      'overview?period=half&counties=Fresno',
      'measure/time-to-reunification?period=half&counties=Fresno',
    ]) {
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#/${view}`);
      await waitForReady(page, 60_000, view);
      const name = `provenance-${view.split('?')[0]!.replace('/', '-')}`;
      const { pages } = await printPage(page, { format: 'Letter' }, name);
      const texts = pageTexts(name, pages);
      expect(texts.length).toBe(pages);
      expect(pages).toBeGreaterThan(1);
      texts.forEach((text, i) => {
        // The footer of each page (in its bottom margin), not only the view line atop the first.
        expect(text).toContain(`Page ${String(i + 1)} of ${String(pages)}`);
        expect(text).toContain(
          'Source: Synthetic sample — not county data · Data through Sep 30, 2025',
        );
        expect(text).toContain('Half-year cohorts · Fresno · all units · all cohorts');
      });
    }
    await page.evaluate(() => {
      window.location.hash = '#/overview';
    });
    await waitForReady(page, 60_000, 'overview');
  });

  it('prints the chosen slides, one a page, from the deck builder', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Present early wins' }).click();
    const list = page.getByRole('list', { name: 'Slides' });
    await list.waitFor();
    const chosen = await list.locator('li.on').count();
    const { record, pages } = await printPage(
      page,
      { format: 'Letter', landscape: true },
      'deck-builder',
    );
    expect(record.slides).toBe(chosen + 1);
    expect(pages).toBe(chosen + 1);
    await page.keyboard.press('Escape');
  });

  it('sends no request outside its own origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
