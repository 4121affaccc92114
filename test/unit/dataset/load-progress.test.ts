import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract, type LoadProgress } from '../../../src/dataset/load-extract';

describe('load progress', () => {
  it('tells each step as it starts and the rows of each file as soon as they are counted', async () => {
    const db = await createNodeDb();
    const steps: LoadProgress[] = [];
    const files = ['families.csv', 'children.csv', 'adults.csv'].map((fileName) => ({
      fileName,
      source: { kind: 'path' as const, path: resolve('sample-data', fileName) },
    }));
    await loadExtract(db, files, { onProgress: (step) => steps.push(step) });
    await db.close();
    expect(steps).toEqual([
      { step: 'reading', fileName: 'families.csv' },
      { step: 'read', fileName: 'families.csv', rows: 6001 },
      { step: 'reading', fileName: 'children.csv' },
      { step: 'read', fileName: 'children.csv', rows: 4859 },
      { step: 'reading', fileName: 'adults.csv' },
      { step: 'read', fileName: 'adults.csv', rows: 7401 },
      { step: 'checking', fileName: 'families.csv', rows: 6001 },
      { step: 'checking', fileName: 'children.csv', rows: 4859 },
      { step: 'checking', fileName: 'adults.csv', rows: 7401 },
    ]);
  });
});
