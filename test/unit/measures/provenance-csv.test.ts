import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { sql } from '../../../src/db/sql';
import { loadExtract, type ExtractFile } from '../../../src/dataset/load-extract';
import {
  provenanceCsvLines,
  provenanceOf,
  withProvenanceCsv,
} from '../../../src/measures/provenance';

const REFERENCE = resolve(import.meta.dirname, '../../fixtures/case-reference');

const sample = provenanceOf(
  { kind: 'sample', fileNames: ['families.csv', 'children.csv', 'adults.csv'] },
  '2025-09-30',
  { period: 'quarter', filters: {} },
);
const county = provenanceOf(
  { kind: 'county', fileNames: ['fresno families.csv', 'Linkages "Q2" book.xlsx — children'] },
  '2025-06-30',
  {
    period: 'year',
    filters: { counties: ['Fresno', 'Kern'], units: ['FRE-1', 'FRE-2'], cohortTo: '2024' },
  },
);

function textFile(fileName: string, text: string): ExtractFile {
  return { fileName, source: { kind: 'bytes', bytes: new TextEncoder().encode(text) } };
}

describe('provenance in a CSV file', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes four "# Label,value" lines for the sample', () => {
    expect(provenanceCsvLines(sample)).toEqual([
      '# Source,Synthetic sample — not county data',
      '# Data through,2025-09-30',
      '# View,Quarterly cohorts · all counties · all units · all cohorts',
      '# Suppression,Counts of 1–10 and numbers that would reveal them masked',
    ]);
  });

  it("quotes a county's file names and filters as one cell each", () => {
    expect(withProvenanceCsv(county, 'a,b\r\n1,2\r\n').split('\r\n')).toEqual([
      '# Source,"County extract: fresno families.csv, Linkages ""Q2"" book.xlsx — children"',
      '# Data through,2025-06-30',
      '# View,"Yearly cohorts · Fresno, Kern · units FRE-1, FRE-2 · cohorts to 2024"',
      '# Suppression,Counts of 1–10 and numbers that would reveal them masked',
      'a,b',
      '1,2',
      '',
    ]);
  });

  it('is read by our loader as the same file: the provenance lines are title lines above the header', async () => {
    const plain = readFileSync(join(REFERENCE, 'families.csv'), 'utf8');
    const before = await loadExtract(db, [textFile('families.csv', plain)]);
    const after = await loadExtract(db, [
      textFile(
        'families.csv',
        `\uFEFF${withProvenanceCsv(county, plain.replaceAll(/\r?\n/g, '\r\n'))}`,
      ),
    ]);
    const [a, b] = [before.files[0]!, after.files[0]!];
    expect(b.error).toBeNull();
    expect([b.rows, b.loaded, b.warnings, b.rejected]).toEqual([
      a.rows,
      a.loaded,
      a.warnings,
      a.rejected,
    ]);
    expect(b.rows).toBeGreaterThan(0);
    expect(b.columns.matched).toEqual(a.columns.matched);
    expect(after.dataThrough).toBe(before.dataThrough);
  });

  it("is read by DuckDB's CSV reader with comment = '#', header first", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkages-provenance-csv-'));
    const path = join(dir, 'chart.csv');
    writeFileSync(path, withProvenanceCsv(county, 'Cohort,Linkages rate\r\n2024,0.5\r\n'));
    const rows = await db.query<{ Cohort: string; rate: number }>(
      sql`SELECT CAST("Cohort" AS VARCHAR) AS "Cohort", CAST("Linkages rate" AS DOUBLE) AS rate
          FROM read_csv(${path}, comment = '#', header = true)`,
    );
    expect(rows).toEqual([{ Cohort: '2024', rate: 0.5 }]);
  });
});
