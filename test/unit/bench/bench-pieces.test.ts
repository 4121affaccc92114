import { basename, join } from 'node:path';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract } from '../../../src/dataset/load-extract';
import { BENCH_VIEWS, computeDashboard, viewHash } from '../../../bench/dashboard-work';
import { MemberTables } from '../../../src/measures/member-tables';
import { ensureExtract, parseSize } from '../../../bench/extracts';
import {
  baselinesTable,
  formatRatio,
  median,
  replaceResultsBlock,
  resultsTable,
} from '../../../bench/report';
import { timeDb } from '../../../bench/timed-db';

const root = mkdtempSync(join(tmpdir(), 'linkages-bench-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the benchmark', () => {
  it('reads sizes like 100k, 1M and 2.5M as children rows', () => {
    expect(parseSize('100k')).toBe(100_000);
    expect(parseSize('1M')).toBe(1_000_000);
    expect(parseSize('2.5M')).toBe(2_500_000);
    expect(parseSize('1200')).toBe(1200);
    expect(() => parseSize('lots')).toThrow(/not a size/);
  });

  it('names the sample, the county size and the workbook case', () => {
    expect(parseSize('sample')).toBe(4800);
    expect(parseSize('county')).toBe(16_000);
    expect(parseSize('workbook')).toBe(80_000);
  });

  it("judges each engine against its own baseline and issue 18's targets", () => {
    const engine = (e: 'app' | 'wasm-bare' | 'node-bare' | 'cli', fields: object) => ({
      engine: e,
      runs: 1,
      failures: [],
      readyMs: null,
      filterMs: null,
      cohortSizeMs: null,
      peakBytes: null,
      jsHeapPeakBytes: null,
      ...fields,
    });
    const table = baselinesTable([
      {
        label: 'sample',
        rows: { families: 6000, children: 4800, adults: 7400 },
        bytes: 1,
        engines: [
          engine('wasm-bare', {
            extra: {
              instantiateMs: 4000,
              textReadMs: 600,
              warmInstantiateMs: 3000,
              warmTextReadMs: 500,
            },
          }),
          engine('app', { readyMs: 6000, extra: { warmStartMs: 3500 } }),
          engine('node-bare', { extra: { instantiateMs: 20, textReadMs: 100, typedReadMs: 90 } }),
          engine('cli', { readyMs: 250 }),
        ],
      },
    ]);
    // Cold: 6.0 s against 1.5 × (4.0 + 0.6) s; warm: 3.5 s against 3 s.
    expect(table).toContain(
      '| sample | cold | 4.00 s | 0.60 s | — | 6.00 s (page open) | 1.3× | met (limit 6.90 s) |',
    );
    expect(table).toContain(
      '| sample | warm | 3.00 s | 0.50 s | — | 3.50 s (page open) | 1.0× | not met (limit 3.00 s) |',
    );
    expect(table).toContain('| 2.5× | not met (limit 0.20 s) |');
  });

  it('takes the median of an odd and an even number of runs', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(formatRatio(250, 100)).toBe('2.5×');
    expect(formatRatio(null, 100)).toBe('—');
  });

  it('writes the views as the app writes its hash', () => {
    expect(viewHash(BENCH_VIEWS.first)).toBe('overview');
    expect(viewHash(BENCH_VIEWS.filter)).toBe('overview?counties=Fresno');
    expect(viewHash(BENCH_VIEWS.cohortSize)).toBe('overview?period=year');
  });

  it('times each statement under the load phase the loader last announced', async () => {
    const { db, log, setPhase } = timeDb(await createNodeDb({ threads: 1 }));
    try {
      setPhase('read');
      await db.exec('CREATE TABLE t AS SELECT 1 AS a');
      setPhase('store');
      await db.query('SELECT a FROM t');
      setPhase('query');
      await db.transaction(['DROP TABLE t']);
      expect(log.map((e) => [e.phase, e.text])).toEqual([
        ['read', 'CREATE TABLE t AS SELECT 1 AS a'],
        ['store', 'SELECT a FROM t'],
        ['query', 'DROP TABLE t'],
      ]);
    } finally {
      await db.close();
    }
  });

  it('replaces only its own generated block of the benchmarks page', () => {
    const doc =
      '# B\n\n<!-- bench:results:1M:start -->\nold\n<!-- bench:results:1M:end -->\n\n' +
      '<!-- bench:results:3M:start -->\nbig\n<!-- bench:results:3M:end -->\nfindings\n';
    expect(replaceResultsBlock(doc, '1M', 'new')).toBe(
      '# B\n\n<!-- bench:results:1M:start -->\nnew\n<!-- bench:results:1M:end -->\n\n' +
        '<!-- bench:results:3M:start -->\nbig\n<!-- bench:results:3M:end -->\nfindings\n',
    );
    expect(replaceResultsBlock('# B\n', '100k', 'new')).toBe(
      '# B\n\n<!-- bench:results:100k:start -->\nnew\n<!-- bench:results:100k:end -->\n',
    );
  });

  it('generates a seeded extract once, reuses it, and times the dashboard on it', async () => {
    const first = ensureExtract(root, '1000', 7);
    const written = statSync(first.paths[1]!).mtimeMs;
    const again = ensureExtract(root, '1000', 7);
    expect(statSync(again.paths[1]!).mtimeMs).toBe(written);
    expect(again.rows).toEqual(first.rows);
    expect(first.paths.map((p) => basename(p))).toEqual([
      'families.csv',
      'children.csv',
      'adults.csv',
    ]);

    const { db, log, setPhase } = timeDb(await createNodeDb({ threads: 1 }));
    try {
      const report = await loadExtract(
        db,
        first.paths.map((path) => ({ fileName: basename(path), source: { kind: 'path', path } })),
        { onPhase: setPhase },
      );
      expect(report.fatal).toBeNull();
      expect(new Set(log.map((e) => e.phase))).toEqual(
        new Set(['setup', 'read', 'inspect', 'normalize', 'validate', 'store']),
      );
      log.splice(0);
      setPhase('query');
      const members = new MemberTables(db);
      const timings = await computeDashboard(
        db,
        report.dataThrough!,
        BENCH_VIEWS.first,
        members,
        log,
      );
      expect(log.some((e) => e.phase === 'query' && e.text.includes('TABLE "members_'))).toBe(true);
      expect(timings.map((t) => `${t.measure}/${t.by}`)).toContain('time-to-reunification/pooled');
      expect(timings.every((t) => t.dbMs <= t.totalMs)).toBe(true);
      // Each measure's first view makes its tables (time in DuckDB); a time to event pooled
      // after it sends no statement: its times, read whole by the first, are summed again.
      const pooled = timings.filter((t) => t.by === 'pooled');
      expect(pooled.length).toBeGreaterThan(0);
      expect(pooled.every((t) => t.dbMs === 0)).toBe(true);
      expect(timings.filter((t) => t.by !== 'pooled').every((t) => t.dbMs > 0)).toBe(true);
    } finally {
      await db.close();
    }
    expect(
      resultsTable([
        {
          label: '1000',
          rows: first.rows,
          bytes: first.bytes,
          engines: [
            {
              engine: 'node',
              runs: 1,
              failures: [],
              readyMs: 1000,
              filterMs: 50,
              cohortSizeMs: 60,
              peakBytes: 2 ** 28,
              jsHeapPeakBytes: null,
            },
            {
              engine: 'app',
              runs: 2,
              failures: ['the tab crashed'],
              readyMs: null,
              filterMs: null,
              cohortSizeMs: null,
              longestTaskMs: 42,
              peakBytes: null,
              jsHeapPeakBytes: null,
            },
          ],
        },
      ]),
    ).toContain(
      [
        '| 1000 | Native DuckDB (Node, all cores) | 1.00 s | 1.0× | 50 ms | 60 ms | — | 256 MiB | — | 1/1 |',
        '| 1000 | App (DuckDB-wasm, Chromium) | — | — | — | — | 42 ms | — | — | 1/2 (the tab crashed) |',
      ].join('\n'),
    );
  });
});
