import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/cli/data-source';
import type { Provenance } from '../../../src/measures/provenance';
import { measures } from './run-measures';

const SAMPLE_FILES = ['families.csv', 'children.csv', 'adults.csv'];
const REFERENCE = resolve(import.meta.dirname, '../../fixtures/case-reference');

/** A fresh folder named as a county's would be, holding copies of the given files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'linkages-provenance-')), name);
  mkdirSync(dir);
  for (const [fileName, from] of Object.entries(files)) copyFileSync(from, join(dir, fileName));
  return dir;
}

describe('the command line names the data it read', () => {
  it('calls the bundled sample "Synthetic sample — not county data", with its files and view', () => {
    const run = measures('--data', 'sample-data', '--by', 'county', '--period', 'half');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { provenance: Provenance };
    expect(Object.keys(json)[0]).toBe('provenance');
    expect(json.provenance).toEqual({
      source: 'Synthetic sample — not county data',
      synthetic: true,
      fileNames: SAMPLE_FILES,
      dataThrough: '2025-09-30',
      view: 'Half-year cohorts · all counties · all units · all cohorts · by county',
      suppression: 'Counts of 1–10 and numbers that would reveal them masked',
      line:
        'Source: Synthetic sample — not county data · Data through Sep 30, 2025 · Half-year cohorts · ' +
        'all counties · all units · all cohorts · by county · Counts of 1–10 and numbers that would reveal them masked',
    });
  }, 180_000);

  it('still calls the sample synthetic when its files are copied into a county-named folder, and heads its CSV with the provenance', () => {
    const dir = folder(
      'fresno-county-extract-2025',
      Object.fromEntries(SAMPLE_FILES.map((name) => [name, `sample-data/${name}`])),
    );
    const run = measures('--data', dir, '--by', 'cohort', '--no-suppress', '--format', 'csv');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\r\n').slice(0, 5)).toEqual([
      '# Source,Synthetic sample — not county data',
      '# Data through,2025-09-30',
      '# View,Quarterly cohorts · all counties · all units · all cohorts · by cohort',
      '# Suppression,"Not suppressed — internal, not for publication"',
      'measure,cohort,group,count,denominator,numerator,rate,ciLow,ciHigh,windowNotComplete,n,events,medianDays,medianOverDays,unstable,suppressed',
    ]);
  }, 180_000);

  it("names a county's files by base name, never synthetic, even in a folder named sample-data beside the sample's manifest", () => {
    const dir = folder('sample-data', {
      'families.csv': join(REFERENCE, 'families.csv'),
      'children.csv': join(REFERENCE, 'children.csv'),
      'synthetic.json': 'sample-data/synthetic.json',
    });
    const run = measures('--data', resolve(dir), '--by', 'none', '--period', 'year');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { provenance } = JSON.parse(run.stdout) as { provenance: Provenance };
    expect(provenance).toEqual({
      source: 'County extract: families.csv, children.csv',
      synthetic: false,
      fileNames: ['families.csv', 'children.csv'],
      dataThrough: '2025-06-30',
      view: 'Yearly cohorts · all counties · all units · all cohorts',
      suppression: 'Counts of 1–10 and numbers that would reveal them masked',
      line:
        'Source: County extract: families.csv, children.csv · Data through Jun 30, 2025 · ' +
        'Yearly cohorts · all counties · all units · all cohorts · Counts of 1–10 and numbers that would reveal them masked',
    });
    expect(run.stdout).not.toContain(dir);
  }, 180_000);

  it('refuses a mix of the sample and county files, naming each', () => {
    const dir = folder('mixed', {
      'families.csv': 'sample-data/families.csv',
      'children.csv': join(REFERENCE, 'children.csv'),
    });
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "measures: families.csv is from the synthetic sample but children.csv is not: load the sample or your county's files, not a mix",
    );
  });

  it("keeps the bundled sample's manifest in step with its files", () => {
    const manifest = JSON.parse(readFileSync('sample-data/synthetic.json', 'utf8')) as {
      source: string;
      files: Record<string, string>;
      bytes: Record<string, number>;
    };
    expect(manifest.source).toBe('Synthetic sample — not county data');
    expect(manifest.bytes).toEqual(
      Object.fromEntries(SAMPLE_FILES.map((name) => [name, statSync(`sample-data/${name}`).size])),
    );
    expect(manifest.files).toEqual(
      Object.fromEntries(
        SAMPLE_FILES.map((name) => [name, contentHash(readFileSync(`sample-data/${name}`))]),
      ),
    );
  });

  it('recognizes the sample with Windows line endings (a checkout with autocrlf)', () => {
    const lf = readFileSync('sample-data/families.csv');
    const crlf = Buffer.from(lf.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
    expect(crlf.length).toBeGreaterThan(lf.length);
    expect(contentHash(crlf)).toBe(contentHash(lf));
  });
});
