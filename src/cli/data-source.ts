// Which files the command line reads are the synthetic sample: recognized by their content, never
// by a folder's or a file's name, so that a copy of the sample is never called county data and a
// county's file dropped beside a sample's manifest is never called synthetic.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SYNTHETIC_SOURCE, type DataSource } from '../measures/provenance';
import { SAMPLE_HASHES, sampleOrCounty, type SampleContent } from '../measures/sample-files';

/** The manifest the sample generator writes beside the files it writes. */
export const SYNTHETIC_MANIFEST = 'synthetic.json';

export interface SyntheticManifest {
  source: typeof SYNTHETIC_SOURCE;
  note: string;
  /** File name → `contentHash` of the file as written. */
  files: Record<string, string>;
  /** File name → its size as written, in bytes (the browser hashes no file much larger). */
  bytes?: Record<string, number>;
  /** What the loader makes of the files (isSampleContent in src/measures/sample-files.ts). */
  content?: { families: SampleContent };
}

/**
 * SHA-256 (hex) of a file's bytes with CRLF read as LF, so that a checkout that rewrites line
 * endings (git's autocrlf) still recognizes the sample.
 */
export function contentHash(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1').replaceAll('\r\n', '\n');
  return createHash('sha256').update(text, 'latin1').digest('hex');
}

/** Writes `dir/synthetic.json` naming each written file's content hash (the generator's last step). */
export function writeSyntheticManifest(
  dir: string,
  fileNames: readonly string[],
  note: string,
): void {
  const manifest: SyntheticManifest = {
    source: SYNTHETIC_SOURCE,
    note,
    files: Object.fromEntries(
      fileNames.map((name) => [name, contentHash(readFileSync(join(dir, name)))]),
    ),
    bytes: Object.fromEntries(fileNames.map((name) => [name, statSync(join(dir, name)).size])),
  };
  writeFileSync(join(dir, SYNTHETIC_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Adds to `dir/synthetic.json` what the loader made of its files (`content`, after the generator
 * loads them), by which a load of the sample from any file format is known as the sample.
 */
export function addSampleContent(dir: string, families: SampleContent): void {
  const path = join(dir, SYNTHETIC_MANIFEST);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as SyntheticManifest;
  writeFileSync(
    path,
    `${JSON.stringify({ ...manifest, content: { families } } satisfies SyntheticManifest, null, 2)}\n`,
  );
}

function manifestHashes(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<SyntheticManifest>;
    return new Set(Object.values(manifest.files ?? {}));
  } catch {
    return new Set();
  }
}

/**
 * The source of the files read from `dir`, named by base name: the synthetic sample when every
 * file's content hash is in a generator's manifest (the folder's own, or the bundled sample's),
 * county data when none is. A mix of the two is refused (`{ error }`): its numbers would be
 * neither the sample's nor the county's (the rule: sampleOrCounty in src/measures/sample-files.ts).
 */
export function dataSourceOfFolder(
  dir: string,
  fileNames: readonly string[],
): DataSource | { error: string } {
  const known = new Set([...SAMPLE_HASHES, ...manifestHashes(join(dir, SYNTHETIC_MANIFEST))]);
  return sampleOrCounty(
    fileNames.map((name) => basename(name)),
    fileNames.map((name) => known.has(contentHash(readFileSync(join(dir, name))))),
  );
}
