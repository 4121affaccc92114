import { resolve } from 'node:path';
import type { ExtractFile, FileReport } from '../../../src/dataset/load-extract';

/** A file's row counts: read, loaded, loaded with warnings, rejected. */
export const counts = (file: FileReport | undefined) =>
  file && {
    rows: file.rows,
    loaded: file.loaded,
    warnings: file.warnings,
    rejected: file.rejected,
  };

export type SampleFile = 'families.csv' | 'children.csv' | 'adults.csv';

/** A file of the committed synthetic extract, on disk. */
export const samplePath = (name: SampleFile) => resolve('sample-data', name);

/** The committed synthetic extract's files as paths on disk, in the order given. */
export function sampleFiles(
  names: readonly SampleFile[] = ['families.csv', 'children.csv', 'adults.csv'],
): ExtractFile[] {
  return names.map((fileName) => ({
    fileName,
    source: { kind: 'path', path: samplePath(fileName) },
  }));
}
