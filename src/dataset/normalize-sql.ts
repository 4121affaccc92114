import { literal } from '../db/sql';
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

function textList(values: readonly string[]): string {
  return `[${values.map(quoteLiteral).join(', ')}]`;
}

/** Lower-case letters and digits only: `Non-Linkages` and `nonlinkages` are one key. */
export function valueKey(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export const BLANK_VALUES = ['', 'NA', 'N/A', 'NULL', '-', '.'] as const;
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

/** The macros, created once per load (CREATE OR REPLACE). */
export function normalizeMacrosSql(): string[] {
  const blanks = BLANK_VALUES.map(quoteLiteral).join(', ');
  return [
    // Most cells are longer than any blank word and hold no space: they skip trim and the word list.
    // Constant lists use list_contains: DuckDB plans a long IN list as a join, one per call.
    `CREATE OR REPLACE MACRO lk_clean(s) AS CASE
       WHEN strlen(s) > 4 AND NOT contains(s, ' ') THEN s
       WHEN list_contains([${blanks}], upper(trim(s))) THEN NULL
       ELSE trim(s) END`,
    `CREATE OR REPLACE MACRO lk_key(s) AS regexp_replace(lower(s), '[^a-z0-9]+', '', 'g')`,
    // Cheap tests first: a regular expression runs only on the shape it guards. M/D/YY is 20YY.
    `CREATE OR REPLACE MACRO lk_date(s) AS CASE
       WHEN s IS NULL THEN NULL
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
       list_contains([${PLACEHOLDER_DATES.map((iso) => `DATE ${quoteLiteral(iso)}`).join(', ')}], d)`,
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
    // Only digits with an optional sign and decimals: no 1e5, NaN or Infinity.
    `CREATE OR REPLACE MACRO lk_amount(t) AS CASE
       WHEN regexp_full_match(t, '-?(\\d+(\\.\\d*)?|\\.\\d+)') THEN try_cast(t AS DOUBLE)
       WHEN regexp_full_match(t, '\\((\\d+(\\.\\d*)?|\\.\\d+)\\)') THEN -try_cast(trim(t, '()') AS DOUBLE)
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_money(s) AS lk_amount(regexp_replace(s, '[$, ]', '', 'g'))`,
  ];
}

/**
 * SQL expression parsing cleaned text `expr` as the column's type; NULL when it cannot be parsed.
 * Dates keep placeholder dates (see `lk_placeholder`); enums give NULL outside the list.
 */
export function parseSql(column: ColumnSpec, expr: string): string {
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
    case 'money':
      return `lk_money(${expr})`;
    case 'enum':
      return enumSql(column, expr);
    case 'text':
      return expr;
  }
}
