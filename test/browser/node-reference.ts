import { resolve } from 'node:path';
import { createNodeDb } from '../../src/db/node-client';
import { loadExtract, type LoadReport } from '../../src/dataset/load-extract';
import type { DbClient } from '../../src/db/client';

/** The sample extract loaded by the Node engine: the reference the browser must agree with. */
export async function loadSampleInNode(): Promise<{ db: DbClient; report: LoadReport }> {
  const db = await createNodeDb();
  const files = ['families.csv', 'children.csv', 'adults.csv'].map((fileName) => ({
    fileName,
    source: { kind: 'path' as const, path: resolve('sample-data', fileName) },
  }));
  const report = await loadExtract(db, files);
  return { db, report };
}
