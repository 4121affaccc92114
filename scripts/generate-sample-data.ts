// `npm run sample-data [-- --out DIR --families N --seed S --clean]`: writes the synthetic
// Linkages extract (families.csv, children.csv, adults.csv), then what the loader makes of it
// (prepared/: the app opens the sample from these), and says what it wrote.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { tableSpec, type TableName } from '../src/dataset/schema';
import { addSampleContent, writeSyntheticManifest } from '../src/cli/data-source';
import { createNodeDb } from '../src/db/node-client';
import { loadExtract } from '../src/dataset/load-extract';
import { prepareLoadedExtract } from '../src/dataset/prepared-extract';
import { prepareMemberTables } from '../src/measures/prepare-member-tables';
import {
  familiesLoaded,
  loadedFamiliesFingerprint,
  type SampleContent,
} from '../src/measures/sample-files';
import type { PreparedSample } from '../src/queries/extract-session';
import {
  SAMPLE_EXTRACT,
  writeSyntheticExtract,
  type ExtractSummary,
  type SyntheticOptions,
} from '../src/synthetic/synthetic-extract';

const TABLE_NAMES: readonly TableName[] = ['families', 'children', 'adults'];

/**
 * Writes the three files into `dir` (created if missing), streaming, then `synthetic.json`, the
 * manifest by which the command line knows them as the synthetic sample; returns the row counts.
 */
export function writeSampleData(
  dir: string,
  options: Partial<SyntheticOptions> = {},
): ExtractSummary {
  mkdirSync(dir, { recursive: true });
  const files = new Map(
    TABLE_NAMES.map((name) => [name, openSync(join(dir, tableSpec(name).fileName), 'w')]),
  );
  let summary: ExtractSummary;
  try {
    summary = writeSyntheticExtract(options, (table, text) => {
      writeSync(files.get(table)!, text);
    });
  } finally {
    for (const fd of files.values()) closeSync(fd);
  }
  const { seed, families } = { ...SAMPLE_EXTRACT, ...options };
  writeSyntheticManifest(
    dir,
    TABLE_NAMES.map((name) => tableSpec(name).fileName),
    `Written by scripts/generate-sample-data.ts (seed ${String(seed)}, ${String(families)} families). ` +
      "The measures command line and the dashboard's upload know these files by their SHA-256 as the synthetic sample.",
  );
  return summary;
}

/** Where the prepared sample is written, inside the sample's folder (src/app/sample-data.ts reads them). */
export const PREPARED_FILES = {
  manifest: join('prepared', 'manifest.json'),
  arrows: join('prepared', 'tables.arrows'),
  members: join('prepared', 'member-tables.json'),
  memberArrows: join('prepared', 'member-tables.arrows'),
};

/**
 * The three files in `dir` through the real loader on native DuckDB, and what it left: the load
 * report and every loaded table (prepared-extract.ts), and the member tables and kept values of
 * every measure it can show (prepare-member-tables.ts). Throws if the load is not usable.
 */
export async function prepareSample(
  dir: string,
): Promise<Required<PreparedSample> & { content: SampleContent }> {
  const db = await createNodeDb();
  try {
    const files = TABLE_NAMES.map((name) => {
      const fileName = tableSpec(name).fileName;
      return { fileName, source: { kind: 'path' as const, path: join(dir, fileName) } };
    });
    const report = await loadExtract(db, files);
    if (report.fatal !== null || report.needsDataThrough)
      throw new Error(`The sample did not load: ${report.fatal ?? 'no data-through date'}`);
    const prepared = await prepareLoadedExtract(db, report);
    return {
      ...prepared,
      members: await prepareMemberTables(db, report.dataThrough ?? ''),
      content: { rows: familiesLoaded(report), fingerprint: await loadedFamiliesFingerprint(db) },
    };
  } finally {
    await db.close();
  }
}

/** The manifest as written to its file (stable key order, two-space indent, final newline). */
export function manifestText(prepared: Pick<PreparedSample, 'manifest'>): string {
  return `${JSON.stringify(prepared.manifest, null, 2)}\n`;
}

/** The member tables' list as written to its file (keys in order, compact, final newline). */
export function membersText(members: Required<PreparedSample>['members']): string {
  return `${JSON.stringify(members.prepared)}\n`;
}

/** Writes `prepareSample(dir)` into `dir`'s PREPARED_FILES. */
export async function writePreparedSample(dir: string): Promise<Required<PreparedSample>> {
  const prepared = await prepareSample(dir);
  mkdirSync(join(dir, 'prepared'), { recursive: true });
  writeFileSync(join(dir, PREPARED_FILES.manifest), manifestText(prepared));
  writeFileSync(join(dir, PREPARED_FILES.arrows), prepared.arrows);
  writeFileSync(join(dir, PREPARED_FILES.members), membersText(prepared.members));
  writeFileSync(join(dir, PREPARED_FILES.memberArrows), prepared.members.arrows);
  addSampleContent(dir, prepared.content);
  return prepared;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'sample-data' },
      families: { type: 'string', default: String(SAMPLE_EXTRACT.families) },
      seed: { type: 'string', default: String(SAMPLE_EXTRACT.seed) },
      clean: { type: 'boolean', default: false },
    },
  });
  const families = Number(values.families);
  const seed = Number(values.seed);
  if (!Number.isInteger(families) || families < 1 || !Number.isInteger(seed)) {
    console.error('Usage: generate-sample-data [--out DIR] [--families N] [--seed S] [--clean]');
    process.exit(2);
  }
  const dir = resolve(values.out);
  const started = performance.now();
  const summary = writeSampleData(dir, { families, seed, mess: !values.clean });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const name of TABLE_NAMES) {
    console.log(
      `${join(dir, tableSpec(name).fileName)}: ${summary.rows[name].toLocaleString('en-US')} rows`,
    );
  }
  console.log(
    `data through ${summary.dataThrough}; seed ${seed}; ${values.clean ? 'clean' : 'messy'}; ${seconds}s`,
  );
  for (const error of summary.deliberateErrors) {
    console.log(`deliberate row error: ${error.table} line ${error.line}: ${error.problem}`);
  }
  const prepared = await writePreparedSample(dir);
  console.log(
    `${join(dir, PREPARED_FILES.manifest)} and ${join(dir, PREPARED_FILES.arrows)}: the loader's ` +
      `report and ${String(prepared.manifest.tables.length)} tables (${prepared.arrows.length.toLocaleString('en-US')} bytes)`,
  );
  console.log(
    `${join(dir, PREPARED_FILES.members)} and ${join(dir, PREPARED_FILES.memberArrows)}: ` +
      `${String(prepared.members.prepared.tables.length)} member tables (${prepared.members.arrows.length.toLocaleString('en-US')} bytes) ` +
      `and ${String(prepared.members.prepared.values.length)} kept values`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
