// Bundled into .bench/app/bare/ and served beside the built app: a bare DuckDB-wasm page, the
// app's own duckdb-wasm bundle (the worker and wasm files of the build) and no app code. It
// times what no loader can beat in this browser: instantiating DuckDB-wasm as the app does, and
// a plain read_csv of the same files into tables, as text and with type detection.
import * as duckdb from '@duckdb/duckdb-wasm';

export interface BareInstantiate {
  /** From the page's time origin (navigation start) to a connection ready: what a page waits. */
  readyMs: number;
  /** The worker started, the wasm instantiated, the database opened and connected. */
  instantiateMs: number;
}

export interface BareRead {
  /** All files read into tables, one `CREATE TABLE … AS SELECT * FROM read_csv(…)` each. */
  ms: number;
  rows: Record<string, number>;
}

declare global {
  interface Window {
    bareInstantiate: (urls: {
      worker: string;
      wasm: string;
      plainStreaming?: boolean;
    }) => Promise<BareInstantiate>;
    bareRead: (input: HTMLInputElement, typed: boolean) => Promise<BareRead>;
  }
}

let connection: duckdb.AsyncDuckDBConnection | null = null;
let db: duckdb.AsyncDuckDB | null = null;

/**
 * DuckDB-wasm's worker instantiates through a progress-reporting TransformStream: the Response it
 * compiles is a new one without a URL, which Chromium cannot keep compiled code for. With
 * `plainStreaming` the worker has no TransformStream and compiles the fetch's own Response
 * (instantiateStreaming, application/wasm), which the code cache can serve on the next visit.
 */
async function startWorker(url: string, plainStreaming: boolean): Promise<Worker> {
  if (!plainStreaming) return duckdb.createWorker(url);
  const source = `self.TransformStream = undefined; importScripts(${JSON.stringify(url)});`;
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

window.bareInstantiate = async ({ worker, wasm, plainStreaming = false }) => {
  const started = performance.now();
  // As src/db/wasm-client.ts: a worker started from a blob, the wasm file's URL made absolute.
  const w = await startWorker(new URL(worker, document.baseURI).href, plainStreaming);
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), w);
  await db.instantiate(new URL(wasm, document.baseURI).href);
  await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
  connection = await db.connect();
  const ready = performance.now();
  return { readyMs: ready, instantiateMs: ready - started };
};

window.bareRead = async (input, typed) => {
  if (!db || !connection) throw new Error('not instantiated');
  const rows: Record<string, number> = {};
  const started = performance.now();
  for (const [i, file] of [...(input.files ?? [])].entries()) {
    const name = `f${String(i)}_${typed ? 'typed' : 'text'}.csv`;
    await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const table = `t${String(i)}_${typed ? 'typed' : 'text'}`;
    await connection.query(
      `CREATE TABLE ${table} AS SELECT * FROM read_csv('${name}'${typed ? '' : ', all_varchar = true'})`,
    );
    const result = await connection.query(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    rows[file.name] = Number(result.getChildAt(0)?.get(0) ?? 0);
  }
  return { ms: performance.now() - started, rows };
};
