// `npm run sample-data [-- --out DIR --families N --seed S --clean]`: writes the synthetic
// Linkages extract (families.csv, children.csv, adults.csv) and says what it wrote.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { tableSpec, type TableName } from '../src/dataset/schema';
import { writeSyntheticManifest } from '../src/cli/data-source';
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
      'The measures command line knows these files by their SHA-256 as the synthetic sample.',
  );
  return summary;
}

function main(): void {
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
