import type { DbClient } from '../db/client';
import { ident, join, sql, type Sql } from '../db/sql';
import type { HeaderMatch } from './match-columns';
import type { MoneyConvention } from './normalize-sql';
import type { Delimiter } from './read-file';
import { cleanedCellSql, type ColumnShapes } from './column-shapes';

/**
 * How each money column of a file writes its amounts, decided from the whole column and the
 * file's `delimiter` (docs/extract-format.md, "Money"):
 * - 1.234,50 (`eu`) where more of its values can only be read that way (`lk_money_hint`: 900,50,
 *   1.100,00, 1.100.000) than only as 1,234.50 (1,234.50, 900.5); 1,234.50 (`us`) where fewer.
 * - On a tie (most often: no value shows either, as in a column of 1.100 and 900), the delimiter
 *   decides: a `;` file is a European-locale export (its decimal mark is the comma, which is why
 *   it separates fields with `;`), so `eu`; any other file (or Parquet, `undefined`) `us`.
 * - A value whose one mark is the decimal mark before exactly three digits (1.100 in `us`, 1,100
 *   in `eu`) could as well be a thousands separator. It is read as decimals only where the
 *   column shows that convention's decimals elsewhere and the delimiter does not point the
 *   other way (`;` for `us`, `,` for `eu`); otherwise the column is `-unsure`: such values are
 *   unknown with a warning (row-rules.ts), never 1.1. A column without such values is never
 *   `-unsure`, and a column of plain amounts (`shapes`: digits and a decimal point) without one
 *   read 1,234.50 is `us` as before.
 * One query for all of the file's money columns; none for a file without one.
 */
export async function findMoneyConventions(
  db: DbClient,
  rawTable: Sql,
  match: HeaderMatch,
  delimiter: Delimiter | undefined,
  shapes?: ColumnShapes,
): Promise<Map<string, MoneyConvention>> {
  const conventions = new Map<string, MoneyConvention>();
  const money = match.matched.filter((m) => m.column.type === 'money');
  if (money.length === 0) return conventions;
  const t = (i: number) => ident(`t${String(i)}`);
  const h = (i: number) => ident(`h${String(i)}`);
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  const texts = money.map(
    ({ column, header }, i) => sql`${cleanedCellSql(column, header, shapes)} AS ${t(i)}`,
  );
  const hints = money.map((_, i) => sql`lk_money_hint(${t(i)}) AS ${h(i)}, ${t(i)}`);
  const counts = money.flatMap((_, i) => [
    sql`count_if(${h(i)} = 'eu')::INTEGER AS ${ident(`eu${String(i)}`)}`,
    sql`count_if(${h(i)} = 'us')::INTEGER AS ${ident(`us${String(i)}`)}`,
    sql`count_if(lk_money_unsure(${t(i)}, FALSE))::INTEGER AS ${ident(`usUnsure${String(i)}`)}`,
    sql`count_if(lk_money_unsure(${t(i)}, TRUE))::INTEGER AS ${ident(`euUnsure${String(i)}`)}`,
  ]);
  const [row] = await db.query(
    sql`SELECT ${join(counts, ', ')}
        FROM (SELECT ${join(hints, ', ')} FROM (SELECT ${join(texts, ', ')} FROM ${rawTable}))`,
  );
  const count = (name: string, i: number) => Number(row?.[`${name}${String(i)}`] ?? 0);
  money.forEach(({ column }, i) => {
    const eu = count('eu', i);
    const us = count('us', i);
    if (eu > us || (eu === us && delimiter === ';')) {
      const unsure = count('euUnsure', i) > 0 && (eu === 0 || delimiter === ',');
      conventions.set(column.name, unsure ? 'eu-unsure' : 'eu');
    } else {
      const unsure = count('usUnsure', i) > 0 && (us === 0 || delimiter === ';');
      conventions.set(column.name, unsure ? 'us-unsure' : 'us');
    }
  });
  return conventions;
}
