import type { DbClient } from '../db/client';
import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import type { ColumnMatch } from './match-columns';
import {
  ISO_DATE_GLOB,
  PLAIN_AMOUNT_PATTERN,
  blankOrCellSql,
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
}

/** Shapes by header; a header not in it has none (its cells get the macros). */
export type ColumnShapes = ReadonlyMap<string, ColumnShape>;

/**
 * The shape of each of `headers` in the all-text table `rawTable` (every row), the matched
 * columns' typed shapes included: one query, of cheap tests (GLOB, list lookups, one regular
 * expression per money column).
 */
export async function findColumnShapes(
  db: DbClient,
  rawTable: Sql,
  headers: readonly string[],
  matched: readonly ColumnMatch[],
): Promise<Map<string, ColumnShape>> {
  const shapes = new Map<string, ColumnShape>();
  if (headers.length === 0) return shapes;
  const as = (prefix: string, i: number) => ident(`${prefix}${String(i)}`);
  const columnOf = new Map(matched.map((m) => [m.header, m.column]));
  // Each cell's tests once, in an inner query (a blank word's look-up is the costly one); the
  // counts of cells present that fail them outside.
  const fullBlanks = blankWordsOf(null);
  const tests = headers.flatMap((header, i) => {
    const cell = ident(header);
    const text = cell.toInlineText();
    const column = columnOf.get(header);
    const isBlank = (blanks: readonly string[]) => raw(isBlankWordSql(text, blanks));
    const out = [
      sql`${cell} IS NOT NULL AS ${as('p', i)}`,
      sql`${raw(keptAsWrittenSql(text))} AS ${as('k', i)}`,
      sql`${isBlank(fullBlanks)} AS ${as('b', i)}`,
    ];
    if (column === undefined) return out;
    const blanks = blankWordsOf(column);
    const canonical = canonicalValues(column);
    const typed =
      column.type === 'date'
        ? sql`${cell} GLOB ${literal(ISO_DATE_GLOB)}`
        : canonical !== null
          ? raw(inTextListSql(text, canonical))
          : column.type === 'money'
            ? sql`regexp_full_match(${cell}, ${literal(PLAIN_AMOUNT_PATTERN)})`
            : null;
    return [
      ...out,
      sql`${blanks.length === fullBlanks.length ? as('b', i) : isBlank(blanks)} AS ${as('cb', i)}`,
      ...(readsWholeNumbers(column) ? [sql`contains(${cell}, '.') AS ${as('dot', i)}`] : []),
      ...(typed === null ? [] : [sql`${typed} AS ${as('ty', i)}`]),
    ];
  });
  /** Cells present, not blank words (`blank`), and failing `test`, counted as `name`. */
  const failing = (i: number, blank: Sql, test: Sql, name: Sql) =>
    sql`count_if(${as('p', i)} AND NOT (${test}) AND NOT ${blank})::INTEGER AS ${name}`;
  const counts = headers.flatMap((header, i) => {
    const column = columnOf.get(header);
    const any = [failing(i, as('b', i), as('k', i), as('w', i))];
    if (column === undefined) return any;
    const kept = readsWholeNumbers(column)
      ? sql`${as('k', i)} AND NOT ${as('dot', i)}`
      : as('k', i);
    const typed =
      column.type === 'date' || canonicalValues(column) !== null || column.type === 'money';
    const canonical = canonicalValues(column) !== null;
    return [
      ...any,
      failing(i, as('cb', i), canonical ? sql`${kept} OR ${as('ty', i)}` : kept, as('c', i)),
      ...(typed ? [failing(i, as('cb', i), as('ty', i), as('t', i))] : []),
    ];
  });
  const [row] = await db.query(
    sql`SELECT ${join(counts, ', ')} FROM (SELECT ${join(tests, ', ')} FROM ${rawTable})`,
  );
  const none = (name: string, i: number) => Number(row?.[`${name}${String(i)}`] ?? 1) === 0;
  headers.forEach((header, i) => {
    const column = columnOf.get(header);
    const typed = column !== undefined && none('t', i);
    shapes.set(header, {
      asWritten: none('w', i),
      cleansPlainly: column !== undefined && none('c', i),
      isoDates: column?.type === 'date' && typed,
      canonical: column !== undefined && canonicalValues(column) !== null && typed,
      plainAmounts: column?.type === 'money' && typed,
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
): Sql {
  return cleansToItself(shapes?.get(header))
    ? raw(blankOrCellSql(ident(header).toInlineText(), blankWordsOf(column)))
    : cleanCellSql(column, header);
}

/** `lk_clean` of the cell under `header` (any column), or the same values by `blankOrCellSql`. */
export function cleanedAnySql(header: string, shapes: ColumnShapes | undefined): Sql {
  return shapes?.get(header)?.asWritten === true
    ? raw(blankOrCellSql(ident(header).toInlineText(), blankWordsOf(null)))
    : sql`lk_clean(${ident(header)})`;
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
