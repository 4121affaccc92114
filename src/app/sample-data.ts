import type { ExtractRequest } from '../queries/extract';
import type { PreparedManifest } from '../dataset/prepared-extract';
import type { PreparedMemberTables } from '../measures/member-tables';
import type { PreparedSample } from '../queries/extract-session';
import familiesUrl from '../../sample-data/families.csv?url';
import childrenUrl from '../../sample-data/children.csv?url';
import adultsUrl from '../../sample-data/adults.csv?url';
import preparedManifestUrl from '../../sample-data/prepared/manifest.json?url';
import preparedTablesUrl from '../../sample-data/prepared/tables.arrows?url';
import preparedMembersUrl from '../../sample-data/prepared/member-tables.json?url';
import preparedMemberArrowsUrl from '../../sample-data/prepared/member-tables.arrows?url';

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
 * What the loader makes of the sample, and the member tables of its first dashboard, written by
 * `npm run sample-data` (prepared-extract.ts, prepare-member-tables.ts) and served beside it;
 * fetched once per page, the four files at once. Without the member tables (their files could
 * not be read) the dashboard computes them.
 */
let prepared: Promise<PreparedSample> | null = null;
function fetchPreparedSample(): Promise<PreparedSample> {
  if (prepared) return prepared;
  const decode = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
  // Fetched only here, once: each call of the page's `prepared` (every load and reload of the
  // sample) fetched and parsed the member tables' 1.5 MB again.
  const members = Promise.all([
    fetchBytes(preparedMembersUrl, 'sample member tables'),
    fetchBytes(preparedMemberArrowsUrl, 'sample member tables'),
  ]).then(
    ([list, arrows]) => ({ prepared: decode(list) as PreparedMemberTables, arrows }),
    () => null,
  );
  prepared = Promise.all([
    fetchBytes(preparedManifestUrl, 'sample tables'),
    fetchBytes(preparedTablesUrl, 'sample tables'),
    members,
  ]).then(([manifest, arrows, memberTables]) => ({
    manifest: decode(manifest) as PreparedManifest,
    arrows,
    ...(memberTables ? { members: memberTables } : {}),
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
