import type { DbClient } from '../db/client';
import { ident, join, sql, type Sql } from '../db/sql';
import type { HeaderMatch } from './match-columns';
import type { MoneyConvention } from './normalize-sql';
import { cleanedCellSql, type ColumnShapes } from './column-shapes';

/**
 * How each money column of a file writes its amounts, decided from the whole column: 1.234,50
 * where more of its values can only be read that way (a European-locale export) than as
 * 1,234.50; else 1,234.50. Values that fit neither are then a warning, never another amount.
 * A column of plain amounts (`shapes`: digits and a decimal point) has no value only 1.234,50
 * can be (`lk_money_hint` needs a comma for it): it is 1,234.50 without a look.
 */
export async function findMoneyConventions(
  db: DbClient,
  rawTable: Sql,
  match: HeaderMatch,
  shapes?: ColumnShapes,
): Promise<Map<string, MoneyConvention>> {
  const conventions = new Map<string, MoneyConvention>();
  const money = match.matched.filter((m) => {
    if (m.column.type !== 'money') return false;
    if (shapes?.get(m.header)?.plainAmounts !== true) return true;
    conventions.set(m.column.name, 'us');
    return false;
  });
  if (money.length === 0) return conventions;
  const t = (i: number) => ident(`t${String(i)}`);
  const h = (i: number) => ident(`h${String(i)}`);
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  const texts = money.map(
    ({ column, header }, i) => sql`${cleanedCellSql(column, header, shapes)} AS ${t(i)}`,
  );
  const hints = money.map((_, i) => sql`lk_money_hint(${t(i)}) AS ${h(i)}`);
  const counts = money.flatMap((_, i) => [
    sql`count_if(${h(i)} = 'eu')::INTEGER AS ${ident(`eu${String(i)}`)}`,
    sql`count_if(${h(i)} = 'us')::INTEGER AS ${ident(`us${String(i)}`)}`,
  ]);
  const [row] = await db.query(
    sql`SELECT ${join(counts, ', ')}
        FROM (SELECT ${join(hints, ', ')} FROM (SELECT ${join(texts, ', ')} FROM ${rawTable}))`,
  );
  money.forEach(({ column }, i) => {
    const eu = Number(row?.[`eu${String(i)}`] ?? 0);
    const us = Number(row?.[`us${String(i)}`] ?? 0);
    conventions.set(column.name, eu > us ? 'eu' : 'us');
  });
  return conventions;
}
