import type { DbClient } from '../db/client';
import { sql } from '../db/sql';
import type { Group } from '../dataset/schema';
import { tablesWithRows } from './catalog';
import { cohortRange } from './scope';
import type { Period } from './types';

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

export async function listFilterValues(db: DbClient, signal?: AbortSignal): Promise<FilterValues> {
  const tables = await tablesWithRows(db, signal);
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

/** The cohort label of `period` that contains the ISO day. */
export function cohortOfDay(period: Period, iso: string): string {
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  if (period === 'year') return year;
  if (period === 'half') return `${year}H${month <= 6 ? '1' : '2'}`;
  return `${year}Q${String(Math.ceil(month / 3))}`;
}

/** Every cohort label of `period` from the one holding `first` to the one holding `last`. */
export function cohortLabelsBetween(period: Period, first: string, last: string): string[] {
  if (first > last) return [];
  const labels: string[] = [];
  const lastLabel = cohortOfDay(period, last);
  let label = cohortOfDay(period, first);
  while (labels.length < 1000) {
    labels.push(label);
    if (label === lastLabel) break;
    label = cohortOfDay(period, cohortRange(label).end);
  }
  return labels;
}

/** The same cohort boundary in another cohort size: a range's start widens down, its end up. */
export function relabelCohort(label: string, period: Period, edge: 'from' | 'to'): string {
  const { start, end } = cohortRange(label);
  if (edge === 'from') return cohortOfDay(period, start);
  const last = new Date(`${end}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return cohortOfDay(period, last.toISOString().slice(0, 10));
}
