import { isExtractColumnName } from './match-columns';
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
  const text = clean(cell);
  if (text.length < 2 || !/^[A-Za-z]/.test(text)) return false;
  if (/\d{3}/.test(text) || /^[A-Za-z]{1,3}[-_ ]?\d+$/.test(text)) return false;
  if (VALUE_WORDS.has(normalizeHeader(text))) return false;
  return !looksLikeIdentifier(text);
}

function clean(cell: string): string {
  return cell.replace(/^\uFEFF/, '').trim();
}

/** A cell's shape: each capital letter `A`, small letter `a`, digit `9`; other characters kept. */
function shapeOf(text: string): string {
  return text.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/[0-9]/g, '9');
}

/**
 * A shape coded values have and words seldom do: a digit, a capital after a small letter
 * (`PersBAAA`), or letters joined by a dash, dot, slash or # (`COL-L`).
 */
function isCodeShape(shape: string): boolean {
  return /9|aA|[Aa][-./#][Aa9]/.test(shape);
}

/** A person's name as a record writes it: two to four capitalized words (`Ana Lopez`). */
const PERSON_NAME = /^[A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]*){1,3}$/;

/** Words of column names, which a person's name does not hold (`Case Worker`, `Start Date`). */
const COLUMN_WORDS =
  /\b(id|date|name|number|no|code|type|status|flag|count|amount|total|county|unit|group|plan|start|end|reason|worker|case|index|source|by)\b/i;

/** The kinds of character a shape holds, in a fixed order (`A9` for `Z33QQHTE`). */
function kindsOf(shape: string): string {
  return [...new Set(shape)].sort().join('');
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Whether a first-row cell has the shape of the values below it in its column, which makes it a
 * record's value rather than the column's name: the same coded shape (same length and character
 * classes, `PersBAAA` over `PersBAAB`), the same length and a shared prefix of three characters
 * or more, or a person's name over names. At least half the column's non-blank values below
 * must agree. An extract column's name or synonym is never a value.
 */
export function readsAsValueOf(cell: string, below: readonly string[]): boolean {
  const text = clean(cell);
  if (isExtractColumnName(text)) return false;
  const values = below.map(clean).filter((v) => v !== '');
  if (values.length === 0) return false;
  const enough = (test: (value: string) => boolean) =>
    values.filter(test).length >= values.length / 2;
  const shape = shapeOf(text);
  if (isCodeShape(shape) && enough((v) => shapeOf(v) === shape)) return true;
  // Random ids (`Z33QQHTE` over `QD78GAE2`): the same length and kinds of character, a digit
  // among them, where each value places its digits differently.
  const kinds = kindsOf(shape);
  if (/9/.test(shape) && enough((v) => v.length === text.length && kindsOf(shapeOf(v)) === kinds))
    return true;
  if (enough((v) => v.length === text.length && commonPrefixLength(v, text) >= 3)) return true;
  return PERSON_NAME.test(text) && !COLUMN_WORDS.test(text) && enough((v) => PERSON_NAME.test(v));
}

/**
 * Whether a file's first row (`cells`) is a header row, judged with the rows below it (`rows`,
 * the first few records; none: the first row alone). A file without one has its first record
 * read as headers (its ids, names, county and dates): such a row must never be kept as a
 * "mapping". It is a header row when every cell reads as a column name and none has the shape
 * of the values below it. When in doubt the answer is no: a mapping not kept only has to be
 * chosen again.
 */
export function isHeaderRow(cells: readonly string[], rows: readonly string[][] = []): boolean {
  return (
    cells.length > 0 &&
    cells.every(looksLikeColumnName) &&
    !readsAsValues(cells, rows).some(Boolean)
  );
}

/** For each first-row cell, whether it reads as a value of its column below (readsAsValueOf). */
function readsAsValues(cells: readonly string[], rows: readonly string[][]): boolean[] {
  return cells.map((cell, i) =>
    readsAsValueOf(
      cell,
      rows.map((row) => row[i] ?? ''),
    ),
  );
}

/**
 * Whether a file's first row (`cells`) reads as a record rather than column names, judged with
 * the rows below it (`rows`): at least half of its non-blank cells read as values of their
 * columns (readsAsValueOf). What the mapping step warns of, and what makes the validation report
 * name such a file's columns by position. Weaker than "not a header row" (isHeaderRow): a header
 * with one unusual cell (`Wages 2024`, a blank after a trailing comma, `Primary Caregiver` over
 * names) is not a record, though its mapping is not kept.
 */
export function readsAsRecord(cells: readonly string[], rows: readonly string[][]): boolean {
  const filled = cells.filter((cell) => clean(cell) !== '').length;
  const values = readsAsValues(cells, rows).filter(Boolean).length;
  return values > 0 && values * 2 >= filled;
}
