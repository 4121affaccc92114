import type { DbClient } from '../db/client';
import {
  stageExtract,
  type ExtractFile,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
} from '../dataset/load-extract';
import { MemberTables } from '../measures/member-tables';
import type { DataSource } from '../measures/provenance';

export interface LoadedExtract {
  /** Increments on every load: part of every measure's query key, so results never mix extracts. */
  id: number;
  source: 'sample' | 'upload';
  label: string;
  report: LoadReport;
  /** The measures' members, computed once for this extract (a view change only filters them). */
  members: MemberTables;
}

/** The loaded extract as provenance names it: the sample, or the county's files by name. */
export function dataSourceOf(extract: LoadedExtract): DataSource {
  return {
    kind: extract.source === 'sample' ? 'sample' : 'county',
    fileNames: extract.report.files.map((file) => file.fileName),
  };
}

export interface ExtractRequest {
  source: 'sample' | 'upload';
  label: string;
  files: ExtractFile[];
  options?: LoadOptions;
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
}

const IDLE: ExtractSnapshot = {
  extract: null,
  pending: null,
  progress: { step: null, rows: {} },
  error: null,
  failedReport: null,
  needsDataThrough: null,
};

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
  /** The request behind the extract on screen. */
  #shown: ExtractRequest | null = null;

  constructor(db: DbClient) {
    this.#db = db;
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
    this.#update({ failedReport: null, needsDataThrough: null });
  }

  /** Drops the member tables of the extract on screen, after any load under way. */
  async dispose(): Promise<void> {
    await this.#queue;
    await this.#snapshot.extract?.members.dispose();
  }

  async #load(request: ExtractRequest): Promise<LoadedExtract | null> {
    this.#update({ pending: request, progress: { step: null, rows: {} }, error: null });
    try {
      const staged = await stageExtract(this.#db, request.files, {
        ...request.options,
        onProgress: (step) => {
          const { rows } = this.#snapshot.progress;
          this.#update({
            progress: {
              step,
              rows: 'rows' in step ? { ...rows, [step.fileName]: step.rows } : rows,
            },
          });
        },
      });
      const { report } = staged;
      if (report.fatal !== null || report.needsDataThrough) {
        await staged.discard();
        this.#update(
          report.fatal !== null
            ? { pending: null, failedReport: report }
            : { pending: null, failedReport: null, needsDataThrough: request },
        );
        return null;
      }
      try {
        await staged.swap();
      } catch (error) {
        await staged.discard();
        throw error;
      }
      const previous = this.#snapshot.extract;
      const extract: LoadedExtract = {
        id: this.#nextId++,
        source: request.source,
        label: request.label,
        report,
        members: new MemberTables(this.#db),
      };
      this.#shown = request;
      this.#update({ extract, pending: null, failedReport: null, needsDataThrough: null });
      // Its tables hold the replaced extract's rows: dropped once nothing shows them.
      await previous?.members.dispose();
      return extract;
    } catch (error) {
      this.#update({
        pending: null,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return null;
    }
  }

  #update(change: Partial<ExtractSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
