import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import {
  loadExtract,
  type ExtractFile,
  type LoadProgress,
} from '../../../src/dataset/load-extract';
import { samplePath, sampleFiles, type SampleFile } from './helpers';

const ROWS: Record<SampleFile, number> = {
  'families.csv': 6001,
  'children.csv': 4859,
  'adults.csv': 7401,
};

async function load(files: ExtractFile[]) {
  const db = await createNodeDb();
  const steps: LoadProgress[] = [];
  const report = await loadExtract(db, files, { onProgress: (step) => steps.push(step) });
  const [counts] = await db.query<{ f: number; c: number; a: number }>(
    `SELECT (SELECT count(*) FROM families)::INTEGER AS f, (SELECT count(*) FROM children)::INTEGER AS c,
            (SELECT count(*) FROM adults)::INTEGER AS a`,
  );
  await db.close();
  return { steps, report, counts };
}

/** reading, read and checking of each file, in that order: one file is done before the next. */
function oneAtATime(order: { fileName: string; rows: number }[]): LoadProgress[] {
  return order.flatMap(({ fileName, rows }) => [
    { step: 'reading' as const, fileName },
    { step: 'read' as const, fileName, rows },
    { step: 'checking' as const, fileName, rows },
  ]);
}

describe('load order and progress', () => {
  it('reads, checks and stores one file before reading the next, families first, whatever order they are given in', async () => {
    const { steps, report, counts } = await load(
      sampleFiles(['adults.csv', 'children.csv', 'families.csv']),
    );
    expect(steps).toEqual(
      oneAtATime(
        (['families.csv', 'adults.csv', 'children.csv'] as const).map((fileName) => ({
          fileName,
          rows: ROWS[fileName],
        })),
      ),
    );
    expect(report.tables).toEqual(['families', 'children', 'adults']);
    expect(report.fatal).toBeNull();
    expect(counts).toEqual({ f: 5999, c: 4858, a: 7397 });
  });

  it('knows the families file by its header row when its name says nothing', async () => {
    const bytes = (name: SampleFile) => new Uint8Array(readFileSync(samplePath(name)));
    const { steps, counts } = await load([
      { fileName: 'export-1.csv', source: { kind: 'bytes', bytes: bytes('children.csv') } },
      { fileName: 'export-2.csv', source: { kind: 'bytes', bytes: bytes('families.csv') } },
    ]);
    expect(steps).toEqual(
      oneAtATime([
        { fileName: 'export-2.csv', rows: ROWS['families.csv'] },
        { fileName: 'export-1.csv', rows: ROWS['children.csv'] },
      ]),
    );
    expect(counts).toEqual({ f: 5999, c: 4858, a: 0 });
  });

  it('holds a file read before the families file until the families are stored', async () => {
    // Paths on disk are not looked into before they are read: only the names could tell.
    const dir = mkdtempSync(join(tmpdir(), 'load-order-'));
    copyFileSync(samplePath('children.csv'), join(dir, 'export-1.csv'));
    copyFileSync(samplePath('families.csv'), join(dir, 'export-2.csv'));
    const { steps, report, counts } = await load(
      ['export-1.csv', 'export-2.csv'].map((fileName) => ({
        fileName,
        source: { kind: 'path', path: join(dir, fileName) },
      })),
    );
    expect(steps).toEqual([
      { step: 'reading', fileName: 'export-1.csv' },
      { step: 'read', fileName: 'export-1.csv', rows: ROWS['children.csv'] },
      { step: 'reading', fileName: 'export-2.csv' },
      { step: 'read', fileName: 'export-2.csv', rows: ROWS['families.csv'] },
      { step: 'checking', fileName: 'export-2.csv', rows: ROWS['families.csv'] },
      { step: 'checking', fileName: 'export-1.csv', rows: ROWS['children.csv'] },
    ]);
    expect(report.tables).toEqual(['families', 'children']);
    expect(counts).toEqual({ f: 5999, c: 4858, a: 0 });
  });
});
