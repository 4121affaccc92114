import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { createNodeDb } from '../../../src/db/node-client';
import {
  CALIFORNIA_COUNTIES,
  TABLES,
  normalizeHeader,
  type TableName,
} from '../../../src/dataset/schema';
import { writeSampleData } from '../../../scripts/generate-sample-data';
import {
  MESSY_HEADERS,
  SAMPLE_EXTRACT,
  syntheticExtractChunks,
  syntheticExtractText,
} from '../../../src/synthetic/synthetic-extract';

type Rows = Record<string, string>[];

function parseClean(text: string): Rows {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, k) => [name, cells[k] ?? '']));
  });
}

function parseMessy(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

const clean = syntheticExtractText({ ...SAMPLE_EXTRACT, mess: false });
const messy = syntheticExtractText(SAMPLE_EXTRACT);
const families = parseClean(clean.files.families);
const children = parseClean(clean.files.children);
const adults = parseClean(clean.files.adults);

describe('the synthetic extract generator', () => {
  it('writes byte-identical files for the same seed', () => {
    const options = { families: 400, seed: 7 };
    expect(syntheticExtractText(options).files).toEqual(syntheticExtractText(options).files);
    expect(syntheticExtractText({ ...options, mess: false }).files).toEqual(
      syntheticExtractText({ ...options, mess: false }).files,
    );
  });

  it('writes different files for a different seed', () => {
    const one = syntheticExtractText({ families: 400, seed: 7 }).files;
    const other = syntheticExtractText({ families: 400, seed: 8 }).files;
    for (const table of ['families', 'children', 'adults'] as const) {
      expect(one[table]).not.toBe(other[table]);
    }
  });

  it('commits exactly what the default options write', async () => {
    for (const table of ['families', 'children', 'adults'] as const) {
      const committed = await readFile(resolve('sample-data', `${table}.csv`), 'utf8');
      expect(committed, `sample-data/${table}.csv: run npm run sample-data`).toBe(
        messy.files[table],
      );
    }
  });

  it('counts the rows it writes: 6,000 families, their episodes and adults, plus three bad rows', () => {
    expect(clean.summary.rows).toEqual({ families: 6000, children: 4858, adults: 7400 });
    expect(messy.summary.rows).toEqual({ families: 6001, children: 4859, adults: 7401 });
    expect(families).toHaveLength(6000);
    expect(children).toHaveLength(4858);
    expect(adults).toHaveLength(7400);
    expect(clean.summary.dataThrough).toBe('2025-09-30');
  });

  it('streams each file in chunks of about 64k characters', () => {
    const sizes: number[] = [];
    const text: Record<TableName, string> = { families: '', children: '', adults: '' };
    for (const chunk of syntheticExtractChunks({ families: 5000, seed: 3 })) {
      sizes.push(chunk.text.length);
      text[chunk.table] += chunk.text;
    }
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThan(65_536 + 400);
    expect(text).toEqual(syntheticExtractText({ families: 5000, seed: 3 }).files);
  });

  it('writes the three files to a folder, as npm run sample-data does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sample-'));
    const summary = writeSampleData(dir, { families: 300, seed: 11 });
    const { files } = syntheticExtractText({ families: 300, seed: 11 });
    for (const table of ['families', 'children', 'adults'] as const) {
      const text = await readFile(join(dir, `${table}.csv`), 'utf8');
      expect(text).toBe(files[table]);
      expect(text.trimEnd().split('\n')).toHaveLength(summary.rows[table] + 1);
    }
  });

  it('writes every schema column, in order, under its own name in the clean extract', () => {
    for (const spec of TABLES) {
      const header = clean.files[spec.name].split('\n')[0];
      expect(header).toBe(spec.columns.map((c) => c.name).join(','));
    }
  });

  it('writes spreadsheet headers in the messy extract that match every column after normalization', () => {
    for (const spec of TABLES) {
      const headers = parseMessy(messy.files[spec.name])[0] ?? [];
      expect(headers.slice(0, spec.columns.length)).toEqual(
        MESSY_HEADERS[spec.name].slice(0, spec.columns.length),
      );
      spec.columns.forEach((column, k) => {
        const accepted = [column.name, ...(column.synonyms ?? [])].map(normalizeHeader);
        expect(accepted).toContain(normalizeHeader(headers[k] ?? ''));
      });
    }
    expect(parseMessy(messy.files.families)[0]?.[15]).toBe('Region');
  });

  it('fills data_through_date on every family row', () => {
    expect(new Set(families.map((f) => f.data_through_date))).toEqual(new Set(['2025-09-30']));
  });

  it('dates no event after the data-through date in the clean extract', () => {
    const late = TABLES.flatMap((spec) => {
      const rows = { families, children, adults }[spec.name];
      const dates = spec.columns.filter((c) => c.type === 'date').map((c) => c.name);
      return rows.flatMap((row) => dates.filter((d) => (row[d] ?? '') > '2025-09-30'));
    });
    expect(late).toEqual([]);
  });

  it('spreads index dates from 2022-07-01 to 2025-06-30 over five counties, each with both groups', () => {
    const starts = families.map((f) => f.mutual_start_date ?? '').sort();
    expect(starts[0]).toBe('2022-07-01');
    expect(starts[starts.length - 1]).toBe('2025-06-30');
    const groups = new Map<string, Set<string>>();
    for (const f of families) {
      const key = f.county ?? '';
      groups.set(key, (groups.get(key) ?? new Set()).add(f.group ?? ''));
    }
    expect([...groups.keys()].sort()).toEqual([
      'Fresno',
      'Los Angeles',
      'San Luis Obispo',
      'Tehama',
      'Yolo',
    ]);
    for (const set of groups.values()) expect([...set].sort()).toEqual(['comparison', 'linkages']);
    expect(new Set(families.map((f) => f.unit_id))).toContain('LA-Unidad Peña');
  });

  it('keeps every county × quarter × group count at 11 families or more', () => {
    const cells = new Map<string, number>();
    for (const f of families) {
      const start = f.mutual_start_date ?? '';
      const quarter = `${start.slice(0, 4)}Q${Math.ceil(Number(start.slice(5, 7)) / 3)}`;
      const key = `${f.county}|${quarter}|${f.group}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    expect(cells.size).toBe(5 * 12 * 2);
    expect(Math.min(...cells.values())).toBeGreaterThanOrEqual(11);
  });

  it("writes some re-entries only as the child's next episode row, with reentry_date blank", () => {
    const byChild = new Map<string, Rows>();
    for (const c of children)
      byChild.set(c.child_id ?? '', [...(byChild.get(c.child_id ?? '') ?? []), c]);
    const reentered = [...byChild.values()].filter((episodes) => episodes.length > 1);
    const blankFirst = reentered.filter((episodes) => episodes[0]?.reentry_date === '');
    const filledFirst = reentered.filter((episodes) => episodes[0]?.reentry_date !== '');
    expect(reentered.length).toBeGreaterThan(30);
    expect(blankFirst.length).toBeGreaterThan(5);
    expect(filledFirst.every((e) => e[0]?.reentry_date === e[1]?.removal_date)).toBe(true);
    expect(
      children.every((c) => Number(c.age_at_removal) >= 0 && Number(c.age_at_removal) <= 17),
    ).toBe(true);
  });

  it('agrees across files: children in care at the index date, and the first removal after it', () => {
    const episodesOf = new Map<string, Rows>();
    for (const c of children) {
      episodesOf.set(c.family_id ?? '', [...(episodesOf.get(c.family_id ?? '') ?? []), c]);
    }
    let inCare = 0;
    for (const f of families) {
      const index = f.mutual_start_date ?? '';
      const episodes = episodesOf.get(f.family_id ?? '') ?? [];
      if (f.child_in_care_at_index === 'Y') {
        inCare += 1;
        const open = episodes.filter(
          (e) =>
            (e.removal_date ?? '') <= index &&
            (e.episode_end_date === '' || (e.episode_end_date ?? '') > index),
        );
        expect(open.length, f.family_id).toBeGreaterThan(0);
      }
      const later = episodes.map((e) => e.removal_date ?? '').filter((d) => d > index);
      expect(f.first_removal_after_index_date, f.family_id).toBe(later.sort()[0] ?? '');
    }
    expect(inCare).toBeGreaterThan(800);
  });

  it('places other counties in generic north/south/east/west units, and refuses unknown counties', () => {
    const { files } = syntheticExtractText({ families: 40, counties: ['alameda'], mess: false });
    const units = new Set(
      parseClean(files.families).map((f) => `${f.county} ${f.unit_id} ${f.group}`),
    );
    expect([...units].sort()).toEqual([
      'Alameda Alameda-East linkages',
      'Alameda Alameda-North linkages',
      'Alameda Alameda-South comparison',
      'Alameda Alameda-West comparison',
    ]);
    expect(() => syntheticExtractText({ families: 10, counties: ['Gotham'] })).toThrow(/Gotham/);
  });
});

describe('the messy sample stays legal under the extract spec', () => {
  const tables = {
    families: parseMessy(messy.files.families),
    children: parseMessy(messy.files.children),
    adults: parseMessy(messy.files.adults),
  };
  const column = (table: TableName, name: string) => {
    const spec = TABLES.find((t) => t.name === table)!;
    const k = spec.columns.findIndex((c) => c.name === name);
    return tables[table].slice(1).map((row) => row[k] ?? '');
  };
  const BLANK = /^(|NA|N\/A)$/;
  const DATE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})$/;

  it('gives every row as many fields as its header', () => {
    for (const rows of Object.values(tables)) {
      const width = rows[0]?.length;
      expect(rows.every((row) => row.length === width)).toBe(true);
    }
  });

  it('writes children.csv with Windows line ends and adults.csv with a byte-order mark', () => {
    expect(messy.files.children.split('\n')[0]?.endsWith('\r')).toBe(true);
    expect(messy.files.adults.startsWith('\uFEFF')).toBe(true);
    expect(messy.files.families.includes('\r')).toBe(false);
  });

  it('spells dates as ISO or month/day/year, with 9999-12-31 placeholders for an open case', () => {
    for (const spec of TABLES) {
      for (const c of spec.columns.filter((col) => col.type === 'date')) {
        const bad = column(spec.name, c.name).filter(
          (v) => !BLANK.test(v) && !DATE.test(v) && v !== '9999-12-31' && v !== '12/31/9999',
        );
        expect(bad, `${spec.name}.${c.name}`).toEqual([]);
      }
    }
    expect(column('families', 'mutual_start_date').some((v) => v.includes('/'))).toBe(true);
    expect(column('families', 'mutual_start_date').some((v) => v.includes('-'))).toBe(true);
    expect(column('families', 'cws_case_close_date')).toContain('9999-12-31');
  });

  it('spells flags, groups, counties and money the ways spreadsheets do', () => {
    const distinct = (values: string[]) => [...new Set(values)].sort();
    expect(distinct(column('families', 'child_in_care_at_index'))).toEqual([
      '',
      'N',
      'No',
      'Unknown',
      'Y',
      'Yes',
    ]);
    expect(distinct(column('families', 'group'))).toEqual([
      'Comparison',
      'Linkages',
      'non-Linkages',
      'pilot',
    ]);
    const counties = distinct(column('families', 'county'));
    expect(counties).toEqual(
      expect.arrayContaining([
        '10',
        '19',
        '40',
        '52',
        '57',
        'FRESNO',
        'tehama',
        'Los Angeles County',
      ]),
    );
    for (const code of ['10', '19', '40', '52', '57']) {
      expect(['Fresno', 'Los Angeles', 'San Luis Obispo', 'Tehama', 'Yolo']).toContain(
        CALIFORNIA_COUNTIES[Number(code) - 1],
      );
    }
    const grants = column('adults', 'grant_m1');
    expect(
      grants.every((v) => BLANK.test(v) || /^\$?\d{1,3}(,\d{3})*(\.\d\d)?$|^\d+(\.\d+)?$/.test(v)),
    ).toBe(true);
    expect(grants.some((v) => v.startsWith('$') && v.includes(','))).toBe(true);
    expect(column('children', 'exit_reason')).toContain('5439');
  });

  it('lists its three deliberate row errors where they are', () => {
    const { deliberateErrors } = messy.summary;
    expect(deliberateErrors.map((e) => `${e.table}:${e.line}`)).toEqual([
      'families:3003',
      'children:2492',
      'adults:3694',
    ]);
    const line = (table: TableName, n: number) => tables[table][n - 1] ?? [];
    const familyIds = column('families', 'family_id');
    const duplicated = line('families', 3003)[0];
    expect(familyIds.filter((id) => id === duplicated)).toHaveLength(2);
    expect(familyIds).not.toContain(line('children', 2492)[1]);
    const person = line('adults', 3694)[0];
    expect(column('adults', 'person_id').filter((id) => id === person)).toHaveLength(2);
  });
});

describe('the Linkages effects, computed from the generated rows', () => {
  let db: DbClient;
  beforeAll(async () => {
    db = await createNodeDb();
    const dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    for (const table of ['families', 'children', 'adults'] as const) {
      const path = join(dir, `${table}.csv`);
      await writeFile(path, clean.files[table]);
      await db.exec(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${path}', header = true)`);
    }
    await db.exec(`CREATE TABLE through AS SELECT DATE '2025-09-30' AS d`);
  });
  afterAll(async () => {
    await db.close();
  });

  async function rates(query: string): Promise<Record<string, number>> {
    const rows = await db.query<{ group: string; rate: number; n: number }>(query);
    for (const row of rows) expect(row.n, row.group).toBeGreaterThan(150);
    return Object.fromEntries(rows.map((r) => [r.group, r.rate]));
  }

  it('gives more Linkages families a coordinated plan within 30 days', async () => {
    const rate = await rates(`
      SELECT "group", count(*)::INTEGER AS n,
        avg(CASE WHEN coordinated_plan_date <= mutual_start_date + 30 THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM families, through
      WHERE mutual_start_date + 30 <= d
        AND (coordinated_plan_date IS NULL OR coordinated_plan_date >= mutual_start_date)
      GROUP BY ALL`);
    expect(rate.linkages).toBeGreaterThan(0.7);
    expect(rate.comparison).toBeLessThan(0.35);
  });

  it('reunifies more Linkages children within 12 months', async () => {
    const rate = await rates(`
      SELECT f."group", count(*)::INTEGER AS n,
        avg(CASE WHEN exit_reason = 'reunified' AND episode_end_date <= removal_date + INTERVAL 12 MONTH
          THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM children c JOIN families f USING (family_id), through
      WHERE removal_date + INTERVAL 12 MONTH <= d
        AND (episode_end_date IS NULL OR episode_end_date - removal_date >= 8)
      GROUP BY ALL`);
    expect(rate.linkages).toBeGreaterThan(0.42);
    expect(rate.comparison).toBeLessThan(0.4);
    expect(rate.linkages! - rate.comparison!).toBeGreaterThan(0.07);
  });

  it('returns fewer reunified Linkages children to care within 12 months', async () => {
    const rate = await rates(`
      WITH episodes AS (
        SELECT c.*, f."group",
          coalesce(reentry_date, lead(removal_date) OVER (PARTITION BY child_id ORDER BY removal_date)) AS back
        FROM children c JOIN families f USING (family_id))
      SELECT "group", count(*)::INTEGER AS n,
        avg(CASE WHEN back <= episode_end_date + INTERVAL 12 MONTH THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM episodes, through
      WHERE exit_reason = 'reunified' AND episode_end_date + INTERVAL 12 MONTH <= d
        AND episode_end_date - removal_date >= 8
      GROUP BY ALL`);
    expect(rate.linkages).toBeLessThan(rate.comparison!);
    expect(rate.linkages).toBeGreaterThan(0.03);
    expect(rate.comparison).toBeLessThan(0.2);
  });

  it('employs more Linkages adults within 12 months, cures their sanctions sooner and cuts more grants', async () => {
    const employment = await rates(`
      SELECT f."group", count(*)::INTEGER AS n,
        avg(CASE WHEN first_employment_date <= mutual_start_date + INTERVAL 12 MONTH THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM adults a JOIN families f USING (family_id), through
      WHERE exclusion_reason IS NULL AND employed_at_index = false
        AND mutual_start_date + INTERVAL 12 MONTH <= d
      GROUP BY ALL`);
    expect(employment.linkages).toBeGreaterThan(0.3);
    expect(employment.comparison).toBeLessThan(0.3);

    const cure = await rates(`
      SELECT f."group", count(*)::INTEGER AS n,
        avg(CASE WHEN sanction_cure_date <= greatest(mutual_start_date, sanction_start_date) + INTERVAL 6 MONTH
          THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM adults a JOIN families f USING (family_id), through
      WHERE sanction_start_date <= mutual_start_date + 90
        AND greatest(mutual_start_date, sanction_start_date) + INTERVAL 6 MONTH <= d
      GROUP BY ALL`);
    expect(cure.linkages! - cure.comparison!).toBeGreaterThan(0.05);

    const decrease = await rates(`
      SELECT f."group", count(*)::INTEGER AS n,
        avg(CASE WHEN grant_m6 < grant_m1 THEN 1 ELSE 0 END)::DOUBLE AS rate
      FROM adults a JOIN families f USING (family_id)
      WHERE exclusion_reason IS NULL AND grant_m1 > 0 AND grant_m6 IS NOT NULL
        AND NOT coalesce(sanction_start_date <= mutual_start_date, false)
      GROUP BY ALL`);
    expect(decrease.linkages! - decrease.comparison!).toBeGreaterThan(0.03);
  });
});
