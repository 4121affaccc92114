import { resolve } from 'node:path';
import { createNodeDb } from '../../../src/db/node-client';
import { loadExtract, type LoadReport } from '../../../src/dataset/load-extract';
import type { DbClient } from '../../../src/db/client';
import { ident, join, sql, type SqlValue } from '../../../src/db/sql';
import type { TableName } from '../../../src/dataset/schema';
import { createEmptyTablesSql } from '../../../src/dataset/tables';
import { MemberTables } from '../../../src/measures/member-tables';
import { runMeasure } from '../../../src/measures/run-measure';
import type {
  MeasureDefinition,
  MeasureRequest,
  MeasureResult,
  ProportionResult,
  SurvivalResult,
  IncidenceResult,
  CountResult,
  MeasureRow,
} from '../../../src/measures/types';

export type Values = Record<string, SqlValue>;

export async function createMeasureDb(): Promise<DbClient> {
  const db = await createNodeDb({ threads: 1 });
  await emptyTables(db);
  return db;
}

export async function emptyTables(db: DbClient): Promise<void> {
  for (const statement of createEmptyTablesSql()) await db.exec(statement);
}

const DEFAULTS: Record<TableName, Values> = {
  families: { county: 'Fresno', unit_id: 'U1', group: 'linkages' },
  children: { age_at_removal: 5 },
  adults: {},
};

let rowNo = 1;

/** What a value is written as: rows of one INSERT agree on it column by column (or are null). */
function valueShape(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `row` can join `first` in one INSERT: the same columns, each value of the same shape. */
function sameShape(first: Values, row: Values): boolean {
  const names = Object.keys(first);
  if (Object.keys(row).join('\u0000') !== names.join('\u0000')) return false;
  return names.every((name) => {
    const a = valueShape(first[name]);
    const b = valueShape(row[name]);
    return a === b || a === 'null' || b === 'null';
  });
}

/**
 * Inserts typed rows; dates are ISO text cast by the column type; unset columns stay NULL.
 * Consecutive rows with the same columns and value shapes go in one statement (a few thousand
 * one-row statements cost seconds); each row keeps its own row_no, in order.
 */
export async function insert(
  db: DbClient,
  table: TableName,
  rows: readonly Values[],
): Promise<void> {
  const all = rows.map((row): Values => ({ row_no: ++rowNo, ...DEFAULTS[table], ...row }));
  for (let from = 0; from < all.length;) {
    const first = all[from]!;
    let to = from + 1;
    while (to < all.length && to - from < 500 && sameShape(first, all[to]!)) to++;
    const names = Object.keys(first);
    const tuples = all.slice(from, to).map(
      (values) =>
        sql`(${join(
          names.map((name) => sql`${values[name] ?? null}`),
          ', ',
        )})`,
    );
    await db.exec(
      sql`INSERT INTO ${ident(table)} (${join(names.map(ident), ', ')})
          VALUES ${join(tuples, ', ')}`,
    );
    from = to;
  }
}

let familyNo = 0;

/** A family with an index date; returns its id. */
export async function addFamily(db: DbClient, start: string, values: Values = {}): Promise<string> {
  const [id] = await addFamilyRows(db, [{ start, values }]);
  return id!;
}

/** Families as addFamily adds each, in order, written in as few statements as insert allows; returns their ids. */
export async function addFamilyRows(
  db: DbClient,
  families: readonly { start: string; values?: Values }[],
): Promise<string[]> {
  const rows = families.map(({ start, values = {} }) => ({
    family_id: typeof values.family_id === 'string' ? values.family_id : `F${String(++familyNo)}`,
    mutual_start_date: start,
    ...values,
  }));
  await insert(db, 'families', rows);
  return rows.map((row) => row.family_id);
}

export function request(
  dataThrough: string,
  overrides: Partial<MeasureRequest> = {},
): MeasureRequest {
  return { by: [], period: 'quarter', dataThrough, ...overrides };
}

export async function runProportionMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  req: MeasureRequest,
): Promise<ProportionResult> {
  return expectKind(await runBothWays(db, measure, req), 'proportion');
}

export async function runCountMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  req: MeasureRequest,
): Promise<CountResult> {
  return expectKind(await runBothWays(db, measure, req), 'count');
}

export async function runSurvivalMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  req: MeasureRequest,
): Promise<SurvivalResult> {
  return expectKind(await runBothWays(db, measure, req), 'time-to-event');
}

export async function runIncidenceMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  req: MeasureRequest,
): Promise<IncidenceResult> {
  return expectKind(await runBothWays(db, measure, req), 'competing-time-to-event');
}

/**
 * Runs the measure with its members inline and from a member table (as the dashboard does), and
 * fails unless both give the same result: every worked example checks both paths.
 */
async function runBothWays(
  db: DbClient,
  measure: MeasureDefinition,
  req: MeasureRequest,
): Promise<MeasureResult> {
  const inline = await runMeasure(db, measure, req);
  const tables = new MemberTables(db);
  try {
    const kept = await runMeasure(db, measure, req, undefined, tables);
    if (JSON.stringify(kept) !== JSON.stringify(inline)) {
      throw new Error(
        `${measure.id}: the member-table result differs from the inline one:\n${JSON.stringify(kept)}\n${JSON.stringify(inline)}`,
      );
    }
  } finally {
    await tables.dispose();
  }
  return inline;
}

function expectKind<K extends MeasureResult['kind']>(
  result: MeasureResult,
  kind: K,
): Extract<MeasureResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`Expected a ${kind} result, got ${result.kind}`);
  return result as Extract<MeasureResult, { kind: K }>;
}

/** Numerator and denominator per group, the numbers each worked example asserts. */
export function counts(
  result: ProportionResult,
): Record<string, [number | null, number | null, number | null]> {
  return Object.fromEntries(
    result.rows.map((row) => [
      [row.county, row.cohort, row.group].filter((key) => key !== undefined).join(' '),
      [row.numerator, row.denominator, row.windowNotComplete],
    ]),
  );
}

/** ISO date plus days. */
export function addDays(iso: string, days: number): string {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * A fresh one-thread database with the extract in `dir` (families.csv, children.csv, adults.csv,
 * relative to the project) loaded by the app's own loader: the sample is `sample-data`.
 */
export async function loadExtractDir(dir: string): Promise<{ db: DbClient; report: LoadReport }> {
  const db = await createNodeDb({ threads: 1 });
  const report = await loadExtract(
    db,
    ['families.csv', 'children.csv', 'adults.csv'].map((fileName) => ({
      fileName,
      source: { kind: 'path' as const, path: resolve(dir, fileName) },
    })),
  );
  return { db, report };
}

/** The numbers a row shows, by kind, in DisclosurePart's order (null: masked). */
export const SHOWN_FIELDS = {
  count: ['count'],
  proportion: ['denominator', 'numerator', 'windowNotComplete'],
  'time-to-event': ['n', 'events'],
  'competing-time-to-event': ['n', 'events'],
} as const;

/** The numbers `row` shows (SHOWN_FIELDS; null: masked); undefined when there is no row. */
export function shownOf(
  kind: MeasureResult['kind'],
  row: MeasureRow | undefined,
): (number | null)[] | undefined {
  return row
    ? SHOWN_FIELDS[kind].map((f) => (row as unknown as Record<string, number | null>)[f] ?? null)
    : undefined;
}
