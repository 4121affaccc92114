import {
  FAMILIES,
  TABLES,
  normalizeHeader,
  type ColumnSpec,
  type TableName,
  type TableSpec,
} from './schema';
import { privacyHeaderReason } from './privacy';

export interface ColumnMatch {
  column: ColumnSpec;
  header: string;
}

export interface HeaderMatch {
  matched: ColumnMatch[];
  unmatchedRequired: ColumnSpec[];
  unmatchedOptional: ColumnSpec[];
  /** A `county` header in a child or adult file: compared with the family's, never loaded. */
  countyCheck: string | null;
  ignored: string[];
  privacy: { header: string; why: string }[];
}

const FILE_NAME_HINTS: Record<TableName, RegExp> = {
  families: /famil/,
  children: /child|episode|placement|removal/,
  adults: /adult|parent|caretaker|person/,
};

function headerKeys(column: ColumnSpec): string[] {
  return [column.name, ...(column.synonyms ?? [])].map(normalizeHeader);
}

/** The schema column each header stands for: the user's choice, then the name, then a synonym. */
export function matchHeaders(
  spec: TableSpec,
  headers: readonly string[],
  mapping: Record<string, string> = {},
): HeaderMatch {
  const byColumn = new Map<string, string>();
  const used = new Set<string>();
  const take = (column: ColumnSpec, header: string) => {
    byColumn.set(column.name, header);
    used.add(header);
  };
  for (const column of spec.columns) {
    const chosen = mapping[column.name];
    if (chosen !== undefined && headers.includes(chosen) && !used.has(chosen)) take(column, chosen);
  }
  const passes: ((column: ColumnSpec) => string[])[] = [
    (column) => [normalizeHeader(column.name)],
    (column) => headerKeys(column),
  ];
  for (const keysOf of passes) {
    for (const column of spec.columns) {
      if (byColumn.has(column.name)) continue;
      const keys = keysOf(column);
      const header = headers.find((h) => !used.has(h) && keys.includes(normalizeHeader(h)));
      if (header !== undefined) take(column, header);
    }
  }

  let countyCheck: string | null = null;
  if (spec.name !== 'families') {
    const countyKeys = headerKeys(FAMILIES.columns.find((c) => c.name === 'county')!);
    countyCheck =
      headers.find((h) => !used.has(h) && countyKeys.includes(normalizeHeader(h))) ?? null;
    if (countyCheck !== null) used.add(countyCheck);
  }

  const ignored: string[] = [];
  const privacy: { header: string; why: string }[] = [];
  for (const header of headers) {
    if (used.has(header)) continue;
    const why = privacyHeaderReason(header);
    if (why === null) ignored.push(header);
    else privacy.push({ header, why });
  }
  const unmatched = spec.columns.filter((c) => !byColumn.has(c.name));
  return {
    matched: spec.columns.flatMap((column) => {
      const header = byColumn.get(column.name);
      return header === undefined ? [] : [{ column, header }];
    }),
    unmatchedRequired: unmatched.filter((c) => c.required),
    unmatchedOptional: unmatched.filter((c) => !c.required),
    countyCheck,
    ignored,
    privacy,
  };
}

/**
 * Which extract file this is, by its columns: the table with the most matching columns
 * (`family_id` is in all three, so it does not count); the file name breaks ties.
 */
export function recognizeTable(
  fileName: string,
  headers: readonly string[],
  mapping: Partial<Record<TableName, Record<string, string>>> = {},
): TableName | null {
  const name = fileName.toLowerCase();
  const scored = TABLES.map((spec) => ({
    table: spec.name,
    score: matchHeaders(spec, headers, mapping[spec.name]).matched.filter(
      (m) => m.column.name !== 'family_id',
    ).length,
    named: FILE_NAME_HINTS[spec.name].test(name),
  }));
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  const pick = top.length === 1 ? top[0] : top.find((s) => s.named);
  return pick?.table ?? null;
}

const KNOWN_HEADERS = new Set(TABLES.flatMap((t) => t.columns.flatMap(headerKeys)));

/** Whether a header is an extract column's name or one of its synonyms (case and punctuation aside). */
export function isExtractColumnName(header: string): boolean {
  return KNOWN_HEADERS.has(normalizeHeader(header));
}

/**
 * How many title lines some exports put above the header ("Linkages extract", "Run on …"): the
 * header is the first line with at least two extract column names; 0 when it is the first line.
 */
export function titleLineCount(head: string): number {
  const lines = head.split(/\r\n|\n|\r/).slice(0, 30);
  const known = (line: string) =>
    line
      .split(/[,;\t|]/)
      .filter((cell) => KNOWN_HEADERS.has(normalizeHeader(cell.replaceAll('"', '')))).length;
  if (known(lines[0] ?? '') >= 2) return 0;
  const index = lines.findIndex((line) => known(line) >= 2);
  return Math.max(index, 0);
}
