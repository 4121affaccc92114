import type { ExtractFile } from '../dataset/load-extract';
import type { DataSource } from '../measures/provenance';
import { SAMPLE_HASHES, SAMPLE_MAX_BYTES, sampleOrCounty } from '../measures/sample-files';

/** A file's bytes with every CRLF read as LF (a copy saved with Windows line endings). */
function withLf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x0d && bytes[i + 1] === 0x0a) continue;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

/** SHA-256 (hex) of `bytes` with CRLF read as LF: the command line's `contentHash`, in the browser. */
export async function browserContentHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', withLf(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether `file` is one of the bundled sample's files; a file too large to be one is not read. */
async function isSampleFile(file: ExtractFile): Promise<boolean> {
  const { source } = file;
  if (source.kind === 'path') return false;
  const size = source.kind === 'file' ? source.file.size : source.bytes.length;
  if (size > SAMPLE_MAX_BYTES) return false;
  const bytes =
    source.kind === 'file' ? new Uint8Array(await source.file.arrayBuffer()) : source.bytes;
  return SAMPLE_HASHES.has(await browserContentHash(bytes));
}

/**
 * The source of files the evaluator loads (`fileName`s, in order): the synthetic sample when
 * every file's content is the bundled sample's, county data when none is, `{ error }` (the
 * command line's sentence) for a mix, which is not to be loaded. Files larger than any sample
 * file could be (SAMPLE_MAX_BYTES) are never read for this.
 */
export async function sourceOfFiles(
  files: readonly ExtractFile[],
): Promise<DataSource | { error: string }> {
  const synthetic = await Promise.all(files.map(isSampleFile));
  return sampleOrCounty(
    files.map((f) => f.fileName),
    synthetic,
  );
}
