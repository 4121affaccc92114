import { describe, expect, it } from 'vitest';
import type { BaselineResult, CategoricalCharacteristic } from '../../../src/measures/baseline';
import { measures } from './run-measures';

// Expected counts: R's table() of "Identified By" by group in sample-data/families.csv (6,001
// rows), less the two rows the loader rejects (one data_match family in each group); blanks,
// N/A and unknown are "not recorded". Differences: Austin's formula in R on those shares.
describe('the measures command line with --baseline on the sample extract', () => {
  const run = measures('--data', 'sample-data', '--by', 'none', '--baseline');
  const json = JSON.parse(run.stdout) as { baseline: BaselineResult };
  const source = json.baseline.characteristics.find(
    (c): c is CategoricalCharacteristic => c.id === 'identification-source',
  );
  const row = (category: string) => source?.categories.find((c) => c.category === category);

  it('adds a suppressed baseline block with every characteristic', () => {
    expect(run.status).toBe(0);
    expect(json.baseline.suppression).toBe(true);
    expect(json.baseline.dataThrough).toBe('2025-09-30');
    expect(json.baseline.characteristics.map((c) => c.id)).toEqual([
      'county',
      'cws-component',
      'child-in-care',
      'identification-source',
      'wtw-status',
      'employed-at-index',
      'grant-index-month',
      'children-removed',
      'age-at-removal',
    ]);
    expect(json.baseline.characteristics.every((c) => c.notMeasured === null)).toBe(true);
  });

  it('gives each identification source its share of the families of each group', () => {
    expect(source?.members).toEqual({ linkages: 2901, comparison: 3098 });
    expect([row('data_match')?.linkages.count, row('data_match')?.comparison.count]).toEqual([
      805, 1003,
    ]);
    const liaison = row('liaison');
    expect([liaison?.linkages.count, liaison?.comparison.count]).toEqual([674, 166]);
    expect(liaison?.linkages.share).toBeCloseTo(674 / 2901, 15);
    expect(liaison?.standardizedDifference).toBeCloseTo(0.52817999781662439, 13);
    expect(liaison?.balance).toBe('not-comparable');
    const notRecorded = row('not recorded');
    expect([notRecorded?.linkages.count, notRecorded?.comparison.count]).toEqual([216, 322]);
    expect(notRecorded?.standardizedDifference).toBeCloseTo(-0.10357008040521655, 13);
    expect(notRecorded?.balance).toBe('needs-adjustment');
  });

  it('counts every family for the children removed by the index date', () => {
    const children = json.baseline.characteristics.find((c) => c.id === 'children-removed');
    expect(children?.kind === 'mean' && [children.linkages.n, children.comparison.n]).toEqual([
      2901, 3098,
    ]);
  });

  it('prints the baseline as a second CSV section after an empty line', () => {
    const csv = measures('--data', 'sample-data', '--by', 'none', '--baseline', '--format', 'csv');
    expect(csv.status).toBe(0);
    const [, baseline = ''] = csv.stdout.split('\r\n\r\n');
    const lines = baseline.split('\r\n');
    expect(lines[0]).toBe(
      'characteristic,unit,category,linkagesCount,linkagesShare,linkagesN,linkagesMean,linkagesSd,' +
        'comparisonCount,comparisonShare,comparisonN,comparisonMean,comparisonSd,' +
        'standardizedDifference,balance,suppressed,notMeasured',
    );
    const liaison = lines.find((line) =>
      line.startsWith('identification-source,families,liaison,'),
    );
    expect(liaison?.split(',').slice(3, 6)).toEqual(['674', String(674 / 2901), '2901']);
    expect(liaison?.split(',').slice(14, 16)).toEqual(['not-comparable', 'false']);
  });
});
