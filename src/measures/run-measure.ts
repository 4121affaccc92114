import type { DbClient } from '../db/client';
import { ident, sql, type Sql } from '../db/sql';
import { cellPartRows, cellTableQuery, readCellTable } from './cells';
import { cohortRange, latestCompleteCohort } from './cohorts';
import { planCount } from './compile-count';
import { planProportion } from './compile-proportion';
import { planCompetingTimeToEvent, planTimeToEvent } from './compile-time-to-event';
import type { MemberTables } from './member-tables';
import { readTimeTable, timeTableQuery } from './time-table';
import type { KeptRelation, MeasurePlan } from './plan';
import { breakdownOf } from './scope';
import type {
  ByKey,
  Disclosure,
  DisclosurePart,
  MeasureDefinition,
  MeasureRequest,
  MeasureResult,
  Period,
} from './types';

/**
 * One query per measure per request, and one for the parts suppression checks the view against
 * (`disclosure`); the result is unsuppressed (see suppressResult). With
 * `memberTables` (the loaded extract's), the measure's members and what is derived from them
 * (cells, times) are computed once and kept; the parts, which no view changes, are read once per
 * extract and measure and kept too; a count's or proportion's view and parts are summed from its
 * cell table (plan.cells), a time to event's view from its times (plan.times), each read whole
 * once per extract: a view change sends no statement. The only code that runs a measure's SQL.
 */
export async function runMeasure(
  db: DbClient,
  measure: MeasureDefinition,
  request: MeasureRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<MeasureResult> {
  const run = <K extends MeasureDefinition['kind'], Body>(
    kind: K,
    plan: MeasurePlan<Body>,
  ): Promise<Envelope<K> & Body> =>
    runPlan(db, plan, signal, memberTables).then(({ body, parts }) => ({
      kind,
      measureId: measure.id,
      ...(measure.family === undefined ? {} : { family: measure.family }),
      ...(measure.ownPattern === true ? { ownPattern: true as const } : {}),
      dataThrough: request.dataThrough,
      by: breakdownOf(request),
      period: request.period,
      suppression: false,
      disclosure: {
        filters: request.filters ?? {},
        parts,
        completeBefore: cohortRange(latestCompleteCohort(measure, 'quarter', request.dataThrough))
          .end,
      },
      ...body,
    }));
  switch (measure.kind) {
    case 'count':
      return run(measure.kind, planCount(measure, request));
    case 'proportion':
      return run(measure.kind, planProportion(measure, request));
    case 'time-to-event':
      return run(measure.kind, planTimeToEvent(measure, request));
    case 'competing-time-to-event':
      return run(measure.kind, planCompetingTimeToEvent(measure, request));
  }
}

/** What every result says besides its rows and comparisons. */
interface Envelope<K extends MeasureDefinition['kind']> {
  kind: K;
  measureId: string;
  dataThrough: string;
  by: ByKey[];
  period: Period;
  suppression: boolean;
  family?: string;
  disclosure: Disclosure;
}

/**
 * A plan's body and parts: from kept tables, the view summed from its cells or times read whole
 * once per extract (a plan with neither runs its view's query), the parts read once; without
 * them, inline.
 */
async function runPlan<Body>(
  db: DbClient,
  plan: MeasurePlan<Body>,
  signal: AbortSignal | undefined,
  memberTables: MemberTables | undefined,
): Promise<{ body: Body; parts: DisclosurePart[] }> {
  if (!memberTables) return runInline(db, plan, signal);
  const keep = async (relation: KeptRelation, valuesOnly = false): Promise<Sql> =>
    sql`FROM ${await memberTables.table(relation, signal, { valuesOnly })}`;
  const members = await keep(plan.members);
  // A cell or times table is read only through the values kept from it (below).
  const derived = await keep(
    plan.derived(members),
    plan.cells !== undefined || plan.times !== undefined,
  );
  if (plan.cells) {
    // A cell table read whole once per extract: the view and parts summed here, no statement.
    const { columns, onePerCohort, view } = plan.cells;
    const query = cellTableQuery(derived, columns, onePerCohort);
    const table = (tableSignal?: AbortSignal) =>
      memberTables.value(
        keyOf('cell-table', query),
        async () => readCellTable(await db.query(query), columns, onePerCohort),
        tableSignal,
      );
    const rows = view(await table(signal));
    const parts = await memberTables.value(
      keyOf('cell-parts', query),
      async () => plan.parts.read(cellPartRows(await table())),
      signal,
    );
    return { body: plan.read(rows), parts };
  }
  let body: Body;
  if (plan.times) {
    // The times read whole once per extract: the view summed here, no statement.
    const { onePerCohort, view } = plan.times;
    const query = timeTableQuery(derived, onePerCohort);
    const table = await memberTables.value(
      keyOf('time-table', query),
      async () => readTimeTable(await db.query(query), onePerCohort),
      signal,
    );
    body = plan.read(view(table));
  } else body = plan.read(await db.query(plan.view(derived), signal));
  // The parts depend on the derived relation only (not on the view's breakdown, filters or
  // cohort size): read once per extract and measure, keyed by their SQL.
  const partsSql = plan.parts.sql(derived);
  const parts = await memberTables.value(
    keyOf('disclosure-parts', partsSql),
    async () => plan.parts.read(await db.query(partsSql)),
    signal,
  );
  return { body, parts };
}

/**
 * A plan without kept tables (the command line, tests): its derived relation (cells or times,
 * with the members under it) made once, into a temporary table in the relation's kept order, for
 * the view's query and the parts' (each computed it inline before: the members twice per
 * measure), then dropped.
 */
async function runInline<Body>(
  db: DbClient,
  plan: MeasurePlan<Body>,
  signal: AbortSignal | undefined,
): Promise<{ body: Body; parts: DisclosurePart[] }> {
  const relation = plan.derived(plan.members.sql);
  const name = ident(`inline_derived_${String(++inlineTables)}`);
  const order = relation.order ? sql` ORDER BY ${relation.order}` : sql``;
  try {
    await db.exec(
      sql`CREATE TEMP TABLE ${name} AS SELECT * FROM (${relation.sql})${order}`,
      signal,
    );
    const derived = sql`FROM ${name}`;
    const body = plan.read(await db.query(plan.view(derived), signal));
    const parts = plan.parts.read(await db.query(plan.parts.sql(derived), signal));
    return { body, parts };
  } finally {
    await db.exec(sql`DROP TABLE IF EXISTS ${name}`);
  }
}

/** Temporary tables made by runInline, numbered: a name is never reused. */
let inlineTables = 0;

/** The key a value kept with the tables is kept under: what it is and its query. */
function keyOf(what: string, query: Sql): string {
  const { text, params } = query.toQuery();
  return JSON.stringify([what, text, params]);
}
