import { CALIFORNIA_COUNTIES, type ColumnSpec } from './schema';

/**
 * Value parsing for the extract, as DuckDB macros: every cell is parsed in SQL so that a file of
 * millions of rows is normalized in one pass. Each macro takes text that `lk_clean` has already
 * trimmed (NULL = blank) and returns the typed value, or NULL when it cannot be parsed.
 */

/** Quotes a constant written in this code base as a SQL string literal (never user input). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
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
  const keys = new Map<string, string>();
  for (const value of column.values ?? []) keys.set(valueKey(value), value);
  for (const [key, value] of Object.entries(ENUM_ALIASES[column.name] ?? {})) keys.set(key, value);
  const branches = [...keys].map(([key, value]) => `WHEN ${quoteLiteral(key)} THEN ${quoteLiteral(value)}`);
  // CWS/CMS termination codes not in the list are still exits: "any other code → other".
  const otherwise =
    column.name === 'exit_reason'
      ? `CASE WHEN regexp_full_match(lk_key(${expr}), '\\d{4}') THEN 'other' END`
      : 'NULL';
  return `CASE lk_key(${expr}) ${branches.join(' ')} ELSE ${otherwise} END`;
}

const countyKeys = CALIFORNIA_COUNTIES.map(valueKey);
const groupKeys = Object.keys(GROUP_KEYS);

/** The macros, created once per load (CREATE OR REPLACE). */
export function normalizeMacrosSql(): string[] {
  const blanks = BLANK_VALUES.map(quoteLiteral).join(', ');
  return [
    `CREATE OR REPLACE MACRO lk_clean(s) AS
       CASE WHEN s IS NULL OR upper(trim(s)) IN (${blanks}) THEN NULL ELSE trim(s) END`,
    `CREATE OR REPLACE MACRO lk_key(s) AS regexp_replace(lower(s), '[^a-z0-9]+', '', 'g')`,
    // M/D/YY means 20YY; a time after a date is dropped.
    `CREATE OR REPLACE MACRO lk_date(s) AS CASE
       WHEN regexp_full_match(s, '\\d{4}-\\d{1,2}-\\d{1,2}') THEN try_strptime(s, '%Y-%m-%d')::DATE
       WHEN regexp_full_match(s, '\\d{4}-\\d{1,2}-\\d{1,2}[T ].*')
         THEN try_strptime(regexp_extract(s, '^[0-9-]+'), '%Y-%m-%d')::DATE
       WHEN regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{4}( .*)?')
         THEN try_strptime(split_part(s, ' ', 1), '%m/%d/%Y')::DATE
       WHEN regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2}')
         THEN try_strptime(regexp_replace(s, '/(\\d{2})$', '/20\\1'), '%m/%d/%Y')::DATE
       WHEN regexp_full_match(s, '\\d{4}/\\d{1,2}/\\d{1,2}') THEN try_strptime(s, '%Y/%m/%d')::DATE
       WHEN regexp_full_match(s, '\\d{1,2}-[A-Za-z]{3}-\\d{4}') THEN try_strptime(s, '%d-%b-%Y')::DATE
       WHEN regexp_full_match(s, '\\d{1,2}-[A-Za-z]{3}-\\d{2}')
         THEN try_strptime(regexp_replace(s, '-(\\d{2})$', '-20\\1'), '%d-%b-%Y')::DATE
       WHEN regexp_full_match(s, '\\d{5}(\\.\\d*)?') THEN DATE '1899-12-30' + floor(s::DOUBLE)::INTEGER
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_placeholder(d) AS
       d IN (${PLACEHOLDER_DATES.map((iso) => `DATE ${quoteLiteral(iso)}`).join(', ')})`,
    `CREATE OR REPLACE MACRO lk_date_value(s) AS
       CASE WHEN lk_placeholder(lk_date(s)) THEN NULL ELSE lk_date(s) END`,
    // True for a slash date that is valid only with the day first (25/12/2023).
    `CREATE OR REPLACE MACRO lk_day_first_only(s) AS
       regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2,4}') AND lk_date(s) IS NULL
       AND lk_date(regexp_replace(s, '^(\\d{1,2})/(\\d{1,2})/', '\\2/\\1/')) IS NOT NULL`,
    `CREATE OR REPLACE MACRO lk_month_first_only(s) AS
       regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{2,4}') AND lk_date(s) IS NOT NULL
       AND lk_date(regexp_replace(s, '^(\\d{1,2})/(\\d{1,2})/', '\\2/\\1/')) IS NULL`,
    `CREATE OR REPLACE MACRO lk_flag(s) AS CASE
       WHEN upper(s) IN (${YES_VALUES.map(quoteLiteral).join(', ')}) THEN TRUE
       WHEN upper(s) IN (${NO_VALUES.map(quoteLiteral).join(', ')}) THEN FALSE
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_flag_known(s) AS
       s IS NULL OR upper(s) IN (${[...YES_VALUES, ...NO_VALUES, ...UNKNOWN_FLAG_VALUES].map(quoteLiteral).join(', ')})`,
    `CREATE OR REPLACE MACRO lk_group(s) AS
       ${textList(groupKeys.map((k) => GROUP_KEYS[k]!))}[list_position(${textList(groupKeys)}, lk_key(s))]`,
    `CREATE OR REPLACE MACRO lk_county(s) AS CASE
       WHEN regexp_full_match(s, '\\d{1,2}') THEN ${textList(CALIFORNIA_COUNTIES)}[
         CASE WHEN s::INTEGER BETWEEN 1 AND 58 THEN s::INTEGER ELSE NULL END]
       ELSE ${textList(CALIFORNIA_COUNTIES)}[
         list_position(${textList(countyKeys)}, regexp_replace(lk_key(s), 'county$', ''))]
       END`,
    `CREATE OR REPLACE MACRO lk_integer(s) AS CASE
       WHEN regexp_full_match(s, '-?\\d+(\\.0*)?') THEN try_cast(try_cast(s AS DOUBLE) AS INTEGER)
       ELSE NULL END`,
    `CREATE OR REPLACE MACRO lk_money(s) AS CASE
       WHEN regexp_full_match(replace(replace(replace(s, '$', ''), ',', ''), ' ', ''), '\\((.*)\\)')
         THEN -try_cast(regexp_extract(replace(replace(replace(s, '$', ''), ',', ''), ' ', ''), '\\((.*)\\)', 1) AS DOUBLE)
       ELSE try_cast(replace(replace(replace(s, '$', ''), ',', ''), ' ', '') AS DOUBLE) END`,
  ];
}

/** SQL expression parsing cleaned text `expr` as the column's type (dates keep placeholders out). */
export function parseSql(column: ColumnSpec, expr: string): string {
  switch (column.type) {
    case 'date':
      return `lk_date_value(${expr})`;
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
    case 'enum': {
      const fallback = enumFallback(column);
      const mapped = enumSql(column, expr);
      return fallback === null
        ? mapped
        : `CASE WHEN ${expr} IS NULL THEN NULL ELSE coalesce(${mapped}, ${quoteLiteral(fallback)}) END`;
    }
    case 'text':
      return expr;
  }
}

/** SQL condition: the cleaned text `expr` is present but is not a value of the column's type. */
export function unparseableSql(column: ColumnSpec, expr: string): string | null {
  switch (column.type) {
    case 'date':
      return `${expr} IS NOT NULL AND lk_date(${expr}) IS NULL`;
    case 'flag':
      return `NOT lk_flag_known(${expr})`;
    case 'group':
      return `${expr} IS NOT NULL AND lk_group(${expr}) IS NULL`;
    case 'county':
      return `${expr} IS NOT NULL AND lk_county(${expr}) IS NULL`;
    case 'integer':
      return `${expr} IS NOT NULL AND lk_integer(${expr}) IS NULL`;
    case 'money':
      return `${expr} IS NOT NULL AND lk_money(${expr}) IS NULL`;
    case 'enum':
      return `${expr} IS NOT NULL AND (${enumSql(column, expr)}) IS NULL`;
    case 'text':
      return null;
  }
}

