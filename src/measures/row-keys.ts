import type { Row } from '../db/client';
import type { Group } from '../dataset/schema';
import type { ByKey, CellKeys, RowKeys } from './types';

/** The text in `column` of an engine row; throws when it holds anything else. */
export function readText(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`Expected text in column ${column}`);
  return value;
}

/** The number in `column` of an engine row; throws when it holds anything else. */
export function readInteger(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`Expected a number in column ${column}`);
  return value;
}

/** The `county` and `cohort` of an engine row, those in `by` only. */
export function readCellKeys(row: Row, by: readonly ByKey[]): CellKeys {
  const keys: CellKeys = {};
  if (by.includes('county')) keys.county = readText(row, 'county');
  if (by.includes('cohort')) keys.cohort = readText(row, 'cohort');
  return keys;
}

/** The cell keys and group of an engine row; throws on a group other than the two. */
export function readRowKeys(row: Row, by: readonly ByKey[]): RowKeys {
  const group = readText(row, 'group');
  if (group !== 'linkages' && group !== 'comparison') throw new Error(`Unknown group "${group}"`);
  return { ...readCellKeys(row, by), group: group satisfies Group };
}

/** Identifies the (county, cohort) cell of a row, ignoring its group. */
export function cellId(keys: CellKeys): string {
  return JSON.stringify([keys.county ?? null, keys.cohort ?? null]);
}

/** Rows present in both groups, paired by cell, in row order. */
export function pairByCell<T extends RowKeys>(
  rows: readonly T[],
): { keys: CellKeys; linkages: T; comparison: T }[] {
  const cells = new Map<string, { keys: CellKeys; linkages?: T; comparison?: T }>();
  for (const row of rows) {
    const id = cellId(row);
    const cell = cells.get(id) ?? { keys: cellKeysOf(row) };
    cell[row.group] = row;
    cells.set(id, cell);
  }
  const pairs: { keys: CellKeys; linkages: T; comparison: T }[] = [];
  for (const { keys, linkages, comparison } of cells.values()) {
    if (linkages && comparison) pairs.push({ keys, linkages, comparison });
  }
  return pairs;
}

/** Only the `county` and `cohort` of a row's keys. */
export function cellKeysOf(keys: CellKeys): CellKeys {
  const cell: CellKeys = {};
  if (keys.county !== undefined) cell.county = keys.county;
  if (keys.cohort !== undefined) cell.cohort = keys.cohort;
  return cell;
}
