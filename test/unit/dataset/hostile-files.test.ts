import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient, FileSource } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import {
  GUARD_REASONS,
  MAX_GUARDED_ROWS,
  MAX_PARQUET_ROWS,
  MAX_PARQUET_TEXT_BYTES,
  describeParquetProblem,
  readParquetSize,
} from '../../../src/dataset/file-guard';
import { loadExtract, type FileReport } from '../../../src/dataset/load-extract';
import { counts } from './helpers';

const HEADER = 'family_id,county,unit_id,group,mutual_start_date';
const row = (id: number) => `F${String(id)},Fresno,U1,linkages,2024-01-${String(10 + (id % 10))}`;
/** A row of `fields` fields: a record's five, then empty ones. */
const wide = (id: number, fields: number) => `${row(id)}${','.repeat(fields - 5)}`;

function rejectedRows(file: FileReport | undefined, reason: string): number[] {
  const issue = file?.issues.find((i) => i.reason === reason);
  return issue?.examples.map((e) => e.rowNo) ?? [];
}

describe('hostile files: rows no record could be are taken out before DuckDB reads the file', () => {
  let db: DbClient;
  const dir = mkdtempSync(join(tmpdir(), 'linkages-hostile-'));
  beforeAll(async () => {
    db = await createNodeDb();
  });
  afterAll(async () => {
    await db.close();
  });

  function onDisk(name: string, text: string | Uint8Array): FileSource {
    const path = join(dir, name);
    writeFileSync(path, text);
    return { kind: 'path', path };
  }

  async function load(source: FileSource) {
    return loadExtract(db, [{ fileName: 'families.csv', source }], { dataThrough: '2025-01-01' });
  }

  it('rejects rows of 50,000 fields, naming their rows, and loads the others (on disk, held bytes, a File)', async () => {
    const text = [HEADER, row(1), wide(2, 50_000), row(3), wide(4, 50_000), row(5), ''].join('\n');
    const sources: FileSource[] = [
      onDisk('wide.csv', text),
      { kind: 'bytes', bytes: new TextEncoder().encode(text) },
      { kind: 'file', file: new File([text], 'families.csv') },
    ];
    for (const source of sources) {
      const report = await load(source);
      expect(report.fatal).toBeNull();
      const [families] = report.files;
      expect(counts(families)).toEqual({ rows: 5, loaded: 3, warnings: 0, rejected: 2 });
      expect(rejectedRows(families, GUARD_REASONS['ROW TOO WIDE'])).toEqual([3, 5]);
    }
  });

  it('counts fields outside quotes only, and leaves a row a few fields too wide to the reader', async () => {
    const quoted = `F2,Fresno,U1,linkages,"${','.repeat(5_000)}"`;
    const report = await load(
      onDisk('quoted.csv', [HEADER, row(1), quoted, `${row(3)},x,y`, ''].join('\n')),
    );
    const [families] = report.files;
    expect(counts(families)).toEqual({ rows: 3, loaded: 1, warnings: 0, rejected: 2 });
    expect(rejectedRows(families, GUARD_REASONS['ROW TOO WIDE'])).toEqual([]);
    expect(
      rejectedRows(
        families,
        'the line has more fields than the header (check quotes and delimiters)',
      ),
    ).toEqual([4]);
  });

  it('numbers a taken-out row as its spreadsheet row, after CRLF line ends, blank lines and a value with a line break', async () => {
    const text = [
      HEADER,
      row(1),
      '',
      'F2,Fresno,U1,"linkages',
      'pilot",2024-01-02',
      wide(3, 1_000),
      row(4),
      '',
    ].join('\r\n');
    const report = await load(onDisk('crlf.csv', text));
    const [families] = report.files;
    // Header 1, F1 2, blank 3, F2 4 (two lines, one record), the wide row 5, F4 6.
    expect(rejectedRows(families, GUARD_REASONS['ROW TOO WIDE'])).toEqual([5]);
    expect(families?.rows).toBe(4);
  });

  it('rejects a 20 MB single row (the whole file failed before), naming its row; with no other row the file cannot load', async () => {
    const text = `${HEADER}\nF1,Fresno,U1,linkages,${'x'.repeat(20 * 1024 * 1024)}\n`;
    const report = await load(onDisk('long.csv', text));
    const [families] = report.files;
    expect(counts(families)).toEqual({ rows: 1, loaded: 0, warnings: 0, rejected: 1 });
    expect(rejectedRows(families, GUARD_REASONS['ROW TOO LONG'])).toEqual([2]);
    expect(report.fatal).toBe(
      'No family could be loaded from families.csv: every row was rejected. See its errors, fix the file and load it again.',
    );
  });

  it('refuses a file with more rows that no record could be than MAX_GUARDED_ROWS, naming the first', async () => {
    const lines = [HEADER, row(1)];
    for (let i = 0; i <= MAX_GUARDED_ROWS; i++) lines.push(wide(i + 2, 70));
    const report = await load(onDisk('many-wide.csv', `${lines.join('\n')}\n`));
    expect(report.files[0]!.error).toBe(
      'families.csv has more than 10,000 rows that no record of the extract could be (the first is row 3: more than twice as many fields as the header). Check that it is a Linkages extract file with one record per line, export it again, and load the new file.',
    );
  });

  it('reads the file at most 4 MB at a time to check it', async () => {
    const text = `${HEADER}\n${row(1)}\n${'F2,'.repeat(4 * 1024 * 1024)}\n${row(3)}\n`;
    const source = onDisk('chunks.csv', text);
    const ranges: number[] = [];
    const recording: DbClient = {
      ...db,
      readBytes: (s, start, end) => {
        ranges.push(end - start);
        return db.readBytes(s, start, end);
      },
    };
    const report = await loadExtract(recording, [{ fileName: 'families.csv', source }], {
      dataThrough: '2025-01-01',
    });
    expect(rejectedRows(report.files[0], GUARD_REASONS['ROW TOO LONG'])).toEqual([3]);
    expect(Math.max(...ranges)).toBe(4 * 1024 * 1024);
    expect(counts(report.files[0])).toEqual({ rows: 3, loaded: 2, warnings: 0, rejected: 1 });
  });

  it('checks a UTF-16 file once it is UTF-8', async () => {
    const text = `\uFEFF${[HEADER, row(1), wide(2, 20_000), row(3), ''].join('\r\n')}`;
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16[2 * i] = text.charCodeAt(i) & 0xff;
      utf16[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const report = await load(onDisk('utf16.csv', utf16));
    expect(rejectedRows(report.files[0], GUARD_REASONS['ROW TOO WIDE'])).toEqual([3]);
    expect(counts(report.files[0])).toEqual({ rows: 3, loaded: 2, warnings: 0, rejected: 1 });
  });

  it('refuses a Parquet file of more than 5,000,000 rows from its footer, before reading its rows', async () => {
    const path = join(dir, 'expands.parquet');
    const rows = MAX_PARQUET_ROWS + 1_000_000;
    await db.exec(
      `COPY (SELECT 'F1' AS family_id, 'Fresno' AS county FROM range(${String(rows)}))
       TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`,
    );
    // A small file on disk: its rows are one value repeated.
    expect(readFileSync(path).length).toBeLessThan(1024 * 1024);
    expect(await readParquetSize(db, { kind: 'path', path })).toMatchObject({
      rows,
      columns: 2,
    });
    let read = false;
    const watching: DbClient = {
      ...db,
      createTableFromParquet: (...args) => {
        read = true;
        return db.createTableFromParquet(...args);
      },
    };
    const report = await loadExtract(
      watching,
      [{ fileName: 'families.parquet', source: { kind: 'path', path } }],
      { dataThrough: '2025-01-01' },
    );
    expect(read).toBe(false);
    expect(report.files[0]!.error).toBe(
      'families.parquet holds 6,000,000 rows (its own metadata says so); an extract file holds at most 5,000,000, so row 5,000,002 onwards would not fit in memory, and the file was not read. Check that it is a Linkages extract file; a larger extract can be split by county and each part loaded on its own.',
    );
  });

  it('refuses a small Parquet file whose repeated values expand past MAX_PARQUET_TEXT_BYTES as text, before making its table', async () => {
    // 300,000 rows of a 4,000-byte value stored once (dictionary encoding): the footer's
    // uncompressed size is small, the text is 300,000 × (2 + 4,000 + 6) bytes = 1,146 MB.
    const path = join(dir, 'bomb.parquet');
    await db.exec(
      `COPY (SELECT 'F1' AS family_id, repeat('U', 4000) AS unit_id, 'Fresno' AS county FROM range(300000))
       TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
    );
    expect(readFileSync(path).length).toBeLessThan(1024 * 1024);
    const footer = await readParquetSize(db, { kind: 'path', path });
    expect(footer!.rows).toBe(300_000);
    expect(footer!.bytes).toBeLessThan(MAX_PARQUET_TEXT_BYTES);
    expect(await db.parquetTextBytes({ kind: 'path', path }, MAX_PARQUET_TEXT_BYTES)).toBe(
      300_000 * 4_008,
    );
    let read = false;
    const watching: DbClient = {
      ...db,
      createTableFromParquet: (...args) => {
        read = true;
        return db.createTableFromParquet(...args);
      },
    };
    const report = await loadExtract(
      watching,
      [{ fileName: 'families.parquet', source: { kind: 'path', path } }],
      { dataThrough: '2025-01-01' },
    );
    expect(read).toBe(false);
    expect(report.files[0]!.error).toBe(
      'families.parquet holds 300,000 rows whose values take 1,146 MB or more once read as text (a value repeated in many rows is stored once in the file, which is why it is small), more than the 1,024 MB this dashboard can hold, so the file was not read. Check that it is a Linkages extract file; a larger extract can be split by county and each part loaded on its own.',
    );
  });

  it('counts a Parquet file as text against a lowered limit: refused just over it, read at it', async () => {
    const path = join(dir, 'counted.parquet');
    // 1,000 rows: 'F' and 3 digits (4 bytes), a date (10), a number as text ('1.5': 3), NULL (0).
    await db.exec(
      `COPY (SELECT 'F' || (1000 + range)::VARCHAR AS family_id, DATE '2024-01-01' AS d, 1.5::DOUBLE AS x,
                    NULL::VARCHAR AS blank FROM range(1000))
       TO '${path}' (FORMAT parquet)`,
    );
    const source: FileSource = { kind: 'path', path };
    expect(await db.parquetTextBytes(source, 0)).toBe(1000 * (5 + 10 + 3));
    expect(await describeParquetProblem(db, 'families.parquet', source, 18_000)).toBeNull();
    expect(await describeParquetProblem(db, 'families.parquet', source, 17_999)).toBe(
      'families.parquet holds 1,000 rows whose values take 1 MB or more once read as text (a value repeated in many rows is stored once in the file, which is why it is small), more than the 1 MB this dashboard can hold, so the file was not read. Check that it is a Linkages extract file; a larger extract can be split by county and each part loaded on its own.',
    );
  });

  it('loads a file of 1,999 columns (the widest header allowed, nearly) and still finds an identifier column among the last', async () => {
    // Per-column statements are made in batches: one statement over every column took minutes.
    const extra = Array.from({ length: 1_999 - 5 }, (_, i) => `x${String(i)}`);
    const ssnAt = extra.length - 3;
    const lines = [
      `${HEADER},${extra.join(',')}`,
      ...[1, 2, 3, 4].map((id) => {
        const cells = extra.map((_, i) =>
          i === ssnAt ? `123-45-${String(6780 + id)}` : i % 2 === 0 ? '1' : ' N/A ',
        );
        return `${row(id)},${cells.join(',')}`;
      }),
      '',
    ];
    const report = await load(onDisk('families.csv', lines.join('\n')));
    expect(report.fatal).toBeNull();
    const [families] = report.files;
    expect(counts(families)).toEqual({ rows: 4, loaded: 4, warnings: 0, rejected: 0 });
    expect(families!.columns.privacy).toEqual([
      {
        header: `x${String(ssnAt)}`,
        why: 'values look like Social Security numbers (###-##-####)',
      },
    ]);
    expect(families!.columns.ignored).toHaveLength(extra.length - 1);
    expect(families!.columns.matched.map((m) => m.column)).toEqual([
      'family_id',
      'county',
      'unit_id',
      'group',
      'mutual_start_date',
    ]);
  });

  it('reads a Parquet footer of many row groups and leaves a damaged footer to the reader', async () => {
    const path = join(dir, 'groups.parquet');
    await db.exec(
      `COPY (SELECT range AS family_id, 'x' AS a, 1.5 AS b, DATE '2024-01-01' AS c FROM range(10000))
       TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
    );
    const found = await readParquetSize(db, { kind: 'path', path });
    expect(found).toMatchObject({ rows: 10_000, columns: 4 });
    expect(found!.bytes).toBeGreaterThan(0);
    const damaged = readFileSync(path);
    damaged.fill(0xff, damaged.length - 200, damaged.length - 8);
    expect(await readParquetSize(db, { kind: 'bytes', bytes: damaged })).toBeNull();
  });
});
