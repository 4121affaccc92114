import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import { STAGED, WORK } from './load-tables';
import {
  sqlType,
  type ColumnSpec,
  type ColumnType,
  type TableName,
  type TableSpec,
} from './schema';
import type { HeaderMatch } from './match-columns';
import { ListColumns, decimalComma, enumFallback, type MoneyConvention } from './normalize-sql';
import {
  cleanedAnySql,
  cleanedCellSql,
  cleansToItself,
  shapedParseSql,
  type ColumnShapes,
} from './column-shapes';

/** The row rules of the extract spec, as SQL conditions on the rows of a typed chunk (WORK.typed). */

export type Severity = 'error' | 'warning';

export interface RowRule {
  severity: Severity;
  column: string | null;
  reason: string;
  /**
   * SQL expression of the character the reason names, for a rule about one character of the
   * cell: the reason is then `oddCharacterReason` of it (else `reason`).
   */
  character?: Sql;
  effect: string;
  /** SQL condition on a typed chunk's row. */
  where: Sql;
  /** SQL expression of the value shown as an example. */
  value: Sql;
}

export const EFFECT = {
  rejected: 'Row not loaded: it is left out of every measure.',
  duplicate:
    'Every copy is left out of every measure (which copy is right cannot be told), and so are the rows that ' +
    'refer to it; fix the file so each id appears once.',
  orphan: 'Row not loaded: without its family it has no group, county or index date.',
  dateBlank: 'Treated as blank: the event counts as not yet observed.',
  dataThroughBlank:
    "Treated as blank: the extract's data-through date is read from the rows whose date can be " +
    'read; if none can, write the dates as YYYY-MM-DD (or enter the data-through date) and load ' +
    'the files again.',
  flagUnknown: 'Treated as unknown: measures that need this flag leave the row out.',
  valueBlank: 'Treated as blank (unknown).',
  moneyUnsure:
    'Treated as blank (unknown), never guessed. Export the amounts without thousands separators ' +
    '(1100 or 1100.00) and load the file again.',
  afterThrough: 'Kept; the measures treat the event as not yet observed.',
  beforeIndex: 'Kept; measures that follow the family from its index date leave this row out.',
  reentry: 'Kept; the episode is left out of the re-entry measure.',
  age: 'Kept as given; age limits of the measures apply to it. Check the value.',
  county: "Kept; the family's county is used.",
  oddCharacter:
    'Kept; the value is read as shown here, without the character. Export tools add such characters: check the value if it looks wrong.',
} as const;

/** What storing an unrecognized value as the column's fallback does to the measures. */
const ENUM_FALLBACK_EFFECT: Record<string, string> = {
  exclusion_reason:
    ': the adult counts as excluded and is left out of every CalWORKs measure (a blank keeps the adult in)',
  exit_reason: ': the exit counts as one other than reunification',
  wtw_status_at_index: ': the adult does not count as sanctioned at the index date',
  cws_component_at_index: ': the family is left out of the foster-entry measure',
};

const TYPE_WORDS: Record<ColumnType, string> = {
  text: 'text',
  date: 'a date (use YYYY-MM-DD or M/D/YYYY)',
  county: 'a California county name or code 01–58',
  group: 'a recognized group (linkages or comparison)',
  flag: 'a yes/no value',
  integer: 'a whole number',
  money: 'an amount of money',
  enum: 'a listed value',
};

/** Event dates that cannot come before the family's index date (`mutual_start_date`). */
export const EVENTS_AFTER_INDEX: Partial<Record<TableSpec['name'], readonly string[]>> = {
  families: [
    'linkages_start_date',
    'coordinated_plan_date',
    'cws_case_close_date',
    'next_subst_referral_date',
    'first_removal_after_index_date',
  ],
  adults: ['first_employment_date', 'aid_exit_date', 'aid_return_date'],
};

/**
 * The warning the Data & validation page lists for rows whose event column (EVENTS_AFTER_INDEX)
 * is dated before the family's index date, e.g. "coordinated_plan_date is before the family's
 * mutual_start_date".
 */
export const beforeIndexReason = (event: string): string =>
  `${event} is before the family's mutual_start_date`;

/** Dates not checked against the data-through date as events (they are checked as errors, or are it). */
const NOT_EVENTS = new Set(['mutual_start_date', 'data_through_date']);

const rawOf = (column: string) => ident(`raw:${column}`);
const originalOf = (column: string) => ident(`original:${column}`);
const oddOf = (column: string) => ident(`odd:${column}`);
const parsedOf = (column: string) => ident(`parsed:${column}`);

/** normalize-sql.ts writes text around an expression: only column references go in. */
function textOf(expr: Sql): string {
  const { text, params } = expr.toQuery();
  if (params.length > 0) throw new Error('normalize-sql takes column references only');
  return text;
}

/** The column's parser on `expr` (`shapedParseSql`: a plain cast where the header's shape allows). */
function parse(
  column: ColumnSpec,
  expr: Sql,
  shapes: ColumnShapes | undefined,
  header: string,
  money?: MoneyConvention,
): Sql {
  return raw(shapedParseSql(column, textOf(expr), shapes?.get(header), money));
}

/**
 * Rows typed at a time: the typed table of a chunk is temporary (uncompressed: fast to write), and
 * a wide one of millions of rows is what ran DuckDB-wasm out of memory. A file of 3M rows is
 * typed, checked and stored in three chunks.
 */
export const TYPED_CHUNK_ROWS = 1_000_000;

/** How each money column writes amounts (findMoneyConventions); a column not in it is `us`. */
export type MoneyConventions = ReadonlyMap<string, MoneyConvention>;

/** A column's typed value from its cleaned text, or for dates from the date as written (NULL when blank or unparseable). */
function valueSql(
  column: ColumnSpec,
  cleaned: Sql,
  parsedDate: Sql,
  parsed: (expr: Sql, money?: MoneyConvention) => Sql,
  money?: MoneyConventions,
): Sql {
  const value =
    column.type === 'date'
      ? sql`CASE WHEN lk_placeholder(${parsedDate}) THEN NULL ELSE ${parsedDate} END`
      : parsed(cleaned, money?.get(column.name));
  return sql`CAST(${value} AS ${raw(sqlType(column.type))})`;
}

/**
 * A column's typed values straight from the raw text table `rawTable`: a relation of one column,
 * `value`, a row per row of the table; null when no header matched the column.
 */
export function rawValuesSql(
  match: HeaderMatch,
  columnName: string,
  rawTable: Sql,
  shapes?: ColumnShapes,
): Sql | null {
  const found = match.matched.find((m) => m.column.name === columnName);
  if (found === undefined) return null;
  const { column, header } = found;
  const parsed = (expr: Sql, money?: MoneyConvention) => parse(column, expr, shapes, header, money);
  // The cleaned text computed once, in an inner query: a macro repeats its argument at each use
  // (a lambda binding it cost far more per row).
  const cell = raw('cell');
  return sql`SELECT ${valueSql(column, cell, parsed(cell), parsed)} AS value
    FROM (SELECT ${cleanedCellSql(column, header, shapes)} AS cell FROM ${rawTable})`;
}

/** Keys on more than one row of the all-text table `rawTable`, with how many: WORK.duplicates (few rows). */
export function duplicateKeysSql(
  spec: TableSpec,
  match: HeaderMatch,
  rawTable: Sql,
  shapes?: ColumnShapes,
): Sql | null {
  const found = match.matched.find((m) => m.column.name === spec.uniqueKey);
  if (found === undefined) return null;
  return sql`CREATE OR REPLACE TEMP TABLE ${WORK.duplicates(spec.name)} AS
    SELECT key, count(*) AS copies
    FROM (SELECT ${cleanedCellSql(found.column, found.header, shapes)} AS key FROM ${rawTable})
    WHERE key IS NOT NULL GROUP BY key HAVING count(*) > 1`;
}

/**
 * Whether every one of the cleaned cells is NULL: one `coalesce` per 64 cells, joined by AND (a
 * single `coalesce` of a wide file's 2,000 cells took DuckDB minutes to plan).
 */
function emptySql(cells: readonly Sql[]): Sql {
  if (cells.length === 0) return raw('TRUE');
  const parts: Sql[] = [];
  for (let from = 0; from < cells.length; from += 64)
    parts.push(sql`coalesce(${join(cells.slice(from, from + 64), ', ')}) IS NULL`);
  return join(parts, ' AND ');
}

/**
 * The typed chunk (WORK.typed) from the all-text table's rows numbered `from` to `to`
 * (inclusive): per row `row_no`, `_empty`, `_copies` (rows with the same unique key, from
 * WORK.duplicates), the family's `_family_found`, `_family_index`, `_family_county` (from the
 * staged families), and per column its cleaned text "raw:<column>", for dates the date as written
 * "parsed:<column>" (placeholders included), and its value "<column>" (NULL when blank or
 * unparseable; enums outside the list get their fallback only when inserted). Each value is
 * parsed once; a column whose `shapes` show the macros give its cells back as written, or
 * parsed by a plain cast, gets that expression instead (column-shapes.ts).
 */
export function typedTableSql(
  spec: TableSpec,
  match: HeaderMatch,
  rawTable: Sql,
  headers: readonly string[],
  rows: { from: number; to: number },
  money?: MoneyConventions,
  shapes?: ColumnShapes,
): Sql {
  const matched = new Set(match.matched.map((m) => m.column.name));
  // The cleaning's constant lists (blank words and their first characters), each a column of
  // the rows read instead of a copy per use, which DuckDB folds anew (findColumnShapes).
  const lists = new ListColumns();
  const clean = (header: string) => cleanedAnySql(header, shapes, lists);
  const headerOf = new Map(match.matched.map((m) => [m.column.name, m.header]));
  const parsed = (column: ColumnSpec) => (expr: Sql, convention?: MoneyConvention) =>
    parse(column, expr, shapes, headerOf.get(column.name) ?? '', convention);
  const cleaned = [
    sql`_row_no AS row_no`,
    ...match.matched.map(
      ({ column, header }) =>
        sql`${cleanedCellSql(column, header, shapes, lists)} AS ${rawOf(column.name)}`,
    ),
    ...match.matched.map(
      ({ column, header }) => sql`${ident(header)} AS ${originalOf(column.name)}`,
    ),
    ...(match.countyCheck === null
      ? []
      : [sql`${clean(match.countyCheck)} AS ${rawOf('county_check')}`]),
    sql`${emptySql(headers.map(clean))} AS _empty`,
  ];
  const dates = match.matched.filter((m) => m.column.type === 'date');
  const parsedDates = dates.map(
    ({ column }) => sql`, ${parsed(column)(rawOf(column.name))} AS ${parsedOf(column.name)}`,
  );
  // The cell as written is looked at again only where cleaning changed it (never, in a column
  // that cleans to itself).
  const odd = match.matched.map(({ column, header }) => {
    const name = column.name;
    return cleansToItself(shapes?.get(header))
      ? sql`, NULL::VARCHAR AS ${oddOf(name)}`
      : sql`, CASE WHEN ${rawOf(name)} IS DISTINCT FROM ${originalOf(name)} THEN lk_odd(${originalOf(name)}) END AS ${oddOf(name)}`;
  });
  const originals = match.matched.map(({ column }) => originalOf(column.name));
  const values = spec.columns.map((column) =>
    matched.has(column.name)
      ? sql`${valueSql(column, rawOf(column.name), parsedOf(column.name), parsed(column), money)} AS ${ident(column.name)}`
      : sql`CAST(NULL AS ${raw(sqlType(column.type))}) AS ${ident(column.name)}`,
  );
  // Duplicated keys are few: a join on them is far cheaper than a window over every column.
  const hasKey = match.matched.some((m) => m.column.name === spec.uniqueKey);
  const copies = hasKey ? raw('coalesce(d.copies, 1)') : raw('1');
  const duplicates = hasKey
    ? sql`LEFT JOIN ${WORK.duplicates(spec.name)} d ON d.key = p.${rawOf(spec.uniqueKey ?? '')}`
    : raw('');
  const family =
    spec.name === 'families'
      ? raw('FALSE AS _family_found, NULL::DATE AS _family_index, NULL::VARCHAR AS _family_county')
      : raw(
          'f.family_id IS NOT NULL AS _family_found, f.mutual_start_date AS _family_index, f.county AS _family_county',
        );
  const familyJoin =
    spec.name === 'families'
      ? raw('')
      : sql`LEFT JOIN ${STAGED.table('families')} f ON f.family_id = p.${rawOf('family_id')}`;
  const exclude = originals.length === 0 ? raw('') : sql` EXCLUDE (${join(originals, ', ')})`;
  const listed = lists.columns();
  const source =
    listed.length === 0 ? rawTable : sql`(SELECT *, ${raw(listed.join(', '))} FROM ${rawTable})`;
  return sql`CREATE OR REPLACE TEMP TABLE ${WORK.typed(spec.name)} AS
    SELECT p.*, ${join(values, ', ')}, ${copies}::INTEGER AS _copies, ${family}
    FROM (SELECT c.*${exclude}${join([...parsedDates, ...odd], '')}
          FROM (SELECT ${join(cleaned, ', ')} FROM ${source}
                WHERE _row_no BETWEEN ${rows.from} AND ${rows.to}) c) p
    ${duplicates}
    ${familyJoin}`;
}

/** The value a row stores for a column: enums outside the list become their fallback. */
export function storedValueSql(column: ColumnSpec, match: HeaderMatch): Sql {
  const matched = match.matched.some((m) => m.column.name === column.name);
  const fallback = column.type === 'enum' && matched ? enumFallback(column) : null;
  return fallback === null
    ? ident(column.name)
    : sql`CASE WHEN ${rawOf(column.name)} IS NULL THEN NULL ELSE coalesce(${ident(column.name)}, ${fallback}) END`;
}

/** A present value that is not one of the column's type (placeholder dates are not "unparseable"). */
function unparseableSql(column: ColumnSpec): Sql | null {
  const text = rawOf(column.name);
  const value = ident(column.name);
  switch (column.type) {
    case 'text':
      return null;
    case 'date':
      return sql`${text} IS NOT NULL AND ${parsedOf(column.name)} IS NULL`;
    case 'flag':
      return sql`${text} IS NOT NULL AND ${value} IS NULL AND NOT lk_flag_known(${text})`;
    default:
      return sql`${text} IS NOT NULL AND ${value} IS NULL`;
  }
}

/**
 * The reason of an odd character rule: the column (SQL text), the character's name, and what
 * was done with it.
 */
function oddCharacterReason(column: Sql, character: Sql): Sql {
  return sql`${column} || ' holds ' || lk_char_name(${character}) || CASE WHEN lk_odd_is_space(${character}) THEN ', read as a plain space' ELSE ', removed' END`;
}

/** A control character anywhere in a cell, or an invisible character or odd space inside it. */
function oddCharacterRule(column: ColumnSpec): RowRule {
  const odd = oddOf(column.name);
  return {
    severity: 'warning',
    column: column.name,
    reason: `${column.name} holds an invisible character`,
    character: odd,
    effect: EFFECT.oddCharacter,
    where: sql`${odd} IS NOT NULL`,
    value: rawOf(column.name),
  };
}

function columnRules(column: ColumnSpec, money: MoneyConvention = 'us'): RowRule[] {
  const text = rawOf(column.name);
  const value = text;
  const name = column.name;
  const unparseable = unparseableSql(column);
  if (column.required) {
    const rules: RowRule[] = [
      {
        severity: 'error',
        column: name,
        reason: `${name} is blank`,
        effect: EFFECT.rejected,
        where: sql`${text} IS NULL AND NOT _empty`,
        value,
      },
    ];
    if (unparseable !== null) {
      rules.push({
        severity: 'error',
        column: name,
        reason: `${name} is not ${TYPE_WORDS[column.type]}`,
        effect: EFFECT.rejected,
        where: unparseable,
        value,
      });
    }
    if (column.type === 'date') {
      rules.push({
        severity: 'error',
        column: name,
        reason: `${name} is a placeholder date (like 9999-12-31), not a real date`,
        effect: EFFECT.rejected,
        where: sql`lk_placeholder(${parsedOf(column.name)})`,
        value,
      });
    }
    return rules;
  }
  if (unparseable === null) return [];
  switch (column.type) {
    case 'enum': {
      const fallback = enumFallback(column);
      return [
        {
          severity: 'warning',
          column: name,
          reason: `${name} is not one of ${(column.values ?? []).join(', ')}`,
          effect:
            fallback === null
              ? EFFECT.valueBlank
              : `Stored as '${fallback}'${ENUM_FALLBACK_EFFECT[name] ?? ''}.`,
          where: unparseable,
          value,
        },
      ];
    }
    case 'flag':
      return [
        {
          severity: 'warning',
          column: name,
          reason: `${name} is not a yes/no value (Y, N, TRUE, FALSE, 1, 0)`,
          effect: EFFECT.flagUnknown,
          where: unparseable,
          value,
        },
      ];
    case 'money':
      return moneyRules(column, money, unparseable);
    default:
      return [
        {
          severity: 'warning',
          column: name,
          reason: `${name} is not ${TYPE_WORDS[column.type]}`,
          effect:
            name === 'data_through_date'
              ? EFFECT.dataThroughBlank
              : column.type === 'date'
                ? EFFECT.dateBlank
                : EFFECT.valueBlank,
          where: unparseable,
          value,
        },
      ];
  }
}

/**
 * A money column's warnings: a value that fits neither way of writing amounts, and, in an
 * `-unsure` column (money-conventions.ts), a value like 1.100 that could be 1100 or 1.1.
 */
function moneyRules(column: ColumnSpec, money: MoneyConvention, unparseable: Sql): RowRule[] {
  const text = rawOf(column.name);
  const name = column.name;
  const comma = decimalComma(money);
  const notAmount: RowRule = {
    severity: 'warning',
    column: name,
    reason: `${name} is not an amount of money as the column writes them (${comma ? '1.234,50' : '1,234.50'})`,
    effect: EFFECT.valueBlank,
    where: unparseable,
    value: text,
  };
  if (money === 'us' || money === 'eu') return [notAmount];
  const unsure = sql`${text} IS NOT NULL AND lk_money_unsure(${text}, ${raw(comma ? 'TRUE' : 'FALSE')})`;
  const [mark, example] = comma ? ['comma', '1,100'] : ['dot', '1.100'];
  return [
    {
      severity: 'warning',
      column: name,
      reason:
        `${name} has a ${mark} before the last three digits (as in ${example}), which could separate ` +
        'thousands (1100) or decimals (1.1)',
      effect: EFFECT.moneyUnsure,
      where: unsure,
      value: text,
    },
    { ...notAmount, where: sql`${unparseable} AND NOT (${unsure})` },
  ];
}

export interface RuleContext {
  /** ISO data-through date, or null while it is unknown (the checks against it are skipped). */
  dataThrough: string | null;
  money?: MoneyConventions;
  /**
   * The file's column shapes (column-shapes.ts): a column that cleans to itself has no odd
   * character (typedTableSql gives it none), so its rule is left out.
   */
  shapes?: ColumnShapes;
}

/** Every row rule for a table whose typed rows are in its typed chunk (WORK.typed). */
export function rowRules(spec: TableSpec, match: HeaderMatch, context: RuleContext): RowRule[] {
  const matched = new Set(match.matched.map((m) => m.column.name));
  const has = (name: string) => matched.has(name);
  // A constant, as the rules compare it on every row.
  const through = context.dataThrough === null ? null : sql`DATE ${literal(context.dataThrough)}`;
  const rules: RowRule[] = [
    {
      severity: 'error',
      column: null,
      reason: 'the row is empty',
      effect: EFFECT.rejected,
      where: raw('_empty'),
      value: raw('NULL'),
    },
  ];
  for (const { column, header } of match.matched) {
    if (!cleansToItself(context.shapes?.get(header))) rules.push(oddCharacterRule(column));
    rules.push(...columnRules(column, context.money?.get(column.name)));
  }

  if (spec.uniqueKey !== undefined && has(spec.uniqueKey)) {
    rules.push({
      severity: 'error',
      column: spec.uniqueKey,
      reason: `${spec.uniqueKey} appears on more than one row`,
      effect: EFFECT.duplicate,
      where: raw('_copies > 1'),
      value: rawOf(spec.uniqueKey),
    });
  }
  if (spec.name !== 'families') {
    // An id families.csv writes with a space inside (a no-break space reads as one) that this
    // file writes without: said, not linked (F 01 and F01 may be two ids; which is meant cannot
    // be told). Only families with such an id are looked at: usually none.
    const spacedInFamilies = sql`${rawOf('family_id')} IN (
      SELECT replace(family_id, ' ', '') FROM ${STAGED.table('families')} WHERE contains(family_id, ' '))`;
    const orphan = sql`${rawOf('family_id')} IS NOT NULL AND NOT _family_found`;
    rules.push(
      {
        severity: 'error',
        column: 'family_id',
        reason:
          'family_id is not among the loaded families, but families.csv has it with a space inside (such as F 01 for F01; a no-break space reads as a space): write the id the same way in both files',
        effect: EFFECT.orphan,
        where: sql`${orphan} AND ${spacedInFamilies}`,
        value: rawOf('family_id'),
      },
      {
        severity: 'error',
        column: 'family_id',
        reason:
          'family_id is not among the loaded families (missing from families.csv or rejected there)',
        effect: EFFECT.orphan,
        where: sql`${orphan} AND NOT (${spacedInFamilies})`,
        value: rawOf('family_id'),
      },
    );
  }
  if (spec.name === 'families' && through !== null) {
    rules.push({
      severity: 'error',
      column: 'mutual_start_date',
      reason: 'mutual_start_date is after the data-through date',
      effect: EFFECT.rejected,
      where: sql`mutual_start_date > ${through}`,
      value: rawOf('mutual_start_date'),
    });
    if (has('data_through_date')) {
      rules.push({
        severity: 'error',
        column: 'data_through_date',
        reason: `data_through_date differs from the extract's data-through date ${context.dataThrough ?? ''}`,
        effect: EFFECT.rejected,
        where: sql`data_through_date <> ${through}`,
        value: rawOf('data_through_date'),
      });
    }
  }
  if (spec.name === 'children') {
    if (has('episode_end_date')) {
      rules.push({
        severity: 'error',
        column: 'episode_end_date',
        reason: 'episode_end_date is before removal_date',
        effect: EFFECT.rejected,
        where: raw('episode_end_date < removal_date'),
        value: rawOf('episode_end_date'),
      });
    }
    if (has('reentry_date') && has('episode_end_date')) {
      rules.push({
        severity: 'warning',
        column: 'reentry_date',
        reason: 'reentry_date is on or before episode_end_date',
        effect: EFFECT.reentry,
        where: raw('reentry_date <= episode_end_date'),
        value: rawOf('reentry_date'),
      });
    }
    for (const age of ['age_at_removal', 'age_at_exit']) {
      if (!has(age)) continue;
      rules.push({
        severity: 'warning',
        column: age,
        reason: `${age} is outside 0–21`,
        effect: EFFECT.age,
        where: sql`${ident(age)} NOT BETWEEN 0 AND 21`,
        value: rawOf(age),
      });
    }
  }
  if (spec.name !== 'families' && match.countyCheck !== null) {
    rules.push({
      severity: 'warning',
      column: 'county',
      reason: "county differs from the family's county in families.csv",
      effect: EFFECT.county,
      where: sql`_family_found AND lk_county(${rawOf('county_check')}) <> _family_county`,
      value: rawOf('county_check'),
    });
  }
  const index = raw(spec.name === 'families' ? 'mutual_start_date' : '_family_index');
  for (const event of EVENTS_AFTER_INDEX[spec.name] ?? []) {
    if (!has(event)) continue;
    rules.push({
      severity: 'warning',
      column: event,
      reason: beforeIndexReason(event),
      effect: EFFECT.beforeIndex,
      where: sql`${ident(event)} < ${index}`,
      value: rawOf(event),
    });
  }
  if (through !== null) {
    for (const column of spec.columns) {
      if (column.type !== 'date' || NOT_EVENTS.has(column.name) || !has(column.name)) continue;
      rules.push({
        severity: 'warning',
        column: column.name,
        reason: `${column.name} is after the data-through date`,
        effect: EFFECT.afterThrough,
        where: sql`${ident(column.name)} > ${through}`,
        value: rawOf(column.name),
      });
    }
  }
  return rules;
}

/**
 * One INSERT of every rule's hits on the typed chunk of `table` into the staged issues, from
 * one scan: the rows where any rule holds (few) are kept by one filter, and each of them gives
 * the indexes `k` of the rules it breaks (unnested), with the rule's example value `v` and the
 * character `c` its reason names, if any, picked from lists by `k`. The rule's constant fields
 * are looked up by `k` too, and a named character's reason is written once for every rule.
 * The issues go in rule by rule, each rule's in the chunk's order (the order a copy of the
 * tables keeps, as the prepared sample does).
 * (A UNION ALL of one filtered scan per rule gave the same rows, but DuckDB took longer to plan
 * its ~50 scans than to run them.)
 */
export function insertIssuesSql(table: TableName, rules: readonly RowRule[]): Sql {
  const list = (values: readonly (string | null)[]) =>
    sql`[${join(
      values.map((v) => (v === null ? raw('NULL::VARCHAR') : sql`${v}`)),
      ', ',
    )}]`;
  // NULL is not a hit: a WHERE and a CASE WHEN both pass over it.
  const holds = rules.map((rule) => sql`(${rule.where})`);
  const ks = join(
    holds.map((h, i) => sql`CASE WHEN ${h} THEN ${raw(String(i + 1))} END`),
    ', ',
  );
  const values = join(
    rules.map((rule) => sql`CAST(${rule.value} AS VARCHAR)`),
    ', ',
  );
  const characters = join(
    rules.map((rule) =>
      rule.character === undefined ? raw('NULL::VARCHAR') : sql`CAST(${rule.character} AS VARCHAR)`,
    ),
    ', ',
  );
  const column = sql`${list(rules.map((r) => r.column))}[k]`;
  return sql`INSERT INTO ${STAGED.issues}
    SELECT ${table}, row_no, ${column}, v, ${list(rules.map((r) => r.severity))}[k],
           CASE WHEN c IS NULL THEN ${list(rules.map((r) => r.reason))}[k]
                ELSE ${oddCharacterReason(column, raw('c'))} END,
           ${list(rules.map((r) => r.effect))}[k]
    FROM (SELECT row_no, scanned, k, vs[k] AS v, cs[k] AS c
          FROM (SELECT row_no, rowid AS scanned, unnest(list_filter([${ks}], x -> x IS NOT NULL)) AS k,
                       [${values}] AS vs, [${characters}] AS cs
                FROM ${WORK.typed(table)} WHERE ${join(holds, ' OR ')}))
    ORDER BY k, scanned`;
}
