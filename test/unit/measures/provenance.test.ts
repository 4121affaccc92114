import { describe, expect, it } from 'vitest';
import {
  describeView,
  provenanceDate,
  provenanceOf,
  SYNTHETIC_SOURCE,
} from '../../../src/measures/provenance';

describe('provenance', () => {
  it('names the synthetic sample as not county data, whatever its file names', () => {
    const p = provenanceOf(
      { kind: 'sample', fileNames: ['families.csv', 'children.csv'] },
      '2025-06-30',
      { period: 'quarter', filters: {} },
    );
    expect(p.source).toBe(SYNTHETIC_SOURCE);
    expect(p.synthetic).toBe(true);
    expect(p.line).toBe(
      'Source: Synthetic sample — not county data · Data through Jun 30, 2025 · ' +
        'Quarterly cohorts · all counties · all units · all cohorts · Counts of 1–10 and numbers that would reveal them masked',
    );
  });

  it("names a county extract's files and the view's filters", () => {
    const p = provenanceOf(
      { kind: 'county', fileNames: ['families.csv', 'book.xlsx — children'] },
      '2024-12-31',
      {
        period: 'half',
        filters: {
          counties: ['Fresno', 'Kern'],
          units: ['U1'],
          cohortFrom: '2023H1',
          cohortTo: '2024H1',
        },
        by: ['county', 'cohort'],
      },
    );
    expect(p.source).toBe('County extract: families.csv, book.xlsx — children');
    expect(p.synthetic).toBe(false);
    expect(p.view).toBe(
      'Half-year cohorts · Fresno, Kern · unit U1 · cohorts 2023 H1 to 2024 H1 · by county and cohort',
    );
  });

  it('says when numbers are not suppressed', () => {
    const p = provenanceOf(
      { kind: 'county', fileNames: [] },
      null,
      { period: 'year', filters: {} },
      false,
    );
    expect(p.line).toBe(
      'Source: County extract · Data through — · Yearly cohorts · all counties · all units · ' +
        'all cohorts · Not suppressed — internal, not for publication',
    );
  });

  it('writes one cohort, an open range, and dates as the dashboard does', () => {
    expect(
      describeView({ period: 'quarter', filters: { cohortFrom: '2024Q2', cohortTo: '2024Q2' } }),
    ).toContain('cohort 2024 Q2');
    expect(describeView({ period: 'year', filters: { cohortFrom: '2022' } })).toContain(
      'cohorts from 2022',
    );
    expect(describeView({ period: 'year', filters: { cohortTo: '2023' } })).toContain(
      'cohorts to 2023',
    );
    expect(provenanceDate('2024-02-29')).toBe('Feb 29, 2024');
    expect(provenanceDate('not a date')).toBe('—');
  });
});
