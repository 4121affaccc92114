import * as duckdb from '@duckdb/duckdb-wasm';
import { Table, tableFromIPC, type RecordBatch } from 'apache-arrow';
import { arrowTextBytes } from './arrow-text-bytes';
import { tableToRows } from './arrow-rows';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import {
  EngineRestartedError,
  SESSION_SETUP,
  heldSize,
  readHeldBytes,
  runCancellable,
  serialQueue,
  throwIfAborted,
  type DbClient,
  type FileSource,
  type Row,
} from './client';
import { Sql, ident, sql } from './sql';

// Only the eh and mvp bundles ship: the threaded (coi) bundle needs COOP/COEP and broke at 1M rows.
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

let parquetReader: Promise<typeof import('parquet-wasm/esm')> | null = null;

/** parquet-wasm, loaded on the first Parquet file: DuckDB-wasm's own reader is a downloaded extension. */
function loadParquetReader(): Promise<typeof import('parquet-wasm/esm')> {
  parquetReader ??= import('parquet-wasm/esm').then(async (reader) => {
    await reader.default({ module_or_path: parquetWasm });
    return reader;
  });
  parquetReader.catch(() => {
    parquetReader = null;
  });
  return parquetReader;
}

function absoluteUrl(url: string): string {
  return new URL(url, document.baseURI).href;
}

/** The message that hands the worker the page's compiled wasm module (or null: compile your own). */
const MODULE_MESSAGE = 'linkagesWasmModule';

/**
 * The worker's first lines, run before DuckDB-wasm's script (`importScripts` of `url`).
 *
 * DuckDB-wasm instantiates with `WebAssembly.instantiateStreaming(fetch(wasmUrl), imports)`
 * (TransformStream is removed so it takes that plain branch, not its progress-reporting one,
 * which would pipe the file through a stream of its own first). Here instantiateStreaming waits
 * for the page's message instead: the WebAssembly.Module the page compiled (`compileWasm`),
 * instantiated with DuckDB's imports; the worker's own fetch is cancelled unread. A message of
 * null (the page could not compile it) falls back to DuckDB-wasm's own streaming instantiation.
 * The message is taken before DuckDB-wasm's handler sees it.
 */
function workerPrelude(url: string): string {
  return `self.TransformStream = undefined;
const pageModule = new Promise((resolve) => {
  self.addEventListener('message', function take(event) {
    if (!event.data || !(${JSON.stringify(MODULE_MESSAGE)} in event.data)) return;
    event.stopImmediatePropagation();
    self.removeEventListener('message', take);
    resolve(event.data[${JSON.stringify(MODULE_MESSAGE)}]);
  });
});
const ownInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const module = await pageModule;
  if (!module) return ownInstantiateStreaming(source, imports);
  Promise.resolve(source).then((response) => response.body && response.body.cancel(), () => undefined);
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};
importScripts(${JSON.stringify(url)});
`;
}

/**
 * DuckDB-wasm's worker script started from a blob: URL, as `duckdb.createWorker` does, with
 * `workerPrelude` first. The blob only loads the script by its URL (`importScripts`): the worker
 * fetches and compiles it on its own thread, from the HTTP cache and the script code cache on a
 * later visit. `failed` rejects if the worker reports an error before it is connected (its
 * script could not be loaded): DuckDB-wasm would wait for ever.
 */
function startWorker(url: string): { worker: Worker; failed: Promise<never> } {
  const source = workerPrelude(url);
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener(
      'error',
      () => {
        reject(new Error('The database worker could not be started'));
      },
      { once: true },
    );
  });
  // Only awaited while starting: a later error has no one waiting.
  failed.catch(() => undefined);
  return { worker, failed };
}

let compiledWasm: { url: string; module: Promise<WebAssembly.Module | null> } | null = null;

/**
 * DuckDB's wasm compiled on the page, `WebAssembly.compileStreaming(fetch(url))` (the file is
 * served as application/wasm), once per page: a restarted instance reuses the Module. Resolves
 * to null if it cannot be compiled here (the worker then compiles it itself and reports any
 * error). The Module is posted to the worker, which instantiates it: the engine still runs, and
 * holds every record, in the worker.
 *
 * Why on the page: the 34 MB fetch and its streaming compile start as soon as the engine is
 * asked for, beside the worker's own start (its 0.8 MB script), instead of after it; V8 compiles
 * lazily, so the compile ends with the download. A fetch's Response compiled by streaming is
 * also what Chromium's wasm code cache can keep, here as in a worker (docs/benchmarks.md,
 * "Tenth session: warm start", has what it keeps, when, and why it does not shorten the start).
 */
function compileWasm(url: string): Promise<WebAssembly.Module | null> {
  if (compiledWasm?.url !== url) {
    const module = (async () => {
      try {
        if (typeof WebAssembly.compileStreaming !== 'function') return null;
        const start = performance.now();
        const module = await WebAssembly.compileStreaming(
          fetch(url, { credentials: 'same-origin' }),
        );
        performance.measure('engine: wasm compiled', { start });
        return module;
      } catch {
        return null;
      }
    })();
    compiledWasm = { url, module };
  }
  return compiledWasm.module;
}

/** A DuckDB-wasm instance in its own Web Worker, set up and connected. */
async function startInstance(): Promise<{
  db: duckdb.AsyncDuckDB;
  connection: duckdb.AsyncDuckDBConnection;
}> {
  const started = performance.now();
  const bundle = await duckdb.selectBundle(BUNDLES);
  // A worker started from its own URL gets the policy of that response (none: a static server
  // sends no header), not the page's meta-tag CSP; one started from a blob: URL inherits the
  // page's. In a blob worker relative URLs do not resolve: the script's and the wasm file's are
  // made absolute.
  const wasmUrl = absoluteUrl(bundle.mainModule);
  const module = compileWasm(wasmUrl);
  const { worker, failed } = startWorker(absoluteUrl(bundle.mainWorker!));
  void module.then((compiled) => {
    worker.postMessage({ [MODULE_MESSAGE]: compiled });
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    const connection = await Promise.race([
      (async () => {
        await db.instantiate(wasmUrl, bundle.pthreadWorker);
        performance.mark('engine: instantiated');
        await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
        performance.mark('engine: opened');
        return db.connect();
      })(),
      failed,
    ]);
    for (const statement of SESSION_SETUP) await connection.query(statement);
    // The engine's start (worker, wasm compiled or read from the code cache, database open and
    // connected) on the page's performance timeline, for DevTools and the benchmark.
    performance.measure('engine: started', { start: started });
    return { db, connection };
  } catch (error) {
    await db.terminate();
    throw error;
  }
}

/** DuckDB-wasm in its Web Worker, with its wasm and worker files bundled by Vite. */
export async function createWasmDb(): Promise<DbClient> {
  let { db, connection } = await startInstance();

  // Every call would be posted to the worker at once and queue there, beyond cancelling: posted
  // one at a time instead.
  let enqueue = serialQueue();
  let measured = 0;
  // Rejects every statement of an instance once it is restarted: a terminated worker never
  // answers, so a statement waiting on it would wait for ever.
  let ended = new AbortController();

  /** Runs `work` on the current instance; rejects with EngineRestartedError if it is restarted meanwhile. */
  function onInstance<T>(work: () => Promise<T>): Promise<T> {
    const { signal } = ended;
    return enqueue(() => {
      if (signal.aborted) return Promise.reject(new EngineRestartedError());
      return new Promise<T>((resolve, reject) => {
        const onEnd = () => {
          reject(new EngineRestartedError());
        };
        signal.addEventListener('abort', onEnd, { once: true });
        work()
          .then(resolve, reject)
          .finally(() => {
            signal.removeEventListener('abort', onEnd);
          });
      });
    });
  }

  /** Only a query started with `send` can be cancelled (duckdb/duckdb-wasm#871). */
  async function collect(reader: AsyncIterable<RecordBatch>): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const batch of reader) batches.push(batch);
    return new Table(batches);
  }

  function run(statement: Sql | string, signal?: AbortSignal): Promise<Table> {
    const text = statement instanceof Sql ? statement.toInlineText() : statement;
    return onInstance(async () => {
      const start = performance.now();
      const table = await runCancellable(
        signal,
        () => void connection.cancelSent(),
        async () => collect(await connection.send(text, true)),
      );
      // Each statement's time from its start to its last row here, on the page's performance
      // timeline (DevTools and the benchmark read it); cleared every 5,000 statements.
      performance.measure(
        `duckdb: ${text.slice(0, 400).replace(/\s+/g, ' ').trim().slice(0, 160)}`,
        {
          start,
          detail: { rows: table.numRows },
        },
      );
      if (++measured % 5000 === 0) performance.clearMeasures();
      return table;
    });
  }

  return {
    engine: 'wasm',
    async exec(statement, signal) {
      await run(statement, signal);
    },
    async query<T extends Row = Row>(query: Sql | string, signal?: AbortSignal): Promise<T[]> {
      const table = await run(query, signal);
      throwIfAborted(signal);
      return tableToRows<T>(table);
    },
    async registerFile(name: string, source: FileSource): Promise<string> {
      if (source.kind === 'file') {
        // Read straight from the File handle: a copied buffer is slower and doubles memory.
        await db.registerFileHandle(
          name,
          source.file,
          duckdb.DuckDBDataProtocol.BROWSER_FILEREADER,
          true,
        );
      } else if (source.kind === 'bytes') {
        // The buffer is transferred to the worker (detached here); keep the caller's bytes usable.
        await db.registerFileBuffer(name, source.bytes.slice());
      } else {
        throw new Error('The browser engine cannot read a path on disk');
      }
      return name;
    },
    transaction(statements) {
      return onInstance(async () => {
        const start = performance.now();
        const texts = statements.map((s) => (s instanceof Sql ? s.toInlineText() : s));
        // One round trip: DuckDB runs a script's statements in order and stops at the first
        // that fails, leaving the transaction open for the ROLLBACK. (A statement each cost a
        // round trip to the worker, waiting on the page's thread: the sample's swap is 24.)
        // Each statement ends on its own line, so that a trailing comment cannot swallow the
        // next one.
        try {
          await connection.query(['BEGIN TRANSACTION', ...texts, 'COMMIT'].join('\n;\n'));
        } catch (error) {
          // No transaction is open when BEGIN or COMMIT itself failed.
          await connection.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        const text = texts[0] ?? '';
        performance.measure(
          `duckdb: (transaction of ${String(statements.length)}) ${text.slice(0, 120).replace(/\s+/g, ' ').trim()}`,
          { start },
        );
      });
    },
    fileSize(source) {
      const size = heldSize(source);
      if (size === null) throw new Error('The browser engine cannot read a path on disk');
      return Promise.resolve(size);
    },
    readBytes(source, start, end) {
      if (source.kind === 'path') throw new Error('The browser engine cannot read a path on disk');
      return readHeldBytes(source, start, end);
    },
    async dropFile(name: string) {
      await db.dropFile(name);
    },
    async createTableFromParquet(table: string, source: FileSource, signal?: AbortSignal) {
      if (source.kind === 'path') throw new Error('The browser engine cannot read a path on disk');
      const bytes =
        source.kind === 'bytes' ? source.bytes : new Uint8Array(await source.file.arrayBuffer());
      const reader = await loadParquetReader();
      throwIfAborted(signal);
      // intoIPCStream frees the wasm-side table.
      const ipc = reader.readParquet(bytes).intoIPCStream();
      await onInstance(async () => {
        throwIfAborted(signal);
        await connection.query(sql`DROP TABLE IF EXISTS ${ident(table)}`.toInlineText());
        await connection.insertArrowFromIPCStream(ipc, { name: table, create: true });
      });
    },
    async parquetTextBytes(source: FileSource, limit: number, signal?: AbortSignal) {
      if (source.kind === 'path') throw new Error('The browser engine cannot read a path on disk');
      const reader = await loadParquetReader();
      const blob = source.kind === 'file' ? source.file : new Blob([source.bytes.slice()]);
      const file = await reader.ParquetFile.fromFile(blob);
      // A window of rows at a time, each freed before the next: never the whole file in memory
      // (parquet-wasm's stream decoded a row group of 4,000-byte values past wasm's 4 GB). A
      // window starts at 16,384 rows and grows (at most 4× a step) to about WINDOW_TEXT_BYTES of
      // text at the rows' size so far: each read decodes from the file's start to its offset, so
      // fixed windows would cost the square of a large file's rows.
      const WINDOW_TEXT_BYTES = 64 * 1024 * 1024;
      let rows = 16_384;
      let bytes = 0;
      try {
        const fileRows = file.metadata().fileMetadata().numRows();
        for (let offset = 0; bytes <= limit && offset < fileRows; ) {
          throwIfAborted(signal);
          const window = tableFromIPC(
            (await file.read({ offset, limit: rows, batchSize: rows })).intoIPCStream(),
          );
          if (window.numRows === 0) break;
          const windowBytes = arrowTextBytes(window);
          bytes += windowBytes;
          offset += window.numRows;
          const perRow = Math.max(1, windowBytes / window.numRows);
          rows = Math.max(16_384, Math.min(rows * 4, Math.floor(WINDOW_TEXT_BYTES / perRow)));
        }
      } finally {
        file.free();
      }
      return bytes;
    },
    async appendArrow(table: string, ipc: Uint8Array, signal?: AbortSignal) {
      await onInstance(async () => {
        throwIfAborted(signal);
        const start = performance.now();
        // The buffer is transferred to the worker (detached here); keep the caller's bytes usable.
        await connection.insertArrowFromIPCStream(ipc.slice(), { name: table, create: false });
        performance.measure(`duckdb: (Arrow rows into ${table})`, { start });
      });
    },
    async restart() {
      ended.abort();
      ended = new AbortController();
      enqueue = serialQueue();
      await db.terminate();
      ({ db, connection } = await startInstance());
    },
    async close() {
      ended.abort();
      await connection.close().catch(() => undefined);
      await db.terminate();
    },
  };
}
