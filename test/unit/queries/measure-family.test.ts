import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, type DbClient, type Row } from '../../../src/db/client';
import type { Sql } from '../../../src/db/sql';
import type { LoadReport } from '../../../src/dataset/load-extract';
import { CATALOG, measuresShown } from '../../../src/measures/catalog';
import { readExtractContents } from '../../../src/measures/columns-read';
import { headlineScope } from '../../../src/measures/headline';
import { MemberTables } from '../../../src/measures/member-tables';
import { runMeasure } from '../../../src/measures/run-measure';
import {
  familyMembers,
  runFamilySuppressed,
  runSuppressed,
} from '../../../src/measures/run-protected';
import { suppressMeasures } from '../../../src/measures/suppression';
import type {
  ByKey,
  MeasureDefinition,
  MeasureRequest,
  MeasureResult,
} from '../../../src/measures/types';
import type { LoadedExtract } from '../../../src/queries/extract';
import { DEFAULT_VIEW, measureQuery, type ViewSettings } from '../../../src/queries/measures';
import { loadSampleInNode } from '../../browser/node-reference';

// Issue 18: a view change runs one statement. A family's measures (suppressed together) used to
// be run once for each member shown, each member's query reading the extract's measures again and
// each measure's disclosure parts again, each view its own statement; here the engine's
// statements are counted through a wrapper around the real client, on the synthetic sample.

/** The real client, each statement it is given (exec, query, transaction) recorded in order. */
function counting(db: DbClient): { db: DbClient; statements: string[] } {
  const statements: string[] = [];
  const text = (statement: Sql | string) =>
    typeof statement === 'string' ? statement : statement.toQuery().text;
  const counted: DbClient = {
    engine: db.engine,
    exec: (statement, signal) => {
      statements.push(text(statement));
      return db.exec(statement, signal);
    },
    query: <T extends Row = Row>(query: Sql | string, signal?: AbortSignal) => {
      statements.push(text(query));
      return db.query<T>(query, signal);
    },
    transaction: (list) => {
      statements.push(...list.map(text));
      return db.transaction(list);
    },
    registerFile: (name, source) => db.registerFile(name, source),
    dropFile: (name) => db.dropFile(name),
    fileSize: (source) => db.fileSize(source),
    readBytes: (source, start, end) => db.readBytes(source, start, end),
    createTableFromParquet: (table, source, signal) =>
      db.createTableFromParquet(table, source, signal),
    parquetTextBytes: (source, limit, signal) => db.parquetTextBytes(source, limit, signal),
    appendArrow: (table, ipc, signal) => db.appendArrow(table, ipc, signal),
    restart: () => db.restart(),
    close: () => db.close(),
  };
  return { db: counted, statements };
}

/**
 * What the dashboard computed before issue 18 for one measure shown in a view: the measure and
 * every available sibling of its family run again (members inline, parts read per run), the
 * measure's own result suppressed first with its siblings after it in catalog order.
 */
async function oldPath(
  db: DbClient,
  measure: MeasureDefinition,
  available: readonly MeasureDefinition[],
  request: MeasureRequest,
): Promise<MeasureResult> {
  const siblings = available.filter(
    (other) =>
      measure.family !== undefined && other.family === measure.family && other.id !== measure.id,
  );
  const results: MeasureResult[] = [];
  for (const m of [measure, ...siblings]) results.push(await runMeasure(db, m, request));
  const [suppressed] = suppressMeasures(results);
  if (!suppressed) throw new Error('no result');
  return suppressed;
}

const isTimeToEvent = (measure: MeasureDefinition) =>
  measure.kind === 'time-to-event' || measure.kind === 'competing-time-to-event';

const masked = (result: MeasureResult) => result.rows.filter((row) => row.suppressed).length;

describe('a family of measures in a view', () => {
  let db: DbClient;
  let report: LoadReport;
  let D: string;
  let available: MeasureDefinition[];
  beforeAll(async () => {
    ({ db, report } = await loadSampleInNode());
    D = report.dataThrough ?? '';
    available = measuresShown(await readExtractContents(db));
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('runs each member once per view, counts and proportions from cells and the times to event from times read once, no statement, with the results of the old path exactly', async () => {
    const { db: counted, statements } = counting(db);
    const tables = new MemberTables(counted);
    const families = familyMembers('families', available);
    const episodes = familyMembers('child-episodes', available);
    expect(families.map((m) => m.id)).toEqual([
      'families-identified',
      'coordination-30d',
      'time-to-coordination',
      'recurrence-12m',
      'foster-entry-12m',
    ]);
    expect(episodes.map((m) => m.id)).toEqual(['reunification-12m', 'time-to-reunification']);
    try {
      // The extract's first view builds the kept tables and reads each measure's parts once.
      const first: MeasureRequest = {
        by: ['cohort'],
        period: 'quarter',
        filters: {},
        dataThrough: D,
      };
      await runFamilySuppressed(counted, families, first, undefined, tables);
      await runFamilySuppressed(counted, episodes, first, undefined, tables);
      expect(statements.filter((s) => s.startsWith('CREATE')).length).toBeGreaterThan(0);

      const views: MeasureRequest[] = [
        // A filter change, a cohort-size change, a breakdown by county, a headline's pooled cohorts.
        { by: ['cohort'], period: 'quarter', filters: { counties: ['Fresno'] }, dataThrough: D },
        { by: ['cohort'], period: 'year', filters: {}, dataThrough: D },
        { by: ['county'], period: 'quarter', filters: {}, dataThrough: D },
        {
          by: [],
          period: 'quarter',
          filters: headlineScope(families[1]!, 'quarter', { counties: ['Fresno'] }, D).filters,
          dataThrough: D,
        },
      ];
      let maskedRows = 0;
      for (const view of views) {
        for (const family of [families, episodes]) {
          statements.length = 0;
          const results = await runFamilySuppressed(counted, family, view, undefined, tables);
          // Counts and proportions summed from their cell tables, the times to event from their
          // times, each read once per extract: no statement. No table built, no parts or
          // catalog read.
          expect(statements).toHaveLength(0);
          for (const [i, measure] of family.entries()) {
            const old = await oldPath(db, measure, available, view);
            expect(results[i]).toEqual(old);
            // The public one-measure runner gives the same, given the extract's measures.
            expect(await runSuppressed(db, measure, view, undefined, undefined, available)).toEqual(
              old,
            );
            maskedRows += masked(old);
          }
        }
      }
      // The equality covers masking: the sample's views mask cells of these families.
      expect(maskedRows).toBeGreaterThan(0);
    } finally {
      await tables.dispose();
    }
  }, 120_000);

  it('is one query per family and view in React Query: the members select their own results', async () => {
    const { db: counted, statements } = counting(db);
    const extract: LoadedExtract = {
      id: 1,
      source: 'sample',
      label: 'Synthetic sample',
      report,
      members: new MemberTables(counted),
    };
    const client = new QueryClient();
    const overview = (view: ViewSettings) =>
      Promise.all(
        available.map((m) => client.query(measureQuery(counted, extract, m, ['cohort'], view))),
      );
    try {
      const first = await overview(DEFAULT_VIEW);
      expect(first.map((result) => result.measureId)).toEqual(available.map((m) => m.id));
      // The extract's measures were read once (two statements), however many family queries ran.
      expect(statements.filter((s) => s.includes('duckdb_tables()'))).toHaveLength(1);

      for (const view of [
        { ...DEFAULT_VIEW, filters: { counties: ['Fresno'] } },
        { ...DEFAULT_VIEW, period: 'year' as const },
      ]) {
        statements.length = 0;
        const results = await overview(view);
        // Every chart of the overview updated without a statement: the counts and proportions
        // summed from the cell tables, the times to event from the times, read by the first view.
        expect(statements).toHaveLength(0);
        for (const [i, measure] of available.entries()) {
          const request: MeasureRequest = {
            by: ['cohort'],
            period: view.period,
            filters: view.filters,
            dataThrough: D,
          };
          expect(results[i]).toEqual(await oldPath(db, measure, available, request));
        }
      }
      // The internal view (no suppression): each measure alone, unsuppressed; a proportion's
      // from its cells, already read.
      statements.length = 0;
      const internal = await client.query(
        measureQuery(counted, extract, available[1]!, ['cohort'], {
          ...DEFAULT_VIEW,
          suppress: false,
        }),
      );
      expect(statements).toHaveLength(0);
      expect(internal.suppression).toBe(false);
      expect(internal).toEqual(
        await runMeasure(db, available[1]!, {
          by: ['cohort'],
          period: DEFAULT_VIEW.period,
          filters: {},
          dataThrough: D,
        }),
      );
    } finally {
      client.clear();
      await extract.members.dispose();
    }
  }, 120_000);

  it("reads a time to event's times once, shared by the views asked meanwhile; a view cancelled stops waiting, the others get their rows; later views send no statement", async () => {
    const { db: counted, statements } = counting(db);
    const tables = new MemberTables(counted);
    // Both kinds: Kaplan–Meier (families) and cumulative incidence (child episodes).
    const [coordination, reunification] = available.filter(isTimeToEvent);
    expect(coordination?.kind).toBe('time-to-event');
    expect(reunification?.kind).toBe('competing-time-to-event');
    try {
      const view: MeasureRequest = {
        by: ['county'],
        period: 'quarter',
        filters: {},
        dataThrough: D,
      };
      const controller = new AbortController();
      const cancelled = runMeasure(counted, coordination!, view, controller.signal, tables);
      const kept = runMeasure(counted, reunification!, view, undefined, tables);
      // The same view asked twice (two headlines' cohort ranges that coincide).
      const again = runMeasure(counted, reunification!, view, undefined, tables);
      // Once the tables are under way.
      await new Promise((resolve) => setTimeout(resolve, 0));
      controller.abort();
      await expect(cancelled).rejects.toThrow(AbortedError);
      const alone = await runMeasure(db, reunification!, view);
      expect(await kept).toEqual(alone);
      expect(await again).toEqual(alone);
      // Its times read whole once for both callers.
      expect(statements.filter((s) => s.includes('AS event_days'))).toHaveLength(1);

      await runMeasure(counted, coordination!, view, undefined, tables);
      statements.length = 0;
      for (const later of [
        { ...view, filters: { counties: ['Fresno'] } },
        { ...view, by: ['county', 'cohort'] as ByKey[], period: 'year' as const },
      ])
        for (const measure of [coordination!, reunification!])
          expect(await runMeasure(counted, measure, later, undefined, tables)).toEqual(
            await runMeasure(db, measure, later),
          );
      expect(statements).toHaveLength(0);
    } finally {
      await tables.dispose();
    }
  }, 120_000);

  it('lists the catalog measures the sample shows', () => {
    // The counts above are per available measure: the sample shows the whole catalog.
    expect(available.map((m) => m.id)).toEqual(CATALOG.map((m) => m.id));
  });
});
