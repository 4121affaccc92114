import type { DbClient } from '../db/client';
import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import type { ColumnMatch } from './match-columns';
import {
  ISO_DATE_GLOB,
  PLAIN_AMOUNT_PATTERN,
  canonicalValues,
  cleanCellSql,
  inTextListSql,
  keptAsWrittenSql,
  parseSql,
  readsWholeNumbers,
  type MoneyConvention,
} from './normalize-sql';
import type { ColumnSpec } from './schema';

/**
 * What every cell under one header of a file is, found in one pass (`findColumnShapes`). Where a
 * whole column has a shape, the value macros give each of its cells back as written (or parsed
 * by a plain cast), and the loader writes that cheaper expression instead: the same values, but
 * DuckDB plans a statement with every macro inlined for every column far more slowly than it
 * reads the rows of a county's extract. A column without the shape gets the macros.
 */
export interface ColumnShape {
  /**
   * Every cell is empty (NULL) or kept as written by `lk_text` (`keptAsWrittenSql`: printable
   * ASCII without a space, not starting like a blank word).
   */
  asWritten: boolean;
  /** No cell holds a dot (with `asWritten`, whole-number columns keep every cell as written too). */
  noDot: boolean;
  /** Date columns: every cell is empty or YYYY-MM-DD in digits (ISO_DATE_GLOB). */
  isoDates: boolean;
  /** County, group and enum columns: every cell is empty or one of `canonicalValues`. */
  canonical: boolean;
  /** Money columns: every cell is empty or digits with an optional decimal point. */
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
  /** Cells present and failing `test`, counted as `name`. */
  const failing = (cell: Sql, test: Sql, name: Sql) =>
    sql`count_if(${cell} IS NOT NULL AND NOT (${test}))::INTEGER AS ${name}`;
  const counts = headers.flatMap((header, i) => {
    const cell = ident(header);
    const text = cell.toInlineText();
    const column = columnOf.get(header);
    const canonical = column === undefined ? null : canonicalValues(column);
    const typed =
      column?.type === 'date'
        ? sql`${cell} GLOB ${literal(ISO_DATE_GLOB)}`
        : canonical !== null
          ? raw(inTextListSql(text, canonical))
          : column?.type === 'money'
            ? sql`regexp_full_match(${cell}, ${literal(PLAIN_AMOUNT_PATTERN)})`
            : null;
    return [
      failing(cell, raw(keptAsWrittenSql(text)), as('w', i)),
      sql`count_if(contains(${cell}, '.'))::INTEGER AS ${as('d', i)}`,
      ...(typed === null ? [] : [failing(cell, typed, as('t', i))]),
    ];
  });
  const [row] = await db.query(sql`SELECT ${join(counts, ', ')} FROM ${rawTable}`);
  headers.forEach((header, i) => {
    const column = columnOf.get(header);
    const typedFits = Number(row?.[`t${String(i)}`] ?? 1) === 0;
    shapes.set(header, {
      asWritten: Number(row?.[`w${String(i)}`] ?? 1) === 0,
      noDot: Number(row?.[`d${String(i)}`] ?? 1) === 0,
      isoDates: column?.type === 'date' && typedFits,
      canonical: column !== undefined && canonicalValues(column) !== null && typedFits,
      plainAmounts: column?.type === 'money' && typedFits,
    });
  });
  return shapes;
}

/**
 * Whether `cleanSql` gives every cell of the column back as written: kept as written (with no
 * dot where whole numbers are read), or one of the column's canonical values (which `lk_text`
 * keeps: test/unit/dataset/column-shapes.test.ts).
 */
export function cleansToItself(column: ColumnSpec, shape: ColumnShape | undefined): boolean {
  if (shape === undefined) return false;
  return (shape.asWritten && (shape.noDot || !readsWholeNumbers(column))) || shape.canonical;
}

/** `cleanCellSql` of the column under `header`, or the cell itself where that is the same. */
export function cleanedCellSql(
  column: ColumnSpec,
  header: string,
  shapes: ColumnShapes | undefined,
): Sql {
  return cleansToItself(column, shapes?.get(header)) ? ident(header) : cleanCellSql(column, header);
}

/** `lk_clean` of the cell under `header` (any column), or the cell itself where that is the same. */
export function cleanedAnySql(header: string, shapes: ColumnShapes | undefined): Sql {
  return shapes?.get(header)?.asWritten === true ? ident(header) : sql`lk_clean(${ident(header)})`;
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
