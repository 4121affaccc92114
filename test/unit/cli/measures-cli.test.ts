import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import { CATALOG } from '../../../src/measures/catalog';
import { measures } from './run-measures';

const CONTRACT: Record<string, string[]> = {
  count: ['count', 'suppressed'],
  proportion: ['denominator', 'numerator', 'rate', 'ciLow', 'ciHigh', 'suppressed'],
  'time-to-event': ['n', 'events', 'medianDays', 'medianOverDays', 'suppressed', 'curve'],
  'competing-time-to-event': ['n', 'events', 'medianDays', 'medianOverDays', 'suppressed', 'curve'],
};

/** The command line on the sample with its defaults: read by the first tests and the workbook's. */
const sampleRun = measures('--data', 'sample-data');

describe('the measures command line on the sample extract', () => {
  const run = sampleRun;
  const json = JSON.parse(run.stdout) as {
    dataThrough: string;
    by: string[];
    measures: Record<string, Record<string, unknown>[]>;
    unavailable: Record<string, string>;
    validation: Record<string, { loaded: number; warnings: number; rejected: number }>;
  };

  it('exits 0 and prints the data-through date and the default breakdown', () => {
    expect(run.status).toBe(0);
    expect(json.dataThrough).toBe('2025-09-30');
    expect(json.by).toEqual(['county', 'cohort']);
  });

  it('prints every catalog measure, each row with the contract keys of its kind', () => {
    expect(Object.keys(json.measures).sort()).toEqual(CATALOG.map((m) => m.id).sort());
    expect(json.unavailable).toEqual({});
    for (const measure of CATALOG) {
      const rows = json.measures[measure.id]!;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(
          expect.arrayContaining(['county', 'cohort', 'group', ...CONTRACT[measure.kind]!]),
        );
        expect(['linkages', 'comparison']).toContain(row.group);
        expect(row.cohort).toMatch(/^\d{4}Q[1-4]$/);
      }
    }
  });

  it('masks small cells as null with suppressed true', () => {
    const masked = json.measures['reentry-12m']!.filter((row) => row.suppressed === true);
    expect(masked.length).toBeGreaterThan(0);
    for (const row of masked) {
      expect(row.rate).toBeNull();
      expect(row.numerator).toBeNull();
    }
  });

  it('accounts for every row of every file in validation', () => {
    expect(json.validation).toEqual({
      families: { loaded: 5965, warnings: 34, rejected: 2 },
      children: { loaded: 4858, warnings: 0, rejected: 1 },
      adults: { loaded: 7397, warnings: 0, rejected: 4 },
    });
  });
});

describe('the measures command line on files without some optional columns', () => {
  it('gives each measure it cannot compute no key in measures and names what would enable it', () => {
    const run = measures(
      '--data',
      'test/fixtures/extracts/absent-optional-columns',
      '--by',
      'none',
    );
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as {
      measures: Record<string, unknown>;
      unavailable: Record<string, string>;
    };
    expect(json.unavailable).toEqual({
      'recurrence-12m': 'Needs the next_subst_referral_date column in families.csv',
      'foster-entry-12m':
        'Needs the child_in_care_at_index and first_removal_after_index_date columns in families.csv',
      'sanction-cure-6m':
        'Needs the sanction_start_date and sanction_cure_date columns in adults.csv',
      'aid-decrease-6m': 'Needs the grant_m1 and grant_m6 columns in adults.csv',
      'aid-decrease-9m': 'Needs the grant_m1 and grant_m9 columns in adults.csv',
      'aid-exit-12m': 'Needs the aid_exit_date column in adults.csv',
      'return-to-aid-12m': 'Needs the aid_exit_date and aid_return_date columns in adults.csv',
    });
    expect(Object.keys(json.measures)).toEqual([
      'families-identified',
      'coordination-30d',
      'time-to-coordination',
      'reunification-12m',
      'reentry-12m',
      'employment-6m',
      'employment-12m',
      'time-to-reunification',
    ]);
  });
});

describe('the measures command line breakdowns and formats', () => {
  it('leaves county and cohort out of the rows with --by none', () => {
    const run = measures('--data', 'sample-data', '--by', 'none');
    const json = JSON.parse(run.stdout) as {
      by: string[];
      measures: Record<string, Record<string, unknown>[]>;
    };
    expect(json.by).toEqual([]);
    expect(json.measures['families-identified']!.map((r) => [r.group, r.county, r.cohort])).toEqual(
      [
        ['linkages', undefined, undefined],
        ['comparison', undefined, undefined],
      ],
    );
  });

  it("gives a median hidden past its drawn curve as medianOverDays, the curve's last day", () => {
    const run = measures('--data', 'sample-data', '--by', 'none');
    type Row = { group: string; medianDays: number | null; medianOverDays: number | null };
    const json = JSON.parse(run.stdout) as {
      measures: Record<string, (Row & { curve: { t: number }[] })[]>;
    };
    const rows = json.measures['time-to-reunification']!;
    const comparison = rows.find((row) => row.group === 'comparison')!;
    // Its median (about 540 days) lies past the curve's cut at day 364: "over 364 days".
    expect([comparison.medianDays, comparison.medianOverDays]).toEqual([null, 364]);
    expect(comparison.curve.at(-1)!.t).toBe(364);
    // Linkages' median (320 days) is drawn: shown, with no "over".
    const linkages = rows.find((row) => row.group === 'linkages')!;
    expect([linkages.medianDays, linkages.medianOverDays]).toEqual([320, null]);
    expect(Object.keys(comparison).slice(0, 5)).toEqual([
      'group',
      'n',
      'events',
      'medianDays',
      'medianOverDays',
    ]);
  });

  it('labels cohorts by year with --period year and prints CSV with --format csv', () => {
    const run = measures(
      '--data',
      'sample-data',
      '--by',
      'cohort',
      '--period',
      'year',
      '--format',
      'csv',
    );
    expect(run.status).toBe(0);
    // After the four provenance lines (test/unit/cli/provenance-cli.test.ts).
    const [header, first] = run.stdout.split('\r\n').slice(4);
    expect(header).toMatch(/^measure,cohort,group,/);
    expect(first).toMatch(/^families-identified,2022,linkages,/);
  });
});

describe('the measures command line on Parquet', () => {
  it('reads families.parquet and gives the same numbers as the CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-parquet-'));
    const db = await createNodeDb();
    await db.exec(
      `COPY (SELECT * FROM read_csv('sample-data/families.csv', all_varchar = true)) TO '${join(dir, 'families.parquet')}' (FORMAT parquet)`,
    );
    await db.close();
    const parquet = measures('--data', dir, '--by', 'cohort', '--format', 'csv');
    const csvOnly = mkdtempSync(join(tmpdir(), 'linkages-cli-csv-'));
    writeFileSync(join(csvOnly, 'families.csv'), readFileSync('sample-data/families.csv'));
    const csv = measures('--data', csvOnly, '--by', 'cohort', '--format', 'csv');
    expect(parquet.status).toBe(0);
    // The same numbers; the provenance lines name each run's own file.
    const table = (stdout: string) => stdout.split('\r\n').slice(4).join('\r\n');
    expect(table(parquet.stdout)).toBe(table(csv.stdout));
    // The sample's families as Parquet: known by its loaded content, never county data.
    expect(parquet.stdout).toContain('# Source,Synthetic sample — not county data\r\n');
    expect(parquet.stdout).not.toContain('County extract');
    expect(parquet.stdout).toContain('coordination-30d,2022Q3,linkages,');
  });
});

describe('the measures command line on an Excel workbook', () => {
  it('reads the sample extract kept as one workbook and gives the same numbers as the CSV', async () => {
    const book = new ExcelJS.Workbook();
    for (const table of ['families', 'children', 'adults']) {
      const text = readFileSync(`sample-data/${table}.csv`, 'utf8').replace(/^\uFEFF/, '');
      const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
      book.addWorksheet(table).addRows(data.map((row) => row.map((v) => (v === '' ? null : v))));
    }
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-xlsx-'));
    await book.xlsx.writeFile(join(dir, 'extract.xlsx'));
    const workbook = measures('--data', dir);
    const csv = sampleRun;
    expect(csv.status).toBe(0);
    expect(workbook.stderr).toBe('');
    expect(workbook.status).toBe(0);
    // The same numbers; the provenance names the workbook, and calls it the synthetic sample: a
    // sample converted to another format is known by its loaded content (isSampleContent).
    const { provenance, ...numbers } = JSON.parse(workbook.stdout) as Record<string, unknown>;
    const expected = JSON.parse(csv.stdout) as Record<string, unknown>;
    delete expected.provenance;
    expect(numbers).toEqual(expected);
    expect(provenance).toMatchObject({
      source: 'Synthetic sample — not county data',
      synthetic: true,
      fileNames: ['extract.xlsx'],
    });
    const json = JSON.parse(workbook.stdout) as { validation: unknown };
    expect(json.validation).toEqual({
      families: { loaded: 5965, warnings: 34, rejected: 2 },
      children: { loaded: 4858, warnings: 0, rejected: 1 },
      adults: { loaded: 7397, warnings: 0, rejected: 4 },
    });
  }, 120_000);

  it('exits 2 saying to remove the password of a password-protected workbook', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)];
    writeFileSync(join(dir, 'extract.xlsx'), Uint8Array.from(ole));
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'measures: extract.xlsx is protected with a password, so it cannot be read. In Excel open it, remove the password (File › Info › Protect Workbook › Encrypt with Password, and clear it), save it and load it again. Without the families file no measure can be computed.',
    );
  });
});

describe('the measures command line on unusable input', () => {
  it('prints its options on --help, and points to them on an unknown option', () => {
    const help = measures('--help');
    expect(help.status).toBe(0);
    for (const option of [
      '--data DIR',
      '--through',
      '--by',
      '--period',
      '--format',
      '--baseline',
      '--no-suppress',
    ])
      expect(help.stdout).toContain(option);
    const unknown = measures('--data', '.', '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      "measures: Unknown option '--bogus'\nRun with --help for the options.",
    );
  });

  it('exits 2 with a one-line reason when the folder does not exist', () => {
    const run = measures('--data', 'no/such/folder');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('measures: --data no/such/folder is not a folder');
  });

  it('exits 2 when families.csv is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `measures: ${join(dir, 'families.csv')} is missing (or families.parquet, or an Excel workbook); it is required`,
    );
  });

  it('exits 2 when families.csv is a PDF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    writeFileSync(join(dir, 'families.csv'), '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n');
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^measures: .*families\.csv.*PDF/);
  });

  it('loads a file with rows of 50,000 fields and a 20 MB row, naming those rows on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    const good = (id: number) => `F${String(id)},Fresno,U1,linkages,2024-01-05`;
    writeFileSync(
      join(dir, 'families.csv'),
      [
        'family_id,county,unit_id,group,mutual_start_date',
        good(1),
        `${good(2)}${','.repeat(50_000)}`,
        `${good(3)},${'x'.repeat(20 * 1024 * 1024)}`,
        good(4),
        `${good(5)}${','.repeat(50_000)}`,
        '',
      ].join('\n'),
    );
    const run = measures('--data', dir, '--through', '2024-06-30', '--by', 'none');
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      'measures: families.csv: rows 3, 6 not loaded: the line has far more fields than the header (more than twice as many), which no record of the extract has, so it was not read (check how the file was exported)',
      'measures: families.csv: row 4 not loaded: the line is longer than 1 MB, which no record of the extract is, so it was not read (check how the file was exported)',
    ]);
    const json = JSON.parse(run.stdout) as {
      validation: Record<string, { loaded: number | null; rejected: number }>;
    };
    // Two families loaded: a count the measures mask, so the validation block masks it too
    // (docs/disclosure-control.md); the three rejected rows are accounted for.
    expect(json.validation.families).toMatchObject({ loaded: null, rejected: 3 });
  });

  it('exits 2 when the extract has no data-through date and none is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    writeFileSync(
      join(dir, 'families.csv'),
      'family_id,county,unit_id,group,mutual_start_date\nF1,Fresno,U1,linkages,2024-01-05\n',
    );
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'measures: the extract has no data_through_date; pass --through YYYY-MM-DD',
    );
    expect(measures('--data', dir, '--through', '2024-06-30').status).toBe(0);
  });

  it('says the data-through dates could not be read as dates, naming one, when no row has one it can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-cli-'));
    writeFileSync(
      join(dir, 'families.csv'),
      'family_id,county,unit_id,group,mutual_start_date,data_through_date\n' +
        'F1,Fresno,U1,linkages,2024-01-05,30.06.2025\nF2,Fresno,U1,linkages,2024-02-05,30.06.2025\n',
    );
    const run = measures('--data', dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'measures: the data_through_date values in families.csv could not be read as dates ' +
        '(e.g. "30.06.2025" on row 2); write them as YYYY-MM-DD and run again, or pass --through YYYY-MM-DD',
    );
  });

  it('exits 2 on an unknown period', () => {
    const run = measures('--data', 'sample-data', '--period', 'month');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('measures: --period takes quarter, half or year (got "month")');
  });
});
