import type { DbClient } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { cohortRange, latestCompleteCohort } from './cohorts';
import { planCount } from './compile-count';
import { planProportion } from './compile-proportion';
import { planCompetingTimeToEvent, planTimeToEvent } from './compile-time-to-event';
import type { MemberTables } from './member-tables';
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
 * (cells, times) are computed once and kept, and a view reads the kept table; the parts, which
 * no view changes, are read once per extract and measure and kept too, so a view change runs
 * one statement per measure. The only code that runs a measure's SQL.
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

async function runPlan<Body>(
  db: DbClient,
  plan: MeasurePlan<Body>,
  signal: AbortSignal | undefined,
  memberTables: MemberTables | undefined,
): Promise<{ body: Body; parts: DisclosurePart[] }> {
  const keep = async (relation: KeptRelation): Promise<Sql> =>
    memberTables ? sql`FROM ${await memberTables.table(relation, signal)}` : relation.sql;
  const members = await keep(plan.members);
  const derived = await keep(plan.derived(members));
  const body = plan.read(await db.query(plan.view(derived), signal));
  // The parts depend on the derived relation only (not on the view's breakdown, filters or
  // cohort size): with kept tables, read once per extract and measure, keyed by their SQL.
  const partsSql = plan.parts.sql(derived);
  const readParts = async (partsSignal?: AbortSignal) =>
    plan.parts.read(await db.query(partsSql, partsSignal));
  const parts = memberTables
    ? await memberTables.value(partsKey(partsSql), () => readParts(), signal)
    : await readParts(signal);
  return { body, parts };
}

/** The key a measure's parts are kept under: their query (over the kept derived table). */
function partsKey(partsSql: Sql): string {
  const { text, params } = partsSql.toQuery();
  return JSON.stringify(['disclosure-parts', text, params]);
}
