import type { DbClient } from '../db/client';
import { arrowToTables, tablesToArrow, type ArrowTable } from '../db/arrow-ipc';
import { discardUnfinishedLoad, type StagedExtract } from './load-extract';
import { TABLE_NAMES, swapStatements } from './load-tables';
import type { LoadReport } from './report';

/** The version of the prepared extract's layout; a file of another version is refused. */
export const PREPARED_FORMAT = 1;

/** One table of a prepared extract: its columns as the loader made them, its rows in the .arrows file. */
export interface PreparedTable extends ArrowTable {
  /** The loaded extract's name for it (load-tables.ts LIVE). */
  name: string;
}

/** What a load left, written ahead of time: the report and every table's columns. */
export interface PreparedManifest {
  /** PREPARED_FORMAT when written. */
  format: number;
  report: LoadReport;
  /** Every table a load leaves (TABLE_NAMES.live), in that order. */
  tables: PreparedTable[];
}

/** A load's result kept for later: the manifest (JSON) and its tables' rows (Arrow IPC streams, one after another). */
export interface PreparedExtract {
  manifest: PreparedManifest;
  arrows: Uint8Array;
}

/**
 * Writes down what the last successful load left in `db` (its live tables, every row, with their
 * column types) with that load's `report`, so that `stagePreparedExtract` can put exactly the same
 * in another database without loading the files again. For small extracts (the bundled sample):
 * every row passes through JavaScript.
 */
export async function prepareLoadedExtract(
  db: DbClient,
  report: LoadReport,
): Promise<PreparedExtract> {
  const { tables, arrows } = await tablesToArrow(db, TABLE_NAMES.live);
  return {
    manifest: {
      format: PREPARED_FORMAT,
      report,
      tables: tables.map((table, i) => ({ name: TABLE_NAMES.live[i]!, ...table })),
    },
    arrows,
  };
}

/**
 * Puts a prepared extract's tables under the staged names (beside the loaded extract, as
 * `stageExtract` does) in one transaction of CREATE TABLE statements and one Arrow append per
 * table with rows; the caller swaps them in or discards them. Its report is the prepared one.
 * Throws (nothing staged left behind) when the prepared extract is of another format or names
 * other tables than a load leaves, or when the engine fails.
 */
export async function stagePreparedExtract(
  db: DbClient,
  prepared: PreparedExtract,
): Promise<StagedExtract> {
  const { manifest, arrows } = prepared;
  const names = manifest.tables.map((t) => t.name);
  if (
    manifest.format !== PREPARED_FORMAT ||
    names.join('\n') !== TABLE_NAMES.live.join('\n') ||
    manifest.tables.reduce((n, t) => n + t.bytes, 0) !== arrows.length
  ) {
    throw new Error(
      'The prepared extract is not one this version reads: run `npm run sample-data`',
    );
  }
  try {
    await arrowToTables(db, TABLE_NAMES.staged, manifest.tables, arrows);
  } catch (error) {
    await discardUnfinishedLoad(db).catch(() => undefined);
    throw error;
  }
  return {
    report: structuredClone(manifest.report),
    swap: () => db.transaction(swapStatements()),
    discard: () => discardUnfinishedLoad(db),
  };
}
