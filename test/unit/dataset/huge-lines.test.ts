import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract } from '../../../src/dataset/load-extract';

const HEADER = 'family_id,county,unit_id,group,mutual_start_date\n';

describe('files with absurd lines', () => {
  let db: DbClient;
  const dir = mkdtempSync(join(tmpdir(), 'linkages-huge-'));
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  async function load(text: string) {
    const path = join(dir, `families-${String(text.length)}.csv`);
    writeFileSync(path, text);
    return loadExtract(db, [{ fileName: 'families.csv', source: { kind: 'path', path } }], {
      dataThrough: '2025-01-01',
    });
  }

  it('rejects a row with a 3 MB cell and loads the others (DuckDB alone would fail the whole file)', async () => {
    const report = await load(
      `${HEADER}F1,Fresno,U1,linkages,${'x'.repeat(3_000_000)}\nF2,Fresno,U1,linkages,2024-01-02\n`,
    );
    const [families] = report.files;
    expect(report.fatal).toBeNull();
    expect(families).toMatchObject({ rows: 2, loaded: 1, warnings: 0, rejected: 1 });
    const issue = families!.issues[0]!;
    expect(issue.reason).toBe(
      'the line is longer than 1 MB, which no record of the extract is, so it was not read (check how the file was exported)',
    );
    expect(issue.examples[0]!.rowNo).toBe(2);
    // The row's start, cut as every shown value is.
    expect(issue.examples[0]!.value).toBe(`F1,Fresno,U1,linkages,${'x'.repeat(178)}…`);
  });

  it("rejects a row with a 9 MB cell too (past the first read's line limit) and loads the others", async () => {
    const report = await load(
      `${HEADER}F1,Fresno,U1,linkages,2024-01-02\nF2,Fresno,U1,linkages,${'x'.repeat(9_000_000)}\nF3,Fresno,U1,linkages,2024-01-03\n`,
    );
    const [families] = report.files;
    expect(report.fatal).toBeNull();
    expect(families).toMatchObject({ rows: 3, loaded: 2, warnings: 0, rejected: 1 });
    expect(families!.issues[0]!.examples[0]!.rowNo).toBe(3);
  });

  it('refuses a header row of thousands of columns before DuckDB reads it', async () => {
    const report = await load(`${'a,'.repeat(3000)}a\n1\n`);
    expect(report.files[0]!.error).toBe(
      'The header row of families.csv has 3,001 columns; an extract has a few dozen at most. Check that it is a Linkages extract with one header row.',
    );
  });

  it('refuses a first row longer than 256 KB with no line end', async () => {
    const report = await load('x'.repeat(300_000));
    expect(report.files[0]!.error).toBe(
      'The first row of families.csv is longer than 256 KB, which no header row is. Check that it is a Linkages extract with one header row and one line per record.',
    );
  });
});
