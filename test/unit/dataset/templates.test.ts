import { describe, expect, it } from 'vitest';
import { ADULTS, CHILDREN, FAMILIES, TABLES } from '../../../src/dataset/schema';
import { dataDictionary, templateCsv } from '../../../src/dataset/templates';

describe('the data dictionary and the CSV templates', () => {
  it('lists every schema column once, file by file, in column order', () => {
    const listed = dataDictionary().map((row) => `${row.file}:${row.column}`);
    const declared = TABLES.flatMap((t) => t.columns.map((c) => `${t.fileName}:${c.name}`));
    expect(listed).toEqual(declared);
    expect(listed).toHaveLength(15 + 8 + 14);
  });

  it('marks as required exactly the columns the schema requires', () => {
    const required = dataDictionary()
      .filter((row) => row.required)
      .map((row) => `${row.file}:${row.column}`);
    expect(required).toEqual([
      'families.csv:family_id',
      'families.csv:county',
      'families.csv:unit_id',
      'families.csv:group',
      'families.csv:mutual_start_date',
      'children.csv:child_id',
      'children.csv:family_id',
      'children.csv:removal_date',
      'children.csv:age_at_removal',
      'adults.csv:person_id',
      'adults.csv:family_id',
    ]);
  });

  it('names the allowed values of an enum column and the accepted CWS/CMS codes', () => {
    const rows = dataDictionary();
    const idSource = rows.find((r) => r.column === 'id_source');
    expect(idSource?.allowed).toMatch(
      /^One of: data_match, cws_screening, calworks_referral, liaison, court, other, unknown\./,
    );
    const exitReason = rows.find((r) => r.column === 'exit_reason');
    expect(exitReason?.allowed).toContain('5439, 5440, 5513 → reunified');
  });

  it('says that a blank date means not yet observed, and that flags are never blank-as-no', () => {
    const rows = dataDictionary();
    expect(rows.find((r) => r.column === 'coordinated_plan_date')?.allowed).toContain(
      'Blank = not observed by the data-through date',
    );
    expect(rows.find((r) => r.column === 'employed_at_index')?.allowed).toContain(
      'never read as no',
    );
  });

  it('tells which columns must be unique and which must match families.csv', () => {
    const rows = dataDictionary();
    const allowed = (file: string, column: string) =>
      rows.find((r) => r.file === file && r.column === column)?.allowed ?? '';
    expect(allowed('families.csv', 'family_id')).toContain('Unique in the file');
    expect(allowed('adults.csv', 'person_id')).toContain('Unique in the file');
    expect(allowed('children.csv', 'child_id')).not.toContain('Unique');
    expect(allowed('children.csv', 'family_id')).toContain('Must exist in families.csv');
  });

  it('carries the other accepted headers of each column', () => {
    const unit = dataDictionary().find((r) => r.column === 'unit_id');
    expect(unit?.otherHeaders).toEqual(['unit', 'office', 'team', 'unit_name', 'office_id']);
  });

  it('offers each template as the header line only, with the schema columns in order', () => {
    for (const spec of [FAMILIES, CHILDREN, ADULTS]) {
      const template = templateCsv(spec.name);
      expect(template).toBe(`${spec.columns.map((c) => c.name).join(',')}\r\n`);
      expect(template.trimEnd().split('\r\n')).toHaveLength(1);
    }
    expect(templateCsv('children')).toBe(
      'child_id,family_id,removal_date,episode_end_date,exit_reason,age_at_removal,age_at_exit,reentry_date\r\n',
    );
  });
});
