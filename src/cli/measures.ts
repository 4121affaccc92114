// `npm run --silent measures -- --data DIR [--through YYYY-MM-DD] [--by county,cohort]
//   [--period quarter|half|year] [--no-suppress] [--format json|csv] [--baseline]`
// The same loader and measure SQL as the browser, on DuckDB in Node; JSON or CSV on stdout.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeDb } from '../db/node-client';
import { GUARD_REASONS } from '../dataset/file-guard';
import { loadExtract, type ExtractFile, type LoadReport } from '../dataset/load-extract';
import { TABLES } from '../dataset/schema';
import { catalogToCsv } from '../measures/baseline-csv';
import { runCatalog, validationSummary } from '../measures/run-catalog';
import { dataSourceOfFolder } from './data-source';
import type { DataSource } from '../measures/provenance';
import { isSampleContent } from '../measures/sample-files';
import type { ByKey } from '../measures/types';
import { DEFAULT_PERIOD, PERIODS } from '../measures/cohorts';

class UsageError extends Error {}

/** What `--help` prints: every option, in the words of measures.md's command line. */
const USAGE = `Usage: npm run --silent measures -- --data DIR [options]

Loads the extract in DIR (families.csv, children.csv, adults.csv, or .parquet files with the same
columns, or Excel workbooks) with the dashboard's own loader, computes every measure, and writes
them to standard output. Nothing is sent anywhere.

Options:
  --data DIR                 the folder holding the extract's files (required)
  --through YYYY-MM-DD       the data-through date, when the files carry none
  --by county,cohort         breakdown: county, cohort, county,cohort (default) or none
  --period quarter|half|year cohort size (default quarter)
  --format json|csv          output format (default json)
  --baseline                 add the groups-at-baseline table
  --no-suppress              show small cells (internal use only, never for publication)
  --help                     this text
`;

/**
 * One line per file and kind of row the pre-read guard took out (file-guard.ts), naming the
 * rows: the JSON's validation block counts them, this says which and why.
 */
function guardedRowLines(report: LoadReport): string[] {
  const reasons = new Set<string>(Object.values(GUARD_REASONS));
  return report.files.flatMap((file) =>
    file.issues
      .filter((issue) => reasons.has(issue.reason))
      .map((issue) => {
        const rows = issue.examples.map((e) => String(e.rowNo)).join(', ');
        const more =
          issue.count > issue.examples.length
            ? ` and ${String(issue.count - issue.examples.length)} more`
            : '';
        return `measures: ${file.fileName}: ${issue.count === 1 ? 'row' : 'rows'} ${rows}${more} not loaded: ${issue.reason}\n`;
      }),
  );
}

/**
 * Why a loaded extract has no data-through date, and what to do: its families file's
 * data_through_date values could not be read as dates (the first one named, with its row), or
 * it has none.
 */
function noDataThroughLine(report: LoadReport): string {
  for (const file of report.files) {
    const unread = file.issues.find(
      (i) =>
        i.column === 'data_through_date' && i.reason.startsWith('data_through_date is not a date'),
    );
    const example = unread?.examples[0];
    if (unread !== undefined && example !== undefined) {
      return (
        `the data_through_date values in ${file.fileName} could not be read as dates ` +
        `(e.g. "${example.value ?? ''}" on row ${String(example.rowNo)}); write them as YYYY-MM-DD ` +
        'and run again, or pass --through YYYY-MM-DD'
      );
    }
  }
  return 'the extract has no data_through_date; pass --through YYYY-MM-DD';
}

function parseBy(value: string): ByKey[] {
  if (value === 'none') return [];
  const keys = value.split(',').map((k) => k.trim());
  if (keys.length === 0 || keys.some((k) => k !== 'county' && k !== 'cohort')) {
    throw new UsageError(`--by takes county, cohort, county,cohort or none (got "${value}")`);
  }
  return keys as ByKey[];
}

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      through: { type: 'string' },
      by: { type: 'string', default: 'county,cohort' },
      period: { type: 'string', default: DEFAULT_PERIOD },
      'no-suppress': { type: 'boolean', default: false },
      format: { type: 'string', default: 'json' },
      baseline: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  if (!values.data)
    throw new UsageError('--data DIR is required (the folder holding families.csv or a workbook)');
  if (!existsSync(values.data) || !statSync(values.data).isDirectory()) {
    throw new UsageError(`--data ${values.data} is not a folder`);
  }
  if (values.through !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.through)) {
    throw new UsageError(`--through takes a date as YYYY-MM-DD (got "${values.through}")`);
  }
  const period = PERIODS.find((p) => p === values.period);
  if (!period)
    throw new UsageError(`--period takes quarter, half or year (got "${values.period}")`);
  if (values.format !== 'json' && values.format !== 'csv') {
    throw new UsageError(`--format takes json or csv (got "${values.format}")`);
  }
  return {
    dir: values.data,
    through: values.through,
    by: parseBy(values.by),
    period,
    suppress: !values['no-suppress'],
    format: values.format,
    baseline: values.baseline,
  };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    // parseArgs' own errors (an unknown option) say nothing of what the options are.
    const hint = error instanceof UsageError ? '' : 'Run with --help for the options.\n';
    process.stderr.write(`measures: ${(error as Error).message}\n${hint}`);
    return 2;
  }
  if (parsed === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  const args = parsed;
  // Each table as CSV, or else as Parquet with the same columns (`families.parquet`), and every
  // Excel workbook in the folder (its sheets recognized by their columns; Excel's "~$" lock files aside).
  const path = (fileName: string) => ({
    fileName,
    source: { kind: 'path' as const, path: join(args.dir, fileName) },
  });
  const tables: ExtractFile[] = TABLES.flatMap((t) => {
    const fileName = [t.fileName, `${t.name}.parquet`].find((name) =>
      existsSync(join(args.dir, name)),
    );
    return fileName ? [path(fileName)] : [];
  });
  const workbooks = readdirSync(args.dir)
    .filter((name) => /\.xls[xm]?$/i.test(name) && !name.startsWith('~$'))
    .sort()
    .map(path);
  const files = [...tables, ...workbooks];
  if (!files.some((f) => f.fileName.startsWith('families.')) && workbooks.length === 0) {
    process.stderr.write(
      `measures: ${join(args.dir, 'families.csv')} is missing (or families.parquet, or an Excel workbook); it is required\n`,
    );
    return 2;
  }

  const filesSource = dataSourceOfFolder(
    args.dir,
    files.map((f) => f.fileName),
  );
  if ('error' in filesSource) {
    process.stderr.write(`measures: ${filesSource.error}\n`);
    return 2;
  }

  const db = await createNodeDb();
  try {
    const report = await loadExtract(db, files, args.through ? { dataThrough: args.through } : {});
    for (const line of guardedRowLines(report)) process.stderr.write(line);
    const fileError = report.files.find((f) => f.error)?.error;
    if (report.fatal || fileError) {
      process.stderr.write(`measures: ${report.fatal ?? fileError ?? ''}\n`);
      return 2;
    }
    if (!report.dataThrough) {
      process.stderr.write(`measures: ${noDataThroughLine(report)}\n`);
      return 2;
    }
    // A load of the sample from another format (a workbook, Parquet) is the sample too.
    const source: DataSource =
      filesSource.kind === 'county' && (await isSampleContent(db, report))
        ? { ...filesSource, kind: 'sample' }
        : filesSource;
    const json = await runCatalog(db, {
      source,
      dataThrough: report.dataThrough,
      by: args.by,
      period: args.period,
      suppress: args.suppress,
      baseline: args.baseline,
      validation: validationSummary(report),
    });
    process.stdout.write(
      args.format === 'csv' ? catalogToCsv(json) : `${JSON.stringify(json, null, 2)}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`measures: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
