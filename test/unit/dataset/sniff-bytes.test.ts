import { describe, expect, it } from 'vitest';
import { decodeWindows1252, describeBinary, isParquet } from '../../../src/dataset/sniff-bytes';

describe('decoding Windows-1252', () => {
  it('maps 0x80–0x9F to the characters Windows gives them, and the rest as Latin-1', () => {
    expect(
      decodeWindows1252(Uint8Array.from([0x80, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f])),
    ).toBe('€’“”–—™Ÿ');
    expect(decodeWindows1252(Uint8Array.from([0x50, 0x65, 0xf1, 0x61, 0xe9]))).toBe('Peñaé');
  });
});

describe('recognizing files that are not CSV', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('names PDF, Excel and other binary files, and lets Parquet through to its reader', () => {
    expect(describeBinary('a.csv', bytes('%PDF-1.7'))).toMatch(/^a\.csv is a PDF document/);
    expect(describeBinary('a.csv', Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toMatch(
      /^a\.csv is an Excel workbook/,
    );
    expect(describeBinary('a.csv', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).toMatch(
      /^a\.csv is an Excel workbook/,
    );
    expect(describeBinary('a.parquet', bytes('x'))).toBeNull();
    expect(describeBinary('a.bin', bytes('PAR1\u0015\u0000'))).toBeNull();
    expect(isParquet('a.PARQUET', bytes('x'))).toBe(true);
    expect(isParquet('a.bin', bytes('PAR1'))).toBe(true);
    expect(isParquet('a.csv', bytes('family_id'))).toBe(false);
    expect(describeBinary('a.csv', Uint8Array.from([0x61, 0x00, 0x62]))).toMatch(
      /^a\.csv is not a text file/,
    );
  });
  it('names random bytes and a gzip file, which hold few NUL bytes', () => {
    // 4,096 bytes of a fixed pseudo-random sequence (Park–Miller): few NUL bytes, under the one
    // in twenty that NUL alone would need, but hundreds of control bytes.
    let state = 7;
    const random = Uint8Array.from({ length: 4096 }, () => {
      state = (state * 48271) % 2147483647;
      return state & 0xff;
    });
    expect(random.filter((b) => b === 0).length).toBeLessThan(4096 / 20);
    expect(describeBinary('families.csv', random)).toBe(
      'families.csv is not a text file (it holds binary data). Export the table as CSV and load that file.',
    );
    expect(describeBinary('children.csv', Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x61]))).toBe(
      'children.csv is a compressed (gzip) file, not a CSV file. Decompress it and load the CSV file inside.',
    );
  });
  it('lets text through', () => {
    expect(describeBinary('a.csv', bytes('family_id,county\nF1,Fresno\n'))).toBeNull();
  });
  it('lets text with tabs, form feeds and a DOS end-of-file mark through', () => {
    expect(
      describeBinary('a.csv', bytes('family_id\tcounty\fx\r\nF1\tFresno\r\n\u001a')),
    ).toBeNull();
  });
  it('lets text with a stray NUL byte through (the value loses it, with a warning)', () => {
    expect(
      describeBinary('a.csv', bytes('family_id,county\nF1\u0000,Fresno\nF2,Kern\n')),
    ).toBeNull();
  });
});
