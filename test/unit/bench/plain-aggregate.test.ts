import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract } from '../../../src/dataset/load-extract';
import { TABLES } from '../../../src/dataset/schema';
import { syntheticExtractText } from '../../../src/synthetic/synthetic-extract';
import { findMeasure } from '../../../src/measures/catalog';
import { runMeasure } from '../../../src/measures/run-measure';
import type { MeasureRequest } from '../../../src/measures/types';
import { extractOptions } from '../../../bench/extracts';
import {
  addMonths,
  computePlainMeasures,
  parseDay,
  type CsvRow,
  type PlainView,
} from '../../../bench/plain/aggregate';

const { files, summary } = syntheticExtractText(extractOptions(1500, 11));
const parse = (text: string) =>
  Papa.parse<CsvRow>(text, { header: true, skipEmptyLines: true }).data;
const families = parse(files.families);
const children = parse(files.children);

let db: DbClient;

beforeAll(async () => {
  db = await createNodeDb({ threads: 1 });
  const encoder = new TextEncoder();
  const report = await loadExtract(
    db,
    TABLES.map((t) => ({
      fileName: t.fileName,
      source: { kind: 'bytes', bytes: encoder.encode(files[t.name]) },
    })),
  );
  expect(report.fatal).toBeNull();
});

afterAll(async () => {
  await db.close();
});

/** The measure's rows by county, cohort and group, unsuppressed, as the plain baseline shapes them. */
async function measureCells(id: string, view: PlainView) {
  const measure = findMeasure(id);
  if (!measure) throw new Error(id);
  const request: MeasureRequest = {
    by: ['county', 'cohort'],
    period: view.period,
    filters: view.counties ? { counties: [...view.counties] } : {},
    dataThrough: summary.dataThrough,
  };
  const result = await runMeasure(db, measure, request);
  return result.rows.map((row) => {
    const cell = row as unknown as Record<string, unknown>;
    return Object.fromEntries(
      ['county', 'cohort', 'group', 'count', 'denominator', 'numerator', 'windowNotComplete']
        .filter((key) => cell[key] !== undefined)
        .map((key) => [key, cell[key]]),
    );
  });
}

describe('the plain-JavaScript benchmark baseline', () => {
  it('reads ISO dates and adds calendar months clamped to the month end', () => {
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('')).toBeNull();
    expect(addMonths(parseDay('2024-02-29')!, 12)).toBe(parseDay('2025-02-28'));
    expect(addMonths(parseDay('2023-01-31')!, 1)).toBe(parseDay('2023-02-28'));
  });

  for (const view of [
    { period: 'quarter' },
    { period: 'year' },
    { period: 'quarter', counties: ['Fresno', 'Yolo'] },
  ] satisfies PlainView[]) {
    it(`computes the same cells as the measure SQL (${JSON.stringify(view)})`, async () => {
      const plain = computePlainMeasures(families, children, summary.dataThrough, view);
      for (const [id, cells] of Object.entries(plain)) {
        const expected = await measureCells(id, view);
        expect(expected.length).toBeGreaterThan(0);
        expect(cells).toEqual(expected);
      }
    });
  }
});
