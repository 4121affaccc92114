// Native DuckDB's physical limit on this machine (@duckdb/node-api, all cores, a fresh process
// per run, no app code): instantiating the database, and a plain read_csv of the same files into
// tables, as text and with type detection.
//   node --import tsx bench/bare-node.ts families.csv children.csv adults.csv
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

export interface BareNodeRun {
  /** DuckDBInstance.create and connect. */
  instantiateMs: number;
  /** Every file read into a table, all columns as text. */
  textReadMs: number;
  /** Every file read into a table, types detected. */
  typedReadMs: number;
  rows: Record<string, number>;
}

export async function runBareNode(paths: readonly string[]): Promise<BareNodeRun> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const instantiated = performance.now();
  const rows: Record<string, number> = {};
  const read = async (typed: boolean) => {
    const from = performance.now();
    for (const [i, path] of paths.entries()) {
      const table = `t${String(i)}_${typed ? 'typed' : 'text'}`;
      const options = typed ? '' : ', all_varchar = true';
      await connection.run(
        `CREATE TABLE ${table} AS SELECT * FROM read_csv('${path.replaceAll("'", "''")}'${options})`,
      );
      const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      rows[basename(path)] = Number(reader.getRows()[0]?.[0] ?? 0);
    }
    return performance.now() - from;
  };
  const textReadMs = await read(false);
  const typedReadMs = await read(true);
  connection.closeSync();
  instance.closeSync();
  return { instantiateMs: instantiated - started, textReadMs, typedReadMs, rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBareNode(process.argv.slice(2)).then(
    (run) => {
      process.stdout.write(`${JSON.stringify(run)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
