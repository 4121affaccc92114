import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../../src/db/node-client';
import type { DbClient } from '../../../src/db/client';
import { raw, sql } from '../../../src/db/sql';
import {
  BLANK_VALUES,
  blankWordsOf,
  cleanSql,
  inTextListSql,
  isBlankWordSql,
  normalizeMacrosSql,
  parseSql,
} from '../../../src/dataset/normalize-sql';
import { ADULTS, CHILDREN, FAMILIES, type ColumnSpec } from '../../../src/dataset/schema';

let db: DbClient;
beforeAll(async () => {
  db = await createNodeDb();
  for (const statement of normalizeMacrosSql()) await db.exec(statement);
});
afterAll(async () => {
  await db.close();
});

/** The macro expression on `s`, the text as the loader has cleaned it (trimmed, NULL = blank). */
async function one(expression: string, value: string): Promise<unknown> {
  const rows = await db.query<{ v: string | number | boolean | null }>(
    sql`SELECT ${raw(expression)} AS v FROM (SELECT lk_clean(${value}) AS s)`,
  );
  return rows[0]?.v;
}

/** The expression on `s`, the cell as written (the expression cleans it itself). */
async function cell(expression: string, value: string): Promise<unknown> {
  const rows = await db.query<{ v: string | number | boolean | null }>(
    sql`SELECT ${raw(expression)} AS v FROM (SELECT ${value} AS s)`,
  );
  return rows[0]?.v;
}

const column = (spec: { columns: readonly ColumnSpec[] }, name: string) =>
  spec.columns.find((c) => c.name === name)!;

describe('dates', () => {
  const date =
    'CAST(CASE WHEN lk_placeholder(lk_date(s)) THEN NULL ELSE lk_date(s) END AS VARCHAR)';
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024-1-5', '2024-01-05'],
    ['1/5/2024', '2024-01-05'],
    ['01/05/2024', '2024-01-05'],
    ['12/31/2023', '2023-12-31'],
    ['1/5/24', '2024-01-05'],
    ['1/5/99', '2099-01-05'],
    ['2024/01/05', '2024-01-05'],
    ['5-Jan-2024', '2024-01-05'],
    ['05-JAN-2024', '2024-01-05'],
    ['45292', '2024-01-01'],
    ['45292.5', '2024-01-01'],
    ['2024-01-05T10:30:00Z', '2024-01-05'],
    ['2024-01-05 00:00:00', '2024-01-05'],
    ['1/5/2024 0:00', '2024-01-05'],
    [' 2024-01-05 ', '2024-01-05'],
  ])('reads %s as %s', async (text, iso) => {
    expect(await one(date, text)).toBe(iso);
  });

  it.each(['9999-12-31', '12/31/9999', '1900-01-01', '0001-01-01'])(
    'treats the placeholder %s as blank',
    async (text) => {
      expect(await one(date, text)).toBeNull();
      expect(await one('lk_placeholder(lk_date(s))', text)).toBe(true);
    },
  );

  // YYYY-MM-DD takes lk_date's GLOB fast path: the same cast the general ISO branch makes.
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-00-10', null],
    ['0000-00-00', null],
  ])('reads the ISO-shaped %s as %s, as the general ISO branch does', async (text, iso) => {
    expect(await one(date, text)).toBe(iso);
    expect(await one('CAST(try_cast(s AS DATE) AS VARCHAR)', text)).toBe(iso);
  });

  it.each(['2/30/2024', '13/5/2024', 'yesterday', '2024', '20240105', '1-5-2024'])(
    'does not guess a date from %s',
    async (text) => {
      expect(await one(date, text)).toBeNull();
    },
  );

  it('tells a day-first date from a month-first one', async () => {
    expect(await one('lk_day_first_only(s)', '25/12/2023')).toBe(true);
    expect(await one('lk_day_first_only(s)', '05/02/2024')).toBe(false);
    expect(await one('lk_month_first_only(s)', '12/25/2023')).toBe(true);
    expect(await one('lk_month_first_only(s)', '05/02/2024')).toBe(false);
  });
});

describe('blanks', () => {
  it.each(['', '   ', 'NA', 'n/a', 'NULL', 'null', '-', ' . '])(
    'treats %j as blank',
    async (text) => {
      expect(await one('s', text)).toBeNull();
    },
  );

  it.each([
    'nan',
    'NaN',
    'None',
    'null',
    '<NA>',
    '#N/A',
    '#NULL!',
    '(blank)',
    'n/a',
    'NaT',
    '-nan',
    '\\N',
    '.A',
    '._',
    ' N/A\u00a0',
  ])('treats the missing-value mark %j of a data tool as blank', async (text) => {
    expect(await one('s', text)).toBeNull();
  });

  it.each(['Nevada', 'No', 'Nancy', '.5', '-1', 'NAB', '#DIV/0!', '#REF!'])(
    'keeps %j, which only starts like one',
    async (text) => {
      expect(await one('s', text)).toBe(text);
    },
  );

  it('keeps other text, trimmed', async () => {
    expect(await one('s', '  F001 ')).toBe('F001');
  });

  it('finds a blank word as the plain look-up does, only looking up cells that start like one', async () => {
    const cells = [
      ...BLANK_VALUES.flatMap((b) => [b, b.toLowerCase(), `${b}x`, `x${b}`]),
      'F0000001',
      '2024-01-05',
      'Nevada',
      'ñA',
      'ＮA',
      '\u0131',
      ' NA',
      'NA ',
      '',
      null,
    ];
    for (const blanks of [blankWordsOf(null), blankWordsOf(column(ADULTS, 'exclusion_reason'))]) {
      const rows = await db.query<{
        s: string | null;
        fast: boolean | null;
        plain: boolean | null;
      }>(
        sql`SELECT s, ${raw(isBlankWordSql('s', blanks))} AS fast,
                   ${raw(inTextListSql('upper(s)', blanks))} AS plain
            FROM (SELECT unnest(${raw(`[${cells.map((c) => (c === null ? 'NULL' : `'${c.replaceAll("'", "''")}'`)).join(', ')}]`)}) AS s)`,
      );
      expect(rows).toHaveLength(cells.length);
      for (const row of rows) expect(row).toEqual({ ...row, fast: row.plain });
      expect(rows.filter((r) => r.fast === true).length).toBeGreaterThan(40);
    }
  });

  it("keeps none where it is one of the column's own values, and blanks it elsewhere", async () => {
    const exclusion = column(ADULTS, 'exclusion_reason');
    expect(await cell(cleanSql(exclusion, 's'), 'None')).toBeNull();
    expect(await cell(cleanSql(column(FAMILIES, 'cws_component_at_index'), 's'), 'None')).toBe(
      'None',
    );
  });
});

describe('invisible characters', () => {
  it.each([
    ['\u001f000123', '000123'],
    ['000125\u200b', '000125'],
    ['\ufeffF001', 'F001'],
    ['F001\u0000', 'F001'],
    ['\u00a0Fresno\u3000', 'Fresno'],
    ['\u2060\u200eF001\u202f', 'F001'],
    ['\tF001\r\n', 'F001'],
    ['\u180eF001\u00ad', 'F001'],
  ])('removes them around a value as spaces are: %j is %j', async (text, value) => {
    expect(await one('s', text)).toBe(value);
  });

  it.each([
    ['F0\u200b03', 'F003', 'a zero-width space (U+200B)'],
    ['F0\u000003', 'F003', 'a NUL character (U+0000)'],
    ['Los\u00a0Angeles', 'Los Angeles', 'a no-break space (U+00A0)'],
    ['Los\u2009Angeles', 'Los Angeles', 'a thin space (U+2009)'],
    ['F0\ufeff03', 'F003', 'a byte-order mark (zero-width no-break space) (U+FEFF)'],
    ['F0\u000103', 'F003', 'a control character (U+0001)'],
    ['F0\u206603', 'F003', 'an invisible formatting character (U+2066)'],
  ])('reads %j inside a value as %j and names %s', async (text, value, name) => {
    expect(await one('s', text)).toBe(value);
    expect(await cell('lk_char_name(lk_odd(s))', text)).toBe(name);
  });

  it('names a control character around a value, and nothing for spaces and format characters there', async () => {
    expect(await cell('lk_char_name(lk_odd(s))', '\u001f000123')).toBe('a unit separator (U+001F)');
    expect(await cell('lk_odd(s)', '\u00a0000123\u200b')).toBeNull();
    expect(await cell('lk_odd(s)', 'North\nOffice')).toBeNull();
  });

  it('reads a cell of invisible characters only as blank', async () => {
    expect(await one('s', '\u200b\u00a0')).toBeNull();
  });
});

describe('whole numbers written as decimals', () => {
  const read = (name: string) => {
    const c = column({ columns: [...FAMILIES.columns, ...CHILDREN.columns] }, name);
    return parseSql(c, cleanSql(c, 's'));
  };
  it.each([
    ['exit_reason', '5439.0', 'reunified'],
    ['exit_reason', '5438.00', 'adopted'],
    ['exit_reason', '5999.0', 'other'],
    ['cws_component_at_index', '1694.0', 'FR'],
    ['child_in_care_at_index', '1.0', true],
    ['child_in_care_at_index', '0.0', false],
    ['child_in_care_at_index', '1.', true],
    ['county', '19.0', 'Los Angeles'],
    ['county', '01.0', 'Alameda'],
    ['family_id', '123.0', '123'],
    ['family_id', '000123.0', '000123'],
    ['age_at_removal', '5.0', 5],
  ])('reads %s %s as %s', async (name, text, value) => {
    expect(await cell(read(name), text)).toBe(value);
  });
  it.each([
    ['child_in_care_at_index', '0.5', null],
    ['exit_reason', '5439.5', null],
    ['family_id', 'F1.0', 'F1.0'],
    ['family_id', '1.0.0', '1.0.0'],
  ])('does not round %s %s', async (name, text, value) => {
    expect(await cell(read(name), text)).toBe(value);
  });
});

describe('flags', () => {
  it.each(['Y', 'yes', 'TRUE', 't', '1', 'X', 'x'])('reads %s as yes', async (text) => {
    expect(await one('lk_flag(s)', text)).toBe(true);
  });
  it.each(['N', 'No', 'false', 'F', '0'])('reads %s as no', async (text) => {
    expect(await one('lk_flag(s)', text)).toBe(false);
  });
  it.each(['', 'Unknown', 'U', 'NA', 'maybe'])('reads %j as unknown, never no', async (text) => {
    expect(await one('lk_flag(s)', text)).toBeNull();
  });
  it('reports only values that are not a flag at all', async () => {
    expect(await one('lk_flag_known(s)', 'Unknown')).toBe(true);
    expect(await one('lk_flag_known(s)', 'maybe')).toBe(false);
  });
});

describe('groups', () => {
  it.each(['linkages', 'Pilot', 'L', 'treatment', 'Linkages unit', 'LINKAGES'])(
    'reads %s as linkages',
    async (text) => {
      expect(await one('lk_group(s)', text)).toBe('linkages');
    },
  );
  it.each(['comparison', 'non-pilot', 'nonpilot', 'C', 'control', 'non-Linkages', 'Non Linkages'])(
    'reads %s as comparison',
    async (text) => {
      expect(await one('lk_group(s)', text)).toBe('comparison');
    },
  );
  it.each(['both', 'unassigned', 'x'])('does not guess a group from %s', async (text) => {
    expect(await one('lk_group(s)', text)).toBeNull();
  });
});

describe('counties', () => {
  it.each([
    ['los angeles', 'Los Angeles'],
    ['LOS ANGELES', 'Los Angeles'],
    ['Los Angeles County', 'Los Angeles'],
    ['19', 'Los Angeles'],
    ['1', 'Alameda'],
    ['01', 'Alameda'],
    ['58', 'Yuba'],
    ['san luis obispo', 'San Luis Obispo'],
    ['Contra Costa County', 'Contra Costa'],
  ])('reads %s as %s', async (text, county) => {
    expect(await one('lk_county(s)', text)).toBe(county);
  });
  it.each(['0', '59', 'Atlantis', 'LA'])('does not guess a county from %s', async (text) => {
    expect(await one('lk_county(s)', text)).toBeNull();
  });
});

describe('codes', () => {
  const componentColumn = column(FAMILIES, 'cws_component_at_index');
  const component = parseSql(componentColumn, cleanSql(componentColumn, 's'));
  it.each([
    ['1692', 'ER'],
    ['1693', 'FM'],
    ['1694', 'FR'],
    ['1695', 'PP'],
    ['er', 'ER'],
    ['Family Maintenance', 'FM'],
    ['none', 'none'],
    ['1700', null],
    ['None', 'none'],
  ])('maps the CWS component %s to %s', async (text, value) => {
    expect(await cell(component, text)).toBe(value);
  });

  const exit = parseSql(column(CHILDREN, 'exit_reason'), 's');
  it.each([
    ['5439', 'reunified'],
    ['5440', 'reunified'],
    ['5513', 'reunified'],
    ['5426', 'adopted'],
    ['5505', 'adopted'],
    ['5438', 'adopted'],
    ['5519', 'adopted'],
    ['6530', 'adopted'],
    ['6531', 'adopted'],
    ['5434', 'guardianship'],
    ['5516', 'guardianship'],
    ['5427', 'emancipated'],
    ['5506', 'emancipated'],
    ['5433', 'emancipated'],
    ['5510', 'emancipated'],
    ['5999', 'other'],
    ['Reunified', 'reunified'],
  ])('maps the exit reason %s to %s', async (text, value) => {
    expect(await one(exit, text)).toBe(value);
  });
});

describe('money and whole numbers', () => {
  it.each([
    ['1,234.50', 1234.5],
    ['$1,234.50', 1234.5],
    ['$1234.50', 1234.5],
    ['(25.00)', -25],
    ['($1,000.00)', -1000],
    ['-10', -10],
    ['$-10.5', -10.5],
    ['.5', 0.5],
    ['0', 0],
  ])('reads the amount %s as %d', async (text, amount) => {
    expect(await one('lk_money(s)', text)).toBe(amount);
  });
  it.each([
    ['900,00', 900],
    ['850,50', 850.5],
    ['1.100,00', 1100],
    ['1 100,00', 1100],
    ['€1.234,5', 1234.5],
    ['(25,00)', -25],
    ['-10', -10],
    ['1.000', 1000],
  ])('reads the European amount %s as %d', async (text, amount) => {
    expect(await one('lk_money(s, TRUE)', text)).toBe(amount);
  });
  it.each(['1,100.00', '900.50', '1.10.0'])(
    'reads %s, written the US way, as no European amount',
    async (text) => {
      expect(await one('lk_money(s, TRUE)', text)).toBeNull();
    },
  );
  it.each(['900,00', '1.100,00', '85,5'])(
    'reads %s, written the European way, as no US amount (never 90000 or 1.1)',
    async (text) => {
      expect(await one('lk_money(s)', text)).toBeNull();
    },
  );
  it.each([
    ['900,00', 'eu'],
    ['1.100,00', 'eu'],
    ['(25,5)', 'eu'],
    ['1,100.00', 'us'],
    ['900.5', 'us'],
    ['1234.5678', 'us'],
    ['1234.', 'us'],
    ['1.100.000', 'eu'],
    ['1,100', null],
    ['1.100', null],
    ['900', null],
  ])('takes %s as a sign of the %s convention', async (text, hint) => {
    expect(await one('lk_money_hint(s)', text)).toBe(hint);
  });
  it.each([
    ['1.100', false, true],
    ['$1.100', false, true],
    ['(2.950)', false, true],
    ['1.100', true, false],
    ['1,100', true, true],
    ['-1,100 €', true, true],
    ['1,100', false, false],
    ['1234.567', false, false],
    ['1.10', false, false],
    ['1.100,00', true, false],
    ['900', false, false],
  ])(
    'takes %s (decimal comma: %s) as a thousands group or decimals: %s',
    async (text, eu, unsure) => {
      expect(await one(`lk_money_unsure(s, ${eu ? 'TRUE' : 'FALSE'})`, text)).toBe(unsure);
    },
  );
  it.each(['lots', 'NaN', 'Infinity', '1e5', '(-5)'])(
    'does not guess an amount from %s',
    async (text) => {
      expect(await one('lk_money(s)', text)).toBeNull();
    },
  );
  it.each([
    ['7', 7],
    ['7.0', 7],
    ['-1', -1],
    ['7.5', null],
    ['two', null],
  ])('reads the age %s as %s', async (text, age) => {
    expect(await one('lk_integer(s)', text)).toBe(age);
  });
});
