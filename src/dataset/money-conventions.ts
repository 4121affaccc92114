import type { DbClient } from '../db/client';
import type { HeaderMatch } from './match-columns';
import { cleanSql, type MoneyConvention } from './normalize-sql';
import { q } from './row-rules';

/**
 * How each money column of a file writes its amounts, decided from the whole column: 1.234,50
 * where more of its values can only be read that way (a European-locale export) than as
 * 1,234.50; else 1,234.50. Values that fit neither are then a warning, never another amount.
 */
export async function findMoneyConventions(
  db: DbClient,
  rawTable: string,
  match: HeaderMatch,
): Promise<Map<string, MoneyConvention>> {
  const money = match.matched.filter((m) => m.column.type === 'money');
  const conventions = new Map<string, MoneyConvention>();
  if (money.length === 0) return conventions;
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  const texts = money.map(({ column, header }, i) => `${cleanSql(column, q(header))} AS t${i}`);
  const hints = money.map((_, i) => `lk_money_hint(t${i}) AS h${i}`);
  const counts = money.flatMap((_, i) => [
    `count_if(h${i} = 'eu')::INTEGER AS eu${i}`,
    `count_if(h${i} = 'us')::INTEGER AS us${i}`,
  ]);
  const [row] = await db.query(
    `SELECT ${counts.join(', ')} FROM (SELECT ${hints.join(', ')} FROM (SELECT ${texts.join(', ')} FROM ${rawTable}))`,
  );
  money.forEach(({ column }, i) => {
    const eu = Number(row?.[`eu${i}`] ?? 0);
    const us = Number(row?.[`us${i}`] ?? 0);
    conventions.set(column.name, eu > us ? 'eu' : 'us');
  });
  return conventions;
}
