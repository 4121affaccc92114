import { firstLineOf, isOutOfMemory, type DbClient } from '../db/client';
import { ident, join, literal, raw, sql, type Sql } from '../db/sql';
import {
  LEFTOVER_TABLES_QUERY,
  STAGED,
  WORK,
  WORK_TABLES_QUERY,
  malformedTableDdl,
  swapStatements,
  type ReadingTables,
} from './load-tables';
import { GUARD_REASONS } from './file-guard';
import { matchHeaders, recognizeTable, type HeaderMatch } from './match-columns';
import { normalizeMacrosSql } from './normalize-sql';
import { PRIVACY_VALUES, PRIVACY_VALUE_SHARE, looksLikeIdentifier } from './privacy';
import { readsAsRecord } from './header-row';
import { previewText } from './preview';
import { recordColumnGaps } from './column-availability';
import { RANGE_CHECKED_DATES, findDateProblems } from './date-checks';
import { findMoneyConventions } from './money-conventions';
import { cellKey, cellsSql } from './cells-sql';
import { findColumnShapes, type ColumnShape, type ColumnShapes } from './column-shapes';
import {
  checkFile,
  readRawFile,
  type ExtractFile,
  type FileCheck,
  type RawFile,
} from './read-file';
import { issuesDdl, summarizeIssues, type FileReport, type Issue, type LoadReport } from './report';
import { expandWorkbooks } from './read-workbook';
import {
  EFFECT,
  TYPED_CHUNK_ROWS,
  duplicateKeysSql,
  insertIssuesSql,
  rawValuesSql,
  rowRules,
  storedValueSql,
  typedTableSql,
} from './row-rules';
import { TABLES, tableSpec, type ColumnSpec, type TableName, type TableSpec } from './schema';
import { readHead } from './sniff-bytes';
import { extractColumnsDdl, extractMetaDdl, normalizedTableDdl } from './tables';

export type { ExtractFile } from './read-file';
export type { FileReport, Issue, LoadReport } from './report';
export { rejectedRowsCsv } from './report';

export interface LoadOptions {
  /** ISO date from the caller (command line --through, or asked in the UI); wins over the file's. */
  dataThrough?: string;
  /** Schema column -> header chosen by the user, per table. */
  mapping?: Partial<Record<TableName, Record<string, string>>>;
  /** Rows typed and checked at a time (TYPED_CHUNK_ROWS); tests make it small. */
  chunkRows?: number;
  /**
   * False: every column gets the value macros, whatever its shape (column-shapes.ts); tests
   * compare the two. Default true.
   */
  columnShapes?: boolean;
  /** Told as each step starts and as each file's rows are counted, for a progress line. */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Told as each phase of the work starts: every statement until the next call belongs to it
   * (the benchmark times the load by phase this way).
   */
  onPhase?: (phase: LoadPhase) => void;
}

export type LoadProgress =
  | { step: 'reading'; fileName: string }
  | { step: 'read'; fileName: string; rows: number }
  | { step: 'checking'; fileName: string; rows: number };

/**
 * setup: macros and empty staged tables; read: a file into its all-text table; inspect: its
 * columns, identifiers and date order; normalize: values typed; validate: row rules and the
 * report's counts; store: rows into the staged tables, and the swap.
 */
export type LoadPhase = 'setup' | 'read' | 'inspect' | 'normalize' | 'validate' | 'store';

interface Accepted {
  spec: TableSpec;
  match: HeaderMatch;
  raw: RawFile;
  /** The file's all-text table, now the staged raw table of its extract table. */
  text: Sql;
  malformed: Sql;
  report: FileReport;
  /** What each header's cells are: where the macros give them back as written. */
  shapes: ColumnShapes;
}

const PRIVACY_SAMPLE_ROWS = 10_000;

const MALFORMED_REASONS: Record<string, string> = {
  'TOO MANY COLUMNS': 'the line has more fields than the header (check quotes and delimiters)',
  'MISSING COLUMNS': 'the line has fewer fields than the header',
  'UNBALANCED QUOTE':
    'the line opens a quote (") that it never closes, so its values cannot be told apart: close or remove the quote',
  'QUOTE INSIDE VALUE':
    'a quoted value of the line has text after its closing quote ("): quote the whole value and double each quote inside it ("")',
  ...GUARD_REASONS,
};

/**
 * The message of a failure no check foresaw: what to do, never the engine's own text (which names
 * its internals and paths); that goes to the console for a bug report.
 */
function unexpectedFailure(fileName: string, error: unknown): string {
  const detail = firstLineOf(error);
  console.error(`Loading ${fileName} failed:`, detail);
  if (isOutOfMemory(error)) {
    return `${fileName} could not be loaded: this browser ran out of memory. Close other tabs or use a computer with more memory, and load the files again.`;
  }
  return `${fileName} could not be loaded: the dashboard failed while reading it. Reload the page and load the files again; if it fails again, report it with the file's name and size (never its contents).`;
}

function emptyReport(fileName: string): FileReport {
  return {
    fileName,
    table: null,
    error: null,
    rows: 0,
    loaded: 0,
    warnings: 0,
    rejected: 0,
    columns: {
      matched: [],
      unmatchedRequired: [],
      unmatchedOptional: [],
      blankOptional: [],
      ignored: [],
      privacy: [],
    },
    issues: [],
  };
}

/** Families, children, adults: the order tables are stored and reported in. */
function tableOrder(name: TableName): number {
  return TABLES.findIndex((t) => t.name === name);
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * Creates the value macros unless the database has them: each CREATE MACRO is a round trip to
 * DuckDB-wasm's worker, and the macros never change while the page lives. They are created in
 * order, so the last one's presence says all are there (a database started anew has none).
 */
async function ensureMacros(db: DbClient): Promise<void> {
  const statements = normalizeMacrosSql();
  const last = /MACRO (\w+)/.exec(statements[statements.length - 1] ?? '')?.[1] ?? '';
  // Calling it is the cheap look: duckdb_functions() lists every function of the engine.
  try {
    await db.query(sql`SELECT ${ident(last)}(NULL)::VARCHAR AS v`);
    return;
  } catch (error) {
    if (!/catalog error|does not exist/i.test(firstLineOf(error))) throw error;
  }
  // One round trip for all of them (a CREATE MACRO each was a round trip to the worker).
  await db.transaction(statements);
}

/**
 * Drops what an earlier load left staged, and creates the staged tables empty: one transaction
 * (one round trip to DuckDB-wasm's worker instead of one per table).
 */
async function resetStaged(db: DbClient): Promise<void> {
  await ensureMacros(db);
  await db.transaction([
    ...(await dropStatements(db, LEFTOVER_TABLES_QUERY)),
    ...TABLES.flatMap((spec) => [
      normalizedTableDdl(spec, STAGED),
      // A file not in this load leaves no rejected rows: empty tables stand for it.
      sql`CREATE OR REPLACE TABLE ${STAGED.raw(spec.name)} (_row_no INTEGER)`,
      malformedTableDdl(STAGED.malformed(spec.name)),
    ]),
    extractMetaDdl(STAGED),
    extractColumnsDdl(STAGED),
    issuesDdl(STAGED),
  ]);
}

/** The statements dropping the tables `listed` names (load-tables.ts: never the loaded extract's). */
async function dropStatements(db: DbClient, listed: Sql): Promise<Sql[]> {
  const tables = await db.query<{ table_name: string }>(listed);
  return tables.map(({ table_name }) => sql`DROP TABLE IF EXISTS ${ident(table_name)}`);
}

/** Drops the tables `listed` names, in one transaction (one round trip). */
async function dropTables(db: DbClient, listed: Sql): Promise<void> {
  const drops = await dropStatements(db, listed);
  if (drops.length > 0) await db.transaction(drops);
}

/**
 * Columns one statement of the per-column checks (shapes, identifiers) looks at, at most: their
 * cost grows faster than their columns (issue #19: 1,999 columns of 10 rows took minutes).
 */
const WIDE_BATCH_COLUMNS = 64;

/**
 * A per-column check (`check`, a map by header) of a wide file, WIDE_BATCH_COLUMNS headers at a
 * time, the maps merged: a column's answer depends on its own cells only.
 */
async function inColumnBatches<T>(
  headers: readonly string[],
  check: (batch: readonly string[]) => Promise<ReadonlyMap<string, T>>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (let from = 0; from < headers.length; from += WIDE_BATCH_COLUMNS) {
    for (const [header, value] of await check(headers.slice(from, from + WIDE_BATCH_COLUMNS)))
      found.set(header, value);
  }
  return found;
}

/**
 * Columns whose values look like direct identifiers: checked on the first rows of the file,
 * every column's cells in one column (cells-sql.ts: `lk_clean` planned once, not once per
 * column).
 */
async function findPrivateValues(
  db: DbClient,
  text: Sql,
  headers: readonly string[],
): Promise<Map<string, string>> {
  // A statement's cost grows faster than its columns: a wide file is checked in batches.
  if (headers.length > WIDE_BATCH_COLUMNS)
    return inColumnBatches(headers, (batch) => findPrivateValues(db, text, batch));
  const found = new Map<string, string>();
  if (headers.length === 0) return found;
  // Cleaned once in an inner query: a macro repeats its argument's whole expression at each use.
  // The pattern only where the guard holds: an AND computes both sides on every row.
  const aggregates = PRIVACY_VALUES.map(
    (rule, p) =>
      sql`count_if(CASE WHEN ${raw(rule.guard('c'))} THEN regexp_full_match(c, ${literal(rule.pattern)}) ELSE FALSE END)::INTEGER AS ${ident(`m${String(p)}`)}`,
  );
  const rows = await db.query(
    sql`SELECT k, count(c)::INTEGER AS n, ${join(aggregates, ', ')}
        FROM (SELECT k, lk_clean(cell) AS c
              FROM (${cellsSql(text, headers, { limit: PRIVACY_SAMPLE_ROWS })}))
        GROUP BY k`,
  );
  const byKey = new Map(rows.map((row) => [String(row.k), row]));
  headers.forEach((header, h) => {
    const row = byKey.get(cellKey(h));
    const values = Number(row?.n ?? 0);
    PRIVACY_VALUES.forEach((rule, p) => {
      const matches = Number(row?.[`m${p}`] ?? 0);
      if (values > 0 && matches >= values * PRIVACY_VALUE_SHARE && !found.has(header))
        found.set(header, rule.why);
    });
  });
  return found;
}

/**
 * The privacy guard's columns are not kept past inspection: dropped from the file's text table
 * (so the rejected rows never carry them). The text of the lines the CSV reader could not split
 * is kept only when every column of the file is an extract column: otherwise it would hold the
 * values of a column the guard caught or the loader ignores.
 */
async function dropPrivateColumns(
  db: DbClient,
  reading: ReadingTables,
  raw: RawFile,
  headers: ReadonlySet<string>,
  onlyExtractColumns: boolean,
): Promise<void> {
  for (const header of headers)
    await db.exec(sql`ALTER TABLE ${reading.text} DROP COLUMN ${ident(header)}`);
  if (raw.malformed > 0 && (headers.size > 0 || !onlyExtractColumns))
    await db.exec(sql`UPDATE ${reading.malformed} SET line_text = NULL`);
  raw.headers = raw.headers.filter((h) => !headers.has(h));
}

/**
 * A header as a message names it: in a file without a header row the first record is read as
 * headers, and one that looks like an identifier, or any of a first row that reads as a record
 * (`headerRow` false, header-row.ts), is named by its position instead.
 */
function shownHeader(header: string, headers: readonly string[], headerRow = true): string {
  return !headerRow || looksLikeIdentifier(header.trim())
    ? `column ${String(headers.indexOf(header) + 1)}`
    : header;
}

/**
 * Whether a file's first row (its headers) reads as a header row, not a record (readsAsRecord in
 * header-row.ts), judged with the first rows below it in its text table.
 */
async function hasHeaderRow(db: DbClient, text: Sql, headers: readonly string[]): Promise<boolean> {
  const cells = headers.map((h, i) => sql`${ident(h)}::VARCHAR AS ${ident(`c${String(i)}`)}`);
  const rows = await db.query(
    sql`SELECT ${join(cells, ', ')} FROM ${text} ORDER BY _row_no LIMIT ${HEADER_ROW_SAMPLE}`,
  );
  return !readsAsRecord(
    headers,
    rows.map((row) => headers.map((_, i) => String(row[`c${String(i)}`] ?? ''))),
  );
}

/** Rows below the first that judge whether it is a header row (the mapping step's preview reads as many). */
const HEADER_ROW_SAMPLE = 6;

function columnLabel(header: string, column: string): string {
  return header === column ? `"${header}"` : `"${header}" (${column})`;
}

function missingColumnsMessage(
  fileName: string,
  match: HeaderMatch,
  headers: readonly string[],
): string {
  const [first, ...rest] = match.unmatchedRequired;
  const accepted = (c: ColumnSpec) => [c.name, ...(c.synonyms ?? [])].join(', ');
  const what =
    first !== undefined && rest.length === 0
      ? `${fileName} has no column that looks like ${first.name}; expected one of ${accepted(first)}.`
      : `${fileName} has no columns that look like ${match.unmatchedRequired.map((c) => c.name).join(', ')}; ` +
        `expected, for each: ${match.unmatchedRequired.map((c) => `${c.name} (${accepted(c)})`).join('; ')}.`;
  const single =
    headers.length === 1
      ? ' The file has a single column: if its values are separated by something other than a comma, semicolon or tab, save it again as CSV.'
      : '';
  return `${what} Rename the columns in the file, or choose which column holds each.${single}`;
}

/** Reads a file, recognizes its table and checks its columns; null when it cannot be loaded. */
async function inspectFile(
  db: DbClient,
  file: ExtractFile,
  index: number,
  report: FileReport,
  accepted: Map<TableName, Accepted>,
  options: LoadOptions,
  checked?: Promise<FileCheck>,
): Promise<Accepted | null> {
  const name = file.fileName;
  const reading: ReadingTables = WORK.file(index);
  options.onProgress?.({ step: 'reading', fileName: name });
  options.onPhase?.('read');
  const read = await readRawFile(db, file, reading.name, checked);
  options.onProgress?.({ step: 'read', fileName: name, rows: read.ok ? read.raw.rows : read.rows });
  options.onPhase?.('inspect');
  if (!read.ok) {
    report.error = read.error;
    report.rows = read.rows;
    report.rejected = read.rows;
    return null;
  }
  const { raw } = read;
  report.rows = raw.rows;
  report.rejected = raw.rows;
  const table = recognizeTable(name, raw.headers, options.mapping);
  if (table === null) {
    report.error =
      `${name} does not look like families.csv, children.csv or adults.csv: none of its columns ` +
      `(${raw.headers
        .slice(0, 6)
        .map((h) => shownHeader(h, raw.headers))
        .join(', ')}${raw.headers.length > 6 ? ', …' : ''}) are extract columns. ` +
      'Check that it is one of the extract files.';
    return null;
  }
  report.table = table;
  const spec = tableSpec(table);
  const match = matchHeaders(spec, raw.headers, options.mapping?.[table]);

  const shapes =
    options.columnShapes === false
      ? new Map<string, ColumnShape>()
      : await inColumnBatches(raw.headers, (batch) =>
          findColumnShapes(db, reading.text, batch, match.matched, RANGE_CHECKED_DATES),
        );
  const privateValues = await findPrivateValues(db, reading.text, [
    ...match.matched.map((m) => m.header),
    ...match.ignored,
  ]);
  const blocked = match.matched.filter((m) => privateValues.has(m.header));
  match.matched = match.matched.filter((m) => !privateValues.has(m.header));
  for (const { column } of blocked) {
    (column.required ? match.unmatchedRequired : match.unmatchedOptional).push(column);
  }
  match.privacy.push(...[...privateValues].map(([header, why]) => ({ header, why })));
  match.ignored = match.ignored.filter((h) => !privateValues.has(h));
  // A headerless file's ignored or private "headers" are its first record's values: named by position.
  const headerRow =
    (match.ignored.length === 0 && match.privacy.length === 0) ||
    (await hasHeaderRow(db, reading.text, raw.headers));
  report.columns = {
    matched: match.matched.map((m) => ({ column: m.column.name, header: m.header })),
    unmatchedRequired: match.unmatchedRequired.map((c) => c.name),
    unmatchedOptional: match.unmatchedOptional.map((c) => c.name),
    blankOptional: [],
    ignored: [...match.ignored, ...(match.countyCheck === null ? [] : [match.countyCheck])].map(
      (header) => shownHeader(header, raw.headers, headerRow),
    ),
    privacy: match.privacy.map(({ header, why }) => ({
      header: shownHeader(header, raw.headers, headerRow),
      why,
    })),
  };

  await dropPrivateColumns(
    db,
    reading,
    raw,
    new Set(match.privacy.map((p) => p.header)),
    report.columns.ignored.length === 0,
  );

  const blockedRequired = blocked.find((m) => m.column.required);
  if (blockedRequired !== undefined) {
    const why = privateValues.get(blockedRequired.header) ?? 'values look like direct identifiers';
    const advice =
      PRIVACY_VALUES.find((rule) => rule.why === why)?.advice ??
      'Replace it with pseudonymous ids and load the file again.';
    report.error =
      `${name}: the column ${columnLabel(shownHeader(blockedRequired.header, raw.headers), blockedRequired.column.name)} was not loaded because its ` +
      `${why}. ${advice}`;
    return null;
  }
  if (match.unmatchedRequired.length > 0) {
    report.error = missingColumnsMessage(name, match, raw.headers);
    return null;
  }
  const dateProblem = await findDateProblems(db, reading.text, match, shapes);
  if (dateProblem !== null) {
    report.error = `${name}: ${dateProblem}`;
    return null;
  }
  const other = accepted.get(table);
  if (other !== undefined) {
    report.error = `${name} looks like a second ${table} file (${other.report.fileName} is one already); load one ${spec.fileName} at a time.`;
    return null;
  }
  const text = STAGED.raw(table);
  const malformed = STAGED.malformed(table);
  await db.transaction([
    sql`DROP TABLE ${text}`,
    sql`ALTER TABLE ${reading.text} RENAME TO ${text}`,
    sql`DROP TABLE ${malformed}`,
    sql`ALTER TABLE ${reading.malformed} RENAME TO ${malformed}`,
  ]);
  return { spec, match, raw, text, malformed, report, shapes };
}

/** The families file's most common data_through_date, or null when it has none. */
async function fileDataThrough(
  db: DbClient,
  { match, text, shapes }: Accepted,
): Promise<string | null> {
  const values = rawValuesSql(match, 'data_through_date', text, shapes);
  if (values === null) return null;
  const rows = await db.query<{ d: string; n: number }>(sql`
    SELECT d::VARCHAR AS d, count(*)::INTEGER AS n FROM (SELECT value AS d FROM (${values}))
    WHERE d IS NOT NULL GROUP BY d ORDER BY n DESC, d DESC LIMIT 1`);
  return rows[0]?.d ?? null;
}

/**
 * Types, checks and stores a file's rows, TYPED_CHUNK_ROWS at a time: each chunk's values are
 * parsed once into a temporary typed table, its row rules go to the staged issues, and its rows
 * without an error go to the staged normalized table.
 */
async function loadTable(
  db: DbClient,
  table: Accepted,
  dataThrough: string | null,
  options: LoadOptions,
): Promise<void> {
  const { spec, match, raw: file, text, malformed, report, shapes } = table;
  const name = spec.name;
  const phase = (next: LoadPhase) => options.onPhase?.(next);
  const chunkRows = options.chunkRows ?? TYPED_CHUNK_ROWS;
  phase('validate');
  const reasons = Object.entries(MALFORMED_REASONS).map(
    ([type, reason]) => sql`WHEN ${type} THEN ${reason}`,
  );
  await db.exec(sql`
    INSERT INTO ${STAGED.issues}
    SELECT ${name}, row_no, NULL, line_text, 'error',
           CASE error_type ${join(reasons, ' ')} ELSE 'the line could not be read as CSV (' || lower(error_type) || ')' END,
           ${EFFECT.rejected}
    FROM ${malformed}`);
  const duplicates = duplicateKeysSql(spec, match, text, shapes);
  if (duplicates !== null) await db.exec(duplicates);
  phase('normalize');
  const [range] = await db.query<{ first: number | null; last: number | null }>(
    sql`SELECT min(_row_no)::INTEGER AS first, max(_row_no)::INTEGER AS last FROM ${text}`,
  );
  const money = await findMoneyConventions(db, text, match, file.delimiter, shapes);
  const rules = insertIssuesSql(name, rowRules(spec, match, { dataThrough, money, shapes }));
  const columns = join(
    ['row_no', ...spec.columns.map((c) => c.name)].map((c) => ident(c)),
    ', ',
  );
  const values = join([raw('row_no'), ...spec.columns.map((c) => storedValueSql(c, match))], ', ');
  const typed = WORK.typed(name);
  const last = range?.last ?? 0;
  for (let from = range?.first ?? 1; from <= last; from += chunkRows) {
    const to = Math.min(from + chunkRows - 1, last);
    phase('normalize');
    await db.exec(typedTableSql(spec, match, text, file.headers, { from, to }, money, shapes));
    phase('validate');
    await db.exec(rules);
    phase('store');
    await db.exec(sql`
      INSERT INTO ${STAGED.table(name)} (${columns})
      SELECT ${values} FROM ${typed} t
      WHERE NOT EXISTS (SELECT 1 FROM ${STAGED.issues} i
                        WHERE i.table_name = ${name} AND i.severity = 'error'
                          AND i.row_no = t.row_no AND i.row_no BETWEEN ${from} AND ${to})`);
    // The last chunk's table goes with the duplicated keys, in one round trip.
    if (to < last) await db.exec(sql`DROP TABLE ${typed}`);
  }
  phase('store');
  await db.transaction([
    sql`DROP TABLE IF EXISTS ${typed}`,
    sql`DROP TABLE IF EXISTS ${WORK.duplicates(name)}`,
  ]);
  // Only rejected rows are read again (for their download): keep just those, and of them only the
  // extract's columns, named as the extract names them (never a column the loader ignores).
  const kept = spec.columns.flatMap((column) =>
    match.matched
      .filter((m) => m.column.name === column.name)
      .map((m) => sql`${ident(m.header)} AS ${ident(column.name)}`),
  );
  await db.exec(sql`
    CREATE OR REPLACE TABLE ${text} AS SELECT ${join([raw('_row_no'), ...kept], ', ')} FROM ${text}
    WHERE _row_no IN (SELECT row_no FROM ${STAGED.issues}
                      WHERE table_name = ${name} AND severity = 'error')
    ORDER BY _row_no`);
  phase('validate');
  Object.assign(report, await summarizeIssues(db, STAGED, name, file.rows));
  report.issues.push(...headerIssues(file, match), ...paddingIssues(file));
}

/**
 * A warning for the lines of only NUL bytes (a pre-allocated or truncated export's padding) that
 * were dropped as blank lines: no row is counted for them.
 */
function paddingIssues(file: RawFile): Issue[] {
  const rows = file.nulLines ?? [];
  if (rows.length === 0) return [];
  return [
    {
      severity: 'warning',
      column: null,
      reason:
        'the line holds only NUL characters (U+0000), padding some export tools leave at the end of a file; ignored as a blank line',
      effect: 'None: the line is not a record.',
      count: rows.length,
      examples: rows.slice(0, 5).map((rowNo) => ({ rowNo, value: null })),
    },
  ];
}

/**
 * A warning for each header that held a control character, or an invisible character or odd
 * space inside its name (`tidyHeaders` removed it; one only around the name goes unsaid, as
 * around a value): the rows are not touched, so it counts no row.
 */
function headerIssues(file: RawFile, match: HeaderMatch): Issue[] {
  const tidied = file.tidiedHeaders;
  if (tidied === undefined) return [];
  return tidied.headers.flatMap(({ header, character }) => {
    if (character === null) return [];
    const column = match.matched.find((m) => m.header === header)?.column.name ?? null;
    const done = character.space ? 'read as a plain space' : 'removed';
    return [
      {
        severity: 'warning' as const,
        column,
        reason: `the header ${header} holds ${character.name}, ${done}`,
        effect: `None: the column is read as ${header}. Export tools add such characters; nothing needs fixing.`,
        count: 1,
        examples: [{ rowNo: tidied.row, value: header }],
      },
    ];
  });
}

/**
 * The order to read the files in: those whose header row (or, failing that, name) says they are
 * the families file first, the others as given. Only the first bytes of each file are read.
 */
async function familiesFirst(
  files: readonly ExtractFile[],
  options: LoadOptions,
): Promise<number[]> {
  const isFamilies = await Promise.all(
    files.map(async (file) => {
      const head = await readHead(file.source);
      const headers = head === null ? [] : previewText(file.fileName, 0, head).headers;
      return recognizeTable(file.fileName, headers, options.mapping) === 'families';
    }),
  );
  const indexes = files.map((_, i) => i);
  return [...indexes.filter((i) => isFamilies[i]), ...indexes.filter((i) => !isFamilies[i])];
}

/** Loads the files into the staged tables (load-tables.ts) and reports on every file and row. */
async function loadStaged(
  db: DbClient,
  givenFiles: readonly ExtractFile[],
  options: LoadOptions,
): Promise<LoadReport> {
  options.onPhase?.('setup');
  // The page reads the files' first bytes (and checks the first file's rows, `checkFile`) while
  // the worker makes the staged tables: neither waits for the other.
  const checks = new Map<number, Promise<FileCheck>>();
  /** Starts `checkFile` of the file `order[k]`, once; readRawFile awaits it. */
  const checkAhead = (
    files: readonly (ExtractFile & { error: string | null })[],
    order: readonly number[],
    k: number,
  ) => {
    const index = order[k];
    const file = index === undefined ? undefined : files[index];
    if (index === undefined || file === undefined || file.error !== null || checks.has(index))
      return;
    const check = checkFile(db, file);
    // A load that stops before reading the file never awaits it.
    check.catch(() => undefined);
    checks.set(index, check);
  };
  const opening = (async () => {
    // A workbook is read as one CSV file per sheet, or refused as a whole.
    const files = await expandWorkbooks(db, givenFiles);
    const order = await familiesFirst(files, options);
    checkAhead(files, order, 0);
    return { files, order };
  })();
  const [setUp, opened] = await Promise.allSettled([resetStaged(db), opening]);
  if (setUp.status === 'rejected') throw setUp.reason;
  if (opened.status === 'rejected') throw opened.reason;
  const { files, order } = opened.value;
  const reports = files.map((f) => ({ ...emptyReport(f.fileName), error: f.error }));
  const done = (fields: Partial<LoadReport>): LoadReport => ({
    dataThrough: null,
    needsDataThrough: false,
    tables: [],
    files: reports,
    fatal: null,
    ...fields,
  });
  const given = options.dataThrough;
  if (given !== undefined && !isIsoDate(given)) {
    return done({
      fatal: `The data-through date "${given}" is not a date; give it as YYYY-MM-DD.`,
    });
  }

  // One file at a time, the families file first: a file is read, checked and stored, and its
  // text table cut to its rejected rows, before the next is read (at 3M rows, holding every
  // file's text at once ran DuckDB-wasm out of memory). A file read before the families file
  // (its header did not say what it is) waits for it.
  const accepted = new Map<TableName, Accepted>();
  const tables: TableName[] = [];
  const waiting: Accepted[] = [];
  let dataThrough: string | null = given ?? null;
  let familiesFailed = false;
  /** Types, checks and stores a file; false when it failed as a whole. */
  const store = async (entry: Accepted): Promise<boolean> => {
    const { spec, report, raw } = entry;
    try {
      options.onProgress?.({ step: 'checking', fileName: report.fileName, rows: raw.rows });
      if (spec.name === 'families' && dataThrough === null) {
        options.onPhase?.('normalize');
        dataThrough = await fileDataThrough(db, entry);
      }
      await loadTable(db, entry, dataThrough, options);
      tables.push(spec.name);
      return true;
    } catch (error) {
      report.error = unexpectedFailure(report.fileName, error);
      report.rejected = report.rows;
      report.loaded = report.warnings = 0;
      await db.exec(sql`DROP TABLE IF EXISTS ${WORK.typed(spec.name)}`);
      await db.exec(sql`DROP TABLE IF EXISTS ${WORK.duplicates(spec.name)}`);
      await db.exec(normalizedTableDdl(spec, STAGED));
      await db.exec(sql`DELETE FROM ${STAGED.issues} WHERE table_name = ${spec.name}`);
      return false;
    }
  };
  for (const [k, index] of order.entries()) {
    const file = files[index]!;
    const report = reports[index]!;
    if (file.error !== null) continue;
    // The next file's bytes are checked while DuckDB reads and stores this one.
    checkAhead(files, order, k + 1);
    let inspected: Accepted | null = null;
    try {
      inspected = await inspectFile(db, file, index, report, accepted, options, checks.get(index));
      checks.delete(index);
    } catch (error) {
      report.error = unexpectedFailure(file.fileName, error);
    }
    if (inspected === null) continue;
    accepted.set(inspected.spec.name, inspected);
    if (familiesFailed) continue;
    if (inspected.spec.name === 'families') {
      familiesFailed = !(await store(inspected));
      if (familiesFailed) continue;
      waiting.sort((a, b) => tableOrder(a.spec.name) - tableOrder(b.spec.name));
      for (const entry of waiting.splice(0)) await store(entry);
    } else if (tables.includes('families')) {
      await store(inspected);
    } else {
      waiting.push(inspected);
    }
  }

  const families = accepted.get('families');
  if (families === undefined) {
    const failed =
      reports.find((r) => r.table === 'families' || /famil/i.test(r.fileName)) ??
      (files.length === 1 && files[0]?.error !== null ? reports[0] : undefined);
    for (const other of accepted.values()) {
      other.report.error = `${other.report.fileName} was not loaded because families.csv did not load; fix families.csv first.`;
      other.report.rejected = other.report.rows;
    }
    return done({
      fatal: failed?.error
        ? `${failed.error} Without the families file no measure can be computed.`
        : 'families.csv is required: add the families file (one row per mutual family) and load again.',
    });
  }
  for (const entry of accepted.values()) {
    if (!tables.includes(entry.spec.name) && entry.report.error === null) {
      entry.report.error = `${entry.report.fileName} was not loaded because families.csv did not load; fix families.csv first.`;
      entry.report.rejected = entry.report.rows;
    }
  }
  tables.sort((a, b) => tableOrder(a) - tableOrder(b));
  for (const name of tables) {
    const entry = accepted.get(name);
    if (entry === undefined) continue;
    entry.report.columns.blankOptional = await recordColumnGaps(
      db,
      STAGED,
      entry.spec,
      entry.report.columns.unmatchedOptional,
    );
  }
  if (dataThrough !== null)
    await db.exec(sql`INSERT INTO ${STAGED.meta} VALUES (CAST(${dataThrough} AS DATE))`);

  let fatal: string | null = null;
  if (!tables.includes('families')) {
    fatal = `${families.report.error ?? 'families.csv did not load.'} Without the families file no measure can be computed.`;
  } else if (families.report.loaded + families.report.warnings === 0) {
    fatal = `No family could be loaded from ${families.report.fileName}: every row was rejected. See its errors, fix the file and load it again.`;
  }
  return done({ dataThrough, needsDataThrough: dataThrough === null, tables, fatal });
}

/** A load's tables, built beside the loaded extract's and not yet in their place. */
export interface StagedExtract {
  readonly report: LoadReport;
  /**
   * Puts the staged tables in place of the loaded extract's, in one transaction (a query of the
   * loaded extract never sees half of each). Throws if the engine fails; nothing is swapped then.
   */
  swap(): Promise<void>;
  /** Drops the staged tables: the loaded extract stays as it was. */
  discard(): Promise<void>;
}

/**
 * Loads the extract files into staged tables beside the loaded extract, which nothing here
 * touches: the caller swaps them in (`swap`) or drops them (`discard`). One load at a time per
 * database. Bad input never throws: every file and row is accounted for in the report; an engine
 * failure throws, with the staged tables dropped.
 */
export async function stageExtract(
  db: DbClient,
  files: readonly ExtractFile[],
  options: LoadOptions = {},
): Promise<StagedExtract> {
  let report: LoadReport;
  try {
    report = await loadStaged(db, files, options);
  } catch (error) {
    await dropTables(db, LEFTOVER_TABLES_QUERY).catch(() => undefined);
    throw error;
  }
  // The files' reading and typed tables; the staged ones stay until swapped or discarded.
  await dropTables(db, WORK_TABLES_QUERY);
  return {
    report,
    async swap() {
      options.onPhase?.('store');
      await db.transaction(swapStatements());
    },
    discard: () => dropTables(db, LEFTOVER_TABLES_QUERY),
  };
}

/** Drops what a load cut short (cancelled) left staged or half-read: the loaded extract stays. */
export function discardUnfinishedLoad(db: DbClient): Promise<void> {
  return dropTables(db, LEFTOVER_TABLES_QUERY);
}

/**
 * Loads the extract files into the normalized tables (tables.ts), replacing the loaded extract
 * when the load is usable (no `fatal` in the report; the data-through date may still be needed)
 * and leaving it untouched otherwise. Bad input never throws: every file and row is accounted
 * for in the report.
 */
export async function loadExtract(
  db: DbClient,
  files: readonly ExtractFile[],
  options: LoadOptions = {},
): Promise<LoadReport> {
  const staged = await stageExtract(db, files, options);
  if (staged.report.fatal === null) await staged.swap();
  else await staged.discard();
  return staged.report;
}
