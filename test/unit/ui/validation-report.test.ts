import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract, type ExtractFile } from '../../../src/dataset/load-extract';
import { syntheticExtractText } from '../../../src/synthetic/synthetic-extract';
import { filesLoaded, notLoadedText } from '../../../src/ui/validation-report';

const asFile = (fileName: string, text: string): ExtractFile => ({
  fileName,
  source: { kind: 'bytes', bytes: new TextEncoder().encode(text) },
});

describe("the banner's account of rows not loaded", () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('counts a refused second families file as a file not loaded, never its rows as rejected', async () => {
    const first = syntheticExtractText({ families: 300, seed: 11, mess: false }).files.families;
    const second = syntheticExtractText({ families: 300, seed: 12, mess: false }).files.families;
    const report = await loadExtract(db, [
      asFile('families.csv', first),
      asFile('families-2.csv', second),
    ]);
    expect(report.fatal).toBeNull();
    expect(
      report.files.map((f) => [
        f.fileName,
        f.rows,
        f.loaded + f.warnings,
        f.rejected,
        f.error !== null,
      ]),
    ).toEqual([
      ['families.csv', 300, 300, 0, false],
      // The loader accounts for the refused file's rows as its `rejected`, so that they add up.
      ['families-2.csv', 300, 0, 300, true],
    ]);
    expect(notLoadedText(report.files)).toBe('1 file not loaded');
    // No rejected rows to download for it: they were never read into the extract.
    expect(filesLoaded(report.files).map((f) => f.fileName)).toEqual(['families.csv']);
  });

  it('counts the rejected rows of the files loaded, and says nothing when there are none', async () => {
    const lines = syntheticExtractText({
      families: 40,
      seed: 13,
      mess: false,
    }).files.families.split('\n');
    // A family id repeated: both its rows are rejected (a duplicate key), the rest loaded.
    lines.splice(2, 0, lines[1]!);
    const report = await loadExtract(db, [asFile('families.csv', lines.join('\n'))]);
    expect(report.files.map((f) => [f.rows, f.rejected])).toEqual([[41, 2]]);
    expect(notLoadedText(report.files)).toBe('2 rows rejected');
    expect(notLoadedText([{ ...report.files[0]!, rejected: 1 }])).toBe('1 row rejected');
    expect(notLoadedText([{ ...report.files[0]!, rejected: 0 }])).toBe('');
  });
});
