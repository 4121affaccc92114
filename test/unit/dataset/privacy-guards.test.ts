import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { PRIVACY_VALUES } from '../../../src/dataset/privacy';

// The loader runs a value pattern's regular expression only on values that pass its cheap guard
// (load-extract.ts, findPrivateValues): a guard must pass every value its pattern matches, or
// the privacy check would miss identifiers.

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb({ threads: 1 });
});
afterAll(async () => {
  await db.close();
});

const phoneShapes = ['', '1', '1 ', '1.', '1-', '+1', '+1 ', '+1.', '+1-'].flatMap((prefix) =>
  ['', '('].flatMap((open) =>
    ['', ')'].flatMap((close) =>
      [' ', '.', '-'].flatMap((a) =>
        [' ', '.', '-'].map((b) => `${prefix}${open}559${close}${a}555${b}0123`),
      ),
    ),
  ),
);

const matching = [
  '123-45-6789',
  '383265919',
  '12345678A',
  '98765432z',
  ...phoneShapes,
  'a@b.co',
  'first.last+tag@county.ca.gov',
  'é@ü.org',
  '1234-5678-9012-3456789',
];

/** Per value: which patterns match it, and whether each such pattern's guard passes. */
async function judged(values: readonly string[]) {
  const list = `[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]`;
  const columns = PRIVACY_VALUES.flatMap((rule, p) => [
    `regexp_full_match(v, '${rule.pattern.replaceAll("'", "''")}') AS m${String(p)}`,
    `coalesce(${rule.guard('v')}, FALSE) AS g${String(p)}`,
  ]);
  return db.query<Record<string, boolean | string>>(
    `SELECT v, ${columns.join(', ')} FROM (SELECT unnest(${list}) AS v)`,
  );
}

describe('the privacy value guards', () => {
  it('pass every value their pattern matches', async () => {
    const rows = await judged(matching);
    const missed = rows.flatMap((row) =>
      PRIVACY_VALUES.flatMap((_, p) =>
        row[`m${String(p)}`] === true && row[`g${String(p)}`] !== true
          ? [`${String(row.v)} (pattern ${String(p)})`]
          : [],
      ),
    );
    expect(missed).toEqual([]);
    // Every example is an identifier of some kind: the list tests the patterns, not nothing.
    expect(rows.every((row) => PRIVACY_VALUES.some((_, p) => row[`m${String(p)}`] === true))).toBe(
      true,
    );
    // The phone pattern's shortest and longest shapes are among them.
    expect(Math.min(...phoneShapes.map((s) => s.length))).toBe(12);
    expect(Math.max(...phoneShapes.map((s) => s.length))).toBe(17);
  });
});
