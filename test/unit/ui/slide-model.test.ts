import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { coordination30d } from '../../../src/measures/definitions/coordination-30d';
import type { Finding } from '../../../src/measures/early-wins';
import { compareProportions, wilsonInterval } from '../../../src/measures/statistics';
import { suppressResult } from '../../../src/measures/suppression';
import type { ProportionResult, ProportionRow } from '../../../src/measures/types';
import { buildDeckPptx } from '../../../src/ui/deck-pptx';
import { measureSlideOf, type BarChartModel } from '../../../src/ui/slide-model';
import { unitFields } from '../measures/comparison-fixtures';

function row(group: 'linkages' | 'comparison', x: number, n: number): ProportionRow {
  const ci = wilsonInterval(x, n);
  return {
    group,
    denominator: n,
    numerator: x,
    rate: x / n,
    ciLow: ci.low,
    ciHigh: ci.high,
    suppressed: false,
    windowNotComplete: 0,
    unstable: n < 30,
  };
}

/** Linkages 5 of 40 (a numerator of 1–10: masked) against comparison 30 of 60, before suppression. */
function unsuppressed(): ProportionResult {
  const test = compareProportions(5, 40, 30, 60);
  if (!test) throw new Error('5/40 against 30/60 has a difference');
  return {
    kind: 'proportion',
    measureId: coordination30d.id,
    dataThrough: '2025-06-30',
    period: 'quarter',
    suppression: false,
    by: [],
    rows: [row('linkages', 5, 40), row('comparison', 30, 60)],
    comparisons: [
      {
        difference: test.difference,
        ciLow: test.low,
        ciHigh: test.high,
        z: test.z,
        p: test.p,
        ...unitFields({ ciLow: test.low, ciHigh: test.high, p: test.p }),
        suppressed: false,
      },
    ],
  };
}

const finding: Finding = {
  measureId: coordination30d.id,
  status: 'too-small',
  sentence: 'Too few families to report (masked to protect small numbers).',
  scope: '2024 Q1, 1 county, 100 families',
};

const PROVENANCE = 'Source: Synthetic sample — not county data · Data through Jun 30, 2025';

describe('a slide of a suppressed result', () => {
  it('draws no bar for a masked group and writes "masked", never 0', () => {
    const slide = measureSlideOf(coordination30d, suppressResult(unsuppressed()), finding);
    const chart = slide.chart as BarChartModel;
    expect(slide.direction).toBe('Higher is better');
    expect(chart.bars.map((b) => [b.label, b.value, b.text])).toEqual([
      ['Linkages units', null, 'masked'],
      ['Comparison units', 50, '50.0%'],
    ]);
  });

  it('leaves a masked value out of the PowerPoint chart data, and says "masked" in its text', async () => {
    const slide = measureSlideOf(coordination30d, suppressResult(unsuppressed()), finding);
    const blob = await buildDeckPptx([slide], PROVENANCE);
    const zip = await JSZip.loadAsync(await blob.arrayBuffer());
    const chart = await zip.file('ppt/charts/chart1.xml')!.async('string');
    const values = [...chart.matchAll(/<c:val>([\s\S]*?)<\/c:val>/g)].map((m) =>
      [...m[1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => v[1]),
    );
    // One series, the comparison units' 50.0%; Linkages' 12.5% is nowhere in the file.
    expect(values).toEqual([['50']]);
    expect(chart).not.toContain('12.5');
    const text = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(text).toContain('Linkages units: masked');
    expect(text).toContain(PROVENANCE);
    expect(text).not.toContain('12.5');
  });
});
