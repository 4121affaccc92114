import {
  Bool,
  Float64,
  Int32,
  Int64,
  Table,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableToRows } from '../../../src/db/arrow-rows';

/** Arrow's own row reading, the reference the fast path must match. */
function arrowRows(table: Table): Record<string, unknown>[] {
  return table
    .toArray()
    .map((row: { toJSON(): Record<string, unknown> }) =>
      Object.fromEntries(Object.entries(row.toJSON()).map(([k, v]) => [k, v ?? null])),
    );
}

const long = `${'x'.repeat(40)}é`;
const batchOf = (texts: (string | null)[], numbers: (number | null)[], flags: (boolean | null)[]) =>
  new Table({
    cohort: vectorFromArray(texts, new Utf8()),
    n: vectorFromArray(numbers, new Int32()),
    rate: vectorFromArray(
      numbers.map((n) => (n === null ? null : n / 3)),
      new Float64(),
    ),
    flag: vectorFromArray(flags, new Bool()),
  });

describe('Arrow results as plain rows', () => {
  // Two batches, as a result of more than one chunk arrives; an IPC round trip, as from the worker.
  const table = tableFromIPC(
    tableToIPC(
      batchOf(
        ['2023Q1', null, 'Unidad Peña', ''],
        [1, null, -7, 0],
        [true, null, false, true],
      ).concat(batchOf([long, '2024H2'], [2_000_000_000, 5], [false, null])),
    ),
  );

  it('reads text (ASCII, accented, empty, long), integers, doubles, booleans and nulls as Arrow does', () => {
    expect(table.batches).toHaveLength(2);
    const rows = tableToRows(table);
    expect(rows).toEqual(arrowRows(table));
    expect(rows[2]).toEqual({ cohort: 'Unidad Peña', n: -7, rate: -7 / 3, flag: false });
    expect(rows[1]).toEqual({ cohort: null, n: null, rate: null, flag: null });
    expect(rows[4]?.cohort).toBe(long);
  });

  it('reads a slice of a table (chunks that start at an offset)', () => {
    const slice = table.slice(1, 5);
    expect(tableToRows(slice)).toEqual(arrowRows(slice));
    expect(tableToRows(slice).map((r) => r.cohort)).toEqual([null, 'Unidad Peña', '', long]);
  });

  it('reads a chunk of ASCII text whole (values of every length, empty, null), and a slice of it', () => {
    const texts = ['2023Q1', '', null, 'Los Angeles', 'x'.repeat(40), 'comparison', null, 'U0007'];
    const ascii = tableFromIPC(
      tableToIPC(
        batchOf(
          texts,
          texts.map((_, i) => i),
          texts.map((_, i) => i % 2 === 0),
        ),
      ),
    );
    expect(tableToRows(ascii)).toEqual(arrowRows(ascii));
    expect(tableToRows(ascii).map((r) => r.cohort)).toEqual(texts);
    const slice = ascii.slice(3, 7);
    expect(tableToRows(slice)).toEqual(arrowRows(slice));
    expect(tableToRows(slice).map((r) => r.cohort)).toEqual(texts.slice(3, 7));
  });

  it('refuses a BIGINT column, naming it and what to cast it to', () => {
    const big = new Table({ total: vectorFromArray([1n], new Int64()) });
    expect(() => tableToRows(big)).toThrow(/Column "total" returned Int64.*cast it to INTEGER/);
  });
});
