// Which loaded files are the bundled synthetic sample, known by their content (never by a file's
// name): the one rule the command line (src/cli/data-source.ts, hashing with node:crypto) and the
// browser's upload (src/queries/sample-upload.ts, hashing with crypto.subtle) both apply, so that
// the sample is never passed off as county data and a mix of the two is never loaded.
import bundled from '../../sample-data/synthetic.json';
import type { DataSource } from './provenance';

/** The bundled sample's `contentHash`es (SHA-256 hex of the bytes with CRLF read as LF). */
export const SAMPLE_HASHES: ReadonlySet<string> = new Set(Object.values(bundled.files));

/**
 * Bytes: no file larger than this can be the sample, so it need not be read to be hashed. The
 * largest sample file as written (LF line endings) doubled: a copy with CRLF line endings adds at
 * most one byte per byte.
 */
export const SAMPLE_MAX_BYTES = 2 * Math.max(...Object.values(bundled.bytes));

/**
 * The source of loaded files, named by base name, from whether each is the sample
 * (`synthetic[i]`, same order): the synthetic sample when every file is, county data when none
 * is. A mix of the two is refused (`{ error }`, a sentence naming the files): its numbers would be
 * neither the sample's nor the county's.
 */
export function sampleOrCounty(
  fileNames: readonly string[],
  synthetic: readonly boolean[],
): DataSource | { error: string } {
  if (synthetic.every(Boolean)) return { kind: 'sample', fileNames };
  if (!synthetic.some(Boolean)) return { kind: 'county', fileNames };
  const sample = fileNames.filter((_, i) => synthetic[i]);
  const county = fileNames.filter((_, i) => !synthetic[i]);
  return {
    error:
      `${sample.join(', ')} ${sample.length > 1 ? 'are' : 'is'} from the synthetic sample ` +
      `but ${county.join(', ')} ${county.length > 1 ? 'are' : 'is'} not: load the sample or your county's files, not a mix`,
  };
}
