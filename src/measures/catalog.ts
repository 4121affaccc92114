import type { DbClient } from '../db/client';
import { join, raw, sql } from '../db/sql';
import { TABLES, tableSpec, type TableName } from '../dataset/schema';
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

/** The files (`children.csv`) a measure needs that are not among `tables`; empty when it can be shown. */
export function missingFiles(measure: MeasureDefinition, tables: Iterable<TableName>): string[] {
  const loaded = new Set(tables);
  return measure.requires.filter((t) => !loaded.has(t)).map((t) => tableSpec(t).fileName);
}

/** The catalog's measures an extract with these tables can show, in display order. */
export function measuresShown(tables: Iterable<TableName>): MeasureDefinition[] {
  const loaded = new Set(tables);
  return CATALOG.filter((measure) => missingFiles(measure, loaded).length === 0);
}

/** Tables that exist and hold at least one row. */
export async function tablesWithRows(db: DbClient, signal?: AbortSignal): Promise<Set<TableName>> {
  const existing = await db.query(
    sql`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main'`,
    signal,
  );
  const names = new Set(existing.map((row) => row.name));
  const present = TABLES.map((table) => table.name).filter((name) => names.has(name));
  if (present.length === 0) return new Set();
  const [counts] = await db.query(
    sql`SELECT ${join(
      present.map((name) => raw(`(SELECT count(*) > 0 FROM ${name}) AS ${name}`)),
      ', ',
    )}`,
    signal,
  );
  return new Set(present.filter((name) => counts?.[name] === true));
}

/** The catalog's measures whose required tables have rows. */
export async function availableMeasures(
  db: DbClient,
  signal?: AbortSignal,
): Promise<MeasureDefinition[]> {
  return measuresShown(await tablesWithRows(db, signal));
}
