import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { PlainLineScan } from '../../../src/dataset/file-guard';
import { hasOddQuoteLine, hasPlainLines } from '../../../src/dataset/read-lines';

/** The scan's answer on `bytes`, fed in chunks of `chunk` bytes (the guard reads 4 MB at a time). */
function scanned(bytes: Uint8Array, chunk = bytes.length): boolean | null {
  const scan = new PlainLineScan();
  for (let at = 0; at < bytes.length; at += Math.max(chunk, 1))
    scan.scan(bytes.subarray(at, at + chunk));
  return scan.end();
}

/** A deterministic stream of small numbers (a linear congruential generator). */
function numbers(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

const PIECES = [
  'F1,Fresno',
  'x',
  '"',
  '"a,1"',
  ' ',
  '\t',
  'c,"d',
  'e"',
  ',',
  '',
  'é',
  '\uFEFF',
  '\u0000',
  '\u000b',
];
const ENDS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n'];

/** A small file of every kind of line end, blank line and stray or multi-line quote. */
function file(next: (below: number) => number): string {
  const mixed = next(3) === 2;
  const usual = ENDS[next(2)]!;
  const end = () => (mixed || next(6) === 0 ? ENDS[next(ENDS.length)]! : usual);
  let text = ['', '\uFEFF', '\uFEFF\n', '"\n'][next(4)]! + 'family_id,county' + end();
  const lines = 1 + next(6);
  for (let i = 0; i < lines; i++) {
    text += PIECES[next(PIECES.length)]! + (next(4) === 0 ? PIECES[next(PIECES.length)]! : '');
    if (i < lines - 1 || next(2) === 0) text += end();
  }
  return text;
}

describe('the guard tells from the bytes whether DuckDB reads a file line by line right', () => {
  let db: DbClient;
  const dir = mkdtempSync(join(tmpdir(), 'linkages-plain-lines-'));
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  async function query(name: string, text: string): Promise<boolean> {
    const path = join(dir, name);
    writeFileSync(path, text);
    return hasPlainLines(db, path);
  }

  it('gives the query’s answer on 300 files of mixed line ends, blank lines and quotes, in any chunks', async () => {
    const next = numbers(20251130);
    const answers = { plain: 0, notPlain: 0 };
    for (let i = 0; i < 300; i++) {
      const text = file(next);
      const bytes = new TextEncoder().encode(text);
      const expected = await query(`f${String(i)}.csv`, text);
      expect({ text, plain: scanned(bytes) }).toEqual({ text, plain: expected });
      expect(scanned(bytes, 1 + (i % 5))).toBe(expected);
      answers[expected ? 'plain' : 'notPlain']++;
    }
    // Both answers are common among the files.
    expect(answers.plain).toBeGreaterThan(50);
    expect(answers.notPlain).toBeGreaterThan(50);
  });

  it('gives the named shapes their answers', async () => {
    const cases: [string, boolean][] = [
      ['a,b\n1,2\n3,4\n', true],
      ['a,b\r\n1,2\r\n3,4', true],
      ['a,b\r1,2\r3,4\r', true],
      ['a,b\n1,2\n\n3,4\n', false],
      ['a,b\r\n1,2\n3,4\r\n', false],
      ['a,b\n1,"two\nlines"\n3,4\n', true],
      ['a,b\n1,"two\n\nlines"\n3,4\n', true],
      ['a,b\n1,"stray\n3,4\n\n5,6\n', true],
    ];
    for (const [i, [text, plain]] of cases.entries()) {
      expect(await query(`named${String(i)}.csv`, text)).toBe(plain);
      expect(scanned(new TextEncoder().encode(text))).toBe(plain);
    }
  });

  it('tells a line of an odd number of quotes as the query does, on 300 files in any chunks', async () => {
    const next = numbers(20261201);
    const answers = { odd: 0, even: 0 };
    for (let i = 0; i < 300; i++) {
      const text = file(next);
      const path = join(dir, `odd${String(i)}.csv`);
      writeFileSync(path, text);
      const expected = await hasOddQuoteLine(db, path);
      const scan = new PlainLineScan();
      const bytes = new TextEncoder().encode(text);
      const chunk = 1 + (i % 5);
      for (let at = 0; at < bytes.length; at += chunk) scan.scan(bytes.subarray(at, at + chunk));
      scan.end();
      expect({ text, odd: scan.oddQuoteLine() }).toEqual({ text, odd: expected });
      answers[expected ? 'odd' : 'even']++;
    }
    expect(answers.odd).toBeGreaterThan(50);
    expect(answers.even).toBeGreaterThan(50);
    for (const [text, odd] of [
      ['a,b\n1,"two\nlines"\n', true],
      ['a,b\r\n1,"x"\r\n"3",""\r\n', false],
      ['a,b\r1,"stray\r', true],
    ] as const) {
      writeFileSync(join(dir, 'named-odd.csv'), text);
      expect(await hasOddQuoteLine(db, join(dir, 'named-odd.csv'))).toBe(odd);
    }
  });

  it('leaves a file holding the query’s delimiter byte (0x01) to the query', () => {
    expect(scanned(new TextEncoder().encode('a,b\n\u0001,2\n'))).toBeNull();
  });
});
