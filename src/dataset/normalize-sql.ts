import { ident, literal, raw, type Sql } from '../db/sql';
import { CALIFORNIA_COUNTIES, type ColumnSpec } from './schema';

/**
 * Value parsing for the extract, as DuckDB macros: every cell is parsed in SQL so that a file of
 * millions of rows is normalized in one pass. Each macro takes text that `lk_clean` has already
 * trimmed (NULL = blank) and returns the typed value, or NULL when it cannot be parsed.
 */

/** A constant of this code base as SQL text: macro bodies are DDL, where nothing can be bound. */
function quoteLiteral(text: string): string {
  return literal(text).toInlineText();
}

/** What separates the values of a constant list written as one string (no value holds it). */
const LIST_SEPARATOR = '|';

/**
 * A constant list of text as SQL: one string split at LIST_SEPARATOR, which DuckDB folds into the
 * same list as the literal `['a', 'b', …]`. DuckDB binds a list literal element by element (about
 * a millisecond for the 45 blank words), at every use of a macro holding one.
 */
function textList(values: readonly string[]): string {
  if (values.length === 0) return '[]::VARCHAR[]';
  if (values.some((v) => v.includes(LIST_SEPARATOR)))
    throw new Error(`A constant list value holds ${LIST_SEPARATOR}`);
  return `string_split(${quoteLiteral(values.join(LIST_SEPARATOR))}, ${quoteLiteral(LIST_SEPARATOR)})`;
}

/** A constant list of whole numbers as SQL, folded as `textList` is. */
function integerList(values: readonly number[]): string {
  return `CAST(string_split('${values.map((v) => String(Math.trunc(v))).join(',')}', ',') AS INTEGER[])`;
}

/**
 * The constant lists of one statement, each named once: a use is a reference to a column that
 * the statement's inner SELECT gives (`columns`), instead of a copy of the list. DuckDB folds
 * every copy of a constant list anew when it plans a statement (the county families file's
 * shape scan holds about 120 copies: 40 % of its planning, natively), and a column computed once
 * per row group costs no more to run. Pass one to the condition helpers below.
 */
export class ListColumns {
  readonly #names = new Map<string, string>();

  /** SQL: the column standing for constant list `list` (SQL text). */
  ref(list: string): string {
    let name = this.#names.get(list);
    if (name === undefined) {
      name = ident(`lk:list${String(this.#names.size)}`).toInlineText();
      this.#names.set(list, name);
    }
    return name;
  }

  /** SQL: `list AS name` for each list named so far, for the inner SELECT's columns. */
  columns(): string[] {
    return [...this.#names].map(([list, name]) => `${list} AS ${name}`);
  }
}

/** `list` (SQL), or its column in `lists`. */
function listOf(list: string, lists: ListColumns | undefined): string {
  return lists === undefined ? list : lists.ref(list);
}

/**
 * How a money column writes amounts, decided per column (money-conventions.ts): `us` 1,234.50 or
 * `eu` 1.234,50. The `-unsure` forms read the same, except a value whose one mark is the decimal
 * mark before exactly three digits (1.100 in `us-unsure`, 1,100 in `eu-unsure`), which could as
 * well be a thousands separator: it is unknown (NULL, a warning), never 1.1 (`lk_money_unsure`).
 */
export type MoneyConvention = 'us' | 'eu' | 'us-unsure' | 'eu-unsure';

/** Whether the convention's decimal mark is the comma (1.234,50). */
export function decimalComma(money: MoneyConvention): boolean {
  return money === 'eu' || money === 'eu-unsure';
}

/** Lower-case letters and digits only: `Non-Linkages` and `nonlinkages` are one key. */
export function valueKey(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Cells that mean "no value", compared upper-cased after cleaning: the spec's list, then the
 * missing-value marks of statistics tools and spreadsheets (pandas and NumPy `nan`/`None`/`NaT`,
 * R `<NA>`, SAS and Stata special missing values `.A`–`.Z` and `._`, SQL dumps `\N`, Excel's
 * `#N/A` and `#NULL!` and pivot-table `(blank)`). Excel's other error values (`#DIV/0!`, `#REF!`,
 * `#VALUE!`, …) are a formula that failed, not a missing-value mark: they stay as written, so the
 * column's own rule warns about them instead of reading them as "not observed".
 */
export const BLANK_VALUES = [
  '',
  'NA',
  'N/A',
  'NULL',
  '-',
  '.',
  'NAN',
  '-NAN',
  'NONE',
  'NAT',
  '<NA>',
  '#NA',
  '#N/A',
  '#N/A N/A',
  '#NULL!',
  '(BLANK)',
  '\\N',
  '._',
  ...Array.from({ length: 26 }, (_, i) => `.${String.fromCharCode(65 + i)}`),
] as const;
export const YES_VALUES = ['Y', 'YES', 'TRUE', 'T', '1', 'X'] as const;
export const NO_VALUES = ['N', 'NO', 'FALSE', 'F', '0'] as const;
export const UNKNOWN_FLAG_VALUES = ['UNKNOWN', 'U'] as const;
export const PLACEHOLDER_DATES = ['9999-12-31', '1900-01-01', '0001-01-01'] as const;

const GROUP_KEYS: Record<string, 'linkages' | 'comparison'> = {
  linkages: 'linkages',
  pilot: 'linkages',
  l: 'linkages',
  treatment: 'linkages',
  linkagesunit: 'linkages',
  pilotunit: 'linkages',
  comparison: 'comparison',
  nonpilot: 'comparison',
  c: 'comparison',
  control: 'comparison',
  nonlinkages: 'comparison',
  comparisonunit: 'comparison',
  nonlinkagesunit: 'comparison',
  nonpilotunit: 'comparison',
};

/** Codes and words counties use for an enum value, by column (keys as `valueKey` makes them). */
export const ENUM_ALIASES: Record<string, Record<string, string>> = {
  cws_component_at_index: {
    '1692': 'ER',
    '1693': 'FM',
    '1694': 'FR',
    '1695': 'PP',
    emergencyresponse: 'ER',
    familymaintenance: 'FM',
    familyreunification: 'FR',
    permanentplacement: 'PP',
  },
  exit_reason: {
    '5439': 'reunified',
    '5440': 'reunified',
    '5513': 'reunified',
    '5426': 'adopted',
    '5505': 'adopted',
    '5438': 'adopted',
    '5519': 'adopted',
    '6530': 'adopted',
    '6531': 'adopted',
    '5434': 'guardianship',
    '5516': 'guardianship',
    '5427': 'emancipated',
    '5506': 'emancipated',
    '5433': 'emancipated',
    '5510': 'emancipated',
    reunification: 'reunified',
    adoption: 'adopted',
    legalguardianship: 'guardianship',
    emancipation: 'emancipated',
    agedout: 'emancipated',
  },
  wtw_status_at_index: { sanctioned: 'sanction', noncompliant: 'noncompliance' },
};

/** What an enum value outside the list is stored as: `other` where the list has it, else `unknown`. */
export function enumFallback(column: ColumnSpec): string | null {
  const values = column.values ?? [];
  if (values.includes('other')) return 'other';
  if (values.includes('unknown')) return 'unknown';
  return null;
}

/** SQL expression mapping cleaned text `expr` to the column's canonical value, NULL if unrecognized. */
export function enumSql(column: ColumnSpec, expr: string): string {
  const canonical = column.values ?? [];
  const keys = new Map<string, string>();
  for (const value of canonical) keys.set(valueKey(value), value);
  for (const [key, value] of Object.entries(ENUM_ALIASES[column.name] ?? {})) keys.set(key, value);
  const lookup = `${textList([...keys.values()])}[list_position(${textList([...keys.keys()])}, lk_key(${expr}))]`;
  // CWS/CMS termination codes not in the list are still exits: "any other code → other".
  const otherCode =
    column.name === 'exit_reason' ? `WHEN regexp_full_match(${expr}, '\\d{4}') THEN 'other' ` : '';
  return `CASE WHEN list_contains(${textList(canonical)}, ${expr}) THEN ${expr}
    WHEN ${lookup} IS NOT NULL THEN ${lookup} ${otherCode}ELSE NULL END`;
}

const countyKeys = CALIFORNIA_COUNTIES.map(valueKey);
const groupKeys = Object.keys(GROUP_KEYS);

/**
 * Characters that show as nothing, or as a plain space, in a spreadsheet, as RE2 classes written
 * out (a `\\p{…}` class costs a millisecond to compile, once per use per statement): Unicode
 * spaces, control characters (tab and line ends included) and the default-ignorable code points
 * (zero-width space, byte-order mark, direction marks, soft hyphen, variation selectors …).
 * Around a value they are removed as spaces are.
 */
const FORMAT_CLASS =
  '\\xAD\\x{34F}\\x{61C}\\x{115F}\\x{1160}\\x{17B4}\\x{17B5}\\x{180B}-\\x{180F}\\x{200B}-\\x{200F}' +
  '\\x{202A}-\\x{202E}\\x{2060}-\\x{206F}\\x{3164}\\x{FE00}-\\x{FE0F}\\x{FEFF}\\x{FFA0}\\x{FFF0}-\\x{FFFB}' +
  '\\x{1BCA0}-\\x{1BCA3}\\x{1D173}-\\x{1D17A}\\x{E0000}-\\x{E0FFF}';
/** Control characters other than tab and line ends: never part of text, removed wherever they are. */
const CONTROL_CLASS = '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F';
/** Spaces other than the plain space, tab and line ends: a plain space inside a value. */
const OTHER_SPACE_CLASS =
  '\\x0B\\x0C\\x85\\xA0\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}';
/** The code points of OTHER_SPACE_CLASS, to test one character without a regular expression. */
const OTHER_SPACES = [
  0x0b,
  0x0c,
  0x85,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
];
const INVISIBLE_CLASS = `\\x00-\\x20\\x7F-\\x9F${OTHER_SPACE_CLASS}${FORMAT_CLASS}`;

/** Names of the characters a warning may name; others are named by their kind. */
const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'a NUL character',
  0x0b: 'a vertical tab',
  0x0c: 'a form feed',
  0x1a: 'an end-of-file mark (SUB)',
  0x1b: 'an escape character',
  0x1c: 'a file separator',
  0x1d: 'a group separator',
  0x1e: 'a record separator',
  0x1f: 'a unit separator',
  0x7f: 'a delete character',
  0x85: 'a next-line character',
  0xa0: 'a no-break space',
  0xad: 'a soft hyphen',
  0x2007: 'a figure space',
  0x2009: 'a thin space',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x202f: 'a narrow no-break space',
  0x2060: 'a word joiner',
  0x3000: 'an ideographic space',
  0xfeff: 'a byte-order mark (zero-width no-break space)',
};

/** An RE2 class of the above as a JavaScript one (RE2's `\\x{…}` is JavaScript's `\\u{…}`). */
function jsClass(re2: string): string {
  return re2.replace(/\\x\{([0-9A-F]+)\}/g, '\\u{$1}');
}
const JS_EDGES = new RegExp(
  `^[${jsClass(INVISIBLE_CLASS)}]+|[${jsClass(INVISIBLE_CLASS)}]+$`,
  'gu',
);
const JS_REMOVED = new RegExp(`[${jsClass(CONTROL_CLASS + FORMAT_CLASS)}]`, 'gu');
const JS_OTHER_SPACE = new RegExp(`[${jsClass(OTHER_SPACE_CLASS)}]`, 'gu');
const JS_CONTROL = new RegExp(`[${jsClass(CONTROL_CLASS)}]`, 'u');
const JS_INSIDE = new RegExp(`[${jsClass(FORMAT_CLASS + OTHER_SPACE_CLASS)}]`, 'u');

/**
 * `lk_tidy` in TypeScript, for text read outside SQL (a header): invisible characters and every
 * kind of space removed around the text; inside it, control and format characters removed and
 * other spaces made plain spaces.
 */
export function tidyText(text: string): string {
  return text.replace(JS_EDGES, '').replace(JS_REMOVED, '').replace(JS_OTHER_SPACE, ' ');
}

/**
 * `lk_odd` and `lk_char_name` in TypeScript: the character a warning names in `text` (a control
 * character anywhere, else another invisible character or space inside it), as
 * "a no-break space (U+00A0)", and whether it is a space (read as a plain one); null when it has none.
 */
export function oddCharacter(text: string): { name: string; space: boolean } | null {
  const odd = JS_CONTROL.exec(text)?.[0] ?? JS_INSIDE.exec(text.replace(JS_EDGES, ''))?.[0];
  if (odd === undefined) return null;
  const code = odd.codePointAt(0) ?? 0;
  const name =
    CHARACTER_NAMES[code] ??
    (code < 32 || (code >= 127 && code <= 159)
      ? 'a control character'
      : OTHER_SPACES.includes(code)
        ? 'a space character'
        : 'an invisible formatting character');
  return {
    name: `${name} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`,
    space: OTHER_SPACES.includes(code),
  };
}

/** The first code point of each blank word, in either case: only cells starting with one are looked up. */
const blankStarts = [
  ...new Set(BLANK_VALUES.flatMap((v) => [v, v.toLowerCase()].map((w) => w.codePointAt(0) ?? 0))),
];

/**
 * SQL condition on a present cell `s` that `lk_text` keeps as written (whatever the blank words):
 * printable ASCII without a space, not empty, not starting like a blank word. With `whole`, a
 * cell kept as written also holds no dot.
 */
export function keptAsWrittenSql(s: string, lists?: ListColumns): string {
  return `NOT (${s} GLOB '*[!!-~]*') AND ${s} <> ''
         AND NOT list_contains(${listOf(integerList(blankStarts), lists)}, unicode(${s}))`;
}

/** The shape of a clean export's dates, YYYY-MM-DD in digits, as a GLOB pattern. */
export const ISO_DATE_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';

/** An amount in digits with an optional decimal point (no sign, group or currency), as RE2. */
export const PLAIN_AMOUNT_PATTERN = '\\d+(\\.\\d*)?';

/**
 * The values a county, group or enum column's parser gives back as written (the first branch
 * of `lk_county`, `lk_group`, `enumSql`); null for other columns.
 */
export function canonicalValues(column: ColumnSpec): readonly string[] | null {
  switch (column.type) {
    case 'county':
      return CALIFORNIA_COUNTIES;
    case 'group':
      return ['linkages', 'comparison'];
    case 'enum':
      return column.values ?? [];
    default:
      return null;
  }
}

/** SQL expression: whether text `expr` is one of `values`. */
export function inTextListSql(
  expr: string,
  values: readonly string[],
  lists?: ListColumns,
): string {
  return `list_contains(${listOf(textList(values), lists)}, ${expr})`;
}

/** Whether a column reads a whole number written with a zero fraction as that number (`cleanSql`). */
export function readsWholeNumbers(column: ColumnSpec): boolean {
  return column.type !== 'money' && column.type !== 'date';
}

/** The macros, created once per load (CREATE OR REPLACE). */
export function normalizeMacrosSql(): string[] {
  const names = Object.entries(CHARACTER_NAMES);
  const edges = `'^[${INVISIBLE_CLASS}]+|[${INVISIBLE_CLASS}]+$'`;
  return [
    // A number written with a zero fraction (5439.0, 1.0: statistics packages write integer
    // columns as floats) is that whole number; leading zeros stay (01.0 is county 01).
    `CREATE OR REPLACE MACRO lk_whole(t) AS
       CASE WHEN regexp_full_match(t, '-?\\d+\\.0*') THEN split_part(t, '.', 1) ELSE t END`,
    // A blank word (upper-cased) is NULL; `blanks` is BLANK_VALUES less a column's own values.
    `CREATE OR REPLACE MACRO lk_blank(t, blanks, whole) AS CASE
       WHEN list_contains(blanks, upper(t)) THEN NULL WHEN whole THEN lk_whole(t) ELSE t END`,
    // Invisible characters removed around the value; inside it, control and format characters
    // removed and other spaces made plain spaces.
    `CREATE OR REPLACE MACRO lk_tidy(s) AS regexp_replace(regexp_replace(
       regexp_replace(s, ${edges}, '', 'g'),
       '[${CONTROL_CLASS}${FORMAT_CLASS}]', '', 'g'), '[${OTHER_SPACE_CLASS}]', ' ', 'g')`,
    // A cell's text: NULL when blank; `whole` reads 5439.0 as 5439. Most cells are printable
    // ASCII without a space, do not start like a blank word and (with `whole`) hold no dot:
    // they are kept as they are (GLOB is far cheaper than a regular expression). The others are
    // trimmed, or tidied once (the lambda binds the result: a lambda costs far more per row
    // than a trim, so only the rare cells with other characters go through it), and looked up.
    // Constant lists use list_contains: DuckDB plans a long IN list as a join, one per call.
    `CREATE OR REPLACE MACRO lk_text(s, blanks, whole) AS CASE
       WHEN s IS NULL THEN NULL
       WHEN ${keptAsWrittenSql('s')}
         AND NOT (whole AND contains(s, '.')) THEN s
       WHEN s GLOB '*[! -~]*' THEN list_transform([lk_tidy(s)], t -> lk_blank(t, blanks, whole))[1]
       ELSE lk_blank(trim(s), blanks, whole) END`,
    `CREATE OR REPLACE MACRO lk_clean(s) AS lk_text(s, ${textList(BLANK_VALUES)}, FALSE)`,
    // The character a warning names: a control character anywhere, or another invisible
    // character or space inside the value.
    `CREATE OR REPLACE MACRO lk_odd(s) AS CASE
       WHEN s IS NULL OR NOT (s GLOB '*[! -~]*') THEN NULL
       ELSE nullif(coalesce(nullif(regexp_extract(s, '[${CONTROL_CLASS}]'), ''),
         regexp_extract(regexp_replace(s, ${edges}, '', 'g'), '[${FORMAT_CLASS}${OTHER_SPACE_CLASS}]')), '')
       END`,
    `CREATE OR REPLACE MACRO lk_odd_is_space(c) AS list_contains(${integerList(OTHER_SPACES)}, unicode(c))`,
    `CREATE OR REPLACE MACRO lk_char_name(c) AS coalesce(
       ${textList(names.map(([, name]) => name))}[list_position(${integerList(names.map(([code]) => Number(code)))}, unicode(c))],
       CASE WHEN unicode(c) < 32 OR unicode(c) BETWEEN 127 AND 159 THEN 'a control character'
            WHEN lk_odd_is_space(c) THEN 'a space character'
            ELSE 'an invisible formatting character' END)
       || ' (U+' || upper(printf('%04x', unicode(c))) || ')'`,
    `CREATE OR REPLACE MACRO lk_key(s) AS regexp_replace(lower(s), '[^a-z0-9]+', '', 'g')`,
    // Cheap tests first: a regular expression runs only on the shape it guards. M/D/YY is 20YY.
    // YYYY-MM-DD, the shape of a clean export, is tested by GLOB first (RE2's \d is [0-9]: the
    // second branch would take it too, with the same cast).
    `CREATE OR REPLACE MACRO lk_date(s) AS CASE
       WHEN s IS NULL THEN NULL
       WHEN s GLOB '${ISO_DATE_GLOB}' THEN try_cast(s AS DATE)
       WHEN regexp_full_match(s, '(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2})([T ]\\d{1,2}:\\d{2}.*)?')
         THEN try_cast(s AS DATE)
       WHEN contains(s, '/') THEN CASE
         WHEN regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{4}( .*)?')
           THEN try_strptime(split_part(s, ' ', 1), '%m/%d/%Y')::DATE
         WHEN regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2}')
           THEN try_strptime(regexp_replace(s, '/(\\d{2})$', '/20\\1'), '%m/%d/%Y')::DATE
         END
       WHEN regexp_full_match(s, '\\d{1,2}-[A-Za-z]{3}-\\d{4}') THEN try_strptime(s, '%d-%b-%Y')::DATE
       WHEN regexp_full_match(s, '\\d{1,2}-[A-Za-z]{3}-\\d{2}')
         THEN try_strptime(regexp_replace(s, '-(\\d{2})$', '-20\\1'), '%d-%b-%Y')::DATE
       WHEN regexp_full_match(s, '\\d{5}(\\.\\d*)?') THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_placeholder(d) AS
       list_contains(CAST(${textList(PLACEHOLDER_DATES)} AS DATE[]), d)`,
    // A slash date valid only with the day first (25/12/2023), or only with the month first.
    `CREATE OR REPLACE MACRO lk_day_first_only(s) AS CASE
       WHEN NOT contains(s, '/') THEN FALSE
       WHEN NOT coalesce(try_cast(split_part(s, '/', 1) AS INTEGER) BETWEEN 13 AND 31, FALSE) THEN FALSE
       ELSE coalesce(try_cast(split_part(s, '/', 2) AS INTEGER) BETWEEN 1 AND 12, FALSE)
         AND regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2,4}') END`,
    `CREATE OR REPLACE MACRO lk_month_first_only(s) AS CASE
       WHEN NOT contains(s, '/') THEN FALSE
       WHEN NOT coalesce(try_cast(split_part(s, '/', 2) AS INTEGER) BETWEEN 13 AND 31, FALSE) THEN FALSE
       ELSE coalesce(try_cast(split_part(s, '/', 1) AS INTEGER) BETWEEN 1 AND 12, FALSE)
         AND regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2,4}') END`,
    `CREATE OR REPLACE MACRO lk_flag(s) AS CASE
       WHEN list_contains(${textList(YES_VALUES)}, upper(s)) THEN TRUE
       WHEN list_contains(${textList(NO_VALUES)}, upper(s)) THEN FALSE
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_flag_known(s) AS
       s IS NULL OR list_contains(${textList([...YES_VALUES, ...NO_VALUES, ...UNKNOWN_FLAG_VALUES])}, upper(s))`,
    // Values already canonical take the first branch; CASE evaluates later branches only for the rest.
    `CREATE OR REPLACE MACRO lk_group(s) AS CASE
       WHEN s = 'linkages' OR s = 'comparison' THEN s
       ELSE ${textList(groupKeys.map((k) => GROUP_KEYS[k]!))}[list_position(${textList(groupKeys)}, lk_key(s))]
       END`,
    `CREATE OR REPLACE MACRO lk_county(s) AS CASE
       WHEN list_contains(${textList(CALIFORNIA_COUNTIES)}, s) THEN s
       WHEN regexp_full_match(s, '\\d{1,2}') THEN ${textList(CALIFORNIA_COUNTIES)}[
         CASE WHEN s::INTEGER BETWEEN 1 AND 58 THEN s::INTEGER ELSE NULL END]
       ELSE ${textList(CALIFORNIA_COUNTIES)}[
         list_position(${textList(countyKeys)}, regexp_replace(lk_key(s), 'county$', ''))]
       END`,
    `CREATE OR REPLACE MACRO lk_integer(s) AS CASE
       WHEN regexp_full_match(s, '-?\\d+(\\.0*)?') THEN try_cast(try_cast(s AS DOUBLE) AS INTEGER)
       ELSE NULL END`,
    // Money in one convention per column (`eu`: 1.234,50; else 1,234.50): digits with
    // thousands groups and decimals, a currency sign, a leading minus or parentheses; no 1e5,
    // NaN or Infinity. A value written in the other convention is NULL, never another amount.
    `CREATE OR REPLACE MACRO lk_amount(b, eu) AS CASE
       WHEN eu THEN CASE WHEN regexp_full_match(b, '\\d{1,3}(\\.\\d{3})+(,\\d*)?|\\d+(,\\d*)?|,\\d+')
         THEN replace(replace(b, '.', ''), ',', '.')::DOUBLE END
       WHEN regexp_full_match(b, '\\d{1,3}(,\\d{3})+(\\.\\d*)?|\\d+(\\.\\d*)?|\\.\\d+')
         THEN replace(b, ',', '')::DOUBLE END`,
    `CREATE OR REPLACE MACRO lk_signed_amount(n, eu) AS CASE
       WHEN starts_with(n, '(') AND ends_with(n, ')') AND NOT contains(n, '-') THEN -lk_amount(trim(n, '()'), eu)
       WHEN starts_with(n, '-') THEN -lk_amount(substr(n, 2), eu)
       ELSE lk_amount(n, eu) END`,
    `CREATE OR REPLACE MACRO lk_money(s, eu := FALSE) AS
       lk_signed_amount(regexp_replace(s, '[$€£ ''\\x{A0}\\x{202F}]', '', 'g'), eu)`,
    // A value whose one mark is the decimal mark (a comma when `eu`) before exactly three
    // digits, sign and currency aside: 1.100 could be 1100 with a thousands dot, or 1.1.
    `CREATE OR REPLACE MACRO lk_money_unsure(s, eu) AS CASE
       WHEN s IS NULL OR NOT (contains(s, ',') OR contains(s, '.')) THEN FALSE
       WHEN eu THEN regexp_full_match(s, '[-()$€£ ''\\x{A0}\\x{202F}]*\\d{1,3},\\d{3}[-()$€£ ''\\x{A0}\\x{202F}]*')
       ELSE regexp_full_match(s, '[-()$€£ ''\\x{A0}\\x{202F}]*\\d{1,3}\\.\\d{3}[-()$€£ ''\\x{A0}\\x{202F}]*') END`,
    // Which convention a value shows: the one of the two that alone reads it (1,234.50,
    // 1234.5678 or 1234. only 1,234.50; 900,50 or 1.100.000 only 1.234,50). 1,234, 1.234 and
    // 900 could be either.
    `CREATE OR REPLACE MACRO lk_money_hint(s) AS CASE
       WHEN s IS NULL OR NOT (contains(s, ',') OR contains(s, '.')) THEN NULL
       WHEN lk_money(s, FALSE) IS NULL THEN CASE WHEN lk_money(s, TRUE) IS NOT NULL THEN 'eu' END
       WHEN lk_money(s, TRUE) IS NULL THEN 'us'
       END`,
  ];
}

/**
 * SQL expression of a column's cleaned text from its raw cell `expr`: as `lk_clean`, except that
 * a blank word that is one of the column's own values (`none`) is that value, and that outside
 * money and dates a whole number written with a zero fraction is that number.
 */
export function cleanSql(column: ColumnSpec, expr: string, lists?: ListColumns): string {
  const whole = readsWholeNumbers(column);
  return `lk_text(${expr}, ${listOf(textList(blankWordsOf(column)), lists)}, ${whole ? 'TRUE' : 'FALSE'})`;
}

/** The cells a column reads as blank (upper-cased): BLANK_VALUES less the column's own values. */
export function blankWordsOf(column: ColumnSpec | null): readonly string[] {
  const own = new Set((column?.values ?? []).map((v) => v.toUpperCase()));
  return BLANK_VALUES.filter((b) => !own.has(b));
}

/**
 * SQL expression: the cell `expr` as `lk_text` cleans it with `blanks`, for a cell known to be
 * kept as written by it, or exactly one of `blanks` upper-cased (printable ASCII without
 * spaces around it, so trimming keeps it): NULL for a blank word, else the cell.
 */
export function blankOrCellSql(
  expr: string,
  blanks: readonly string[],
  lists?: ListColumns,
): string {
  return `CASE WHEN ${isBlankWordSql(expr, blanks, lists)} THEN NULL ELSE ${expr} END`;
}

/**
 * SQL condition: text `expr` upper-cased is one of `blanks` (upper-cased words). A cell whose
 * first character starts none of them in either case (most cells: ids, dates, codes) is not
 * upper-cased and looked up: that look-up on every cell of every column was most of a scan's
 * cost. NULL for NULL, as the look-up gives.
 */
export function isBlankWordSql(
  expr: string,
  blanks: readonly string[],
  lists?: ListColumns,
): string {
  const starts = [
    ...new Set(
      blanks
        .filter((b) => b !== '')
        .flatMap((b) => [b, b.toLowerCase()].map((w) => w.codePointAt(0) ?? 0)),
    ),
  ];
  return `CASE WHEN NOT list_contains(${listOf(integerList(starts), lists)}, unicode(${expr})) AND ${expr} <> '' THEN FALSE
    ELSE list_contains(${listOf(textList(blanks), lists)}, upper(${expr})) END`;
}

/**
 * `lk_clean` of text `expr` (any column's cell: BLANK_VALUES, no whole numbers); with `lists`,
 * the macro's body with the blank words as `lists`' column.
 */
export function cleanAnySql(expr: string, lists?: ListColumns): string {
  return lists === undefined
    ? `lk_clean(${expr})`
    : `lk_text(${expr}, ${lists.ref(textList(BLANK_VALUES))}, FALSE)`;
}

/** `cleanSql` of the cell under a file's header `header`. */
export function cleanCellSql(column: ColumnSpec, header: string, lists?: ListColumns): Sql {
  return raw(cleanSql(column, ident(header).toInlineText(), lists));
}

/**
 * SQL expression parsing cleaned text `expr` as the column's type; NULL when it cannot be parsed.
 * Dates keep placeholder dates (see `lk_placeholder`); enums give NULL outside the list.
 */
export function parseSql(column: ColumnSpec, expr: string, money: MoneyConvention = 'us'): string {
  switch (column.type) {
    case 'date':
      return `lk_date(${expr})`;
    case 'flag':
      return `lk_flag(${expr})`;
    case 'group':
      return `lk_group(${expr})`;
    case 'county':
      return `lk_county(${expr})`;
    case 'integer':
      return `lk_integer(${expr})`;
    case 'money': {
      const eu = decimalComma(money) ? 'TRUE' : 'FALSE';
      const amount = `lk_money(${expr}, ${eu})`;
      return money === 'us' || money === 'eu'
        ? amount
        : `CASE WHEN lk_money_unsure(${expr}, ${eu}) THEN NULL ELSE ${amount} END`;
    }
    case 'enum':
      return enumSql(column, expr);
    case 'text':
      return expr;
  }
}
