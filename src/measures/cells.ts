import type { Row } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import { PERIODS, cohortOfDay, cohortRange, firstInCohort } from './cohorts';
import { readInteger, readRowKeys, readText } from './row-keys';
import { breakdownOf, viewScope } from './scope';
import type { DisclosurePart, MeasureRequest, Period } from './types';

// What the tables kept per extract (cells of counts, each member's time) hold so that a view
// change builds no table: the view sums cells or counts times within its filters.

/** The month of a member's cohort day: the column cell tables are kept by. */
const COHORT_MONTH = sql`CAST(date_trunc('month', cohort_date) AS DATE) AS cohort_month`;

/** Cell tables hold a row per county, unit, group and month: ordered for a county filter. */
export const CELL_ORDER = raw('county, cohort_month, unit_id, "group"');

/**
 * The key columns of a cell table, for `SELECT … GROUP BY ALL` over members: county, unit, group,
 * COHORT_MONTH and firstInColumns. Ends with a comma.
 */
export function cellKeys(onePerCohort: boolean | undefined): Sql {
  return sql`county, unit_id, "group", ${COHORT_MONTH}, ${firstInColumns(onePerCohort)}`;
}

/**
 * What a kept table (cells, times) of a measure adds to its columns so that one table serves every
 * cohort size: the first-in-cohort flags of a measure with `onePerCohort`, else nothing. Ends
 * with a comma when not empty.
 */
export function firstInColumns(onePerCohort: boolean | undefined): Sql {
  return onePerCohort ? sql`${join(PERIODS.map(firstInCohort), ', ')},` : sql``;
}

/** The condition a view puts on such a table: first in its cohort of the view's size, or none. */
export function firstInView(onePerCohort: boolean | undefined, period: Period): Sql {
  return onePerCohort ? firstInCohort(period) : raw('TRUE');
}

/**
 * The query that sums `columns` of a cell table (`cells`: its SQL, or FROM its table; keyed by
 * cellKeys) over the cells within the request's filters, by its breakdown and group, Linkages
 * first: each an INTEGER column. With `perUnit`, by unit too: a row per breakdown cell, group and
 * unit (`unit_county`, `unit_id`), which the reader sums to cells (see UnitCount).
 */
export function sumCells(
  request: MeasureRequest,
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
  perUnit = false,
): Sql {
  const view = viewScope(request, 'cohort_month');
  const names = raw(columns.join(', '));
  const sums = join(
    columns.map((column) => raw(`sum(${column})::INTEGER AS ${column}`)),
    ', ',
  );
  const unit = perUnit ? raw(', unit_county, unit_id') : raw('');
  return sql`WITH cells AS (${cells}),
    scoped AS (
      SELECT ${view.select}, county AS unit_county, unit_id, ${names} FROM cells
      WHERE ${firstInView(onePerCohort, request.period)} AND ${view.filters}
    )
    SELECT ${view.cell}${unit}, ${sums} FROM scoped GROUP BY ${view.cell}${unit}
    ORDER BY ${view.order}${unit}`;
}

/**
 * The parts suppression checks a view against (see DisclosurePart): `columns` of a cell table
 * summed per county, unit, quarter cohort and group, with no view filter (members first in their
 * quarter where the measure counts one per cohort).
 */
export function cellParts(
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): Sql {
  const everything: MeasureRequest = {
    by: ['county', 'cohort'],
    period: 'quarter',
    filters: {},
    dataThrough: '',
  };
  return sumCells(everything, cells, columns, onePerCohort, true);
}

/**
 * Rows with `county, cohort` (a quarter), `"group"`, `unit_id` and `columns` as parts, `values`
 * in the order of `columns`; with `tail`, that column's comma-separated days as the part's tail.
 */
export function readParts(
  rows: readonly Row[],
  columns: readonly string[],
  tail?: string,
): DisclosurePart[] {
  return rows.map((row) => {
    const keys = readRowKeys(row, ['county', 'cohort']);
    const part: DisclosurePart = {
      county: keys.county ?? '',
      unit: readText(row, 'unit_id'),
      quarter: keys.cohort ?? '',
      group: keys.group,
      values: columns.map((column) => readInteger(row, column)),
    };
    if (tail !== undefined) {
      const text = row[tail];
      part.tail = typeof text === 'string' && text !== '' ? text.split(',').map(Number) : [];
    }
    return part;
  });
}

/**
 * A cell table of a count or proportion read whole (see readCellTable): its rows, each with its
 * `columns` in `values`, so that a view is summed in TypeScript (sumCellRows) instead of by a
 * statement per view change. A cell table holds a row per county, unit, group and month (about
 * 230 units × 2 groups × 40 months at most in a statewide extract), whatever the number of members.
 */
export interface CellTable {
  columns: readonly string[];
  onePerCohort: boolean;
  rows: readonly CellRow[];
  /** Every county, unit and group text of the rows (NULL too), each once: a row's keys index it. */
  texts: readonly (string | null)[];
  /** Each text's place in DuckDB's order (compareText), ascending and descending. */
  rank: readonly number[];
  rankDescending: readonly number[];
}

interface CellRow {
  county: string | null;
  unitId: string | null;
  /** The county, unit and group as indexes of CellTable.texts. */
  countyText: number;
  unitText: number;
  groupText: number;
  /** The cohort month's first day, ISO `YYYY-MM-DD`. */
  month: string | null;
  /** first_in_quarter, first_in_half, first_in_year (PERIODS order); empty without onePerCohort. */
  first: readonly (boolean | null)[];
  values: readonly number[];
}

/**
 * How a plan over a cell table (counts, proportions) sums its view in TypeScript from the table
 * read whole once per extract (see MeasurePlan.cells): `view` gives the rows its view query
 * gives.
 */
export interface CellSums {
  columns: readonly string[];
  onePerCohort: boolean | undefined;
  view: (table: CellTable) => Row[];
}

/** The CellSums of sumCells(request, …, columns, onePerCohort, perUnit). */
export function cellSums(
  request: MeasureRequest,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
  perUnit = false,
): CellSums {
  return { columns, onePerCohort, view: (table) => sumCellRows(request, table, perUnit) };
}

/**
 * The query that reads a cell table (`cells`: FROM its table) whole, for readCellTable, in one
 * order whatever the engine's threads did (ORDER BY ALL): the sample's prepared copy of it must
 * be the same bytes on every run.
 */
export function cellTableQuery(
  cells: Sql,
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): Sql {
  const flags = onePerCohort ? sql`${join(PERIODS.map(firstInCohort), ', ')}, ` : sql``;
  return sql`WITH cells AS (${cells})
    SELECT county, unit_id, "group", CAST(cohort_month AS VARCHAR) AS cohort_month, ${flags}
      ${raw(columns.join(', '))}
    FROM cells
    ORDER BY ALL`;
}

/** The rows of cellTableQuery as a CellTable. */
export function readCellTable(
  rows: readonly Row[],
  columns: readonly string[],
  onePerCohort: boolean | undefined,
): CellTable {
  const texts: (string | null)[] = [];
  const indexes = new Map<string | null, number>();
  const textOf = (value: unknown): number => {
    const text = typeof value === 'string' ? value : null;
    let index = indexes.get(text);
    if (index === undefined) {
      index = texts.push(text) - 1;
      indexes.set(text, index);
    }
    return index;
  };
  const cells = rows.map((row): CellRow => {
    const countyText = textOf(row.county);
    const unitText = textOf(row.unit_id);
    return {
      county: texts[countyText] ?? null,
      unitId: texts[unitText] ?? null,
      countyText,
      unitText,
      groupText: textOf(row.group),
      month: typeof row.cohort_month === 'string' ? row.cohort_month : null,
      first: onePerCohort
        ? PERIODS.map((period) => {
            const flag = row[`first_in_${period}`];
            return typeof flag === 'boolean' ? flag : null;
          })
        : [],
      values: columns.map((column) => readInteger(row, column)),
    };
  });
  return {
    columns,
    onePerCohort: onePerCohort === true,
    rows: cells,
    texts,
    rank: ranksOf(texts, false),
    rankDescending: ranksOf(texts, true),
  };
}

/** Each value's place among `values` in DuckDB's order (compareText). */
function ranksOf(values: readonly (string | null)[], descending: boolean): number[] {
  const ranks: number[] = [];
  values
    .map((value, index) => ({ value, index }))
    .sort((a, b) => compareText(a.value, b.value, descending))
    .forEach(({ index }, rank) => (ranks[index] = rank));
  return ranks;
}

/**
 * The rows sumCells gives for `request` over the same cell table, in the same order, with the
 * same columns and values, summed here from the table read whole: the cells within the filters
 * (first in their cohort of the view's size where the measure counts one per cohort), by the
 * breakdown and group (and unit with `perUnit`). Text orders as DuckDB's does (by code point,
 * NULL last), so the rows come in its order.
 */
export function sumCellRows(request: MeasureRequest, table: CellTable, perUnit = false): Row[] {
  const by = breakdownOf(request);
  const filters = request.filters ?? {};
  const counties = filters.counties?.length ? new Set(filters.counties) : null;
  const units = filters.units?.length ? new Set(filters.units) : null;
  const from = filters.cohortFrom ? cohortRange(filters.cohortFrom).start : null;
  const to = filters.cohortTo ? cohortRange(filters.cohortTo).end : null;
  const flag = PERIODS.indexOf(request.period);
  const byCounty = by.includes('county');
  const byCohort = by.includes('cohort');
  // A cohort label per month, each label's index in `labels` (0: no month, NULL).
  const labels: (string | null)[] = [null];
  const labelOf = new Map<string, number>();
  // Sums by their keys as indexes (of CellTable.texts, of labels).
  const byKey = new Map<number | string, { ids: number[]; values: number[] }>();
  // The indexes as one number where it stays exact (a text per index below textRadix, a label
  // below labelRadix), else as text.
  const textRadix = table.texts.length;
  const labelRadix = table.rows.length + 1;
  const numeric =
    textRadix ** ((byCounty ? 1 : 0) + 1 + (perUnit ? 2 : 0)) * (byCohort ? labelRadix : 1) <=
    Number.MAX_SAFE_INTEGER;
  const cells = counties
    ? [...counties].flatMap((county) => cellsOfCounty(table).get(county) ?? [])
    : table.rows;
  for (const cell of cells) {
    if (table.onePerCohort && cell.first[flag] !== true) continue;
    if (counties && (cell.county === null || !counties.has(cell.county))) continue;
    if (units && (cell.unitId === null || !units.has(cell.unitId))) continue;
    if (from !== null && (cell.month === null || cell.month < from)) continue;
    if (to !== null && (cell.month === null || cell.month >= to)) continue;
    let cohort = 0;
    if (byCohort && cell.month !== null) {
      cohort = labelOf.get(cell.month) ?? 0;
      if (cohort === 0) {
        const label = cohortOfDay(request.period, cell.month);
        cohort = labels.indexOf(label);
        if (cohort < 0) cohort = labels.push(label) - 1;
        labelOf.set(cell.month, cohort);
      }
    }
    const ids = (): number[] => [
      ...(byCounty ? [cell.countyText] : []),
      ...(byCohort ? [cohort] : []),
      cell.groupText,
      ...(perUnit ? [cell.countyText, cell.unitText] : []),
    ];
    let id: number | string;
    if (numeric) {
      id = 0;
      if (byCounty) id = id * textRadix + cell.countyText;
      if (byCohort) id = id * labelRadix + cohort;
      id = id * textRadix + cell.groupText;
      if (perUnit) id = (id * textRadix + cell.countyText) * textRadix + cell.unitText;
    } else id = ids().join(',');
    const sum = byKey.get(id);
    if (sum) {
      for (let c = 0; c < cell.values.length; c++)
        sum.values[c] = (sum.values[c] ?? 0) + (cell.values[c] ?? 0);
    } else byKey.set(id, { ids: ids(), values: [...cell.values] });
  }
  // ORDER BY the breakdown, "group" DESC (Linkages first), then unit_county, unit_id: by the
  // places of the keys' texts (and labels) in DuckDB's order.
  const cohortAt = byCohort ? (byCounty ? 1 : 0) : -1;
  const groupAt = by.length;
  const labelRank = ranksOf(labels, false);
  const rankAt = (k: number, id: number): number =>
    (k === cohortAt ? labelRank : k === groupAt ? table.rankDescending : table.rank)[id] ?? 0;
  const ordered = [...byKey.values()]
    .map(({ ids, values }) => ({ ids, values, ranks: ids.map((id, k) => rankAt(k, id)) }))
    .sort((a, b) => {
      for (let k = 0; k < a.ranks.length; k++) {
        const order = (a.ranks[k] ?? 0) - (b.ranks[k] ?? 0);
        if (order !== 0) return order;
      }
      return 0;
    })
    .map(({ ids, values }) => ({
      keys: ids.map((id, k) => (k === cohortAt ? labels[id] : table.texts[id]) ?? null),
      values,
    }));
  return ordered.map(({ keys, values }) => {
    const row: Row = {};
    let i = 0;
    if (byCounty) row.county = keys[i++] ?? null;
    if (byCohort) row.cohort = keys[i++] ?? null;
    row.group = keys[i++] ?? null;
    if (perUnit) {
      row.unit_county = keys[i++] ?? null;
      row.unit_id = keys[i++] ?? null;
    }
    table.columns.forEach((column, c) => {
      row[column] = values[c] ?? 0;
    });
    return row;
  });
}

/** The parts cellParts gives (with `perUnit`), summed from the table read whole (sumCellRows). */
export function cellPartRows(table: CellTable): Row[] {
  const everything: MeasureRequest = {
    by: ['county', 'cohort'],
    period: 'quarter',
    filters: {},
    dataThrough: '',
  };
  return sumCellRows(everything, table, true);
}

/** A cell table's rows by county, made on first use (a county filter reads only its own). */
const byCountyOf = new WeakMap<CellTable, Map<string | null, CellRow[]>>();

function cellsOfCounty(table: CellTable): Map<string | null, CellRow[]> {
  let index = byCountyOf.get(table);
  if (!index) {
    index = new Map();
    for (const cell of table.rows) {
      const list = index.get(cell.county);
      if (list) list.push(cell);
      else index.set(cell.county, [cell]);
    }
    byCountyOf.set(table, index);
  }
  return index;
}

/**
 * DuckDB's order of VARCHAR values: by code point (UTF-8 bytes), NULL last whether ascending or
 * `descending`. JavaScript's `<` compares UTF-16 units, which puts a character beyond the BMP (a
 * surrogate pair) before U+E000–U+FFFF: surrogates are moved above every BMP unit here.
 */
export function compareText(a: string | null, b: string | null, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let order: number;
  if (i === n) order = a.length < b.length ? -1 : 1;
  else order = codeUnitRank(a.charCodeAt(i)) < codeUnitRank(b.charCodeAt(i)) ? -1 : 1;
  return descending ? -order : order;
}

/** A UTF-16 unit's place in code point order: a surrogate after every BMP unit. */
function codeUnitRank(code: number): number {
  return code >= 0xd800 && code <= 0xdfff ? code + 0x10000 : code;
}
