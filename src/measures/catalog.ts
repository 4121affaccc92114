import type { DbClient } from '../db/client';
import { tableSpec, type TableName } from '../dataset/schema';
import {
  columnKey,
  columnsOf,
  readExtractContents,
  type ColumnRead,
  type ExtractContents,
} from './columns-read';
import { aidDecrease6m } from './definitions/aid-decrease-6m';
import { aidDecrease9m } from './definitions/aid-decrease-9m';
import { aidExit12m } from './definitions/aid-exit-12m';
import { coordination30d } from './definitions/coordination-30d';
import { employment12m } from './definitions/employment-12m';
import { employment6m } from './definitions/employment-6m';
import { familiesIdentified } from './definitions/families-identified';
import { fosterEntry12m } from './definitions/foster-entry-12m';
import { recurrence12m } from './definitions/recurrence-12m';
import { reentry12m } from './definitions/reentry-12m';
import { returnToAid12m } from './definitions/return-to-aid-12m';
import { reunification12m } from './definitions/reunification-12m';
import { sanctionCure6m } from './definitions/sanction-cure-6m';
import { timeToCoordination } from './definitions/time-to-coordination';
import { timeToReunification } from './definitions/time-to-reunification';
import type { CountMeasure, MeasureDefinition } from './types';

/** The single list of what the app shows, in display order: the first tier, then the second. */
export const CATALOG: readonly MeasureDefinition[] = [
  familiesIdentified,
  coordination30d,
  timeToCoordination,
  reunification12m,
  reentry12m,
  employment6m,
  employment12m,
  recurrence12m,
  fosterEntry12m,
  timeToReunification,
  sanctionCure6m,
  aidDecrease6m,
  aidDecrease9m,
  aidExit12m,
  returnToAid12m,
];

/** The reach count: the overview's chart rather than a card, and no comparison claim. */
export const REACH_MEASURE: CountMeasure = familiesIdentified;

export function findMeasure(id: string): MeasureDefinition | undefined {
  return CATALOG.find((measure) => measure.id === id);
}

/** Whether an extract can show a measure, and if not, what would enable it. */
export type Availability =
  | { available: true }
  /**
   * `needs`: "Needs adults.csv", "Needs the next_subst_referral_date column in families.csv",
   * "The first_removal_after_index_date column is blank in every row of families.csv".
   */
  | { available: false; needs: string };

const andList = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;

/**
 * A measure is available when its files have rows and each optional column it reads holds a
 * value in some row. Not measured is not zero: an unavailable measure is never computed.
 */
export function availability(measure: MeasureDefinition, contents: ExtractContents): Availability {
  const files = measure.requires.filter((t) => !contents.tables.has(t));
  if (files.length > 0) {
    return { available: false, needs: `Needs ${andList(files.map((t) => tableSpec(t).fileName))}` };
  }
  const unmet = measure.reads.filter(
    (read) => !columnsOf(read).some((c) => contents.columns.has(columnKey(read.table, c))),
  );
  if (unmet.length === 0) return { available: true };
  // A read whose every column the file has, blank in every row, is said to be blank: "Needs"
  // would tell the evaluator to add a column the file already has.
  const isBlank = (read: ColumnRead) =>
    columnsOf(read).every((c) => contents.blank?.has(columnKey(read.table, c)) === true);
  const phrases = (reads: readonly ColumnRead[], blank: boolean) =>
    [...new Set(reads.map((read) => read.table))].map((table) => {
      const names = reads.filter((r) => r.table === table).map((r) => columnsOf(r).join(' or '));
      const noun = names.length === 1 ? 'column' : 'columns';
      const file = tableSpec(table).fileName;
      return blank
        ? `the ${andList(names)} ${noun} ${names.length === 1 ? 'is' : 'are'} blank in every row of ${file}`
        : `the ${andList(names)} ${noun} in ${file}`;
    });
  const absent = phrases(
    unmet.filter((read) => !isBlank(read)),
    false,
  );
  const blank = andList(phrases(unmet.filter(isBlank), true));
  if (absent.length === 0) return { available: false, needs: `T${blank.slice(1)}` };
  return {
    available: false,
    needs: `Needs ${andList(absent)}${blank === '' ? '' : `; ${blank}`}`,
  };
}

/** The catalog's measures an extract with these contents can show, in display order. */
export function measuresShown(contents: ExtractContents): MeasureDefinition[] {
  return CATALOG.filter((measure) => availability(measure, contents).available);
}

/** Tables that exist and hold at least one row. */
export async function tablesWithRows(db: DbClient, signal?: AbortSignal): Promise<Set<TableName>> {
  return new Set((await readExtractContents(db, signal)).tables);
}

/** The catalog's measures the loaded extract can show. */
export async function availableMeasures(
  db: DbClient,
  signal?: AbortSignal,
): Promise<MeasureDefinition[]> {
  return measuresShown(await readExtractContents(db, signal));
}
