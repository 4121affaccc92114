import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { loadExtract } from '../../../src/dataset/load-extract';
import { needsMapping, previewText } from '../../../src/dataset/preview';
import { expandWorkbooks } from '../../../src/dataset/read-workbook';
import {
  MAX_WORKBOOK_XML_BYTES,
  isoDate,
  plainNumber,
  readWorkbook,
} from '../../../src/dataset/workbook-csv';
import { counts } from './helpers';

const FAMILY_HEADERS = [
  'family_id',
  'county',
  'unit_id',
  'group',
  'mutual_start_date',
  'coordinated_plan_date',
  'child_in_care_at_index',
  'data_through_date',
];
const DATE = 'm/d/yyyy';

/** Serial day numbers as Excel stores them: 45292 is 2024-01-01 in the 1900 system. */
const serial = (iso: string, date1904: boolean) =>
  Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569 - (date1904 ? 1_462 : 0);

function dateCell(sheet: ExcelJS.Worksheet, address: string, iso: string, date1904: boolean) {
  const cell = sheet.getCell(address);
  cell.value = serial(iso, date1904);
  cell.numFmt = DATE;
}

/**
 * A workbook as an evaluator keeps it: a title row above the families header, dates as date
 * cells, a formula with its cached value, a blank row, a hidden sheet and an empty sheet; then
 * children and adults sheets.
 */
async function extractWorkbook(date1904: boolean): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.properties.date1904 = date1904;
  const families = book.addWorksheet('families');
  families.addRow(['Linkages extract, Fresno County']);
  families.addRow(FAMILY_HEADERS);
  families.addRow(['F1', 'Fresno', 'U1', 'linkages', null, null, true, null]);
  dateCell(families, 'E3', '2024-01-10', date1904);
  dateCell(families, 'F3', '2024-02-01', date1904);
  dateCell(families, 'H3', '2025-06-30', date1904);
  families.addRow([]);
  families.addRow([
    { formula: 'A3&"2"', result: 'F12' },
    'Kern',
    'U2',
    'comparison',
    null,
    { formula: '1/0', result: { error: '#DIV/0!' } },
    false,
    null,
  ]);
  dateCell(families, 'E5', '2024-03-15', date1904);
  dateCell(families, 'H5', '2025-06-30', date1904);
  families.addRow(['F3', 'Kern', 'U2', 'comparison', null, null, 'N', null]);
  dateCell(families, 'E6', '2024-04-01', date1904);
  // The placeholder "open" date 1900-01-01 is serial 1, which the 1904 system cannot hold.
  if (!date1904) {
    families.getCell('F6').value = 1;
    families.getCell('F6').numFmt = DATE;
  }
  dateCell(families, 'H6', '2025-06-30', date1904);

  const hidden = book.addWorksheet('old families', { state: 'hidden' });
  hidden.addRow(FAMILY_HEADERS);
  hidden.addRow(['F9', 'Kern', 'U2', 'comparison', '2024-01-01', '', '', '2025-06-30']);
  book.addWorksheet('notes');

  const children = book.addWorksheet('children');
  children.addRow(['child_id', 'family_id', 'removal_date', 'age_at_removal']);
  children.addRow(['C1', 'F1', null, 4]);
  dateCell(children, 'C2', '2024-05-01', date1904);
  children.addRow(['C2', 'F12', null, 1.5e1]);
  dateCell(children, 'C3', '2024-06-01', date1904);

  const adults = book.addWorksheet('adults');
  adults.addRow(['person_id', 'family_id', 'grant_m1']);
  adults.addRow(['P1', 'F1', 1234.5]);
  adults.addRow(['P2', 'F3', { formula: '1000/8', result: 125 }]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(async () => {
  await db.close();
});

const asFile = (fileName: string, bytes: Uint8Array) => ({
  fileName,
  source: { kind: 'bytes' as const, bytes },
});

/** A one-sheet workbook of a header and two rows, as Excel saves it (deflated parts). */
async function smallWorkbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('families');
  sheet.addRow(['family_id', 'county']);
  sheet.addRow(['F1', 'Fresno']);
  sheet.addRow(['F2', 'Kern']);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/**
 * The workbook with one part's size, as the archive's central directory declares it, changed
 * (the part's bytes untouched): how a crafted or damaged archive looks to a reader.
 */
function withDeclaredSize(
  bytes: Uint8Array,
  part: string,
  change: (size: number) => number,
): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const name = new TextEncoder().encode(part);
  for (let at = 0; at + 46 < copy.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const here = copy.subarray(at + 46, at + 46 + nameLength);
    if (nameLength === name.length && here.every((b, i) => b === name[i])) {
      view.setUint32(at + 24, change(view.getUint32(at + 24, true)), true);
      return copy;
    }
  }
  throw new Error(`${part} is not in the workbook`);
}

describe('reading a workbook into CSV text', () => {
  it('writes one CSV per visible sheet with values, line n being the sheet row n', async () => {
    const result = await readWorkbook('extract.xlsx', await extractWorkbook(false));
    if (!result.ok) throw new Error(result.error);
    expect(result.sheets.map((s) => s.name)).toEqual(['families', 'children', 'adults']);
    expect(result.skipped).toEqual(['old families (hidden)', 'notes (empty)']);
    expect(result.sheets[0]?.csv.split('\r\n')).toEqual([
      '"Linkages extract, Fresno County",,,,,,,',
      FAMILY_HEADERS.join(','),
      'F1,Fresno,U1,linkages,2024-01-10,2024-02-01,TRUE,2025-06-30',
      ',,,,,,,',
      'F12,Kern,U2,comparison,2024-03-15,#DIV/0!,FALSE,2025-06-30',
      'F3,Kern,U2,comparison,2024-04-01,1900-01-01,N,2025-06-30',
      '',
    ]);
    expect(result.sheets[2]?.csv).toBe(
      'person_id,family_id,grant_m1\r\nP1,F1,1234.5\r\nP2,F3,125\r\n',
    );
  });

  it('reads date cells of a 1904-system workbook as the same dates', async () => {
    const result = await readWorkbook('extract.xlsx', await extractWorkbook(true));
    if (!result.ok) throw new Error(result.error);
    expect(result.sheets[0]?.csv.split('\r\n')[2]).toBe(
      'F1,Fresno,U1,linkages,2024-01-10,2024-02-01,TRUE,2025-06-30',
    );
    expect(result.sheets[1]?.csv.split('\r\n')[1]).toBe('C1,F1,2024-05-01,4');
  });

  it('writes numbers in plain decimal notation, as stored', () => {
    expect(plainNumber('1e-7')).toBe('0.0000001');
    expect(plainNumber('1.25E+3')).toBe('1250');
    expect(plainNumber('-4.5e1')).toBe('-45');
    expect(plainNumber('612.53')).toBe('612.53');
  });

  it('counts 1900-system serials before March 1900 as Excel does', () => {
    // read-excel-file gives 1899-12-31 for serial 1 and 1900-02-28 for serial 60.
    expect(isoDate(new Date(Date.UTC(1899, 11, 31)), false)).toBe('1900-01-01');
    expect(isoDate(new Date(Date.UTC(1900, 1, 28)), false)).toBe('1900-02-29');
    expect(isoDate(new Date(Date.UTC(1900, 2, 1)), false)).toBe('1900-03-01');
    expect(isoDate(new Date(Date.UTC(1904, 0, 1)), true)).toBe('1904-01-01');
    expect(isoDate(new Date(Date.UTC(2024, 0, 1, 12, 30)), false)).toBe('2024-01-01 12:30:00');
  });
});

describe('an extract kept in one workbook', () => {
  for (const date1904 of [false, true]) {
    it(`loads its three sheets through the CSV rules (${date1904 ? '1904' : '1900'} date system)`, async () => {
      const files = await expandWorkbooks(db, [
        asFile('extract.xlsx', await extractWorkbook(date1904)),
      ]);
      expect(files.map((f) => [f.fileName, f.error])).toEqual([
        ['extract.xlsx — families', null],
        ['extract.xlsx — children', null],
        ['extract.xlsx — adults', null],
      ]);
      const report = await loadExtract(db, files);
      expect(report.fatal).toBeNull();
      expect(report.dataThrough).toBe('2025-06-30');
      expect(report.tables).toEqual(['families', 'children', 'adults']);
      const [families, children, adults] = report.files;
      expect(counts(families)).toEqual({ rows: 4, loaded: 2, warnings: 1, rejected: 1 });
      expect(counts(children)).toEqual({ rows: 2, loaded: 2, warnings: 0, rejected: 0 });
      expect(counts(adults)).toEqual({ rows: 2, loaded: 2, warnings: 0, rejected: 0 });
      const issues = families?.issues.map((i) => [
        i.severity,
        i.column,
        i.reason,
        i.examples.map((e) => [e.rowNo, e.value]),
      ]);
      // The blank sheet row 4 is accounted for as CSV saved from Excel would be; the formula
      // error is shown as it reads in Excel, not taken for a blank date.
      expect(issues).toEqual([
        ['error', null, 'the row is empty', [[4, null]]],
        [
          'warning',
          'coordinated_plan_date',
          'coordinated_plan_date is not a date (use YYYY-MM-DD or M/D/YYYY)',
          [[5, '#DIV/0!']],
        ],
      ]);
      const rows = await db.query(`
        SELECT row_no, family_id, mutual_start_date::VARCHAR AS start,
               coordinated_plan_date::VARCHAR AS plan, child_in_care_at_index AS in_care
        FROM families ORDER BY row_no`);
      expect(rows).toEqual([
        { row_no: 3, family_id: 'F1', start: '2024-01-10', plan: '2024-02-01', in_care: true },
        { row_no: 5, family_id: 'F12', start: '2024-03-15', plan: null, in_care: false },
        { row_no: 6, family_id: 'F3', start: '2024-04-01', plan: null, in_care: false },
      ]);
      const grants = await db.query(
        'SELECT person_id, grant_m1::DOUBLE AS grant_m1 FROM adults ORDER BY person_id',
      );
      expect(grants).toEqual([
        { person_id: 'P1', grant_m1: 1234.5 },
        { person_id: 'P2', grant_m1: 125 },
      ]);
    });
  }
});

describe('an extract kept in a workbook per table', () => {
  it("recognizes each workbook's sheet by its columns, whatever the sheet is called", async () => {
    const families = new ExcelJS.Workbook();
    families.addWorksheet('Sheet1').addRows([
      ['Family ID', 'County', 'Unit', 'Group', 'Mutual Start Date', 'Data Through'],
      ['F1', 'Fresno', 'U1', 'Linkages', '2024-01-10', '2025-06-30'],
      ['F2', 'Fresno', 'U1', 'Comparison', '2024-02-10', '2025-06-30'],
    ]);
    const children = new ExcelJS.Workbook();
    children.addWorksheet('Sheet1').addRows([
      ['childId', 'familyId', 'removalDate', 'ageAtRemoval'],
      ['C1', 'F2', '3/1/2024', 7],
    ]);
    const files = await expandWorkbooks(db, [
      asFile('children.xlsx', new Uint8Array(await children.xlsx.writeBuffer())),
      asFile('families.xlsx', new Uint8Array(await families.xlsx.writeBuffer())),
    ]);
    const report = await loadExtract(db, files);
    expect(report.fatal).toBeNull();
    expect(report.files.map((f) => [f.fileName, f.table, f.loaded])).toEqual([
      ['children.xlsx — Sheet1', 'children', 1],
      ['families.xlsx — Sheet1', 'families', 2],
    ]);
    const rows = await db.query(
      'SELECT child_id, family_id, removal_date::VARCHAR AS removal FROM children',
    );
    expect(rows).toEqual([{ child_id: 'C1', family_id: 'F2', removal: '2024-03-01' }]);
  });
});

/** A zip archive holding one stored (uncompressed) file. */
function storedZip(name: string, text: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const data = new TextEncoder().encode(text);
  const local = new Uint8Array(30 + nameBytes.length);
  const localView = new DataView(local.buffer);
  localView.setUint32(0, 0x04034b50, true);
  localView.setUint32(18, data.length, true);
  localView.setUint32(22, data.length, true);
  localView.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  const central = new Uint8Array(46 + nameBytes.length);
  const centralView = new DataView(central.buffer);
  centralView.setUint32(0, 0x02014b50, true);
  centralView.setUint32(20, data.length, true);
  centralView.setUint32(24, data.length, true);
  centralView.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, 1, true);
  endView.setUint16(10, 1, true);
  endView.setUint32(12, central.length, true);
  endView.setUint32(16, local.length + data.length, true);
  const zip = new Uint8Array(local.length + data.length + central.length + end.length);
  zip.set(local, 0);
  zip.set(data, local.length);
  zip.set(central, local.length + data.length);
  zip.set(end, local.length + data.length + central.length);
  return zip;
}

const OLE = Uint8Array.from([
  0xd0,
  0xcf,
  0x11,
  0xe0,
  0xa1,
  0xb1,
  0x1a,
  0xe1,
  ...new Array<number>(504).fill(0),
]);

describe('a file that cannot be read as a workbook', () => {
  const refusal = async (fileName: string, bytes: Uint8Array) => {
    const [file, ...others] = await expandWorkbooks(db, [asFile(fileName, bytes)]);
    expect(others).toEqual([]);
    return file?.error;
  };

  it('says to save an .xls workbook as .xlsx', async () => {
    expect(await refusal('families.xls', OLE)).toBe(
      'families.xls is an Excel 97–2003 workbook (.xls), which cannot be read here. In Excel use File › Save As › "Excel Workbook (.xlsx)" or "CSV UTF-8" and load the new file.',
    );
  });

  it('says to remove the password of a password-protected .xlsx', async () => {
    expect(await refusal('extract.xlsx', OLE)).toBe(
      'extract.xlsx is protected with a password, so it cannot be read. In Excel open it, remove the password (File › Info › Protect Workbook › Encrypt with Password, and clear it), save it and load it again.',
    );
  });

  it('says that a text file named .xlsx is not a workbook', async () => {
    const text = new TextEncoder().encode('family_id,county\nF1,Fresno\n');
    expect(await refusal('families.xlsx', text)).toBe(
      'families.xlsx is named like an Excel workbook but is not one. Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", and load the new file.',
    );
  });

  it('says that a zipped file without a workbook in it is not a workbook', async () => {
    expect(await refusal('extract.xlsx', storedZip('families.csv', 'family_id\nF1\n'))).toBe(
      'extract.xlsx could not be read as an Excel workbook: it is a damaged file, or a zipped file that holds no workbook. Open it in Excel, save it again as "Excel Workbook (.xlsx)" or as "CSV UTF-8", and load the new file.',
    );
  });

  it('says that a workbook with only hidden or empty sheets has nothing to load', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('families', { state: 'hidden' }).addRow(['family_id']);
    book.addWorksheet('Sheet2');
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await refusal('extract.xlsx', bytes)).toBe(
      'extract.xlsx has no visible sheet with values. Check that it is the extract workbook and that its sheets are not hidden.',
    );
  });

  it('refuses a zipped "bomb" from the sizes its archive declares, before inflating anything', async () => {
    // 3 GiB declared for the sheet: what a few kilobytes of deflated zeros can expand to.
    const bytes = withDeclaredSize(
      await smallWorkbook(),
      'xl/worksheets/sheet1.xml',
      () => 3 * 2 ** 30,
    );
    const result = await readWorkbook('extract.xlsx', bytes);
    expect(result).toEqual({
      ok: false,
      error:
        'extract.xlsx was not read: opened, it holds 3,072 MB of sheet data, more than the 1 GB a workbook may hold here (about a million rows). If it is the extract, save each sheet in Excel as "CSV UTF-8" and load the CSV files.',
    });
    expect(MAX_WORKBOOK_XML_BYTES).toBe(2 ** 30);
  });

  it('refuses a workbook whose sheet inflates to more than it declares, rather than lose its last rows', async () => {
    // The Excel reader stops at the declared size: the rows past it would be gone without a word.
    const whole = await readWorkbook('extract.xlsx', await smallWorkbook());
    expect(whole.ok && whole.sheets[0]?.csv.split('\r\n').length).toBe(4);
    for (const change of [(size: number) => size - 40, (size: number) => size + 40]) {
      const bytes = withDeclaredSize(await smallWorkbook(), 'xl/worksheets/sheet1.xml', change);
      expect(await refusal('extract.xlsx', bytes)).toBe(
        'extract.xlsx could not be read as an Excel workbook: some of its contents are damaged. Open it in Excel, save it again as "Excel Workbook (.xlsx)" or as "CSV UTF-8", and load the new file.',
      );
    }
  });

  it('leaves CSV and Parquet files to the CSV and Parquet readers', async () => {
    const csv = asFile('families.csv', new TextEncoder().encode('family_id\nF1\n'));
    expect(await expandWorkbooks(db, [csv])).toEqual([{ ...csv, error: null }]);
  });
});

describe('a workbook dropped in the upload area', () => {
  it('is left to the loader, which matches the columns of each sheet', async () => {
    const bytes = await extractWorkbook(false);
    const preview = previewText('extract.xlsx', bytes.length, bytes.subarray(0, 4096));
    expect([preview.format, preview.problem]).toEqual(['workbook', null]);
    expect(needsMapping([{ preview, table: null, match: null, headerRow: false, recordRow: false }])).toBe(false);
  });

  it('loads when given to the loader as it is', async () => {
    const report = await loadExtract(db, [asFile('extract.xlsx', await extractWorkbook(false))]);
    expect(report.files.map((f) => [f.fileName, f.table, f.rows])).toEqual([
      ['extract.xlsx — families', 'families', 4],
      ['extract.xlsx — children', 'children', 2],
      ['extract.xlsx — adults', 'adults', 2],
    ]);
  });

  it('says what to do, as the reason nothing loaded, when the workbook is refused', async () => {
    const report = await loadExtract(db, [asFile('families.xls', OLE)]);
    expect(report.fatal).toBe(
      'families.xls is an Excel 97–2003 workbook (.xls), which cannot be read here. In Excel use File › Save As › "Excel Workbook (.xlsx)" or "CSV UTF-8" and load the new file. Without the families file no measure can be computed.',
    );
  });
});
