import { mkdtemp, open, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import {
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBAppender,
} from '@duckdb/node-api';
import { DataType } from 'apache-arrow';
import { arrowColumns } from './arrow-ipc';
import {
  SESSION_SETUP,
  heldSize,
  readHeldBytes,
  runCancellable,
  serialQueue,
  throwIfAborted,
  toPlainRow,
  type DbClient,
  type FileSource,
  type Row,
} from './client';
import { Sql, ident, join, sql } from './sql';

const PLAIN_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.SQLNULL,
]);

/** One value of an Arrow column (arrow-ipc.ts `arrowColumns`) into the appender's next column. */
function appendValue(appender: DuckDBAppender, type: DataType, value: unknown): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (DataType.isDate(type)) appender.appendDate(new DuckDBDateValue(value as number));
  else if (DataType.isBool(type)) appender.appendBoolean(value as boolean);
  else if (DataType.isInt(type)) appender.appendInteger(value as number);
  else if (DataType.isFloat(type)) appender.appendDouble(value as number);
  else if (DataType.isUtf8(type)) appender.appendVarchar(value as string);
  else throw new Error(`Arrow type ${String(type.typeId)} is not appended`);
}

/** Node DuckDB reads from disk only: in-memory sources are written to a temporary file. */
async function pathOnDisk(name: string, source: FileSource): Promise<string> {
  if (source.kind === 'path') return resolve(source.path);
  const bytes =
    source.kind === 'bytes' ? source.bytes : new Uint8Array(await source.file.arrayBuffer());
  const dir = await mkdtemp(resolve(tmpdir(), 'linkages-'));
  const path = resolve(dir, name.replaceAll('/', '_'));
  await writeFile(path, bytes);
  return path;
}

/** DuckDB in Node (tests, command line, benchmark baseline), same SQL as the browser. */
export async function createNodeDb(options: { threads?: number } = {}): Promise<DbClient> {
  async function startInstance() {
    const instance = await DuckDBInstance.create(':memory:', {
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const connection = await instance.connect();
    for (const statement of SESSION_SETUP) await connection.run(statement);
    // A TIMESTAMPTZ's date is its UTC date, as in the browser's engine: never the machine's
    // time zone's (in California, midnight UTC is the day before).
    await connection.run("SET TimeZone = 'UTC'");
    return { instance, connection };
  }
  let { instance, connection } = await startInstance();
  const registered = new Map<string, string>();

  // One statement at a time, in order, as in the browser's client, so tests see its ordering.
  let enqueue = serialQueue();
  function runNow(statement: Sql | string) {
    const { text, params } =
      statement instanceof Sql ? statement.toQuery() : { text: statement, params: [] };
    return params.length > 0
      ? connection.runAndReadAll(text, [...params])
      : connection.runAndReadAll(text);
  }
  function run(statement: Sql | string, signal?: AbortSignal) {
    return enqueue(() =>
      runCancellable(
        signal,
        () => {
          connection.interrupt();
        },
        () => runNow(statement),
      ),
    );
  }

  return {
    engine: 'node',
    async exec(statement, signal) {
      await run(statement, signal);
    },
    async query<T extends Row = Row>(query: Sql | string, signal?: AbortSignal): Promise<T[]> {
      const reader = await run(query, signal);
      reader.columnTypes().forEach((type, i) => {
        if (!PLAIN_TYPES.has(type.typeId)) {
          throw new Error(
            `Column "${reader.columnName(i)}" returned ${type.toString()}; ` +
              'cast it to INTEGER, DOUBLE or VARCHAR in the final SELECT',
          );
        }
      });
      return reader.getRowObjectsJS().map((row) => toPlainRow(row) as T);
    },
    transaction(statements) {
      return enqueue(async () => {
        await connection.run('BEGIN TRANSACTION');
        try {
          for (const statement of statements) await runNow(statement);
        } catch (error) {
          await connection.run('ROLLBACK');
          throw error;
        }
        await connection.run('COMMIT');
      });
    },
    async registerFile(name: string, source: FileSource): Promise<string> {
      const path = await pathOnDisk(name, source);
      registered.set(name, path);
      return path;
    },
    async createTableFromParquet(table: string, source: FileSource, signal?: AbortSignal) {
      const path = await pathOnDisk(`${table}.parquet`, source);
      // Parquet is built into native DuckDB: nothing is autoloaded.
      await run(
        sql`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${path})`,
        signal,
      );
    },
    async parquetTextBytes(source: FileSource, _limit: number, signal?: AbortSignal) {
      const path = await pathOnDisk('counted.parquet', source);
      const file = sql`read_parquet(${path})`;
      const columns = await run(
        sql`SELECT column_name FROM (DESCRIBE SELECT * FROM ${file})`,
        signal,
      );
      const names = columns.getRowObjectsJS().map((row) => row.column_name as string);
      if (names.length === 0) return 0;
      // One streaming aggregate: DuckDB reads the file a row group at a time. A sum per column,
      // added here (one expression adding 2,000 of them passes DuckDB's expression depth).
      const lengths = names.map(
        (name, i) =>
          sql`coalesce(sum(strlen(CAST(${ident(name)} AS VARCHAR))), 0)::DOUBLE AS ${ident(`b${String(i)}`)}`,
      );
      const reader = await run(sql`SELECT ${join(lengths, ', ')} FROM ${file}`, signal);
      const sums = reader.getRowObjectsJS()[0] ?? {};
      return Object.values(sums).reduce<number>((total, value) => total + Number(value), 0);
    },
    async appendArrow(table: string, ipc: Uint8Array, signal?: AbortSignal) {
      const columns = arrowColumns(ipc);
      const rows = columns[0]?.values.length ?? 0;
      await enqueue(async () => {
        throwIfAborted(signal);
        const appender = await connection.createAppender(table);
        try {
          for (let row = 0; row < rows; row++) {
            for (const { type, values } of columns) appendValue(appender, type, values[row]);
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
      });
    },
    async fileSize(source) {
      return heldSize(source) ?? (await stat(resolve((source as { path: string }).path))).size;
    },
    async readBytes(source, start, end) {
      if (source.kind !== 'path') return readHeldBytes(source, start, end);
      const handle = await open(resolve(source.path), 'r');
      try {
        const buffer = new Uint8Array(Math.max(0, end - start));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    dropFile(name: string) {
      registered.delete(name);
      return Promise.resolve();
    },
    async restart() {
      // Native DuckDB stops a statement when interrupted; what waits behind it then runs on the
      // old instance and fails once it is closed.
      connection.interrupt();
      const old = { instance, connection };
      enqueue = serialQueue();
      ({ instance, connection } = await startInstance());
      old.connection.closeSync();
      old.instance.closeSync();
      registered.clear();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}
