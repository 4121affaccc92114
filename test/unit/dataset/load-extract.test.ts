import { basename, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import {
  loadExtract,
  type ExtractFile,
  type FileReport,
  type LoadOptions,
} from '../../../src/dataset/load-extract';
import { counts } from './helpers';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/extracts');

function extract(...paths: string[]): ExtractFile[] {
  return paths.map((path) => ({
    fileName: basename(path),
    source: { kind: 'path', path: resolve(FIXTURES, path) },
  }));
}

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(async () => {
  await db.close();
});

async function load(paths: string[], options?: LoadOptions) {
  return loadExtract(db, extract(...paths), options);
}

const issue = (file: FileReport | undefined, reason: string) =>
  file?.issues.find((i) => i.reason === reason);

describe('reading files', () => {
  it('loads a clean extract of three files, families first', async () => {
    const report = await load(['good/adults.csv', 'good/children.csv', 'good/families.csv']);
    expect(report.fatal).toBeNull();
    expect(report.tables).toEqual(['families', 'children', 'adults']);
    expect(report.dataThrough).toBe('2025-06-30');
    expect(report.files.map((f) => [f.fileName, f.table, f.error])).toEqual([
      ['adults.csv', 'adults', null],
      ['children.csv', 'children', null],
      ['families.csv', 'families', null],
    ]);
    expect(report.files.map(counts)).toEqual([
      { rows: 3, loaded: 3, warnings: 0, rejected: 0 },
      { rows: 3, loaded: 3, warnings: 0, rejected: 0 },
      { rows: 4, loaded: 4, warnings: 0, rejected: 0 },
    ]);
    expect(await db.query('SELECT data_through::VARCHAR AS d FROM extract_meta')).toEqual([
      { d: '2025-06-30' },
    ]);
    expect(
      await db.query(
        'SELECT row_no, family_id, county, "group", mutual_start_date::VARCHAR AS d FROM families',
      ),
    ).toEqual([
      { row_no: 2, family_id: 'F001', county: 'Fresno', group: 'linkages', d: '2024-01-10' },
      { row_no: 3, family_id: 'F002', county: 'Fresno', group: 'linkages', d: '2024-02-01' },
      { row_no: 4, family_id: 'F003', county: 'Fresno', group: 'comparison', d: '2024-03-15' },
      { row_no: 5, family_id: 'F004', county: 'Kern', group: 'comparison', d: '2024-04-01' },
    ]);
  });

  it('reads a semicolon file with a byte-order mark, CRLF line ends and spaced headers', async () => {
    const report = await load(['formats/semicolon-bom-crlf.csv']);
    const [file] = report.files;
    expect(file?.table).toBe('families');
    expect(file?.columns.matched).toEqual([
      { column: 'family_id', header: 'Family ID' },
      { column: 'county', header: 'County' },
      { column: 'unit_id', header: 'Unit' },
      { column: 'group', header: 'Group' },
      { column: 'mutual_start_date', header: 'Mutual Start Date' },
    ]);
    expect(await db.query('SELECT row_no, family_id, unit_id FROM families')).toEqual([
      { row_no: 2, family_id: 'S1', unit_id: 'Unidad Norte' },
      { row_no: 3, family_id: 'S2', unit_id: 'Unidad Sur' },
    ]);
  });

  it('reads a tab-separated file with camelCase headers', async () => {
    const report = await load(['formats/tab.csv']);
    expect(counts(report.files[0])).toEqual({ rows: 1, loaded: 1, warnings: 0, rejected: 0 });
    expect(report.files[0]?.columns.matched.map((m) => m.header)).toEqual([
      'familyId',
      'county',
      'unitId',
      'group',
      'mutualStartDate',
    ]);
  });

  it('keeps a quoted field with a comma and a line break in one cell, and lists unknown columns', async () => {
    const report = await load(['formats/quoted.csv']);
    expect(report.files[0]?.columns.ignored).toEqual(['notes']);
    expect(await db.query('SELECT row_no, unit_id FROM families')).toEqual([
      { row_no: 2, unit_id: 'Unit 4, East' },
      { row_no: 3, unit_id: 'Unit "B"' },
    ]);
  });

  it('decodes a Windows-1252 export', async () => {
    const report = await load(['formats/windows-1252.csv']);
    expect(report.files[0]?.error).toBeNull();
    expect(await db.query('SELECT unit_id FROM families')).toEqual([
      { unit_id: 'Unidad Peña' },
      { unit_id: 'Niños’ Unit' },
    ]);
  });

  it('rejects lines with too many or too few fields and keeps spreadsheet row numbers', async () => {
    const report = await load(['formats/malformed-lines.csv']);
    const [file] = report.files;
    expect(counts(file)).toEqual({ rows: 4, loaded: 2, warnings: 0, rejected: 2 });
    expect(file?.issues.map((i) => [i.reason, i.examples])).toEqual([
      ['the line has fewer fields than the header', [{ rowNo: 4, value: 'M3,Fresno' }]],
      [
        'the line has more fields than the header (check quotes and delimiters)',
        [{ rowNo: 3, value: 'M2,Fresno,U1,linkages,2024-01-10,extra' }],
      ],
    ]);
    expect(await db.query('SELECT row_no, family_id FROM families')).toEqual([
      { row_no: 2, family_id: 'M1' },
      { row_no: 5, family_id: 'M4' },
    ]);
  });

  it('refuses a PDF renamed .csv, and nothing can be computed without families', async () => {
    const report = await load(['not-csv/families.csv']);
    const message =
      'families.csv is a PDF document, not a CSV file. Export the table from the source system as CSV and load that file.';
    expect(report.files[0]?.error).toBe(message);
    expect(report.fatal).toBe(`${message} Without the families file no measure can be computed.`);
    expect(report.tables).toEqual([]);
  });

  it('refuses a damaged workbook and a broken Parquet file with what to do', async () => {
    const report = await load([
      'good/families.csv',
      'not-csv/workbook.csv',
      'not-csv/families.parquet',
    ]);
    expect(report.files.map((f) => f.error)).toEqual([
      null,
      'workbook.csv could not be read as an Excel workbook: it is a damaged file, or a zipped file that holds no workbook. Open it in Excel, save it again as "Excel Workbook (.xlsx)" or as "CSV UTF-8", and load the new file.',
      'families.parquet could not be read as a Parquet file: it is damaged or not Parquet. Export the table again, as Parquet or as CSV, and load the new file.',
    ]);
    expect(report.tables).toEqual(['families']);
  });

  it('refuses an empty file', async () => {
    const report = await load(['empty/families.csv']);
    expect(report.files[0]?.error).toBe(
      'families.csv is empty (0 bytes). Export the table again and load the new file.',
    );
    expect(report.fatal).not.toBeNull();
  });

  it('refuses a file of blank lines as empty', async () => {
    const report = await load(['good/families.csv', 'empty/blank.csv']);
    expect(report.files[1]?.error).toBe(
      'blank.csv is empty: it has no header and no rows. Export the table again and load the new file.',
    );
  });

  it('refuses text that is neither UTF-8 nor Windows-1252', async () => {
    const report = await load(['formats/undecodable.csv']);
    expect(report.files[0]?.error).toBe(
      'undecodable.csv is not readable text: it is neither UTF-8 nor Windows-1252. Save it as "CSV UTF-8" and load it again.',
    );
  });

  it('reads a UTF-16 export from Excel', async () => {
    const report = await load(['formats/utf-16.csv']);
    expect(report.files[0]?.error).toBeNull();
    expect(await db.query('SELECT family_id, unit_id FROM families')).toEqual([
      { family_id: 'U1', unit_id: 'Unidad Peña' },
    ]);
  });

  it('refuses a header-only file, and loads the others', async () => {
    const report = await load(['good/families.csv', 'header-only/children.csv']);
    expect(report.files[1]?.error).toBe(
      'children.csv has a header but no data rows. Export the table again with its rows, or leave the file out.',
    );
    expect(report.tables).toEqual(['families']);
    expect(report.fatal).toBeNull();
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM children')).toEqual([{ n: 0 }]);
  });

  it('names the missing required column and what headers it accepts', async () => {
    const report = await load(['good/families.csv', 'missing-column/children.csv']);
    const [, children] = report.files;
    expect(children?.table).toBe('children');
    expect(children?.error).toBe(
      'children.csv has no column that looks like removal_date; expected one of removal_date, ' +
        'episode_start_date, removal, entry_date, episode_start. Rename the columns in the file, or choose which column holds each.',
    );
    expect(children?.columns.unmatchedRequired).toEqual(['removal_date']);
    expect(children?.columns.ignored).toEqual(['entered']);
    expect(counts(children)).toEqual({ rows: 1, loaded: 0, warnings: 0, rejected: 1 });
  });

  it('refuses a one-column file, suggesting the delimiter', async () => {
    const report = await load(['one-column/families.csv']);
    expect(report.files[0]?.error).toMatch(
      /^families\.csv has no columns that look like county, unit_id, group, mutual_start_date; /,
    );
    expect(report.files[0]?.error).toMatch(
      /The file has a single column: if its values are separated by something other than a comma, semicolon or tab, save it again as CSV\.$/,
    );
  });

  it('uses the header chosen by the user for a column', async () => {
    const report = await load(['mapping/families.csv'], {
      mapping: {
        families: {
          family_id: 'Familia',
          county: 'Condado',
          unit_id: 'Unidad',
          group: 'Grupo',
          mutual_start_date: 'Fecha de inicio',
          coordinated_plan_date: 'Fecha del plan',
        },
      },
    });
    expect(report.files[0]?.table).toBe('families');
    expect(report.files[0]?.error).toBeNull();
    expect(
      await db.query('SELECT family_id, coordinated_plan_date::VARCHAR AS plan FROM families'),
    ).toEqual([
      { family_id: 'M1', plan: '2024-01-20' },
      { family_id: 'M2', plan: null },
    ]);
  });

  it('replaces what was loaded when called again, and a bad file leaves the good ones loaded', async () => {
    await load(['good/families.csv', 'good/children.csv', 'good/adults.csv']);
    const report = await load(['dates/families.csv', 'not-csv/families.csv']);
    expect(report.files.map((f) => f.error === null)).toEqual([true, false]);
    expect(report.tables).toEqual(['families']);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM families')).toEqual([{ n: 8 }]);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM children')).toEqual([{ n: 0 }]);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM adults')).toEqual([{ n: 0 }]);
  });

  it('refuses a second file of the same table', async () => {
    const report = await load(['good/families.csv', 'dates/families.csv']);
    expect(report.files[1]?.error).toBe(
      'families.csv looks like a second families file (families.csv is one already); load one families.csv at a time.',
    );
  });

  it('needs families.csv', async () => {
    const report = await load(['good/children.csv']);
    expect(report.fatal).toBe(
      'families.csv is required: add the families file (one row per mutual family) and load again.',
    );
    expect(report.files[0]?.error).toBe(
      'children.csv was not loaded because families.csv did not load; fix families.csv first.',
    );
  });
});

describe('values', () => {
  it('reads every date format and leaves placeholder dates blank', async () => {
    const report = await load(['dates/families.csv']);
    expect(counts(report.files[0])).toEqual({ rows: 10, loaded: 7, warnings: 1, rejected: 2 });
    expect(
      await db.query(
        'SELECT row_no, mutual_start_date::VARCHAR AS start, coordinated_plan_date::VARCHAR AS plan FROM families',
      ),
    ).toEqual([
      { row_no: 2, start: '2024-01-10', plan: null },
      { row_no: 3, start: '2024-01-05', plan: null },
      { row_no: 4, start: '2024-01-05', plan: null },
      { row_no: 5, start: '2024-01-05', plan: null },
      { row_no: 6, start: '2024-01-05', plan: null },
      { row_no: 7, start: '2024-01-05', plan: '2024-02-01' },
      { row_no: 8, start: '2024-01-01', plan: null },
      { row_no: 9, start: '2024-01-05', plan: '2024-02-29' },
    ]);
    const [file] = report.files;
    expect(
      issue(file, 'mutual_start_date is not a date (use YYYY-MM-DD or M/D/YYYY)')?.examples,
    ).toEqual([{ rowNo: 10, value: '2/30/2024' }]);
    expect(
      issue(file, 'mutual_start_date is a placeholder date (like 9999-12-31), not a real date')
        ?.examples,
    ).toEqual([{ rowNo: 11, value: '9999-12-31' }]);
    expect(
      issue(file, 'coordinated_plan_date is not a date (use YYYY-MM-DD or M/D/YYYY)'),
    ).toMatchObject({
      severity: 'warning',
      effect: 'Treated as blank: the event counts as not yet observed.',
      count: 1,
      examples: [{ rowNo: 8, value: 'not a date' }],
    });
  });

  it('refuses a date column written day first instead of guessing', async () => {
    const report = await load(['day-first/families.csv']);
    expect(report.files[0]?.error).toBe(
      'families.csv: the column "mutual_start_date" has dates written day first (e.g. "25/12/2023" on row 2); ' +
        'the extract uses US month/day order. Export the dates as YYYY-MM-DD or M/D/YYYY and load the file again.',
    );
  });

  it('reads county names, codes, group synonyms, flags and CWS codes', async () => {
    const report = await load(['values/families.csv']);
    const [file] = report.files;
    expect(counts(file)).toEqual({ rows: 18, loaded: 12, warnings: 3, rejected: 3 });
    expect(
      await db.query(
        'SELECT county, "group", count(*)::INTEGER AS n FROM families GROUP BY ALL ORDER BY county, "group"',
      ),
    ).toEqual([
      { county: 'Alameda', group: 'comparison', n: 1 },
      { county: 'Alameda', group: 'linkages', n: 1 },
      { county: 'Fresno', group: 'comparison', n: 8 },
      { county: 'Los Angeles', group: 'linkages', n: 4 },
      { county: 'San Luis Obispo', group: 'comparison', n: 1 },
    ]);
    expect(
      await db.query(
        'SELECT child_in_care_at_index AS flag, count(*)::INTEGER AS n FROM families GROUP BY ALL ORDER BY flag NULLS LAST',
      ),
    ).toEqual([
      { flag: false, n: 5 },
      { flag: true, n: 6 },
      { flag: null, n: 4 },
    ]);
    expect(
      await db.query(
        'SELECT row_no, cws_component_at_index AS c, id_source AS s FROM families WHERE row_no IN (2, 3, 4, 5, 8, 9, 12)',
      ),
    ).toEqual([
      { row_no: 2, c: 'ER', s: 'data_match' },
      { row_no: 3, c: 'FM', s: 'cws_screening' },
      { row_no: 4, c: 'FR', s: 'liaison' },
      { row_no: 5, c: 'PP', s: 'court' },
      { row_no: 8, c: 'FR', s: null },
      { row_no: 9, c: 'PP', s: 'other' },
      { row_no: 12, c: 'unknown', s: null },
    ]);
    expect(
      file?.issues.map((i) => [i.severity, i.reason, i.count, i.examples.map((e) => e.value)]),
    ).toEqual([
      ['error', 'county is not a California county name or code 01–58', 2, ['Atlantis', '59']],
      ['error', 'group is not a recognized group (linkages or comparison)', 1, ['both']],
      [
        'warning',
        'child_in_care_at_index is not a yes/no value (Y, N, TRUE, FALSE, 1, 0)',
        1,
        ['maybe'],
      ],
      [
        'warning',
        'cws_component_at_index is not one of ER, FM, FR, PP, none, unknown',
        1,
        ['1700'],
      ],
      [
        'warning',
        'id_source is not one of data_match, cws_screening, calworks_referral, liaison, court, other, unknown',
        1,
        ['referral from a neighbor'],
      ],
    ]);
    expect(
      issue(file, 'cws_component_at_index is not one of ER, FM, FR, PP, none, unknown')?.effect,
    ).toBe("Stored as 'unknown': the family is left out of the foster-entry measure.");
  });

  it('maps CWS/CMS termination codes to exit reasons and checks ages', async () => {
    const report = await load(['values/families.csv', 'values/children.csv']);
    const children = report.files[1];
    expect(counts(children)).toEqual({ rows: 15, loaded: 10, warnings: 4, rejected: 1 });
    expect(
      await db.query(
        'SELECT exit_reason, count(*)::INTEGER AS n FROM children GROUP BY ALL ORDER BY exit_reason NULLS LAST',
      ),
    ).toEqual([
      { exit_reason: 'adopted', n: 2 },
      { exit_reason: 'emancipated', n: 2 },
      { exit_reason: 'guardianship', n: 2 },
      { exit_reason: 'other', n: 2 },
      { exit_reason: 'reunified', n: 4 },
      { exit_reason: null, n: 2 },
    ]);
    expect(issue(children, 'age_at_removal is outside 0–21')?.examples).toEqual([
      { rowNo: 14, value: '25' },
      { rowNo: 15, value: '-1' },
    ]);
    expect(issue(children, 'age_at_exit is outside 0–21')?.examples).toEqual([
      { rowNo: 9, value: '22' },
    ]);
    expect(issue(children, 'age_at_removal is not a whole number')).toMatchObject({
      severity: 'error',
      examples: [{ rowNo: 16, value: 'two' }],
    });
    expect(
      await db.query("SELECT age_at_removal AS age FROM children WHERE child_id = 'K13'"),
    ).toEqual([{ age: 25 }]);
  });

  it('reads money with thousands separators, dollar signs and parentheses', async () => {
    const report = await load(['values/families.csv', 'values/adults.csv']);
    expect(counts(report.files[1])).toEqual({ rows: 3, loaded: 2, warnings: 1, rejected: 0 });
    expect(
      await db.query(
        'SELECT person_id, grant_m1, grant_m6, grant_m9, grant_m12 FROM adults ORDER BY person_id',
      ),
    ).toEqual([
      { person_id: 'P01', grant_m1: 1234.5, grant_m6: 1234.5, grant_m9: 1234.5, grant_m12: -25 },
      { person_id: 'P02', grant_m1: 0, grant_m6: 0, grant_m9: null, grant_m12: null },
      { person_id: 'P03', grant_m1: 925, grant_m6: -10, grant_m9: -1000, grant_m12: null },
    ]);
    expect(
      issue(
        report.files[1],
        'grant_m12 is not an amount of money as the column writes them (1,234.50)',
      ),
    ).toMatchObject({
      severity: 'warning',
      effect: 'Treated as blank (unknown).',
      examples: [{ rowNo: 4, value: 'lots' }],
    });
  });
});

describe('row rules', () => {
  it('rejects blank required values and empty rows', async () => {
    const report = await load(['required-blank/families.csv']);
    const [file] = report.files;
    expect(counts(file)).toEqual({ rows: 9, loaded: 2, warnings: 0, rejected: 7 });
    expect(file?.issues.map((i) => [i.reason, i.examples.map((e) => e.rowNo)])).toEqual([
      ['mutual_start_date is blank', [7, 8]],
      ['county is blank', [4]],
      ['family_id is blank', [3]],
      ['group is blank', [6]],
      ['the row is empty', [9]],
      ['unit_id is blank', [5]],
    ]);
    expect(file?.issues[0]?.effect).toBe('Row not loaded: it is left out of every measure.');
  });

  it('rejects every copy of a duplicated family, and then its adults', async () => {
    const report = await load(['duplicates/families.csv', 'duplicates/adults.csv']);
    const [families, adults] = report.files;
    expect(counts(families)).toEqual({ rows: 5, loaded: 2, warnings: 0, rejected: 3 });
    expect(issue(families, 'family_id appears on more than one row')?.examples).toEqual([
      { rowNo: 2, value: 'F1' },
      { rowNo: 4, value: 'F1' },
      { rowNo: 6, value: 'F1' },
    ]);
    expect(counts(adults)).toEqual({ rows: 4, loaded: 1, warnings: 0, rejected: 3 });
    expect(issue(adults, 'person_id appears on more than one row')?.count).toBe(2);
    expect(
      issue(
        adults,
        'family_id is not among the loaded families (missing from families.csv or rejected there)',
      )?.examples,
    ).toEqual([{ rowNo: 5, value: 'F1' }]);
    expect(await db.query('SELECT person_id FROM adults')).toEqual([{ person_id: 'A2' }]);
  });

  it('rejects orphan children and episodes ending before they start; warns on a differing county', async () => {
    const report = await load(['good/families.csv', 'orphans/children.csv']);
    const children = report.files[1];
    expect(counts(children)).toEqual({ rows: 6, loaded: 2, warnings: 1, rejected: 3 });
    expect(children?.issues.map((i) => [i.severity, i.reason, i.examples])).toEqual([
      ['error', 'episode_end_date is before removal_date', [{ rowNo: 4, value: '2024-02-01' }]],
      ['error', 'family_id is blank', [{ rowNo: 7, value: null }]],
      [
        'error',
        'family_id is not among the loaded families (missing from families.csv or rejected there)',
        [{ rowNo: 3, value: 'F999' }],
      ],
      [
        'warning',
        "county differs from the family's county in families.csv",
        [{ rowNo: 5, value: 'Kern' }],
      ],
    ]);
    expect(children?.columns.ignored).toEqual(['county']);
    expect(await db.query('SELECT child_id FROM children ORDER BY row_no')).toEqual([
      { child_id: 'C1' },
      { child_id: 'C4' },
      { child_id: 'C5' },
    ]);
  });
});

describe('the data-through date', () => {
  it('takes the most common date in the file and rejects rows that disagree', async () => {
    const report = await load(['data-through/families.csv']);
    expect(report.dataThrough).toBe('2025-06-30');
    expect(report.needsDataThrough).toBe(false);
    const [file] = report.files;
    expect(counts(file)).toEqual({ rows: 5, loaded: 1, warnings: 2, rejected: 2 });
    expect(file?.issues.map((i) => [i.severity, i.reason, i.examples])).toEqual([
      [
        'error',
        "data_through_date differs from the extract's data-through date 2025-06-30",
        [{ rowNo: 6, value: '2025-05-31' }],
      ],
      [
        'error',
        'mutual_start_date is after the data-through date',
        [{ rowNo: 5, value: '2025-07-01' }],
      ],
      [
        'warning',
        'coordinated_plan_date is after the data-through date',
        [{ rowNo: 3, value: '2025-07-15' }],
      ],
      [
        'warning',
        "coordinated_plan_date is before the family's mutual_start_date",
        [{ rowNo: 4, value: '2024-03-01' }],
      ],
    ]);
    expect(issue(file, 'coordinated_plan_date is after the data-through date')?.effect).toBe(
      'Kept; the measures treat the event as not yet observed.',
    );
    expect(await db.query('SELECT data_through::VARCHAR AS d FROM extract_meta')).toEqual([
      { d: '2025-06-30' },
    ]);
  });

  it("lets the caller's date win over the file's", async () => {
    const report = await load(['data-through/families.csv'], { dataThrough: '2025-05-31' });
    expect(report.dataThrough).toBe('2025-05-31');
    expect(counts(report.files[0])).toEqual({ rows: 5, loaded: 1, warnings: 0, rejected: 4 });
    expect(await db.query('SELECT family_id FROM families')).toEqual([{ family_id: 'T5' }]);
    expect(await db.query('SELECT data_through::VARCHAR AS d FROM extract_meta')).toEqual([
      { d: '2025-05-31' },
    ]);
  });

  it('asks for the date when neither the file nor the caller gives one', async () => {
    const report = await load(['data-through/no-date.csv']);
    expect(report.dataThrough).toBeNull();
    expect(report.needsDataThrough).toBe(true);
    expect(report.tables).toEqual(['families']);
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM extract_meta')).toEqual([{ n: 0 }]);
  });

  it('reports a caller date that is not a date', async () => {
    const report = await load(['good/families.csv'], { dataThrough: '6/30/2025' });
    expect(report.fatal).toBe(
      'The data-through date "6/30/2025" is not a date; give it as YYYY-MM-DD.',
    );
  });
});

describe('the privacy guard', () => {
  it('does not load columns whose header or values look like direct identifiers', async () => {
    const report = await load(['privacy/families.csv']);
    const [file] = report.files;
    expect(file?.error).toBeNull();
    expect(file?.columns.privacy).toEqual([
      { header: 'First Name', why: 'the header names a person’s name' },
      { header: 'SSN', why: 'the header names a Social Security number' },
      { header: 'Street Address', why: 'the header names an address' },
      { header: 'client_ref', why: 'values look like Social Security numbers (###-##-####)' },
      { header: 'contact', why: 'values look like phone numbers' },
      {
        header: 'member_no',
        why: 'values look like client index numbers (CIN: 8 digits and a letter)',
      },
      {
        header: 'cws_ref',
        why: 'values look like CWS/CMS case or referral numbers (####-####-####-#######)',
      },
    ]);
    expect(file?.columns.ignored).toEqual(['case_worker_note']);
  });

  it('refuses a file whose required id column holds identifiers', async () => {
    const report = await load(['privacy/families.csv', 'privacy/children.csv']);
    const children = report.files[1];
    expect(children?.error).toBe(
      'children.csv: the column "child_id" was not loaded because its values look like Social Security numbers ' +
        '(###-##-####). Replace it with pseudonymous ids and load the file again.',
    );
    expect(children?.columns.privacy).toEqual([
      { header: 'dob', why: 'the header names a birth date' },
      { header: 'child_id', why: 'values look like Social Security numbers (###-##-####)' },
    ]);
  });
});

describe('ids of nine digits (the second new user, twelfth session)', () => {
  it('are refused as the guard says, with what to change when they are already pseudonymous', async () => {
    const report = await load(['privacy/nine-digit-families.csv']);
    expect(report.files[0]?.error).toBe(
      'nine-digit-families.csv: the column "family_id" was not loaded because its values look like Social Security numbers (9 digits). ' +
        'If these are already pseudonymous ids, give each a letter before its digits (F123456789 for 123456789) in every file, since a 9-digit number cannot be told from a Social Security number; otherwise replace them with pseudonymous ids. Then load the files again.',
    );
  });
});

describe('row numbers', () => {
  it('count a quoted multi-line cell as one row and keep the numbers of rejected lines', async () => {
    const report = await load(['formats/malformed-and-multiline.csv']);
    expect(counts(report.files[0])).toEqual({ rows: 6, loaded: 3, warnings: 0, rejected: 3 });
    expect(report.files[0]?.issues.flatMap((i) => i.examples.map((e) => e.rowNo)).sort()).toEqual([
      3, 4, 6,
    ]);
    expect(await db.query('SELECT row_no, family_id FROM families')).toEqual([
      { row_no: 2, family_id: 'A1' },
      { row_no: 5, family_id: 'A4' },
      { row_no: 7, family_id: 'A6' },
    ]);
  });
});

describe('event dates', () => {
  it('warns on an adult event before the family index date or after the data-through date', async () => {
    const report = await load(['good/families.csv', 'events/adults.csv']);
    const adults = report.files[1];
    expect(counts(adults)).toEqual({ rows: 3, loaded: 0, warnings: 3, rejected: 0 });
    expect(adults?.issues.map((i) => [i.reason, i.examples])).toEqual([
      ['aid_exit_date is after the data-through date', [{ rowNo: 3, value: '2026-01-01' }]],
      [
        'employed_at_index is not a yes/no value (Y, N, TRUE, FALSE, 1, 0)',
        [{ rowNo: 4, value: 'maybe' }],
      ],
      [
        "first_employment_date is before the family's mutual_start_date",
        [{ rowNo: 2, value: '2023-12-01' }],
      ],
    ]);
    expect(
      await db.query('SELECT person_id, employed_at_index AS e FROM adults ORDER BY person_id'),
    ).toEqual([
      { person_id: 'A1', e: false },
      { person_id: 'A2', e: false },
      { person_id: 'A3', e: null },
    ]);
  });

  it('warns on a re-entry on or before the episode end, and on a removal after the data-through date', async () => {
    const report = await load(['good/families.csv', 'events/children.csv']);
    const children = report.files[1];
    expect(counts(children)).toEqual({ rows: 4, loaded: 1, warnings: 3, rejected: 0 });
    expect(
      children?.issues.map((i) => [i.reason, i.effect, i.examples.map((e) => e.rowNo)]),
    ).toEqual([
      [
        'reentry_date is on or before episode_end_date',
        'Kept; the episode is left out of the re-entry measure.',
        [2, 3],
      ],
      [
        'removal_date is after the data-through date',
        'Kept; the measures treat the event as not yet observed.',
        [5],
      ],
    ]);
  });
});

describe('title lines', () => {
  it('finds the header below title lines and numbers rows as the spreadsheet does', async () => {
    const report = await load(['formats/title-lines.csv']);
    expect(report.files[0]?.table).toBe('families');
    expect(counts(report.files[0])).toEqual({ rows: 3, loaded: 2, warnings: 0, rejected: 1 });
    expect(report.files[0]?.issues[0]?.examples).toEqual([
      { rowNo: 6, value: 'F2,Fresno,U1,linkages,2024-01-10,x' },
    ]);
    expect(await db.query('SELECT row_no, family_id FROM families')).toEqual([
      { row_no: 5, family_id: 'F1' },
      { row_no: 7, family_id: 'F3' },
    ]);
  });
});
