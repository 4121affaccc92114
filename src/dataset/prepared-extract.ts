import type { DbClient } from '../db/client';
import { columnDdl, tableToArrowIpc, type ColumnType } from '../db/arrow-ipc';
import { ident, join, sql } from '../db/sql';
import { discardUnfinishedLoad, type StagedExtract } from './load-extract';
import { TABLE_NAMES, swapStatements } from './load-tables';
import type { LoadReport } from './report';

/** The version of the prepared extract's layout; a file of another version is refused. */
export const PREPARED_FORMAT = 1;

/** One table of a prepared extract: its columns as the loader made them, its rows in the .arrows file. */
export interface PreparedTable {
  /** The loaded extract's name for it (load-tables.ts LIVE). */
  name: string;
  columns: (ColumnType & { nullable: boolean })[];
  rows: number;
  /** Length of its Arrow IPC stream in the .arrows file; the streams follow each other in order. */
  bytes: number;
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
  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: boolean;
  }>(sql`
    SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main'
      AND table_name IN (${join(
        TABLE_NAMES.live.map((name) => sql`${name}`),
        ', ',
      )})
    ORDER BY table_name, column_index`);
  const tables: PreparedTable[] = [];
  const streams: Uint8Array[] = [];
  for (const name of TABLE_NAMES.live) {
    const own = columns
      .filter((c) => c.table_name === name)
      .map((c) => ({ name: c.column_name, type: c.data_type, nullable: c.is_nullable }));
    if (own.length === 0) throw new Error(`The loaded extract has no table ${name}`);
    const { ipc, rows } = await tableToArrowIpc(db, name, own);
    tables.push({ name, columns: own, rows, bytes: ipc.length });
    streams.push(ipc);
  }
  const arrows = new Uint8Array(streams.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const stream of streams) {
    arrows.set(stream, offset);
    offset += stream.length;
  }
  return { manifest: { format: PREPARED_FORMAT, report, tables }, arrows };
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
  const staged = (i: number) => TABLE_NAMES.staged[i]!;
  try {
    await db.transaction(
      manifest.tables.map(
        (table, i) =>
          sql`CREATE OR REPLACE TABLE ${ident(staged(i))} (${join(
            table.columns.map((c) => columnDdl(c, c.nullable)),
            ', ',
          )})`,
      ),
    );
    let offset = 0;
    for (const [i, table] of manifest.tables.entries()) {
      const ipc = arrows.subarray(offset, offset + table.bytes);
      offset += table.bytes;
      if (table.rows > 0) await db.appendArrow(staged(i), ipc);
    }
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
