// Which files the command line reads are the synthetic sample: recognized by their content, never
// by a folder's or a file's name, so that a copy of the sample is never called county data and a
// county's file dropped beside a sample's manifest is never called synthetic.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYNTHETIC_SOURCE, type DataSource } from '../measures/provenance';

/** The manifest the sample generator writes beside the files it writes. */
export const SYNTHETIC_MANIFEST = 'synthetic.json';

/** The bundled sample's manifest (sample-data/, written by scripts/generate-sample-data.ts). */
const BUNDLED_MANIFEST = fileURLToPath(
  new URL(`../../sample-data/${SYNTHETIC_MANIFEST}`, import.meta.url),
);

export interface SyntheticManifest {
  source: typeof SYNTHETIC_SOURCE;
  note: string;
  /** File name → `contentHash` of the file as written. */
  files: Record<string, string>;
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
  };
  writeFileSync(join(dir, SYNTHETIC_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
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
 * neither the sample's nor the county's.
 */
export function dataSourceOfFolder(
  dir: string,
  fileNames: readonly string[],
): DataSource | { error: string } {
  const known = new Set([
    ...manifestHashes(BUNDLED_MANIFEST),
    ...manifestHashes(join(dir, SYNTHETIC_MANIFEST)),
  ]);
  const names = fileNames.map((name) => basename(name));
  const synthetic = fileNames.map((name) => known.has(contentHash(readFileSync(join(dir, name)))));
  if (synthetic.every(Boolean)) return { kind: 'sample', fileNames: names };
  if (!synthetic.some(Boolean)) return { kind: 'county', fileNames: names };
  const sample = names.filter((_, i) => synthetic[i]);
  const county = names.filter((_, i) => !synthetic[i]);
  return {
    error:
      `${sample.join(', ')} ${sample.length > 1 ? 'are' : 'is'} from the synthetic sample ` +
      `but ${county.join(', ')} ${county.length > 1 ? 'are' : 'is'} not: load the sample or your county's files, not a mix`,
  };
}
