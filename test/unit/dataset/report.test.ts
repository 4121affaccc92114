import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { loadExtract, rejectedRowsCsv } from '../../../src/dataset/load-extract';
import { csvCell } from '../../../src/dataset/csv-cell';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/extracts');

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(async () => {
  await db.close();
});

describe('the rejected rows CSV', () => {
  it('gives the row number, the extract columns as written and the reasons, safe to open in a spreadsheet', async () => {
    const report = await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: { kind: 'path', path: resolve(FIXTURES, 'rejected/families.csv') },
      },
    ]);
    expect(report.files[0]).toMatchObject({ rows: 5, loaded: 2, warnings: 0, rejected: 3 });
    expect(await rejectedRowsCsv(db, 'families')).toBe(
      [
        // `note` is not an extract column: it is ignored, so never in the download, nor is the
        // text of the line the reader could not split (it holds a note).
        'row_no,family_id,county,unit_id,group,mutual_start_date,reason',
        `3,X2,Fresno,'=1+1,linkages,,mutual_start_date is blank`,
        `4,X3,Nowhere,'@unit,linkages,2024-01-10,county is not a California county name or code 01–58`,
        '6,,,,,,the line has more fields than the header (check quotes and delimiters)',
        '',
      ].join('\r\n'),
    );
  });

  it('gives a line the reader could not split its text when every column of the file is an extract column', async () => {
    await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: {
          kind: 'path',
          path: resolve(FIXTURES, 'rejected/families-extract-columns-only.csv'),
        },
      },
    ]);
    expect(await rejectedRowsCsv(db, 'families')).toBe(
      [
        'row_no,family_id,county,unit_id,group,mutual_start_date,reason',
        '3,,,,,,"the line has more fields than the header (check quotes and delimiters): X2,Fresno,U1,linkages,2024-01-10,extra"',
        '',
      ].join('\r\n'),
    );
  });

  it('has only its header when nothing was rejected or the table was not loaded', async () => {
    await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: { kind: 'path', path: resolve(FIXTURES, 'good/families.csv') },
      },
    ]);
    expect(await rejectedRowsCsv(db, 'families')).toBe(
      'row_no,family_id,county,unit_id,group,mutual_start_date,identified_date,id_source,linkages_start_date,' +
        'coordinated_plan_date,cws_component_at_index,child_in_care_at_index,cws_case_close_date,' +
        'next_subst_referral_date,first_removal_after_index_date,data_through_date,reason\r\n',
    );
    expect(await rejectedRowsCsv(db, 'children')).toBe('row_no,reason\r\n');
  });
});

describe('columns the privacy guard does not load', () => {
  const PRIVATE = [
    ...['111-22-3333', '222-33-4444', '333-44-5555', '444-55-6666', '555-66-7777', '666-77-8888'],
    ...['Alvarez', 'Baker', 'Chen', 'Diaz', 'Evans', 'Flores'],
    ...['555-0101', '555-0102', '555-0103', '555-0104', '555-0105', '555-0106'],
  ];

  it('never reach the rejected rows, the report or its messages, a line the reader could not split included', async () => {
    const report = await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: { kind: 'path', path: resolve(FIXTURES, 'privacy/rejected-families.csv') },
      },
    ]);
    expect(report.files[0]).toMatchObject({ rows: 6, loaded: 2, warnings: 0, rejected: 4 });
    expect(report.files[0]?.columns.privacy.map((p) => p.header)).toEqual([
      'SSN',
      'Last Name',
      'Phone',
    ]);
    const csv = await rejectedRowsCsv(db, 'families');
    expect(csv).toBe(
      [
        'row_no,family_id,county,unit_id,group,mutual_start_date,reason',
        '3,R2,Fresno,U1,linkages,,mutual_start_date is blank',
        '4,R3,Nowhere,U1,linkages,2024-01-10,county is not a California county name or code 01–58',
        '5,R4,Fresno,U1,nogroup,2024-01-10,group is not a recognized group (linkages or comparison)',
        '6,,,,,,the line has more fields than the header (check quotes and delimiters)',
        '',
      ].join('\r\n'),
    );
    const everything = `${csv}${JSON.stringify(report)}`;
    expect(PRIVATE.filter((value) => everything.includes(value))).toEqual([]);
  });

  it('are named by their position when a file without a header row has one as its first record', async () => {
    const report = await loadExtract(
      db,
      [
        {
          fileName: 'families.csv',
          source: { kind: 'path', path: resolve(FIXTURES, 'privacy/headerless-families.csv') },
        },
      ],
      {
        mapping: {
          families: {
            family_id: 'F1',
            county: 'Fresno',
            unit_id: 'U1',
            group: 'linkages',
            mutual_start_date: '2024-01-10',
          },
        },
      },
    );
    expect(report.files[0]).toMatchObject({ rows: 3, loaded: 2, warnings: 0, rejected: 1 });
    expect(report.files[0]?.columns.privacy).toEqual([
      { header: 'column 6', why: 'values look like Social Security numbers (###-##-####)' },
    ]);
    const csv = await rejectedRowsCsv(db, 'families');
    expect(csv).toBe(
      [
        // Named as the extract names them: the first record is not the download's header.
        'row_no,family_id,county,unit_id,group,mutual_start_date,reason',
        '3,F3,Nowhere,U1,linkages,2024-01-10,county is not a California county name or code 01–58',
        '',
      ].join('\r\n'),
    );
    const everything = `${csv}${JSON.stringify(report)}`;
    expect(
      ['111-22-3333', '222-33-4444', '333-44-5555', '444-55-6666'].filter((v) =>
        everything.includes(v),
      ),
    ).toEqual([]);
  });
});

describe('columns the loader ignores', () => {
  // Parent and Worker hold names, Notes some SSNs (fewer than half its values, so the guard
  // loads nothing of it but does not name it), Ref a reference: none is an extract column.
  const IGNORED = [
    ...['Jose Smith', 'Linda Smith', 'David Garcia', 'Ruth Baker', 'Carl Diaz'],
    ...['Ana Martinez', 'Rosa Nguyen', 'Maria Lopez', 'James Chen', 'Omar Evans'],
    ...['called twice', '717-85-1055', '819-79-2508', 'no show'],
    ...['Q7781', 'Q7782', 'Q7783', 'Q7784', 'Q7785', 'overflow'],
  ];

  it('never reach the rejected rows: only the row number, the extract columns and the reason', async () => {
    const report = await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: { kind: 'path', path: resolve(FIXTURES, 'privacy/ignored-columns-families.csv') },
      },
    ]);
    expect(report.files[0]).toMatchObject({ rows: 5, loaded: 2, warnings: 0, rejected: 3 });
    expect(report.files[0]?.columns.ignored).toEqual(['Parent', 'Worker', 'Notes', 'Ref']);
    const csv = await rejectedRowsCsv(db, 'families');
    expect(csv).toBe(
      [
        'row_no,family_id,county,unit_id,group,mutual_start_date,reason',
        '3,G2,Fresno,U1,linkages,not a date,mutual_start_date is not a date (use YYYY-MM-DD or M/D/YYYY)',
        '4,G3,Nowhere,U1,comparison,2024-02-10,county is not a California county name or code 01–58',
        '5,,,,,,the line has more fields than the header (check quotes and delimiters)',
        '',
      ].join('\r\n'),
    );
    const everything = `${csv}${JSON.stringify(report)}`;
    expect(IGNORED.filter((value) => everything.includes(value))).toEqual([]);
  });
});

describe('a file without a header row whose first record reads as names', () => {
  it('has its ignored columns named by position, never by its first record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-headerless-adults-'));
    const families = ['family_id,county,unit_id,group,mutual_start_date'];
    const adults: string[] = [];
    const names = ['Ana Lopez', 'James Garcia', 'Rosa Martinez', 'David Nguyen'];
    names.forEach((name, i) => {
      families.push(`FamBAA${'ABCD'[i]!},Fresno,U1,linkages,2024-01-10`);
      adults.push(`PersBAA${'ABCD'[i]!},FamBAA${'ABCD'[i]!},${name}`);
    });
    writeFileSync(join(dir, 'families.csv'), `${families.join('\n')}\n`);
    writeFileSync(join(dir, 'adults.csv'), `${adults.join('\n')}\n`);
    const report = await loadExtract(
      db,
      ['families.csv', 'adults.csv'].map((fileName) => ({
        fileName,
        source: { kind: 'path' as const, path: join(dir, fileName) },
      })),
      { mapping: { adults: { person_id: 'PersBAAA', family_id: 'FamBAAA' } } },
    );
    const adultsReport = report.files.find((f) => f.table === 'adults');
    expect(adultsReport).toMatchObject({ rows: 3, loaded: 3, rejected: 0 });
    expect(adultsReport?.columns.ignored).toEqual(['column 3']);
    expect(JSON.stringify(report)).not.toContain('Ana Lopez');
  });
});

describe('CSV cells', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['plain', 'plain'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a missing value as an empty cell', () => {
    expect(csvCell(null)).toBe('');
  });
});
