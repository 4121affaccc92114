import type { ExtractRequest } from '../queries/extract';
import type { PreparedExtract, PreparedManifest } from '../dataset/prepared-extract';
import familiesUrl from '../../sample-data/families.csv?url';
import childrenUrl from '../../sample-data/children.csv?url';
import adultsUrl from '../../sample-data/adults.csv?url';
import preparedManifestUrl from '../../sample-data/prepared/manifest.json?url';
import preparedTablesUrl from '../../sample-data/prepared/tables.arrows?url';

const SAMPLE = [
  ['families.csv', familiesUrl],
  ['children.csv', childrenUrl],
  ['adults.csv', adultsUrl],
] as const;

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not read the bundled ${what} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * What the loader makes of the sample, written by `npm run sample-data` (prepared-extract.ts)
 * and served beside it; fetched once per page, both files at once.
 */
let prepared: Promise<PreparedExtract> | null = null;
function fetchPreparedSample(): Promise<PreparedExtract> {
  prepared ??= Promise.all([
    fetchBytes(preparedManifestUrl, 'sample tables'),
    fetchBytes(preparedTablesUrl, 'sample tables'),
  ]).then(([manifest, arrows]) => ({
    manifest: JSON.parse(new TextDecoder().decode(manifest)) as PreparedManifest,
    arrows,
  }));
  prepared.catch(() => {
    prepared = null;
  });
  return prepared;
}

let sample: Promise<Pick<ExtractRequest, 'files' | 'prepared'>> | null = null;

/**
 * The bundled synthetic extract, served from the app's own origin: its three CSV files (loaded
 * by the loader if its prepared tables cannot be used) and its prepared tables, which the page
 * opens it from. Fetched once per page (the page calls it while the database starts, so that the
 * files are here when it is ready); a failed fetch is tried again on the next call.
 */
export function fetchSampleExtract(): Promise<Pick<ExtractRequest, 'files' | 'prepared'>> {
  sample ??= (async () => {
    void fetchPreparedSample().catch(() => undefined);
    const files = await Promise.all(
      SAMPLE.map(async ([fileName, url]) => ({
        fileName,
        source: { kind: 'bytes' as const, bytes: await fetchBytes(url, fileName) },
      })),
    );
    return { files, prepared: fetchPreparedSample };
  })();
  sample.catch(() => {
    sample = null;
  });
  return sample;
}
