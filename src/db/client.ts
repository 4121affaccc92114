import type { Sql } from './sql';

/** A plain row: the final SELECT of every query casts to text, integer, double or boolean. */
export type Row = Record<string, string | number | boolean | null>;

/** What can be registered as a file: a browser File, bytes, or (Node only) a path on disk. */
export type FileSource =
  | { kind: 'file'; file: File }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'path'; path: string };

/** The one narrow door to DuckDB, implemented for the browser (wasm) and for Node. */
export interface DbClient {
  readonly engine: 'wasm' | 'node';
  exec(statement: Sql | string, signal?: AbortSignal): Promise<void>;
  query<T extends Row = Row>(query: Sql | string, signal?: AbortSignal): Promise<T[]>;
  /** Makes a file readable by SQL; returns the name to use in `read_csv(...)`. */
  registerFile(name: string, source: FileSource): Promise<string>;
  dropFile(name: string): Promise<void>;
  /** A file's size in bytes. */
  fileSize(source: FileSource): Promise<number>;
  /**
   * Bytes `start` to `end` (exclusive, fewer at the file's end) of a file, read without reading
   * the rest: a slice of a File or of bytes held, a positioned read of a file on disk (Node).
   */
  readBytes(source: FileSource, start: number, end: number): Promise<Uint8Array>;
  /**
   * Runs the statements as one transaction, with no other statement of this client between them;
   * rolls back and throws if one fails.
   */
  transaction(statements: readonly (Sql | string)[]): Promise<void>;
  /** Creates or replaces `table` with a Parquet file's columns (typed) and rows, in file order. */
  createTableFromParquet(table: string, source: FileSource, signal?: AbortSignal): Promise<void>;
  /**
   * Bytes a Parquet file's values take once read as text (each value's UTF-8 length, `strlen` of
   * `CAST(value AS VARCHAR)`; a text value its own length, NULL 0), counted
   * in one streaming pass over the file, never holding more than a batch of rows: how large the
   * table `createTableFromParquet` makes would be, known before it is made. Counting may stop
   * once the count passes `limit` (the result is then more than `limit`, not the whole count).
   * Throws what reading the file throws (a damaged file).
   */
  parquetTextBytes(source: FileSource, limit: number, signal?: AbortSignal): Promise<number>;
  /**
   * Appends the rows of an Arrow IPC stream (schema, record batches, end; arrow-ipc.ts writes
   * one) to the existing `table`, column by column in the table's order, each value cast to its
   * column's type. One call, one round trip: for tables prepared ahead (the bundled sample).
   */
  appendArrow(table: string, ipc: Uint8Array, signal?: AbortSignal): Promise<void>;
  /**
   * Ends this engine (every statement under way or waiting rejects with EngineRestartedError,
   * every table and file is gone) and starts a new one with SESSION_SETUP: for a statement that
   * cannot be cancelled, or an instance that died (duckdb/duckdb-wasm#1954).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export class EngineRestartedError extends Error {
  constructor() {
    super('The database was restarted');
    this.name = 'EngineRestartedError';
  }
}

/**
 * Whether the engine still answers a trivial query within `waitMs`: after a failed load, an
 * instance that ran out of wasm memory may be dead (duckdb/duckdb-wasm#1954), every call failing.
 */
export async function engineResponds(db: DbClient, waitMs = 10_000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, waitMs);
  });
  try {
    const answer = db.query<{ ok: number }>('SELECT 1::INTEGER AS ok').then(
      (rows) => rows[0]?.ok === 1,
      () => false,
    );
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `db` with `signal` given to every statement: once it aborts, the statement under way is
 * cancelled and every later call throws AbortedError, file reads included (a load checks it
 * between chunks of a file).
 */
export function withSignal(db: DbClient, signal: AbortSignal): DbClient {
  const checked =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      throwIfAborted(signal);
      const result = await call(...args);
      throwIfAborted(signal);
      return result;
    };
  return {
    ...db,
    exec: (statement) => db.exec(statement, signal),
    query: <T extends Row = Row>(query: Sql | string) => db.query<T>(query, signal),
    transaction: checked((statements: readonly (Sql | string)[]) => db.transaction(statements)),
    registerFile: checked((name: string, source: FileSource) => db.registerFile(name, source)),
    fileSize: checked((source: FileSource) => db.fileSize(source)),
    readBytes: checked((source: FileSource, start: number, end: number) =>
      db.readBytes(source, start, end),
    ),
    createTableFromParquet: (table, source) => db.createTableFromParquet(table, source, signal),
    parquetTextBytes: (source, limit) => db.parquetTextBytes(source, limit, signal),
    appendArrow: (table, ipc) => db.appendArrow(table, ipc, signal),
  };
}

/** `fileSize` of a File or of bytes held in memory; null for a path on disk. */
export function heldSize(source: FileSource): number | null {
  if (source.kind === 'file') return source.file.size;
  if (source.kind === 'bytes') return source.bytes.length;
  return null;
}

/** `readBytes` of a File (a slice, read alone) or of bytes held in memory (no copy). */
export async function readHeldBytes(
  source: Exclude<FileSource, { kind: 'path' }>,
  start: number,
  end: number,
): Promise<Uint8Array> {
  if (source.kind === 'bytes') return source.bytes.subarray(start, end);
  return new Uint8Array(await source.file.slice(start, end).arrayBuffer());
}

export class AbortedError extends Error {
  constructor() {
    super('The query was cancelled');
    this.name = 'AbortError';
  }
}

/** An error's first line: engine messages go on with lines of context that mean nothing to an evaluator. */
export function firstLineOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/** The engine ran out of memory (its own limit, or the browser's wasm memory). */
export function isOutOfMemory(error: unknown): boolean {
  return /out of memory|allocation failure|memory limit/i.test(firstLineOf(error));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/**
 * Runs work one piece at a time, in the order given, whatever became of the previous piece. Both
 * clients put every statement through one: a statement whose signal aborted while it waited
 * never runs (runCancellable checks first).
 */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
}

/** Runs `work`, calling `cancel` if `signal` aborts meanwhile; an aborted run throws AbortedError. */
export async function runCancellable<T>(
  signal: AbortSignal | undefined,
  cancel: () => void,
  work: () => Promise<T>,
): Promise<T> {
  throwIfAborted(signal);
  const onAbort = () => {
    cancel();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } catch (error) {
    if (signal?.aborted) throw new AbortedError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Statements run once on every new database. Nothing may ever be fetched from the network. Tables
 * live in a compressed in-memory database: DuckDB leaves the default in-memory database
 * uncompressed, and extracts of a few million rows then outgrow the browser's memory (a 3M-row
 * extract ran DuckDB-wasm out of its 3.1 GiB; compressed, tables take about a seventh of the space,
 * see docs/benchmarks.md). Temporary tables stay uncompressed.
 */
export const SESSION_SETUP = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  "ATTACH ':memory:' AS extract (COMPRESS)",
  'USE extract',
];

/** Rejects values the two engines would return differently, naming the column to cast. */
export function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) out[key] = null;
    else if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'number') out[key] = value;
    else {
      throw new Error(
        `Column "${key}" returned a ${typeof value === 'bigint' ? 'BIGINT' : 'non-plain'} value; ` +
          'cast it to INTEGER, DOUBLE or VARCHAR in the final SELECT',
      );
    }
  }
  return out;
}
