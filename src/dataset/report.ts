import type { DbClient } from '../db/client';
import { csvCell } from './csv-cell';
import { ident, join, raw, sql, type Sql } from '../db/sql';
import { LIVE, type ExtractTables } from './load-tables';
import { TABLES, type TableName } from './schema';

const TABLE_NAMES = TABLES.map((t) => t.name);

export interface LoadReport {
  /** ISO; null when neither the file nor the caller gives one (then `needsDataThrough`). */
  dataThrough: string | null;
  needsDataThrough: boolean;
  /** Normalized tables now loaded, families first. */
  tables: TableName[];
  files: FileReport[];
  fatal: string | null;
}

export interface IssueExample {
  rowNo: number;
  value: string | null;
}

export interface Issue {
  severity: 'error' | 'warning';
  column: string | null;
  reason: string;
  /** What the issue does to the measures. */
  effect: string;
  count: number;
  examples: IssueExample[];
}

export interface FileReport {
  fileName: string;
  table: TableName | null;
  error: string | null;
  /** Disjoint: loaded (clean) + warnings (loaded with warnings) + rejected = rows. */
  rows: number;
  loaded: number;
  warnings: number;
  rejected: number;
  columns: {
    matched: { column: string; header: string }[];
    unmatchedRequired: string[];
    unmatchedOptional: string[];
    /** Optional columns present in the file but blank in every loaded row. */
    blankOptional: string[];
    ignored: string[];
    privacy: { header: string; why: string }[];
  };
  issues: Issue[];
}

/** The table of every row rule's hit and every malformed line, of `tables` (live or staged). */
export function issuesDdl(tables: ExtractTables): Sql {
  return sql`CREATE OR REPLACE TABLE ${tables.issues} (
  table_name VARCHAR, row_no INTEGER, column_name VARCHAR, value VARCHAR,
  severity VARCHAR, reason VARCHAR, effect VARCHAR)`;
}

const EXAMPLES_PER_ISSUE = 5;

/**
 * Row counts and grouped issues of one table of `rows` rows read, from the issues table of
 * `tables` (the load's staged tables while it runs).
 */
export async function summarizeIssues(
  db: DbClient,
  tables: ExtractTables,
  table: TableName,
  rows: number,
): Promise<Pick<FileReport, 'rows' | 'loaded' | 'warnings' | 'rejected' | 'issues'>> {
  const issues = tables.issues;
  const counts = await db.query<{ rejected: number | null; warnings: number | null }>(sql`
    SELECT count_if(bad)::INTEGER AS rejected, count_if(NOT bad)::INTEGER AS warnings
    FROM (SELECT row_no, bool_or(severity = 'error') AS bad FROM ${issues}
          WHERE table_name = ${table} GROUP BY row_no)`);
  const groups = await db.query<{
    severity: 'error' | 'warning';
    column_name: string | null;
    reason: string;
    effect: string;
    n: number;
  }>(sql`
    SELECT severity, column_name, reason, effect, count(*)::INTEGER AS n
    FROM ${issues} WHERE table_name = ${table}
    GROUP BY severity, column_name, reason, effect
    ORDER BY severity, n DESC, reason`);
  const examples = await db.query<{
    severity: string;
    column_name: string | null;
    reason: string;
    row_no: number;
    value: string | null;
  }>(sql`
    -- An example is for reading: a value is cut at 200 characters (a cell may hold megabytes).
    SELECT severity, column_name, reason, row_no,
           CASE WHEN length(value) > 200 THEN left(value, 200) || '…' ELSE value END AS value FROM (
      SELECT *, row_number() OVER (PARTITION BY severity, column_name, reason ORDER BY row_no) AS k
      FROM ${issues} WHERE table_name = ${table})
    WHERE k <= ${EXAMPLES_PER_ISSUE} ORDER BY row_no`);
  const rejected = counts[0]?.rejected ?? 0;
  const warnings = counts[0]?.warnings ?? 0;
  return {
    rows,
    rejected,
    warnings,
    loaded: rows - rejected - warnings,
    issues: groups.map((g) => ({
      severity: g.severity,
      column: g.column_name,
      reason: g.reason,
      effect: g.effect,
      count: g.n,
      examples: examples
        .filter(
          (e) =>
            e.severity === g.severity && e.column_name === g.column_name && e.reason === g.reason,
        )
        .map((e) => ({ rowNo: e.row_no, value: e.value })),
    })),
  };
}

/**
 * The rejected rows of a table as CSV: the row number, the values of the extract's columns as
 * the file wrote them, under the extract's column names, and the reasons; never a column the
 * loader ignores or the privacy guard caught (the loader keeps no other). Lines the CSV reader
 * could not split carry their text in the reason only when every column of their file is an
 * extract column.
 */
export async function rejectedRowsCsv(db: DbClient, table: TableName): Promise<string> {
  if (!(TABLE_NAMES as readonly string[]).includes(table))
    throw new Error(`Unknown table ${table}`);
  const rawTable = LIVE.raw(table);
  const exists = await db.query<{ n: number }>(
    sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ${LIVE.rawName(table)}`,
  );
  const headers =
    (exists[0]?.n ?? 0) > 0
      ? (
          await db.query<{ column_name: string }>(
            sql`SELECT column_name FROM (DESCRIBE ${rawTable})`,
          )
        )
          .map((c) => c.column_name)
          .filter((name) => name !== '_row_no')
      : [];
  const values = headers.map((h, i) => sql`r.${ident(h)} AS ${ident(`c${String(i)}`)}, `);
  const from =
    headers.length > 0 ? sql`bad LEFT JOIN ${rawTable} r ON r._row_no = bad.row_no` : raw('bad');
  const reason = raw(
    "CASE WHEN column_name IS NULL AND value IS NOT NULL THEN reason || ': ' || value ELSE reason END",
  );
  const rows = await db.query(sql`
    WITH bad AS (
      SELECT row_no, string_agg(DISTINCT ${reason}, '; ' ORDER BY ${reason}) AS reason
      FROM ${LIVE.issues} WHERE table_name = ${table} AND severity = 'error' GROUP BY row_no)
    SELECT bad.row_no AS "row_no", ${join(values, '')}bad.reason AS "reason"
    FROM ${from} ORDER BY bad.row_no`);
  const lines = [['row_no', ...headers, 'reason'].map(csvCell).join(',')];
  for (const row of rows) {
    const cells = [
      row.row_no ?? null,
      ...headers.map((_, i) => row[`c${i}`] ?? null),
      row.reason ?? null,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
