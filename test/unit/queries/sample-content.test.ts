import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract, type ExtractFile } from '../../../src/dataset/load-extract';
import { dataSourceOf, ExtractSession, isOwnUpload } from '../../../src/queries/extract-session';
import {
  familiesLoaded,
  isSampleContent,
  loadedFamiliesFingerprint,
} from '../../../src/measures/sample-files';
import bundled from '../../../sample-data/synthetic.json';

const at = (path: string): ExtractFile => ({
  fileName: path.split('/').pop()!,
  source: { kind: 'path', path: resolve(path) },
});

/** The sample's families.csv with `edit` applied to its lines, written to a fresh folder. */
function editedFamilies(edit: (lines: string[]) => void): string {
  const text = readFileSync('sample-data/families.csv', 'latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  edit(lines);
  const path = join(mkdtempSync(join(tmpdir(), 'linkages-sample-content-')), 'families.csv');
  writeFileSync(path, lines.join(eol), 'latin1');
  return path;
}

describe('the sample known by its loaded content (a workbook, Parquet or edited copy of it)', () => {
  let db: DbClient;
  let parquet: string;

  beforeAll(async () => {
    db = await createNodeDb();
    parquet = join(mkdtempSync(join(tmpdir(), 'linkages-sample-parquet-')), 'families.parquet');
    await db.exec(
      `COPY (SELECT * FROM read_csv('sample-data/families.csv', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it("holds the manifest's fingerprint equal to what the loader makes of the sample today", async () => {
    const report = await loadExtract(
      db,
      ['families', 'children', 'adults'].map((t) => at(`sample-data/${t}.csv`)),
    );
    expect(familiesLoaded(report)).toBe(5999);
    expect(bundled.content.families).toEqual({
      rows: 5999,
      fingerprint: await loadedFamiliesFingerprint(db),
    });
    await expect(isSampleContent(db, report)).resolves.toBe(true);
  });

  it("knows the sample's families read from Parquet as the sample", async () => {
    const report = await loadExtract(db, [at(parquet)]);
    expect(report.files.map((f) => [f.fileName, f.table, f.error])).toEqual([
      ['families.parquet', 'families', null],
    ]);
    await expect(isSampleContent(db, report)).resolves.toBe(true);
  });

  it('calls an edited copy (one unit changed, or one family fewer) not the sample', async () => {
    const unit = editedFamilies((lines) => {
      lines[1] = lines[1]!.replace(/,([A-Z]{3}-[A-Za-z]+),/, ',$1x,');
    });
    const changed = await loadExtract(db, [at(unit)]);
    expect(familiesLoaded(changed)).toBe(5999);
    await expect(isSampleContent(db, changed)).resolves.toBe(false);
    const fewer = editedFamilies((lines) => {
      lines.splice(1, 1);
    });
    const shorter = await loadExtract(db, [at(fewer)]);
    expect(familiesLoaded(shorter)).toBe(5998);
    await expect(isSampleContent(db, shorter)).resolves.toBe(false);
  });

  it('names an upload of the sample as Parquet the synthetic sample, not an upload to keep', async () => {
    const session = new ExtractSession(db);
    try {
      const loaded = await session.load({
        source: 'upload',
        label: 'families.parquet',
        files: [at(parquet)],
      });
      expect(loaded).toMatchObject({ source: 'upload', synthetic: true });
      expect(dataSourceOf(loaded!)).toEqual({ kind: 'sample', fileNames: ['families.parquet'] });
      expect(isOwnUpload(loaded!)).toBe(false);
      const county = await session.load({
        source: 'upload',
        label: 'families.csv',
        files: [at(editedFamilies((lines) => lines.splice(1, 1)))],
      });
      expect(county!.synthetic).toBeUndefined();
      expect(dataSourceOf(county!).kind).toBe('county');
      expect(isOwnUpload(county!)).toBe(true);
    } finally {
      await session.dispose();
    }
  });
});
