// Which loaded files are the bundled synthetic sample, known by their content (never by a file's
// name): the one rule the command line (src/cli/data-source.ts, hashing with node:crypto) and the
// browser's upload (src/queries/sample-upload.ts, hashing with crypto.subtle) both apply, so that
// the sample is never passed off as county data and a mix of the two is never loaded; and, once
// loaded, by the content of its families table (a workbook, a Parquet file or an edited copy made
// from the sample), the one rule both apply after a load (isSampleContent).
import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import type { LoadReport } from '../dataset/report';
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

/** What the bundled sample's loaded families table holds (`npm run sample-data` writes it). */
export interface SampleContent {
  /** Families loaded. */
  rows: number;
  /** SHA-256 hex of familiesFingerprintText, the loaded families table's key columns. */
  fingerprint: string;
}

const SAMPLE_CONTENT: SampleContent = bundled.content.families;

/**
 * SHA-256 (hex) of the loaded `families` table's key columns (family id, county, unit, group,
 * index date as ISO text), one line per family in family id order: what a load of the sample
 * holds whatever file it came from (CSV, workbook, Parquet; any column order or header names).
 */
export async function loadedFamiliesFingerprint(
  db: DbClient,
  signal?: AbortSignal,
): Promise<string> {
  const [row] = await db.query<{ text: string | null }>(
    sql`SELECT string_agg(concat_ws('|', family_id, coalesce(county, ''), coalesce(unit_id, ''),
          coalesce(CAST("group" AS VARCHAR), ''), coalesce(CAST(mutual_start_date AS VARCHAR), '')),
          chr(10) ORDER BY family_id) AS text
        FROM families`,
    signal,
  );
  const bytes = new TextEncoder().encode(row?.text ?? '');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Families in the loaded table by the loader's report: loaded clean plus loaded with warnings. */
export function familiesLoaded(report: Pick<LoadReport, 'files'>): number {
  return report.files
    .filter((file) => file.table === 'families' && !file.error)
    .reduce((sum, file) => sum + file.loaded + file.warnings, 0);
}

/**
 * Whether the extract just loaded (its `report`; tables `families`, …) is the bundled sample by
 * content: its families loaded are the sample's in number (no statement otherwise) and in their
 * fingerprint (loadedFamiliesFingerprint). So a sample converted to a workbook or Parquet, or
 * saved again by a spreadsheet, is still named the synthetic sample, never county data.
 */
export async function isSampleContent(
  db: DbClient,
  report: Pick<LoadReport, 'files'>,
  signal?: AbortSignal,
): Promise<boolean> {
  if (familiesLoaded(report) !== SAMPLE_CONTENT.rows) return false;
  return (await loadedFamiliesFingerprint(db, signal)) === SAMPLE_CONTENT.fingerprint;
}
