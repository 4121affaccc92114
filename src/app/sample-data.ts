import type { ExtractFile } from '../dataset/load-extract';
import familiesUrl from '../../sample-data/families.csv?url';
import childrenUrl from '../../sample-data/children.csv?url';
import adultsUrl from '../../sample-data/adults.csv?url';

const SAMPLE = [
  ['families.csv', familiesUrl],
  ['children.csv', childrenUrl],
  ['adults.csv', adultsUrl],
] as const;

/** The bundled synthetic extract, served from the app's own origin. */
export async function fetchSampleExtract(): Promise<ExtractFile[]> {
  return Promise.all(
    SAMPLE.map(async ([fileName, url]) => {
      const response = await fetch(url);
      if (!response.ok)
        throw new Error(`Could not read the bundled ${fileName} (${response.status})`);
      return {
        fileName,
        source: { kind: 'bytes' as const, bytes: new Uint8Array(await response.arrayBuffer()) },
      };
    }),
  );
}
