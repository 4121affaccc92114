import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import type { Group, TableName } from '../dataset/schema';
import { tablesWithRows } from './catalog';
import type { MemberTables } from './member-tables';

export interface FilterUnit {
  unitId: string;
  county: string;
  group: Group;
}

/** What the filter bar offers for the loaded extract: its counties, units and dates. */
export interface FilterValues {
  counties: string[];
  units: FilterUnit[];
  /** Earliest start date any measure's cohort can take (ISO), or null for an empty extract. */
  firstDate: string | null;
  dataThrough: string | null;
}

/**
 * The filter bar's values for the loaded extract in `db`. `withRows`: the tables that hold rows,
 * when the caller has read them already (readExtractContents); otherwise read here (one query).
 */
export async function listFilterValues(
  db: DbClient,
  signal?: AbortSignal,
  withRows?: ReadonlySet<TableName>,
): Promise<FilterValues> {
  const tables = withRows ?? (await tablesWithRows(db, signal));
  if (!tables.has('families'))
    return { counties: [], units: [], firstDate: null, dataThrough: null };
  const units = await db.query(
    sql`SELECT unit_id, county, min("group") AS "group" FROM families
        WHERE unit_id IS NOT NULL AND county IS NOT NULL
        GROUP BY unit_id, county ORDER BY county, unit_id`,
    signal,
  );
  const starts = tables.has('children')
    ? sql`SELECT mutual_start_date AS day FROM families UNION ALL SELECT removal_date FROM children`
    : sql`SELECT mutual_start_date AS day FROM families`;
  const [dates] = await db.query(
    sql`SELECT CAST(min(day) AS VARCHAR) AS first_date,
          (SELECT CAST(max(data_through) AS VARCHAR) FROM extract_meta) AS data_through
        FROM (${starts})`,
    signal,
  );
  const list: FilterUnit[] = units.map((row) => ({
    unitId: String(row.unit_id),
    county: String(row.county),
    group: row.group === 'linkages' ? 'linkages' : 'comparison',
  }));
  return {
    counties: [...new Set(list.map((unit) => unit.county))],
    units: list,
    firstDate: typeof dates?.first_date === 'string' ? dates.first_date : null,
    dataThrough: typeof dates?.data_through === 'string' ? dates.data_through : null,
  };
}

/**
 * listFilterValues of the extract whose member tables are `kept`, given the tables that hold
 * rows (keptExtractContents), read once per extract and kept with them (prepared ahead for the
 * bundled sample). `signal` only stops this caller's wait; throws once the set is disposed.
 */
export function keptFilterValues(
  db: DbClient,
  kept: MemberTables,
  withRows: ReadonlySet<TableName>,
  signal?: AbortSignal,
): Promise<FilterValues> {
  return kept.value('filter-values', () => listFilterValues(db, undefined, withRows), signal);
}
