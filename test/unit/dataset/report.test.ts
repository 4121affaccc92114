import { resolve } from 'node:path';
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
  it('gives the original values, the row number and the reasons, safe to open in a spreadsheet', async () => {
    const report = await loadExtract(db, [
      {
        fileName: 'families.csv',
        source: { kind: 'path', path: resolve(FIXTURES, 'rejected/families.csv') },
      },
    ]);
    expect(report.files[0]).toMatchObject({ rows: 5, loaded: 2, warnings: 0, rejected: 3 });
    expect(await rejectedRowsCsv(db, 'families')).toBe(
      [
        'row_no,family_id,county,unit_id,group,mutual_start_date,note,reason',
        `3,X2,Fresno,'=1+1,linkages,,"has, comma",mutual_start_date is blank`,
        `4,X3,Nowhere,'@unit,linkages,2024-01-10,'+1,county is not a California county name or code 01–58`,
        '6,,,,,,,"the line has more fields than the header (check quotes and delimiters): X5,Fresno,U1,linkages,2024-01-10,fine,extra"',
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
