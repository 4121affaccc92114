import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { writeSampleData } from '../scripts/generate-sample-data';
import { CALIFORNIA_COUNTIES, TABLES, type TableName } from '../src/dataset/schema';
import {
  SAMPLE_EXTRACT,
  type ExtractSummary,
  type SyntheticOptions,
} from '../src/synthetic/synthetic-extract';

/** The generator writes about 0.8 child episodes per family (1.2 adults). */
const CHILDREN_PER_FAMILY = 0.8;

export interface BenchExtract {
  /** The size label asked for, e.g. `1M`. */
  label: string;
  dir: string;
  /** families.csv, children.csv, adults.csv, in that order. */
  paths: string[];
  rows: Record<TableName, number>;
  bytes: number;
  dataThrough: string;
}

/** The bundled synthetic sample (sample-data/), which the app opens on. */
export const SAMPLE_SIZE = 'sample';
/** A county's extract: the sample's shape (five counties, a county system's messy export), 20,000 families. */
export const COUNTY_SIZE = 'county';
export const COUNTY_FAMILIES = 20_000;
/** The 100,000-row Excel workbook case (bench/workbook.ts), not an extract size. */
export const WORKBOOK_SIZE = 'workbook';

/** `sample`, `county`, `workbook`, `100k`, `1M`, `2.5M` or a plain number of children rows. */
export function parseSize(label: string): number {
  if (label === SAMPLE_SIZE) return Math.round(SAMPLE_EXTRACT.families * CHILDREN_PER_FAMILY);
  if (label === COUNTY_SIZE) return Math.round(COUNTY_FAMILIES * CHILDREN_PER_FAMILY);
  if (label === WORKBOOK_SIZE) return 80_000;
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(label.trim());
  if (!match) throw new Error(`"${label}" is not a size like 100k, 1M or 250000`);
  const scale = { '': 1, k: 1e3, m: 1e6 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

/**
 * A statewide extract: every California county, three years of index dates, clean canonical
 * headers and values (a state system's export), so the plain-JavaScript baseline can read it
 * without the app's header matching and value normalization.
 */
export function extractOptions(childrenRows: number, seed: number): Partial<SyntheticOptions> {
  return {
    seed,
    families: Math.max(1, Math.round(childrenRows / CHILDREN_PER_FAMILY)),
    startDate: SAMPLE_EXTRACT.startDate,
    endDate: SAMPLE_EXTRACT.endDate,
    dataThrough: SAMPLE_EXTRACT.dataThrough,
    counties: [...CALIFORNIA_COUNTIES],
    mess: false,
  };
}

interface Stamp {
  options: Partial<SyntheticOptions>;
  summary: ExtractSummary;
}

/** The data rows of a CSV file (records, quoted line breaks inside a value counted once). */
function countRecords(path: string): number {
  return Papa.parse(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data.length - 1;
}

/** The bundled sample, as the app serves it: sample-data/*.csv. */
export function sampleExtract(dir = resolve('sample-data')): BenchExtract {
  const paths = TABLES.map((t) => join(dir, t.fileName));
  const rows = Object.fromEntries(
    TABLES.map((t, i) => [t.name, countRecords(paths[i]!)]),
  ) as Record<TableName, number>;
  return {
    label: SAMPLE_SIZE,
    dir,
    paths,
    rows,
    bytes: paths.reduce((sum, p) => sum + statSync(p).size, 0),
    dataThrough: SAMPLE_EXTRACT.dataThrough,
  };
}

/**
 * Writes the extract into `root/children-<label>-seed<seed>/` unless one with the same options
 * is there; `sample` is the bundled sample itself, `county` the sample's shape at 20,000 families.
 */
export function ensureExtract(
  root: string,
  label: string,
  seed: number,
  log: (line: string) => void = () => {},
): BenchExtract {
  if (label === SAMPLE_SIZE) return sampleExtract();
  const options =
    label === COUNTY_SIZE
      ? { ...SAMPLE_EXTRACT, seed, families: COUNTY_FAMILIES }
      : extractOptions(parseSize(label), seed);
  const dir = join(root, `children-${label}-seed${String(seed)}`);
  const stampPath = join(dir, 'extract.json');
  const paths = TABLES.map((t) => join(dir, t.fileName));
  let stamp: Stamp | null = null;
  if (existsSync(stampPath) && paths.every((p) => existsSync(p))) {
    const previous = JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp;
    if (JSON.stringify(previous.options) === JSON.stringify(options)) stamp = previous;
  }
  if (stamp) {
    log(`reusing ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log(`generating ${dir} (${String(options.families)} families)…`);
    const started = performance.now();
    const summary = writeSampleData(dir, options);
    stamp = { options, summary };
    writeFileSync(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
    log(`  written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return {
    label,
    dir,
    paths,
    rows: stamp.summary.rows,
    bytes: paths.reduce((sum, p) => sum + statSync(p).size, 0),
    dataThrough: stamp.summary.dataThrough,
  };
}
