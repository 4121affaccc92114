import { describe, expect, it } from 'vitest';
import { matchHeaders, recognizeTable, titleLineCount } from '../../../src/dataset/match-columns';
import { CHILDREN, FAMILIES } from '../../../src/dataset/schema';

describe('matching headers', () => {
  it('ignores case, spaces, punctuation and camelCase', () => {
    const match = matchHeaders(FAMILIES, [
      'FAMILY_ID',
      'County',
      'unitId',
      'Group',
      'Mutual Start Date',
    ]);
    expect(match.matched.map((m) => [m.column.name, m.header])).toEqual([
      ['family_id', 'FAMILY_ID'],
      ['county', 'County'],
      ['unit_id', 'unitId'],
      ['group', 'Group'],
      ['mutual_start_date', 'Mutual Start Date'],
    ]);
    expect(match.unmatchedRequired).toEqual([]);
  });

  it('prefers the exact name over a synonym, and the user’s choice over both', () => {
    expect(
      matchHeaders(FAMILIES, ['index_date', 'mutual_start_date']).matched.find(
        (m) => m.column.name === 'mutual_start_date',
      )?.header,
    ).toBe('mutual_start_date');
    expect(
      matchHeaders(FAMILIES, ['index_date', 'mutual_start_date'], {
        mutual_start_date: 'index_date',
      }).matched.find((m) => m.column.name === 'mutual_start_date')?.header,
    ).toBe('index_date');
  });

  it('lists unknown columns as ignored and keeps a child county only for the check', () => {
    const match = matchHeaders(CHILDREN, [
      'child_id',
      'family_id',
      'removal_date',
      'age_at_removal',
      'County',
      'note',
    ]);
    expect(match.countyCheck).toBe('County');
    expect(match.ignored).toEqual(['note']);
    expect(match.unmatchedOptional.map((c) => c.name)).toEqual([
      'episode_end_date',
      'exit_reason',
      'age_at_exit',
      'reentry_date',
    ]);
  });

  it('puts identifier headers under privacy, not ignored', () => {
    const match = matchHeaders(FAMILIES, [
      'family_id',
      'Last Name',
      'DOB',
      'Phone',
      'Case Number',
      'unit_name',
      'Soc Sec No',
      'Tel',
      'Tel. No.',
      'Total',
    ]);
    expect(match.privacy.map((p) => p.header)).toEqual([
      'Last Name',
      'DOB',
      'Phone',
      'Case Number',
      'Soc Sec No',
      'Tel',
      'Tel. No.',
    ]);
    expect(match.ignored).toEqual(['Total']);
    expect(match.matched.map((m) => m.header)).toEqual(['family_id', 'unit_name']);
  });
});

describe('recognizing the table of a file', () => {
  it('goes by the columns, not the file name', () => {
    expect(
      recognizeTable('export (3).csv', ['child_id', 'family_id', 'removal_date', 'age_at_removal']),
    ).toBe('children');
    expect(recognizeTable('children.csv', ['person_id', 'family_id', 'employed_at_index'])).toBe(
      'adults',
    );
  });

  it('uses the file name only to break a tie', () => {
    expect(recognizeTable('families.csv', ['family_id'])).toBe('families');
    expect(recognizeTable('data.csv', ['family_id'])).toBeNull();
  });
});

describe('title lines above the header', () => {
  it('counts the lines before the first line of extract column names', () => {
    expect(titleLineCount('family_id,county\nF1,Fresno\n')).toBe(0);
    expect(
      titleLineCount('Linkages extract\nRun on 7/1/2025\n\nFamily ID;County;Unit\nF1;Fresno;U1\n'),
    ).toBe(3);
    expect(titleLineCount('Familia,Condado\nF1,Fresno\n')).toBe(0);
  });
});
