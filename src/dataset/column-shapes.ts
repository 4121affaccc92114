import type { DbClient } from '../db/client';
import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import type { ColumnMatch } from './match-columns';
import {
  ISO_DATE_GLOB,
  PLAIN_AMOUNT_PATTERN,
  blankOrCellSql,
  cleanAnySql,
  ListColumns,
  blankWordsOf,
  canonicalValues,
  cleanCellSql,
  inTextListSql,
  isBlankWordSql,
  keptAsWrittenSql,
  parseSql,
  readsWholeNumbers,
  type MoneyConvention,
} from './normalize-sql';
import type { ColumnSpec } from './schema';

/**
 * What every cell under one header of a file is, found in one pass (`findColumnShapes`). Where a
 * whole column has a shape, the value macros give each of its cells back as written, blank
 * words as blank, or parse it by a plain cast, and the loader writes that cheaper expression
 * instead: the same values, but DuckDB plans (and runs) a statement with every macro inlined for
 * every column far more slowly. A column without the shape gets the macros.
 */
export interface ColumnShape {
  /**
   * Every present cell is kept as written by `lk_clean` (`keptAsWrittenSql`: printable ASCII
   * without a space, not starting like a blank word), or is a blank word (BLANK_VALUES,
   * upper-cased): `lk_clean` is `blankOrCellSql` of it.
   */
  asWritten: boolean;
  /**
   * A matched column: every present cell is kept as written by `cleanSql` (with no dot where
   * whole numbers are read), one of the column's blank words, or one of its canonical values
   * (which cleaning keeps): `cleanSql` is `blankOrCellSql` with the column's blank words.
   */
  cleansPlainly: boolean;
  /** Date columns: every present cell is YYYY-MM-DD in digits (ISO_DATE_GLOB) or a blank word. */
  isoDates: boolean;
  /** County, group and enum columns: every present cell is a `canonicalValues` or a blank word. */
  canonical: boolean;
  /** Money columns: every present cell is digits with an optional decimal point, or a blank word. */
  plainAmounts: boolean;
  /**
   * Date columns asked for (`findColumnShapes`'s `ranged`): the earliest and latest of their
   * YYYY-MM-DD cells as written (compared as text, which orders such dates; one like 2023-02-30
   * counts though no date reads from it), or null when the column has none. Undefined for the
   * other columns.
   */
  isoRange?: { first: string; last: string } | null;
}

/** Shapes by header; a header not in it has none (its cells get the macros). */
export type ColumnShapes = ReadonlyMap<string, ColumnShape>;

/** The bits of a cell's code in `findColumnShapes`: the shapes the cell fails. */
const FAILS = { asWritten: 1, cleansPlainly: 2, typed: 4, all: 7 } as const;

/**
 * The shape of each of `headers` in the all-text table `rawTable` (every row), the matched
 * columns' typed shapes included: one query. Each cell is first given its cheapest test that
 * shows it fits every shape of its column (a date column's cell YYYY-MM-DD, a money column's
 * plain amount, a canonical value kept as written, another column's cell kept as written): most
 * cells pass it and cost nothing more. Only the others get every test (printable ASCII, blank
 * words, a dot, the typed test), each failing shape a bit of a code; a column's shapes are those
 * none of its cells' codes has (`bit_or`). The date columns named in `ranged` also give the
 * range of their YYYY-MM-DD cells (`isoRange`).
 */
export async function findColumnShapes(
  db: DbClient,
  rawTable: Sql,
  headers: readonly string[],
  matched: readonly ColumnMatch[],
  ranged: ReadonlySet<string> = new Set(),
): Promise<Map<string, ColumnShape>> {
  const shapes = new Map<string, ColumnShape>();
  if (headers.length === 0) return shapes;
  const as = (prefix: string, i: number) => ident(`${prefix}${String(i)}`);
  const columnOf = new Map(matched.map((m) => [m.header, m.column]));
  const fullBlanks = blankWordsOf(null);
  // Each constant list (blank words, their first characters, canonical values) a column of the
  // inner query, planned once instead of once per use.
  const lists = new ListColumns();
  // A cell's bits: FAILS.asWritten where it is neither kept as written nor a blank word;
  // FAILS.cleansPlainly where the column's cleaning would change it; FAILS.typed where it is
  // neither the column's typed shape nor one of its blank words.
  const bit = (condition: Sql, value: number) =>
    sql`CASE WHEN ${condition} THEN ${raw(String(value))} ELSE 0 END`;
  const inner: Sql[] = [];
  const aggregates: Sql[] = [];
  headers.forEach((header, i) => {
    const cell = ident(header);
    const text = cell.toInlineText();
    const column = columnOf.get(header);
    const kept = raw(keptAsWrittenSql(text, lists));
    const blank = raw(isBlankWordSql(text, fullBlanks, lists));
    const asWrittenBit = bit(sql`NOT (${kept}) AND NOT (${blank})`, FAILS.asWritten);
    if (column === undefined) {
      aggregates.push(
        sql`bit_or(CASE WHEN ${cell} IS NULL OR ${kept} THEN 0 ELSE ${asWrittenBit} END)::INTEGER AS ${as('f', i)}`,
      );
      return;
    }
    const blanks = blankWordsOf(column);
    const columnBlank =
      blanks.length === fullBlanks.length ? blank : raw(isBlankWordSql(text, blanks, lists));
    const canonical = canonicalValues(column);
    const typed =
      column.type === 'date'
        ? as('iso', i)
        : canonical !== null
          ? raw(inTextListSql(text, canonical, lists))
          : column.type === 'money'
            ? sql`regexp_full_match(${cell}, ${literal(PLAIN_AMOUNT_PATTERN)})`
            : null;
    const keptPlainly = readsWholeNumbers(column)
      ? sql`${kept} AND NOT contains(${cell}, '.')`
      : kept;
    const bits = [
      asWrittenBit,
      bit(
        sql`NOT (${canonical !== null ? sql`${keptPlainly} OR ${typed}` : keptPlainly}) AND NOT (${columnBlank})`,
        FAILS.cleansPlainly,
      ),
      ...(typed === null ? [] : [bit(sql`NOT (${typed}) AND NOT (${columnBlank})`, FAILS.typed)]),
    ];
    // Where the cheap test holds, every shape does: a YYYY-MM-DD date or a plain amount is
    // printable ASCII starting with a digit (kept as written, no blank word), and neither
    // column reads whole numbers; a canonical value kept as written holds no dot.
    const fits =
      column.type === 'date' || column.type === 'money'
        ? typed
        : canonical !== null
          ? sql`${typed} AND ${kept}`
          : keptPlainly;
    if (column.type === 'date') {
      inner.push(sql`${cell} GLOB ${literal(ISO_DATE_GLOB)} AS ${as('iso', i)}`);
    }
    if (column.type === 'date' && ranged.has(column.name)) {
      aggregates.push(
        sql`min(CASE WHEN ${as('iso', i)} THEN ${cell} END) AS ${as('first', i)}`,
        sql`max(CASE WHEN ${as('iso', i)} THEN ${cell} END) AS ${as('last', i)}`,
      );
    }
    aggregates.push(
      sql`bit_or(CASE WHEN ${cell} IS NULL OR ${fits} THEN 0 ELSE ${join(bits, ' + ')} END)::INTEGER AS ${as('f', i)}`,
    );
  });
  const columns = join(
    [...headers.map((h) => ident(h)), ...inner, ...lists.columns().map((c) => raw(c))],
    ', ',
  );
  const [row] = await db.query(
    sql`SELECT ${join(aggregates, ', ')} FROM (SELECT ${columns} FROM ${rawTable})`,
  );
  headers.forEach((header, i) => {
    const column = columnOf.get(header);
    const failed = Number(row?.[`f${String(i)}`] ?? FAILS.all);
    const none = (bit: number) => (failed & bit) === 0;
    const typed = column !== undefined && none(FAILS.typed);
    const first = row?.[`first${String(i)}`];
    const last = row?.[`last${String(i)}`];
    const ranges = column?.type === 'date' && ranged.has(column.name);
    shapes.set(header, {
      asWritten: none(FAILS.asWritten),
      cleansPlainly: column !== undefined && none(FAILS.cleansPlainly),
      isoDates: column?.type === 'date' && typed,
      canonical: column !== undefined && canonicalValues(column) !== null && typed,
      plainAmounts: column?.type === 'money' && typed,
      ...(ranges
        ? {
            isoRange:
              typeof first === 'string' && typeof last === 'string' ? { first, last } : null,
          }
        : {}),
    });
  });
  return shapes;
}

/** Whether `cleanSql` of the column is `blankOrCellSql` on every cell (its shape says so). */
export function cleansToItself(shape: ColumnShape | undefined): boolean {
  return shape?.cleansPlainly === true;
}

/** `cleanCellSql` of the column under `header`, or the same values by `blankOrCellSql`. */
export function cleanedCellSql(
  column: ColumnSpec,
  header: string,
  shapes: ColumnShapes | undefined,
  lists?: ListColumns,
): Sql {
  return cleansToItself(shapes?.get(header))
    ? raw(blankOrCellSql(ident(header).toInlineText(), blankWordsOf(column), lists))
    : cleanCellSql(column, header, lists);
}

/**
 * `lk_clean` of the cell under `header` (any column), or the same values by `blankOrCellSql`;
 * with `lists`, its constant lists are `lists`' columns.
 */
export function cleanedAnySql(
  header: string,
  shapes: ColumnShapes | undefined,
  lists?: ListColumns,
): Sql {
  const text = ident(header).toInlineText();
  return raw(
    shapes?.get(header)?.asWritten === true
      ? blankOrCellSql(text, blankWordsOf(null), lists)
      : cleanAnySql(text, lists),
  );
}

/**
 * `parseSql` of the column's cleaned text `expr`, or the plain cast that gives the same value on
 * every cell of the column's shape: YYYY-MM-DD dates cast (the first branch of `lk_date`),
 * canonical values as they are, plain amounts cast (how `lk_money` reads them in 1,234.50).
 */
export function shapedParseSql(
  column: ColumnSpec,
  expr: string,
  shape: ColumnShape | undefined,
  money: MoneyConvention = 'us',
): string {
  if (shape?.isoDates === true && column.type === 'date') return `try_cast(${expr} AS DATE)`;
  if (shape?.canonical === true && canonicalValues(column) !== null) return expr;
  if (shape?.plainAmounts === true && column.type === 'money' && money === 'us')
    return `CAST(${expr} AS DOUBLE)`;
  return parseSql(column, expr, money);
}
