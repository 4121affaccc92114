import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/cli/data-source';
import {
  SAMPLE_HASHES,
  SAMPLE_MAX_BYTES,
  sampleOrCounty,
} from '../../../src/measures/sample-files';
import { browserContentHash, sourceOfFiles } from '../../../src/queries/sample-upload';

const SAMPLE_FILES = ['families.csv', 'children.csv', 'adults.csv'];
const bytesOf = (name: string) => new Uint8Array(readFileSync(`sample-data/${name}`));
/** The file with every line ending rewritten as `eol` (children.csv is written with CRLF, the others LF). */
const withEol = (bytes: Uint8Array, eol: string) =>
  new Uint8Array(
    Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\r?\n/g, eol), 'latin1'),
  );
const asFile = (fileName: string, bytes: Uint8Array) => ({
  fileName,
  source: { kind: 'file' as const, file: new File([bytes as Uint8Array<ArrayBuffer>], fileName) },
});

describe('the sample known by its content (one rule for the command line and the upload)', () => {
  it('decides all sample, all county, or refuses a mix with the command line sentence', () => {
    const names = ['families.csv', 'children.csv', 'adults.csv'];
    expect(sampleOrCounty(names, [true, true, true])).toEqual({ kind: 'sample', fileNames: names });
    expect(sampleOrCounty(names, [false, false, false])).toEqual({
      kind: 'county',
      fileNames: names,
    });
    expect(sampleOrCounty(names, [true, false, true])).toEqual({
      error:
        "families.csv, adults.csv are from the synthetic sample but children.csv is not: load the sample or your county's files, not a mix",
    });
    expect(sampleOrCounty(names.slice(0, 2), [false, true])).toEqual({
      error:
        "children.csv is from the synthetic sample but families.csv is not: load the sample or your county's files, not a mix",
    });
  });

  it('hashes in the browser as the command line does, CRLF read as LF', async () => {
    expect(SAMPLE_HASHES.size).toBe(3);
    for (const name of SAMPLE_FILES) {
      const lf = bytesOf(name);
      const hash = await browserContentHash(lf);
      expect(hash).toBe(contentHash(lf));
      expect(SAMPLE_HASHES.has(hash)).toBe(true);
      const windows = withEol(lf, '\r\n');
      const unix = withEol(lf, '\n');
      expect(windows.length).toBeGreaterThan(unix.length);
      expect(windows.length).toBeLessThanOrEqual(SAMPLE_MAX_BYTES);
      expect(await browserContentHash(windows)).toBe(hash);
      expect(await browserContentHash(unix)).toBe(hash);
    }
  });

  it('names uploaded sample files the sample, a CRLF copy included; other files county; a mix refused', async () => {
    const sample = SAMPLE_FILES.map((name) => asFile(name, bytesOf(name)));
    expect(await sourceOfFiles(sample)).toEqual({ kind: 'sample', fileNames: SAMPLE_FILES });
    for (const eol of ['\r\n', '\n']) {
      const copies = SAMPLE_FILES.map((name) => ({
        fileName: name,
        source: { kind: 'bytes' as const, bytes: withEol(bytesOf(name), eol) },
      }));
      expect(await sourceOfFiles(copies)).toEqual({ kind: 'sample', fileNames: SAMPLE_FILES });
    }

    // children.csv with one line changed is not the sample's.
    const lines = Buffer.from(bytesOf('children.csv')).toString('latin1').split('\r\n');
    lines[1] = lines[1]!.replace(/.$/, (c) => (c === '1' ? '2' : '1'));
    const changed = asFile(
      'children.csv',
      new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1')),
    );
    expect(await sourceOfFiles([sample[0]!, changed])).toEqual({
      error:
        "families.csv is from the synthetic sample but children.csv is not: load the sample or your county's files, not a mix",
    });
    expect(await sourceOfFiles([changed])).toEqual({ kind: 'county', fileNames: ['children.csv'] });
  });

  it('never reads a file larger than any sample file could be', async () => {
    let read = false;
    class Unread extends File {
      override arrayBuffer(): Promise<ArrayBuffer> {
        read = true;
        return super.arrayBuffer();
      }
    }
    const big = new Unread([new Uint8Array(SAMPLE_MAX_BYTES + 1)], 'families.csv');
    expect(
      await sourceOfFiles([{ fileName: 'families.csv', source: { kind: 'file', file: big } }]),
    ).toEqual({ kind: 'county', fileNames: ['families.csv'] });
    expect(read).toBe(false);
  });
});
