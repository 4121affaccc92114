import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MeasuresJson } from '../../src/measures/run-catalog';
import { openBrowser, waitForReady, type AppSession } from './chromium';

const baseUrl = inject('baseUrl');

const SOURCE = 'Synthetic sample — not county data';
const LINE =
  'Source: Synthetic sample — not county data · Data through Sep 30, 2025 · Half-year cohorts · ' +
  'Fresno · all units · all cohorts · Counts of 1–10 and numbers that would reveal them masked';
const CSV_HEAD = [
  '# Source,Synthetic sample — not county data',
  '# Data through,2025-09-30',
  '# View,Half-year cohorts · Fresno · all units · all cohorts',
  '# Suppression,Counts of 1–10 and numbers that would reveal them masked',
];

interface PngCheck {
  png: { width: number; height: number };
  svg: { width: number; height: number };
  /** Pixels differing between the PNG and the SVG drawn again the same way. */
  unlikeFull: number;
  /** Pixels differing between the PNG and the SVG drawn without its provenance lines. */
  unlikeBare: number;
  /** The lowest and highest row (in SVG px) where those differ. */
  bareRows: [number, number];
  /** The first provenance line's baseline, in SVG px. */
  provenanceY: number;
}

/**
 * Compares the downloaded PNG, pixel by pixel, with the downloaded SVG drawn at the same scale on
 * a canvas, once as it is and once without its `text.provenance` lines: the PNG must be the first
 * and differ from the second only where the provenance is written.
 */
function comparePng([png, svg]: readonly [string, string]): Promise<PngCheck> {
  return new Promise((resolve, reject) => {
    const draw = async (svgText: string, width: number, height: number) => {
      const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
      const image = new Image();
      await new Promise((done, fail) => {
        image.onload = done;
        image.onerror = fail;
        image.src = url;
      });
      const canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      const context = canvas.getContext('2d')!;
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      URL.revokeObjectURL(url);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const run = async () => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const downloaded = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const root = doc.documentElement;
      const width = Number(root.getAttribute('width'));
      const height = Number(root.getAttribute('height'));
      const lines = [...doc.querySelectorAll('text.provenance')];
      const provenanceY = Number(lines[0]?.getAttribute('y'));
      const full = await draw(svg, width, height);
      for (const line of lines) line.remove();
      const bare = await draw(new XMLSerializer().serializeToString(doc), width, height);
      let unlikeFull = 0;
      let unlikeBare = 0;
      let top = Infinity;
      let bottom = -Infinity;
      for (let i = 0; i < downloaded.length; i += 4) {
        const differs = (other: Uint8ClampedArray) =>
          [0, 1, 2].some((k) => Math.abs((downloaded[i + k] ?? 0) - (other[i + k] ?? 0)) > 8);
        if (differs(full)) unlikeFull++;
        if (differs(bare)) {
          unlikeBare++;
          const row = Math.floor(i / 4 / bitmap.width) / 2;
          top = Math.min(top, row);
          bottom = Math.max(bottom, row);
        }
      }
      return {
        png: { width: bitmap.width, height: bitmap.height },
        svg: { width, height },
        unlikeFull,
        unlikeBare,
        bareRows: [top, bottom] as [number, number],
        provenanceY,
      };
    };
    run().then(resolve, reject);
  });
}

describe('provenance on every download, with the sample loaded and a filter set', () => {
  let app: AppSession;
  const view = 'measure/reunification-12m?period=half&counties=Fresno';

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    app = await openBrowser(baseUrl, { width: 1366, height: 900 });
    await app.page.goto(`${baseUrl}#/${view}`);
    await waitForReady(app.page, 110_000, view);
  });

  afterAll(async () => {
    await app.close();
  });

  async function download(click: () => Promise<void>): Promise<Buffer> {
    const [file] = await Promise.all([app.page.waitForEvent('download'), click()]);
    return readFileSync(await file.path());
  }

  const chartButton = (name: string) => () =>
    app.page.locator('[data-chart="trend"]').getByRole('button', { name }).click();

  it('writes the source, data-through date and filters under the chart in its SVG', async () => {
    const svg = (await download(chartButton('SVG'))).toString('utf8');
    const doc = svg.replace(/\s+/g, ' ');
    const lines = [...doc.matchAll(/<text class="provenance"[^>]*>([^<]*)<\/text>/g)].map(
      (m) => m[1] ?? '',
    );
    expect(lines.join(' ')).toBe(LINE);
    expect(doc).toContain('Reunification within 12 months: Rate by half-year cohort');
  });

  it('draws the same provenance into the PNG: the PNG is the SVG drawn, and without its provenance lines it would differ only there', async () => {
    const png = await download(chartButton('PNG'));
    const svg = (await download(chartButton('SVG'))).toString('utf8');
    writeFileSync('test-results/provenance-trend.png', png);
    const check = await app.page.evaluate(comparePng, [png.toString('base64'), svg] as const);
    writeFileSync('test-results/provenance-png-check.json', JSON.stringify(check, null, 2));
    expect(check.png).toEqual({ width: check.svg.width * 2, height: check.svg.height * 2 });
    expect(check.unlikeFull).toBe(0);
    // Text of about 150 characters at 11 px, at twice the resolution: thousands of pixels.
    expect(check.unlikeBare).toBeGreaterThan(2000);
    expect(check.bareRows[0]).toBeGreaterThanOrEqual(check.provenanceY - 12);
    expect(check.bareRows[1]).toBeLessThanOrEqual(check.svg.height);
  });

  it("heads the chart's CSV with the provenance lines, readable by a spreadsheet (byte-order mark)", async () => {
    const csv = (await download(chartButton('CSV'))).toString('utf8');
    expect(csv.startsWith('\uFEFF# Source,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.slice(0, 4)).toEqual(CSV_HEAD);
    expect(lines[4]).toMatch(/^Cohort,Window,Linkages rate,/);
  });

  it('gives the catalog JSON a provenance object and the catalog CSV its provenance lines', async () => {
    const { page } = app;
    await page.goto(`${baseUrl}#/overview?period=half&counties=Fresno`);
    await waitForReady(page, 60_000, 'overview?period=half&counties=Fresno');
    const json = JSON.parse(
      (await download(() => page.getByRole('button', { name: 'Download JSON' }).click())).toString(
        'utf8',
      ),
    ) as MeasuresJson;
    expect(Object.keys(json)[0]).toBe('provenance');
    expect(json.provenance).toEqual({
      source: SOURCE,
      synthetic: true,
      fileNames: ['families.csv', 'children.csv', 'adults.csv'],
      dataThrough: '2025-09-30',
      view: 'Half-year cohorts · Fresno · all units · all cohorts · by county and cohort',
      suppression: 'Counts of 1–10 and numbers that would reveal them masked',
      line:
        'Source: Synthetic sample — not county data · Data through Sep 30, 2025 · Half-year cohorts · ' +
        'Fresno · all units · all cohorts · by county and cohort · Counts of 1–10 and numbers that would reveal them masked',
    });
    const csv = (
      await download(() => page.getByRole('button', { name: 'Download CSV' }).click())
    ).toString('utf8');
    expect(csv.slice(1).split('\r\n').slice(0, 5)).toEqual([
      ...CSV_HEAD.slice(0, 2),
      '# View,Half-year cohorts · Fresno · all units · all cohorts · by county and cohort',
      CSV_HEAD[3],
      'measure,county,cohort,group,count,denominator,numerator,rate,ciLow,ciHigh,windowNotComplete,n,events,medianDays,medianOverDays,unstable,suppressed',
    ]);
  });

  it('gives the baseline JSON and CSV the same provenance', async () => {
    const { page } = app;
    await page.goto(`${baseUrl}#/baseline?period=half&counties=Fresno`);
    await waitForReady(page, 60_000, 'baseline?period=half&counties=Fresno');
    const json = JSON.parse(
      (await download(() => page.getByRole('button', { name: 'Download JSON' }).click())).toString(
        'utf8',
      ),
    ) as { provenance: { line: string } };
    expect(json.provenance.line).toBe(LINE);
    const csv = (
      await download(() => page.getByRole('button', { name: 'Download CSV' }).click())
    ).toString('utf8');
    expect(csv.slice(1).split('\r\n').slice(0, 4)).toEqual(CSV_HEAD);
  });

  it('names the sample in the banner with the same words', async () => {
    await expect(app.page.locator('.data-banner .source-pill').textContent()).resolves.toBe(SOURCE);
  });

  it('sends no request outside its own origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
