import {
  AbortedError,
  EngineRestartedError,
  engineResponds,
  throwIfAborted,
  withSignal,
  type DbClient,
} from '../db/client';
import {
  discardUnfinishedLoad,
  stageExtract,
  type ExtractFile,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
  type StagedExtract,
} from '../dataset/load-extract';
import { stagePreparedExtract, type PreparedExtract } from '../dataset/prepared-extract';
import { MemberTables, type PreparedMemberTables } from '../measures/member-tables';
import type { DataSource } from '../measures/provenance';
import { isSampleContent } from '../measures/sample-files';

export interface LoadedExtract {
  /** Increments on every load: part of every measure's query key, so results never mix extracts. */
  id: number;
  source: 'sample' | 'upload';
  /**
   * An upload whose files are all the bundled sample's (sample-upload.ts): named the synthetic
   * sample wherever provenance is said, though it stays an upload (its own files loaded, kept).
   */
  synthetic?: boolean;
  label: string;
  report: LoadReport;
  /** The measures' members, computed once for this extract (a view change only filters them). */
  members: MemberTables;
}

/**
 * Whether the extract on screen is the evaluator's own upload, which can be kept on this computer
 * and is asked about before the page is left: not the sample, nor an upload of the sample's
 * content (`synthetic`), which the dashboard opens by itself.
 */
export function isOwnUpload(extract: LoadedExtract): boolean {
  return extract.source === 'upload' && extract.synthetic !== true;
}

/** The loaded extract as provenance names it: the sample, or the county's files by name. */
export function dataSourceOf(extract: LoadedExtract): DataSource {
  return {
    kind: extract.source === 'sample' || extract.synthetic === true ? 'sample' : 'county',
    fileNames: extract.report.files.map((file) => file.fileName),
  };
}

export interface ExtractRequest {
  source: 'sample' | 'upload';
  /** Uploaded files that are all the bundled sample's (sample-upload.ts `sourceOfFiles`). */
  synthetic?: boolean;
  label: string;
  files: ExtractFile[];
  options?: LoadOptions;
  /**
   * What the loader makes of `files`, prepared ahead of time (the bundled sample: `npm run
   * sample-data` writes it, a unit test holds it equal to the loader's): its tables are put in
   * place instead of loading the files, on every load and reload of this request. If it cannot
   * be had or put in place, the files are loaded.
   */
  prepared?: () => Promise<PreparedSample>;
}

/**
 * A prepared extract and, optionally, its member tables prepared ahead on the same tables
 * (MemberTables.prepare: what the first dashboard reads), put in place with it.
 */
export interface PreparedSample extends PreparedExtract {
  members?: { prepared: PreparedMemberTables; arrows: Uint8Array };
}

/** What the page shows of the extract's life cycle; a new object on every change. */
export interface ExtractSnapshot {
  /** The extract on screen: its tables are the loaded ones until another load succeeds. */
  extract: LoadedExtract | null;
  /** What is being loaded right now, for the progress line; null when no load runs. */
  pending: ExtractRequest | null;
  /** The load's current step, and the rows counted so far per file. */
  progress: { step: LoadProgress | null; rows: Record<string, number> };
  /** The engine failed during the last load (bad input never does: see failedReport). */
  error: Error | null;
  /** The last load that could not be used (e.g. families.csv unreadable): its report says why. */
  failedReport: LoadReport | null;
  /** Files that loaded but carry no data-through date: the evaluator is asked for one. */
  needsDataThrough: ExtractRequest | null;
  /** Cancel was pressed and the load is stopping. */
  cancelling: boolean;
  /** The database is being restarted and the extract on screen loaded into it again. */
  restoring: boolean;
  /** What became of the last load that did not finish (cancelled, the database restarted), or null. */
  notice: string | null;
}

const IDLE: ExtractSnapshot = {
  extract: null,
  pending: null,
  progress: { step: null, rows: {} },
  error: null,
  failedReport: null,
  needsDataThrough: null,
  cancelling: false,
  restoring: false,
  notice: null,
};

/**
 * How long a cancelled statement may take to stop before the database is restarted: a
 * statement DuckDB-wasm cannot interrupt (one posted without `send`, a Parquet file's rows
 * going in) holds its worker until it ends.
 */
export const CANCEL_GRACE_MS = 3000;

/**
 * The loaded extract's life cycle on one database: load, replace, ask for the data-through date,
 * dispose. A load is staged beside the extract on screen and swapped in only when it is usable
 * (no fatal error, a data-through date); otherwise the extract on screen, its tables and its
 * member tables stay as they were, and its files are not read again. Loads run one at a time,
 * in the order asked. Subscribe for a snapshot after each change (React's useSyncExternalStore).
 */
export class ExtractSession {
  readonly #db: DbClient;
  #snapshot: ExtractSnapshot = IDLE;
  readonly #listeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  /** The request behind the extract on screen: its files are kept to load it again. */
  #shown: ExtractRequest | null = null;
  /** Aborts the load under way. */
  #controller: AbortController | null = null;
  /** The restart of the database that a stuck cancelled load asked for, or null. */
  #restarting: Promise<void> | null = null;

  readonly #cancelGraceMs: number;

  constructor(db: DbClient, options: { cancelGraceMs?: number } = {}) {
    this.#db = db;
    this.#cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  }

  /** The current snapshot; the same object until something changes. */
  readonly getSnapshot = (): ExtractSnapshot => this.#snapshot;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** The request behind the extract on screen (its files are reused when files are added to it). */
  shownRequest(): ExtractRequest | null {
    return this.#shown;
  }

  /**
   * Reads the files behind the extract on screen into memory, so that files can still be added
   * to it, and it can still be loaded again after a restart, once the storage they were read from
   * is gone (before "Forget this extract" removes the kept copy it was loaded from).
   */
  async holdShownFiles(): Promise<void> {
    const shown = this.#shown;
    if (!shown) return;
    const files = await Promise.all(
      shown.files.map(async (file) => {
        if (file.source.kind !== 'file') return file;
        const { name, lastModified } = file.source.file;
        const bytes = await file.source.file.arrayBuffer();
        return {
          ...file,
          source: { kind: 'file' as const, file: new File([bytes], name, { lastModified }) },
        };
      }),
    );
    if (this.#shown === shown) this.#shown = { ...shown, files };
  }

  /**
   * Loads `request`'s files after any load already asked for. Resolves to the new extract once it
   * is on screen, or to null when the load could not be used (the snapshot says why: `error`,
   * `failedReport` or `needsDataThrough`). Never rejects.
   */
  load(request: ExtractRequest): Promise<LoadedExtract | null> {
    const run = this.#queue.then(() => this.#load(request));
    this.#queue = run;
    return run;
  }

  /** Loads the files that lacked a data-through date again, with `iso` (YYYY-MM-DD) as the date. */
  provideDataThrough(iso: string): Promise<LoadedExtract | null> {
    const request = this.#snapshot.needsDataThrough;
    if (request === null) return Promise.resolve(null);
    return this.load({ ...request, options: { ...request.options, dataThrough: iso } });
  }

  /** Forgets the last failed load and the question of its date. */
  dismissFailure(): void {
    this.#update({ failedReport: null, needsDataThrough: null, notice: null });
  }

  /**
   * Stops the load under way: its statement is cancelled, or, if it has not stopped within
   * CANCEL_GRACE_MS, the database is restarted and the extract on screen loaded into it again.
   * The extract on screen stays either way; the snapshot's `notice` says the load was cancelled.
   */
  cancel(): void {
    const controller = this.#controller;
    if (controller === null || controller.signal.aborted || this.#snapshot.restoring) return;
    controller.abort();
    this.#update({ cancelling: true });
  }

  /** Drops the member tables of the extract on screen, after any load under way. */
  async dispose(): Promise<void> {
    await this.#queue;
    await this.#snapshot.extract?.members.dispose();
  }

  async #load(request: ExtractRequest): Promise<LoadedExtract | null> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#restarting = null;
    this.#update({
      pending: request,
      progress: { step: null, rows: {} },
      error: null,
      notice: null,
      cancelling: false,
    });
    try {
      const staged = await this.#unlessStuck(
        this.#stage(withSignal(this.#db, controller.signal), request, controller.signal),
        controller.signal,
      );
      // The loader records a failed statement as its file's error: a cancelled one included.
      if (controller.signal.aborted) throw new AbortedError();
      const { report } = staged;
      if (report.fatal !== null || report.needsDataThrough) {
        await staged.discard();
        await staged.members?.dispose();
        this.#update(
          report.fatal !== null
            ? { pending: null, failedReport: report }
            : { pending: null, failedReport: null, needsDataThrough: request },
        );
        // A load that ran out of memory may have taken the instance down with it.
        if (report.fatal !== null && !(await engineResponds(this.#db))) {
          await this.#restore(
            `The database stopped while loading ${request.label}; it was started again.`,
          );
        }
        return null;
      }
      try {
        await staged.swap();
      } catch (error) {
        await staged.discard();
        await staged.members?.dispose();
        throw error;
      }
      return await this.#show(request, report, staged.members);
    } catch (error) {
      if (controller.signal.aborted) {
        const notice = `Loading ${request.label} was cancelled.`;
        if (this.#restartAsked()) await this.#restore(notice);
        else {
          await discardUnfinishedLoad(this.#db).catch(() => undefined);
          this.#update({ pending: null, cancelling: false, notice });
        }
        return null;
      }
      if (this.#restartAsked() || !(await engineResponds(this.#db))) {
        await this.#restore(
          `The database stopped while loading ${request.label}; it was started again.`,
        );
        return null;
      }
      this.#update({
        pending: null,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return null;
    } finally {
      this.#controller = null;
    }
  }

  /**
   * `request`'s tables staged beside the extract on screen: its prepared tables when it has them
   * and they can be put in place, else its files through the loader.
   */
  async #stage(
    db: DbClient,
    request: ExtractRequest,
    signal?: AbortSignal,
  ): Promise<StagedExtract & { members?: MemberTables | null }> {
    if (request.prepared) {
      try {
        const prepared = await request.prepared();
        const staged = await stagePreparedExtract(db, prepared);
        if (!prepared.members) return staged;
        const members = await this.#preparedMembers(signal, prepared.members);
        return { ...staged, members };
      } catch (error) {
        if (error instanceof AbortedError || error instanceof EngineRestartedError) throw error;
        // Not worth stopping for: the files say the same, at the loader's speed.
        console.warn('The prepared tables could not be used; loading the files.', error);
      }
    }
    return stageExtract(db, request.files, {
      ...request.options,
      onProgress: (step) => {
        this.#showProgress(step);
      },
    });
  }

  /**
   * The prepared member tables put in place for the extract being staged, or null (a fresh set
   * is made at #show) when they cannot be: only slower, never different.
   */
  async #preparedMembers(
    signal: AbortSignal | undefined,
    members: NonNullable<PreparedSample['members']>,
  ): Promise<MemberTables | null> {
    try {
      throwIfAborted(signal);
      // The set keeps the session's engine (no load's signal): views use it after the load.
      return await MemberTables.fromPrepared(this.#db, members.prepared, members.arrows);
    } catch (error) {
      if (error instanceof AbortedError || error instanceof EngineRestartedError) throw error;
      console.warn('The prepared member tables could not be used; they are computed.', error);
      return null;
    }
  }

  /** Whether a cancelled load's statement did not stop and the database is being restarted. */
  #restartAsked(): boolean {
    return this.#restarting !== null;
  }

  /**
   * Puts the swapped-in load of `request` on screen, with `members` (its prepared member tables)
   * or a new set, and drops the replaced extract's member tables.
   */
  async #show(
    request: ExtractRequest,
    report: LoadReport,
    members?: MemberTables | null,
  ): Promise<LoadedExtract> {
    const previous = this.#snapshot.extract;
    // An upload of the sample in another format (a workbook, Parquet) is known by its content.
    const synthetic =
      request.synthetic === true ||
      (request.source === 'upload' && (await isSampleContent(this.#db, report)));
    const extract: LoadedExtract = {
      id: this.#nextId++,
      source: request.source,
      ...(synthetic ? { synthetic: true } : {}),
      label: request.label,
      report,
      members: members ?? new MemberTables(this.#db),
    };
    this.#shown = request;
    this.#update({
      extract,
      pending: null,
      failedReport: null,
      needsDataThrough: null,
      cancelling: false,
      restoring: false,
    });
    // Its tables hold the replaced extract's rows: dropped once nothing shows them.
    await previous?.members.dispose().catch(() => undefined);
    return extract;
  }

  /**
   * `work`, unless `signal` aborts and it has not ended CANCEL_GRACE_MS later: then the database
   * is restarted, which ends the statement it waits on.
   */
  async #unlessStuck<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => {
        this.#restarting = this.#db.restart();
      }, this.#cancelGraceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await work;
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    }
  }

  /**
   * Starts the database again (unless the cancelled load already did) and loads the extract on
   * screen into it from its kept files, saying `notice`. The database's tables are gone by then:
   * the extract on screen gets a new id, so nothing reads its old results' member tables.
   */
  async #restore(notice: string): Promise<void> {
    const shown = this.#shown;
    this.#update({ pending: shown, restoring: true, cancelling: false, notice, error: null });
    try {
      await (this.#restarting ?? this.#db.restart());
      this.#restarting = null;
      if (shown === null) {
        this.#update({ pending: null, restoring: false, extract: null });
        return;
      }
      const staged = await this.#stage(this.#db, shown);
      if (staged.report.fatal !== null || staged.report.needsDataThrough) {
        await staged.discard();
        await staged.members?.dispose();
        throw new Error(`${shown.label} could not be loaded again`);
      }
      await staged.swap();
      await this.#show(shown, staged.report, staged.members);
    } catch (error) {
      this.#update({
        pending: null,
        restoring: false,
        extract: null,
        error: new Error(
          `${notice} The extract on screen could not be loaded again (${error instanceof Error ? error.message : String(error)}); load the files again.`,
        ),
      });
    }
  }

  #showProgress(step: LoadProgress): void {
    const { rows } = this.#snapshot.progress;
    this.#update({
      progress: {
        step,
        rows: 'rows' in step ? { ...rows, [step.fileName]: step.rows } : rows,
      },
    });
  }

  #update(change: Partial<ExtractSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
