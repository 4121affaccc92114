import { AbortedError, throwIfAborted, type DbClient, type Row } from '../db/client';
import { ident, join, raw, sql, type Sql } from '../db/sql';
import { cellPartRows, cellTableQuery, readCellTable } from './cells';
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
 * no view changes, are read once per extract and measure and kept too, and the view's query is
 * sent with the other views of its shape asked in the same task (viewRows), so a view change
 * runs one statement per shape, not per measure; a count's or proportion's view and parts are
 * summed from its cell table, read whole once per extract (plan.cells), with no statement. The
 * only code that runs a measure's SQL.
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
    runPlan(db, plan, shapeOf(kind, request), signal, memberTables).then(({ body, parts }) => ({
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

/**
 * A view's columns: its kind and breakdown; a time to event's (either kind) are the same for
 * every breakdown (county and cohort NULL when not in it).
 */
function shapeOf(kind: MeasureDefinition['kind'], request: MeasureRequest): string {
  return kind === 'time-to-event' || kind === 'competing-time-to-event'
    ? 'time-to-event'
    : `${kind}:${breakdownOf(request).join(',')}`;
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

/** `shape`: the view's columns (its kind and breakdown): views of one shape share a statement. */
async function runPlan<Body>(
  db: DbClient,
  plan: MeasurePlan<Body>,
  shape: string,
  signal: AbortSignal | undefined,
  memberTables: MemberTables | undefined,
): Promise<{ body: Body; parts: DisclosurePart[] }> {
  if (!memberTables) return runInline(db, plan, signal);
  const keep = async (relation: KeptRelation, valuesOnly = false): Promise<Sql> =>
    sql`FROM ${await memberTables.table(relation, signal, { valuesOnly })}`;
  const members = await keep(plan.members);
  // A cell table is read only through the values kept from it (below).
  const derived = await keep(plan.derived(members), plan.cells !== undefined);
  if (plan.cells) {
    // A cell table read whole once per extract: the view and parts summed here, no statement.
    // The sums hold the page's thread: the views asked in this task go to the engine first.
    await afterViewsSent();
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
  const view = plan.view(derived);
  const body = plan.read(await viewRows(db, shape, view, signal));
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

/**
 * Resolves once the views asked of the engine in this task have been sent (viewRows sends them
 * from a timer set when the first is asked): a timer, then another, which comes after any timer
 * set meanwhile. Work on the page's thread that waits for it (summing cells in TypeScript) runs
 * while the engine computes those views, instead of before they are sent: the engine runs in
 * its own worker. On opening the sample, the overview's statement (the times to event) started
 * only after every count and proportion had been summed and suppressed, about 0.5 s later.
 */
function afterViewsSent(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      setTimeout(resolve, 0);
    }, 0);
  });
}

/** A view's query waiting for the statement of its task (viewRows). */
interface PendingView {
  query: Sql;
  signal: AbortSignal | undefined;
  resolve: (rows: Row[]) => void;
  reject: (error: unknown) => void;
}

/** Per engine, the views asked in this task, by shape. */
const pendingViews = new WeakMap<DbClient, Map<string, PendingView[]>>();

/**
 * A view's rows, its query sent together with the other views of the same `shape` (the same
 * columns: a measure kind and breakdown) asked of `db` in the same task (a page's charts and
 * cards, a family's members): one statement, UNION ALL BY NAME of the views, each row tagged with
 * its view's place, read back in order (a SELECT over a subquery and UNION ALL keep the order of
 * rows: DuckDB's order preservation). A statement's fixed cost (a round trip to the worker,
 * planning, the result's transfer) is paid once per shape and view change instead of once per
 * measure. The statement is cancelled only when every view in it is; a caller whose `signal`
 * aborts stops waiting (AbortedError). When the statement fails, each view runs alone, so that
 * an error reaches only its own measure. Views whose queries are the same are asked once.
 */
function viewRows(
  db: DbClient,
  shape: string,
  query: Sql,
  signal: AbortSignal | undefined,
): Promise<Row[]> {
  throwIfAborted(signal);
  let shapes = pendingViews.get(db);
  if (!shapes) {
    const asked = new Map<string, PendingView[]>();
    shapes = asked;
    pendingViews.set(db, asked);
    setTimeout(() => {
      pendingViews.delete(db);
      for (const views of asked.values()) void runViews(db, views);
    }, 0);
  }
  let views = shapes.get(shape);
  if (!views) {
    views = [];
    shapes.set(shape, views);
  }
  const batch = views;
  return new Promise<Row[]>((resolve, reject) => {
    batch.push({ query, signal, resolve, reject });
  });
}

async function runViews(db: DbClient, views: readonly PendingView[]): Promise<void> {
  const [only] = views;
  if (views.length === 1 && only) {
    await db.query(only.query, only.signal).then(only.resolve, only.reject);
    return;
  }
  const controller = new AbortController();
  let waiting = views.length;
  const stops = views.map((view) => {
    const stop = () => {
      view.reject(new AbortedError());
      if (--waiting === 0) controller.abort();
    };
    if (view.signal?.aborted) stop();
    else view.signal?.addEventListener('abort', stop, { once: true });
    return () => view.signal?.removeEventListener('abort', stop);
  });
  // Identical views (a family run for two headlines whose cohort ranges coincide) are asked once.
  const queries: Sql[] = [];
  const seen = new Map<string, number>();
  const places = views.map((view) => {
    const key = keyOf('view', view.query);
    let place = seen.get(key);
    if (place === undefined) {
      place = queries.push(view.query) - 1;
      seen.set(key, place);
    }
    return place;
  });
  const [first] = queries;
  const statement =
    queries.length === 1 && first
      ? first
      : join(
          queries.map((query, i) => sql`SELECT ${raw(String(i))} AS view_no, * FROM (${query})`),
          ' UNION ALL BY NAME ',
        );
  try {
    if (waiting === 0) return;
    const rows = await db.query(statement, controller.signal).catch(() => null);
    if (controller.signal.aborted) return;
    if (rows === null) {
      // One view's error fails the statement: each view alone, so the error finds its measure.
      for (const view of views) {
        if (!view.signal?.aborted)
          await db.query(view.query, view.signal).then(view.resolve, view.reject);
      }
      return;
    }
    const byQuery: Row[][] = queries.length === 1 ? [rows] : queries.map(() => []);
    if (queries.length > 1)
      for (const { view_no: viewNo, ...row } of rows) byQuery[Number(viewNo)]?.push(row);
    views.forEach((view, i) => {
      view.resolve([...(byQuery[places[i] ?? -1] ?? [])]);
    });
  } finally {
    for (const remove of stops) remove();
  }
}
