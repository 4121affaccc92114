import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHeaderRow, looksLikeColumnName, readsAsRecord } from '../../../src/dataset/header-row';
import { WITHHELD, inspectPreviews, previewText } from '../../../src/dataset/preview';
import { headerOnlyMappings, withChosenMappings } from '../../../src/dataset/saved-mappings';
import { TABLES } from '../../../src/dataset/schema';

const inspect = (fileName: string, text: string, mapping = {}) =>
  inspectPreviews([previewText(fileName, text.length, new TextEncoder().encode(text))], mapping);

/** The first record of a families file exported without its header row. */
const RECORD = 'F0000001,Los Angeles,LA-East,linkages,2022-07-01,7/26/2022,N,2025-09-30';
const HEADERLESS_FAMILIES = `${RECORD}\nF0000002,Fresno,FRE-West,comparison,2022-08-01,,Y,2025-09-30\n`;

describe('a header row', () => {
  it('is what every extract column name and synonym, and the sample headers, read as', () => {
    const names = TABLES.flatMap((t) => t.columns.flatMap((c) => [c.name, ...(c.synonyms ?? [])]));
    expect(names.filter((name) => !looksLikeColumnName(name))).toEqual([]);
    expect(
      isHeaderRow(['\uFEFFPERSON_ID', 'Family ID', 'Date both programs began', 'GRANT_M12']),
    ).toBe(true);
  });

  it.each([
    ['an id', 'F0000001'],
    ['a short id', 'P12'],
    ['a county', 'Los Angeles'],
    ['a county with its suffix', 'Fresno County'],
    ['a group', 'comparison'],
    ['a listed value', 'reunified'],
    ['a flag', 'Yes'],
    ['a blank', 'N/A'],
    ['an empty cell', ''],
    ['a date', '2022-07-01'],
    ['a US date', '7/26/2022'],
    ['a date with a month name', '5-Jan-2024'],
    ['an amount', '$1,481.00'],
    ['a number', '0'],
    ['a Social Security number', '123-45-6789'],
    ['a phone number', '(559) 555-0101'],
    ['an e-mail address', 'ana@example.org'],
  ])('is never a row with %s in it ("%s")', (_, cell) => {
    expect(looksLikeColumnName(cell)).toBe(false);
    expect(isHeaderRow(['family_id', 'county', cell])).toBe(false);
  });
});

/** The CSV files of the shared cases, their plain reference and the synthetic sample: all have a header row. */
const ROOT = resolve(import.meta.dirname, '../../..');
const WITH_HEADERS = [
  ...readdirSync(join(ROOT, 'test/fixtures/cases')).flatMap((name) =>
    readdirSync(join(ROOT, 'test/fixtures/cases', name))
      .filter((file) => file.endsWith('.csv'))
      .map((file) => join('test/fixtures/cases', name, file)),
  ),
  ...['families', 'children', 'adults'].flatMap((t) => [
    `test/fixtures/case-reference/${t}.csv`,
    `sample-data/${t}.csv`,
  ]),
];

const previewOf = (path: string) => {
  const bytes = readFileSync(join(ROOT, path));
  return previewText(path, bytes.length, bytes.subarray(0, 256 * 1024));
};

/** Rows of files exported without their header row: the first record is read as headers. */
const HEADERLESS: Record<string, string[][]> = {
  'adults: person id, family id, a name': [
    ['PersBAAA', 'FamBAAA', 'Ana Lopez'],
    ['PersBAAB', 'FamBAAB', 'James Garcia'],
    ['PersBAAC', 'FamBAAC', 'Rosa Martinez'],
    ['PersBAAD', 'FamBAAD', 'David Nguyen'],
  ],
  'names and words only': [
    ['Ana Lopez', 'Jose Smith', 'called twice'],
    ['Rosa Smith', 'Maria Lopez', 'no show'],
    ['David Nguyen', 'Linda Chen', 'moved'],
  ],
  'unit codes and ids of letters': [
    ['FAMQ', 'COL-L', 'WTW-A'],
    ['FAMR', 'COL-C', 'WTW-B'],
    ['FAMS', 'KIN-L', 'WTW-A'],
  ],
  'ids with a shared prefix beside words': [
    ['CaseAB', 'Central', 'North'],
    ['CaseAC', 'Central', 'South'],
    ['CaseAD', 'Eastern', 'North'],
  ],
  'coded ids of letters and digits': [
    ['A1B2C', 'x9y', 'ok'],
    ['D3E4F', 'z1q', 'ok'],
    ['G5H6J', 'k2w', 'ok'],
  ],
};

describe('a first row with the shape of the rows below it', () => {
  it.each(Object.entries(HEADERLESS))('is a record, not a header row (%s)', (_, rows) => {
    const [first = [], ...below] = rows;
    expect(isHeaderRow(first, below)).toBe(false);
    // Each of these files' first row would pass as names alone: the rows below decide.
    expect(first.every(looksLikeColumnName)).toBe(true);
  });

  it('leaves the header rows of the shared cases, their reference and the sample header rows', () => {
    expect(WITH_HEADERS.length).toBeGreaterThanOrEqual(20);
    const judged = WITH_HEADERS.map((path) => {
      const { headers, rows } = previewOf(path);
      expect(rows.length).toBeGreaterThan(0);
      return [path, isHeaderRow(headers, rows)];
    });
    expect(judged.filter(([, header]) => !header)).toEqual([]);
  });

  it('leaves every extract column name and synonym a header, over any values', () => {
    const names = TABLES.flatMap((t) => t.columns.flatMap((c) => [c.name, ...(c.synonyms ?? [])]));
    // Values of the same length and shape as the name beside it (FAMILY_ID over FAMILY_X1).
    const below = [names.map((name) => `${name.slice(0, -1)}x`), names];
    expect(isHeaderRow(names, below)).toBe(true);
  });

  it('leaves a header over values that merely share its length and capitals', () => {
    expect(
      isHeaderRow(
        ['Region', 'Worker', 'Notes'],
        [
          ['Colusa', 'Ana Lopez', 'called twice'],
          ['Fresno', 'Rosa Smith', 'no show'],
        ],
      ),
    ).toBe(true);
  });
});

describe('a header row with an unusual cell (the second new user, twelfth session)', () => {
  // County-export headers over the sample's families, with one more column of each kind.
  const header = ['Family ID', 'County Name', 'Unit Code', 'Study Group', 'Start Date', 'Region'];
  const below = [
    ['F0000001', 'Fresno', 'FRE-West', 'Comparison', '2022-07-01', 'Central Valley'],
    ['F0000002', 'tehama', 'TEH-Corning', 'Comparison', '2022-07-01', 'Northern California'],
    ['F0000003', 'Yolo', 'YOL-Davis', 'Linkages', '2022-07-02', 'Sacramento Valley'],
  ];
  const extra: [string, string, string[]][] = [
    ['a blank after a trailing comma', '', ['', '', '']],
    ['a column named by a value word', 'Sanction', ['Y', 'N', 'N']],
    ['a year in the name', 'Wages 2024', ['1200', '0', '830']],
    [
      'two capitalized words over names',
      'Primary Caregiver',
      ['Ana Lopez', 'Rosa Smith', 'Jose Diaz'],
    ],
  ];

  it.each(extra)(
    'is not read as a record (%s), though its mapping is not kept',
    (_, cell, values) => {
      const cells = [...header, cell];
      const rows = below.map((row, r) => [...row, values[r]!]);
      expect(readsAsRecord(cells, rows)).toBe(false);
      expect(isHeaderRow(cells, rows)).toBe(false);
    },
  );

  it('a plain header row is neither', () => {
    expect(readsAsRecord(header, below)).toBe(false);
    expect(isHeaderRow(header, below)).toBe(true);
  });

  it('a headerless file of random ids is a record, never a header row', () => {
    // Base32 ids of 8 characters: each places its digits differently (hl/adults.csv).
    const first = ['Z33QQHTE', 'QD78GAE2'];
    const rows = [
      ['9FQJURET', 'PELV85C5'],
      ['7EDW5GW3', 'UJ6L4ERP'],
      ['K2M4QX7A', 'T5RRW2ZB'],
      ['QW3EKD5N', 'B7AF2QJX'],
    ];
    expect(readsAsRecord(first, rows)).toBe(true);
    expect(isHeaderRow(first, rows)).toBe(false);
  });

  it.each(Object.entries(HEADERLESS))('a headerless file reads as a record (%s)', (_, rows) => {
    const [first = [], ...rest] = rows;
    expect(readsAsRecord(first, rest)).toBe(true);
  });
});

describe('the mappings kept on this computer', () => {
  it('keep a header row’s mapping, under its header names', () => {
    const text =
      'Family ID,County,Unit,Group,Date both programs began\nF1,Fresno,U1,linkages,2024-01-10\n';
    const mapping = { families: { mutual_start_date: 'Date both programs began' } };
    expect(withChosenMappings({}, inspect('families.csv', text, mapping), mapping)).toEqual({
      'county|datebothprogramsbegan|familyid|group|unit': {
        mutual_start_date: 'Date both programs began',
      },
    });
  });

  it('keep nothing of a file without a header row, though its columns were mapped', () => {
    const mapping = {
      families: {
        family_id: 'F0000001',
        county: 'Los Angeles',
        unit_id: 'LA-East',
        group: 'linkages',
        mutual_start_date: '2022-07-01',
      },
    };
    const inspections = inspect('families.csv', HEADERLESS_FAMILIES, mapping);
    expect(inspections[0]?.table).toBe('families');
    expect(withChosenMappings({}, inspections, mapping)).toEqual({});
  });

  it('keep nothing of a headerless adults file whose first record reads as names alone', () => {
    const text = HEADERLESS['adults: person id, family id, a name']!.map((r) => r.join(',')).join(
      '\n',
    );
    const mapping = { adults: { person_id: 'PersBAAA', family_id: 'FamBAAA' } };
    const inspections = inspect('adults.csv', `${text}\n`, mapping);
    expect(inspections[0]).toMatchObject({ table: 'adults', headerRow: false });
    expect(withChosenMappings({}, inspections, mapping)).toEqual({});
  });

  it('drop what an earlier version kept of a file without a header row', () => {
    const kept = { 'county|familyid': { family_id: 'Family ID' } };
    const values = { '20220701|f0000001|losangeles': { family_id: 'F0000001' } };
    expect(headerOnlyMappings({ ...kept, ...values })).toEqual(kept);
  });
});

describe('the preview of the mapping step', () => {
  it('shows no value of a column the privacy guard will not load', () => {
    const text =
      'Family ID,County,SSN,Last Name,contact,note\n' +
      'F1,Fresno,123-45-6789,Alvarez,(559) 555-0101,ok\n' +
      'F2,Fresno,987-65-4321,Baker,559-555-0102,\n';
    const [inspection] = inspect('families.csv', text);
    expect(inspection?.preview.rows).toEqual([
      ['F1', 'Fresno', WITHHELD, WITHHELD, WITHHELD, 'ok'],
      ['F2', 'Fresno', WITHHELD, WITHHELD, WITHHELD, ''],
    ]);
  });

  it('shows no identifier in a column that loads, though fewer than half its values are one', () => {
    const text =
      'Family ID,County,Notes\n' +
      'F1,Fresno,called twice\n' +
      'F2,Fresno,717-85-1055\n' +
      'F3,Fresno,no show\n';
    const [inspection] = inspect('families.csv', text);
    expect(inspection?.preview.rows).toEqual([
      ['F1', 'Fresno', 'called twice'],
      ['F2', 'Fresno', WITHHELD],
      ['F3', 'Fresno', 'no show'],
    ]);
  });
});
