import { BLANK_VALUES, NO_VALUES, UNKNOWN_FLAG_VALUES, YES_VALUES } from './normalize-sql';
import { looksLikeIdentifier } from './privacy';
import { CALIFORNIA_COUNTIES, GROUPS, TABLES, normalizeHeader } from './schema';

/**
 * Words that are values of the extract, not names of columns: blanks, flags, groups, counties
 * and listed values, as `normalizeHeader` writes them.
 */
const VALUE_WORDS = new Set(
  [
    ...BLANK_VALUES,
    ...YES_VALUES,
    ...NO_VALUES,
    ...UNKNOWN_FLAG_VALUES,
    ...GROUPS,
    ...CALIFORNIA_COUNTIES,
    ...CALIFORNIA_COUNTIES.map((county) => `${county} County`),
    ...TABLES.flatMap((t) => t.columns.flatMap((c) => c.values ?? [])),
  ].map(normalizeHeader),
);

/**
 * Whether a header cell reads as the name of a column rather than a value: it starts with a
 * letter, is longer than one character, holds no run of three digits (ids, dates, amounts, phone
 * numbers), is not an id like `F12`, and is not a value word or an identifier.
 */
export function looksLikeColumnName(cell: string): boolean {
  const text = cell.replace(/^\uFEFF/, '').trim();
  if (text.length < 2 || !/^[A-Za-z]/.test(text)) return false;
  if (/\d{3}/.test(text) || /^[A-Za-z]{1,3}[-_ ]?\d+$/.test(text)) return false;
  if (VALUE_WORDS.has(normalizeHeader(text))) return false;
  return !looksLikeIdentifier(text);
}

/**
 * Whether a file's first row is a header row. A file without one has its first record read as
 * headers (its family id, county, unit and dates): such a row must never be kept as a "mapping".
 * When in doubt the answer is no: a mapping not kept only has to be chosen again.
 */
export function isHeaderRow(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every(looksLikeColumnName);
}
