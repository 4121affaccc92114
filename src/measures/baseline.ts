/**
 * Groups at baseline: are Linkages and comparison units comparable on what was known at the
 * index date? Each characteristic's share (per category) or mean in each group, the standardized
 * difference (Austin 2009) and its What Works Clearinghouse class.
 */
import type { DbClient } from '../db/client';
import { join, raw, sql, type Sql } from '../db/sql';
import {
  CWS_COMPONENTS,
  ID_SOURCES,
  WTW_STATUSES,
  tableSpec,
  type Group,
  type TableName,
} from '../dataset/schema';
import { tablesWithRows } from './catalog';
import { cohortKey, cohortLabelOfKey } from './cohorts';
import { familiesIdentified } from './definitions/families-identified';
import { evaluationAdults } from './definitions/populations';
import { runSuppressed } from './run-protected';
import { viewScope } from './scope';
import {
  classifyBalance,
  standardizedDifferenceOfMeans,
  standardizedDifferenceOfProportions,
  type Balance,
} from './standardized-difference';
import {
  complementaryMask,
  isMeanMasked,
  isRateMasked,
  isSmallCount,
  maskCount,
} from './suppression';
import type { MeasureFilters } from './types';

/** Who a characteristic counts. */
export type BaselineUnit = 'families' | 'adults' | 'child episodes';

/** The category of members whose value is blank (or `unknown`): its own row, never dropped. */
export const NOT_RECORDED = 'not recorded';

export interface BaselineRequest {
  /** The data-through date D, ISO `YYYY-MM-DD` (carried into the result). */
  dataThrough: string;
  /** The view's counties, units and cohort range; cohorts are of the family's index date. */
  filters?: MeasureFilters;
}

/** One group's members in one category: the count and its share of the group's members (0–1). */
export interface BaselineShare {
  count: number | null;
  share: number | null;
}

export interface BaselineCategory {
  /** The extract's canonical value (`ER`, `data_match`, `yes`, a county), or `not recorded`. */
  category: string;
  linkages: BaselineShare;
  comparison: BaselineShare;
  /** Linkages minus comparison; null when masked or a group has no members (±Infinity possible). */
  standardizedDifference: number | null;
  balance: Balance | null;
  suppressed: boolean;
}

/** One group's mean and sample standard deviation over its `n` members with a known value. */
export interface BaselineMean {
  n: number | null;
  mean: number | null;
  sd: number | null;
}

interface CharacteristicBase {
  id: string;
  title: string;
  unit: BaselineUnit;
  /** The extract column it reads, for people: "cws_component_at_index in families.csv". */
  source: string;
  definition: string;
  /** Why it is not measured (file not loaded, column blank for every member); null if measured. */
  notMeasured: string | null;
}

export interface CategoricalCharacteristic extends CharacteristicBase {
  kind: 'categories';
  /** Members of each group in the view (the shares' denominators, `not recorded` included). */
  members: Record<Group, number | null>;
  categories: BaselineCategory[];
}

export interface MeanCharacteristic extends CharacteristicBase {
  kind: 'mean';
  linkages: BaselineMean;
  comparison: BaselineMean;
  standardizedDifference: number | null;
  balance: Balance | null;
  suppressed: boolean;
}

export type BaselineCharacteristic = CategoricalCharacteristic | MeanCharacteristic;

/** The "Groups at baseline" view: plain data for the page, the exports, the command line and a slide. */
export interface BaselineResult {
  dataThrough: string;
  filters: MeasureFilters;
  /** True once suppressBaseline has masked the small cells. */
  suppression: boolean;
  characteristics: BaselineCharacteristic[];
  /** Read by suppressBaseline, then dropped: what baselineMasks decided for the view. */
  disclosure?: BaselineMasks;
  /**
   * Set by suppressBaseline when the view is filtered and a group's column of a characteristic is
   * masked whole because a part of the extract holds 1–10 in one of its categories (baselineMasks):
   * the page says why, once, never which part.
   */
  filteredMasked?: true;
}

/**
 * A characteristic's members relation: one row per member with `county, unit_id, "group",
 * cohort_date` (the family's index date, for the view's cohort range) and `value` (category
 * text, NULL when not recorded; or a number, NULL when unknown).
 */
interface CharacteristicDefinition {
  id: string;
  title: string;
  unit: BaselineUnit;
  kind: 'categories' | 'mean';
  requires: TableName[];
  column: string;
  definition: string;
  /** Category order; absent: alphabetical (counties). `not recorded` always comes last. */
  order?: readonly string[];
  members: Sql;
}

const FLAG_VALUE = (column: string) =>
  raw(`CASE WHEN ${column} THEN 'yes' WHEN NOT ${column} THEN 'no' END`);
const ENUM_VALUE = (column: string) => raw(`nullif(${column}, 'unknown')`);
const familyColumns = (value: Sql) =>
  sql`SELECT county, unit_id, "group", mutual_start_date AS cohort_date, ${value} AS value FROM families`;
const adultColumns = (value: Sql) =>
  evaluationAdults(sql`f.mutual_start_date AS cohort_date, ${value} AS value`, sql`TRUE`);
const FAMILY_TERMS = 'Mutual families, by their index date (mutual_start_date).';
const ADULT_TERMS =
  'Adults in the evaluation population (blank exclusion reason), as in the CalWORKs measures.';

/**
 * The characteristics known at the index date, in display order. Categories are shares of all
 * the group's members in the view, with blank (and `unknown`) values as their own "not recorded"
 * category. Only episodes that began on or before the family's index date are known at it.
 */
export const BASELINE_CHARACTERISTICS: readonly CharacteristicDefinition[] = [
  {
    id: 'county',
    title: 'County',
    unit: 'families',
    kind: 'categories',
    requires: ['families'],
    column: 'county',
    definition: `${FAMILY_TERMS} Share in each county.`,
    members: familyColumns(raw('county')),
  },
  {
    id: 'cws-component',
    title: 'CWS component at the index date',
    unit: 'families',
    kind: 'categories',
    requires: ['families'],
    column: 'cws_component_at_index',
    definition: `${FAMILY_TERMS} Share in each Child Welfare service component on the index date.`,
    order: CWS_COMPONENTS,
    members: familyColumns(ENUM_VALUE('cws_component_at_index')),
  },
  {
    id: 'child-in-care',
    title: 'Child in out-of-home care at the index date',
    unit: 'families',
    kind: 'categories',
    requires: ['families'],
    column: 'child_in_care_at_index',
    definition: `${FAMILY_TERMS} Share with any child in out-of-home care on the index date.`,
    order: ['yes', 'no'],
    members: familyColumns(FLAG_VALUE('child_in_care_at_index')),
  },
  {
    id: 'identification-source',
    title: 'How the family was identified',
    unit: 'families',
    kind: 'categories',
    requires: ['families'],
    column: 'id_source',
    definition: `${FAMILY_TERMS} Share by the source that flagged the family as mutual.`,
    order: ID_SOURCES,
    members: familyColumns(ENUM_VALUE('id_source')),
  },
  {
    id: 'wtw-status',
    title: 'Welfare-to-Work status at the index date',
    unit: 'adults',
    kind: 'categories',
    requires: ['families', 'adults'],
    column: 'wtw_status_at_index',
    definition: `${ADULT_TERMS} Share in each Welfare-to-Work status on the index date.`,
    order: WTW_STATUSES,
    members: adultColumns(ENUM_VALUE('a.wtw_status_at_index')),
  },
  {
    id: 'employed-at-index',
    title: 'Employed at the index date',
    unit: 'adults',
    kind: 'categories',
    requires: ['families', 'adults'],
    column: 'employed_at_index',
    definition: `${ADULT_TERMS} Share employed on the index date.`,
    order: ['yes', 'no'],
    members: adultColumns(FLAG_VALUE('a.employed_at_index')),
  },
  {
    id: 'grant-index-month',
    title: 'CalWORKs grant in the index month',
    unit: 'adults',
    kind: 'mean',
    requires: ['families', 'adults'],
    column: 'grant_m1',
    definition: `${ADULT_TERMS} Mean grant issued in the index month, in dollars (0 = no grant); adults with the grant unknown are left out.`,
    members: adultColumns(raw('a.grant_m1')),
  },
  {
    id: 'children-removed',
    title: 'Children removed by the index date',
    unit: 'families',
    kind: 'mean',
    requires: ['families', 'children'],
    column: 'child_id',
    definition: `${FAMILY_TERMS} Mean number of distinct children with a placement episode in children.csv that began on or before the index date; a family with none counts 0.`,
    members: familyColumns(
      raw(`(SELECT count(DISTINCT c.child_id) FROM children c
        WHERE c.family_id = families.family_id AND c.removal_date <= families.mutual_start_date)::DOUBLE`),
    ),
  },
  {
    id: 'age-at-removal',
    title: 'Age at removal',
    unit: 'child episodes',
    kind: 'mean',
    requires: ['families', 'children'],
    column: 'age_at_removal',
    definition:
      "Placement episodes that began on or before their family's index date. Mean age at removal in whole years; ages outside 0–21 are left out.",
    members: sql`
      SELECT f.county, f.unit_id, f."group", f.mutual_start_date AS cohort_date,
        CASE WHEN c.age_at_removal BETWEEN 0 AND 21 THEN c.age_at_removal END::DOUBLE AS value
      FROM children c JOIN families f ON f.family_id = c.family_id
      WHERE c.removal_date <= f.mutual_start_date`,
  },
];

const SINGULAR: Record<BaselineUnit, string> = {
  families: 'family',
  adults: 'adult',
  'child episodes': 'child episode',
};

function sourceOf(definition: CharacteristicDefinition): string {
  const table = definition.requires.at(-1) ?? 'families';
  return `${definition.column} in ${tableSpec(table).fileName}`;
}

/**
 * One query: per characteristic, category and group, the members (or the n, mean and SD). The
 * mean and SD read their values in order: a floating-point sum depends on the order it adds in,
 * and native DuckDB's threads would otherwise give the browser's numbers to the last digit or so.
 */
function baselineSql(definitions: readonly CharacteristicDefinition[], filters: Sql): Sql {
  const parts = definitions.map((d) => {
    const id = raw(`'${d.id}'`);
    return d.kind === 'categories'
      ? sql`SELECT ${id} AS characteristic, coalesce(value, ${NOT_RECORDED}) AS category, "group",
          count(*)::INTEGER AS members, count(*)::INTEGER AS n, NULL::DOUBLE AS mean, NULL::DOUBLE AS sd
        FROM (${d.members}) WHERE ${filters} GROUP BY 1, 2, 3`
      : sql`SELECT ${id} AS characteristic, NULL::VARCHAR AS category, "group",
          count(*)::INTEGER AS members, count(value)::INTEGER AS n,
          avg(value ORDER BY value)::DOUBLE AS mean, stddev_samp(value ORDER BY value)::DOUBLE AS sd
        FROM (${d.members}) WHERE ${filters} GROUP BY 1, 2, 3`;
  });
  return join(parts, ' UNION ALL ');
}

interface BaselineRow {
  characteristic: string;
  category: string | null;
  group: Group;
  /** Members in the view; `n` of them have a value (categories: all, `not recorded` included). */
  members: number;
  n: number;
  mean: number | null;
  sd: number | null;
}

const GROUPS: readonly Group[] = ['linkages', 'comparison'];

/**
 * The baseline characteristics of the view, unsuppressed (see suppressBaseline); one query.
 * Units: families for county, CWS component, child in care, identification source and children
 * removed; adults in the evaluation population for Welfare-to-Work status, employment and the
 * index-month grant (`grant_m1`); child episodes that began on or before the family's index date
 * for age at removal. Filters (counties, units, cohort range) apply to the family's county, unit
 * and index date, as for the measures. A characteristic whose file has no rows, or whose column
 * is blank for every member in the view, is not measured (`notMeasured` says why), never 0%.
 * Standardized differences: Austin (2009), Stat Med 28:3083; classes: What Works Clearinghouse
 * Standards Handbook 5.0 (see standardized-difference.ts).
 */
export async function runBaseline(
  db: DbClient,
  request: BaselineRequest,
  signal?: AbortSignal,
): Promise<BaselineResult> {
  const filters = request.filters ?? {};
  const loaded = await tablesWithRows(db, signal);
  const measurable = BASELINE_CHARACTERISTICS.filter((d) => d.requires.every((t) => loaded.has(t)));
  const scope = viewScope(
    { by: [], period: 'quarter', filters, dataThrough: request.dataThrough },
    'cohort_date',
  );
  const rows =
    measurable.length === 0
      ? []
      : ((await db.query(
          baselineSql(measurable, scope.filters),
          signal,
        )) as unknown as BaselineRow[]);
  const disclosure =
    measurable.length === 0
      ? undefined
      : await baselineMasks(db, measurable, filters, request.dataThrough, loaded, signal);
  return {
    dataThrough: request.dataThrough,
    filters,
    suppression: false,
    ...(disclosure ? { disclosure } : {}),
    characteristics: BASELINE_CHARACTERISTICS.map((definition) => {
      const base = {
        id: definition.id,
        title: definition.title,
        unit: definition.unit,
        source: sourceOf(definition),
        definition: definition.definition,
        notMeasured: null,
      };
      const missing = definition.requires.filter((t) => !loaded.has(t));
      const own = rows.filter((row) => row.characteristic === definition.id);
      const notMeasured =
        missing.length > 0
          ? `Needs ${missing.map((t) => tableSpec(t).fileName).join(' and ')}`
          : null;
      const characteristic =
        definition.kind === 'categories'
          ? categorical(base, definition, own)
          : meanCharacteristic(base, own);
      return notMeasured ? { ...characteristic, notMeasured } : characteristic;
    }),
  };
}

/** A characteristic's members in one category (`known`/`unknown` for a mean) of one part. */
interface BaselinePartRow {
  characteristic: string;
  group: Group;
  members: number;
}

/**
 * What the view may show (baselineMasks): `columns`, per characteristic id, the groups whose
 * column is masked whole; `counties`, per group, the county categories families identified masks.
 */
export interface BaselineMasks {
  columns: Record<string, Record<Group, boolean>>;
  counties: Record<Group, string[]>;
}

/**
 * Whether the view has a filter (counties, units, a cohort bound): any filtered view is one of
 * many that differ from each other and from the whole extract by a set of county × unit ×
 * quarter parts.
 */
function isFiltered(filters: MeasureFilters): boolean {
  return (
    (filters.counties?.length ?? 0) > 0 ||
    (filters.units?.length ?? 0) > 0 ||
    filters.cohortFrom !== undefined ||
    filters.cohortTo !== undefined
  );
}

/**
 * What a baseline view may show (issue 19, the new user's F4 on y1: the page masked within one
 * view only, so two views gave by difference a count the one-quarter view masks: Colusa
 * Linkages' evaluation adults in 2025 Q1, cohorts to 2025 Q1 198 less cohorts to 2024 Q4 188 =
 * 10; families in 2025 Q2, all cohorts 177 less cohorts to 2025 Q1 166 = 11; sanctioned, employed,
 * child in care likewise). The strict rule:
 * - The whole extract (no filter) is one table: suppressCategorical's small and complementary
 *   masks within it; its families (every family characteristic's members) are families
 *   identified's count, masked when families identified's headline over all cohorts masks it
 *   (runSuppressed, by none), and the county characteristic's categories masked where families
 *   identified's table by county over all cohorts masks them (rules 2, 3 and 8 decide those rows
 *   from the parts, the same in every view of the measure).
 * - A filtered view (counties, units or a cohort range): a group's column of a characteristic
 *   (members, every category's count and share; a mean's n, mean and SD) is shown only when every
 *   county × unit × quarter part of the whole extract holds, in every category (`not recorded`
 *   included; a mean's members with a known and with an unknown value), 0 or 11 or more members.
 *   Then every number of every view, and every difference of two views or of a view and the
 *   whole extract, is a sum of parts none of which is 1–10; and families identified, whose parts
 *   are then none 1–10 either, masks no cell. Otherwise some view could be subtracted from
 *   another (or from the whole extract) down to a small part, which no rule within one view sees.
 * The cost: a filtered view of an extract with a category of 1–10 in any part of it is masked
 * whole (the page says so); the whole extract's table is shown as before.
 */
async function baselineMasks(
  db: DbClient,
  definitions: readonly CharacteristicDefinition[],
  filters: MeasureFilters,
  dataThrough: string,
  loaded: ReadonlySet<TableName>,
  signal?: AbortSignal,
): Promise<BaselineMasks> {
  const masks: BaselineMasks = {
    columns: {},
    counties: { linkages: [], comparison: [] },
  };
  if (isFiltered(filters)) {
    const quarter = cohortLabelOfKey('quarter', cohortKey('quarter', sql`cohort_date`));
    const parts = definitions.map((d) => {
      const id = raw(`'${d.id}'`);
      const category =
        d.kind === 'categories'
          ? sql`coalesce(value, ${NOT_RECORDED})`
          : sql`CASE WHEN value IS NULL THEN 'unknown' ELSE 'known' END`;
      return sql`SELECT ${id} AS characteristic, "group", count(*)::INTEGER AS members
        FROM (${d.members}) GROUP BY ${category}, "group", county, unit_id, ${quarter}`;
    });
    const rows = (await db.query(
      sql`SELECT DISTINCT characteristic, "group", members FROM (${join(parts, ' UNION ALL ')})`,
      signal,
    )) as unknown as BaselinePartRow[];
    const small = rows.filter((r) => isSmallCount(r.members));
    for (const d of definitions)
      masks.columns[d.id] = {
        linkages: small.some((r) => r.characteristic === d.id && r.group === 'linkages'),
        comparison: small.some((r) => r.characteristic === d.id && r.group === 'comparison'),
      };
    return masks;
  }
  if (!loaded.has('families')) return masks;
  const request = { period: 'quarter' as const, dataThrough, filters };
  const total = await runSuppressed(db, familiesIdentified, { ...request, by: [] }, signal);
  const byCounty = await runSuppressed(
    db,
    familiesIdentified,
    { ...request, by: ['county'] },
    signal,
  );
  const hidden = { linkages: false, comparison: false };
  for (const row of total.rows) if ('count' in row && row.count === null) hidden[row.group] = true;
  for (const row of byCounty.rows)
    if ('count' in row && row.count === null && row.county)
      masks.counties[row.group].push(row.county);
  for (const d of definitions) if (d.unit === 'families') masks.columns[d.id] = { ...hidden };
  return masks;
}

function categorical(
  base: CharacteristicBase,
  definition: CharacteristicDefinition,
  rows: readonly BaselineRow[],
): CategoricalCharacteristic {
  const present = [...new Set(rows.map((row) => row.category ?? NOT_RECORDED))];
  const order = definition.order;
  const names = present
    .filter((c) => c !== NOT_RECORDED)
    .sort((a, b) => (order ? order.indexOf(a) - order.indexOf(b) : a < b ? -1 : a > b ? 1 : 0));
  if (present.includes(NOT_RECORDED)) names.push(NOT_RECORDED);
  const countOf = (category: string, group: Group) =>
    rows.find((row) => row.category === category && row.group === group)?.n ?? 0;
  const members = {
    linkages: rows.filter((r) => r.group === 'linkages').reduce((sum, r) => sum + r.n, 0),
    comparison: rows.filter((r) => r.group === 'comparison').reduce((sum, r) => sum + r.n, 0),
  };
  const categories = names.map((category): BaselineCategory => {
    const [linkages, comparison] = GROUPS.map((group) => {
      const count = countOf(category, group);
      return { count, share: members[group] > 0 ? count / members[group] : null };
    }) as [BaselineShare, BaselineShare];
    const standardizedDifference =
      linkages.share !== null && comparison.share !== null
        ? standardizedDifferenceOfProportions(linkages.share, comparison.share)
        : null;
    return {
      category,
      linkages,
      comparison,
      standardizedDifference,
      balance: standardizedDifference === null ? null : classifyBalance(standardizedDifference),
      suppressed: false,
    };
  });
  // Blank for every member: not measured, never "100% not recorded, comparable".
  const recorded = names.some((name) => name !== NOT_RECORDED);
  return {
    ...base,
    notMeasured: recorded ? null : notRecordedText(base, rows),
    kind: 'categories',
    members,
    categories: recorded ? categories : [],
  };
}

function meanCharacteristic(
  base: CharacteristicBase,
  rows: readonly BaselineRow[],
): MeanCharacteristic {
  const [linkages, comparison] = GROUPS.map((group): BaselineMean => {
    const row = rows.find((r) => r.group === group);
    return row && row.n > 0
      ? { n: row.n, mean: row.mean, sd: row.sd }
      : { n: 0, mean: null, sd: null };
  }) as [BaselineMean, BaselineMean];
  const computable = [linkages, comparison].every((g) => g.mean !== null && g.sd !== null);
  const standardizedDifference = computable
    ? standardizedDifferenceOfMeans(
        { mean: linkages.mean ?? 0, sd: linkages.sd ?? 0 },
        { mean: comparison.mean ?? 0, sd: comparison.sd ?? 0 },
      )
    : null;
  return {
    ...base,
    notMeasured: linkages.n === 0 && comparison.n === 0 ? notRecordedText(base, rows) : null,
    kind: 'mean',
    linkages,
    comparison,
    standardizedDifference,
    balance: standardizedDifference === null ? null : classifyBalance(standardizedDifference),
    suppressed: false,
  };
}

function notRecordedText(base: CharacteristicBase, rows: readonly BaselineRow[]): string {
  if (rows.every((row) => row.members === 0)) return `No ${base.unit} in this view`;
  return `${base.source.split(' ')[0] ?? ''} is blank for every ${SINGULAR[base.unit]} in this view`;
}

/**
 * Small-cell suppression of a baseline result, by the rules of suppression.ts: a category count
 * of 1–10 reads as masked, and while a group has exactly one masked category the next-smallest is
 * masked too (its total is shown: complementary suppression); a share and its count are masked
 * when so marked or when isRateMasked (count or its complement within the group 1–10, or the
 * group under 11);
 * a mean and SD over 1–10 members are masked; a standardized difference (and its class) built on
 * a masked share or mean is masked. Idempotent.
 */
export function suppressBaseline(result: BaselineResult): BaselineResult {
  if (result.suppression) return result;
  const { disclosure, ...rest } = result;
  const filteredMasked =
    isFiltered(result.filters) &&
    Object.values(disclosure?.columns ?? {}).some((g) => g.linkages || g.comparison);
  return {
    ...rest,
    ...(filteredMasked ? { filteredMasked: true as const } : {}),
    suppression: true,
    characteristics: result.characteristics.map((c) => {
      const columns = disclosure?.columns[c.id];
      let masked = columns ? maskColumns(c, columns) : c;
      if (c.id === 'county' && masked.kind === 'categories' && disclosure)
        masked = maskCounties(masked, disclosure.counties);
      return masked.kind === 'categories' ? suppressCategorical(masked) : suppressMean(masked);
    }),
  };
}

/** The result as an output shows it unsuppressed (`--no-suppress`): what suppression reads dropped. */
export function unsuppressedBaseline(result: BaselineResult): BaselineResult {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped: not published
  const { disclosure: _masks, ...rest } = result;
  return rest;
}

/** The county characteristic with the counties families identified masks read as masked. */
function maskCounties(
  c: CategoricalCharacteristic,
  counties: Record<Group, string[]>,
): CategoricalCharacteristic {
  const none: BaselineShare = { count: null, share: null };
  return {
    ...c,
    categories: c.categories.map((category) => {
      const [linkages, comparison] = GROUPS.map((g) => counties[g].includes(category.category));
      if (!linkages && !comparison) return category;
      return {
        ...category,
        linkages: linkages ? none : category.linkages,
        comparison: comparison ? none : category.comparison,
        standardizedDifference: null,
        balance: null,
        suppressed: true,
      };
    }),
  };
}

/** A characteristic with the columns baselineMasks masks read as masked (their comparison too). */
function maskColumns(
  c: BaselineCharacteristic,
  columns: Record<Group, boolean>,
): BaselineCharacteristic {
  if (!columns.linkages && !columns.comparison) return c;
  if (c.kind === 'mean') {
    const none: BaselineMean = { n: null, mean: null, sd: null };
    return {
      ...c,
      linkages: columns.linkages ? none : c.linkages,
      comparison: columns.comparison ? none : c.comparison,
      standardizedDifference: null,
      balance: null,
      suppressed: true,
    };
  }
  const none: BaselineShare = { count: null, share: null };
  return {
    ...c,
    members: {
      linkages: columns.linkages ? null : c.members.linkages,
      comparison: columns.comparison ? null : c.members.comparison,
    },
    categories: c.categories.map((category) => ({
      ...category,
      linkages: columns.linkages ? none : category.linkages,
      comparison: columns.comparison ? none : category.comparison,
      standardizedDifference: null,
      balance: null,
      suppressed: true,
    })),
  };
}

function suppressCategorical(c: CategoricalCharacteristic): CategoricalCharacteristic {
  const masks = Object.fromEntries(
    GROUPS.map((group) => {
      const counts = c.categories.map((category) => category[group].count ?? 0);
      const members = c.members[group] ?? 0;
      const { cells, total } = complementaryMask(counts);
      // A shown count over a shown total would give a masked share away: both go together.
      const shares = cells.map((masked, i) => masked || isRateMasked(counts[i] ?? 0, members));
      return [group, { shares, total }];
    }),
  ) as Record<Group, { shares: boolean[]; total: boolean }>;
  const maskShare = (share: BaselineShare, group: Group, i: number): BaselineShare =>
    masks[group].shares[i] ? { count: null, share: null } : share;
  return {
    ...c,
    members: {
      linkages: masks.linkages.total ? null : maskCount(c.members.linkages),
      comparison: masks.comparison.total ? null : maskCount(c.members.comparison),
    },
    categories: c.categories.map((category, i) => {
      const masked = masks.linkages.shares[i] === true || masks.comparison.shares[i] === true;
      return {
        ...category,
        linkages: maskShare(category.linkages, 'linkages', i),
        comparison: maskShare(category.comparison, 'comparison', i),
        standardizedDifference: masked ? null : category.standardizedDifference,
        balance: masked ? null : category.balance,
        suppressed: category.suppressed || masked,
      };
    }),
  };
}

function suppressMean(c: MeanCharacteristic): MeanCharacteristic {
  const mask = (group: BaselineMean): BaselineMean =>
    isMeanMasked(group.n ?? 0) ? { n: null, mean: null, sd: null } : group;
  const linkages = mask(c.linkages);
  const comparison = mask(c.comparison);
  const masked = linkages !== c.linkages || comparison !== c.comparison;
  return {
    ...c,
    linkages,
    comparison,
    standardizedDifference: masked ? null : c.standardizedDifference,
    balance: masked ? null : c.balance,
    suppressed: c.suppressed || masked,
  };
}
