import { AbortedError, throwIfAborted, type DbClient } from '../db/client';
import { ident, sql, type Sql } from '../db/sql';
import type { KeptRelation } from './plan';

let nextSet = 0;

/**
 * The members relation of each measure, and the cells counted from it, computed once per loaded
 * extract and kept as tables.
 *
 * A measure's members (joins of children or adults to families, population rules, which cohort
 * each child episode is first in) do not depend on the view's filters, breakdown or cohort size,
 * only on D. Keeping them turns a view change into a scan of one narrow table, or for counts and
 * proportions a sum over their cells. Measures with the same members SQL share a table. Rows are
 * kept in county and cohort order, so that DuckDB skips the row groups a county filter rules out.
 *
 * One set per loaded extract: the tables hold that extract's rows, so a new load must `dispose()`
 * the old set (which drops its tables). Without a set, measures compute members inline.
 */
export class MemberTables {
  readonly #db: DbClient;
  readonly #prefix: string;
  readonly #tables = new Map<string, Promise<Sql>>();
  readonly #values = new Map<string, Promise<unknown>>();
  /** Never reused: a failed creation leaves the map, and its name must not land on a live table. */
  #created = 0;
  #disposed = false;

  constructor(db: DbClient) {
    this.#db = db;
    this.#prefix = `members_${String(++nextSet)}_`;
  }

  /**
   * The table holding `relation` (a measure's members, or their cells or times; see
   * MeasurePlan), in `order` (`null`: the order the relation gives, for one read from a table
   * already in order), created on first use. Creation is shared by every caller and is not
   * cancelled when one caller gives up (the next view needs the same table); `signal` only stops
   * this caller's wait.
   */
  async table({ sql: relation, order }: KeptRelation, signal?: AbortSignal): Promise<Sql> {
    if (this.#disposed)
      throw new Error(
        'The extract is being replaced; this view updates once the new one is loaded',
      );
    const { text, params } = relation.toQuery();
    const key = JSON.stringify([text, params, order?.toQuery().text ?? null]);
    let created = this.#tables.get(key);
    if (!created) {
      const name = ident(`${this.#prefix}${String(++this.#created)}`);
      created = this.#db
        .exec(
          order
            ? sql`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM (${relation}) ORDER BY ${order}`
            : sql`CREATE OR REPLACE TABLE ${name} AS ${relation}`,
        )
        .then(() => name);
      this.#tables.set(key, created);
      created.catch(() => this.#tables.delete(key));
    }
    return waitFor(created, signal);
  }

  /**
   * A value read from this extract's tables that no view changes (e.g. a measure's disclosure
   * parts, see runMeasure), computed by `compute` on first use under `key` and kept with the
   * tables. Like `table`: shared by every caller, not cancelled when one gives up (`signal` only
   * stops this caller's wait), forgotten if it fails; throws once disposed.
   */
  async value<T>(key: string, compute: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#disposed)
      throw new Error(
        'The extract is being replaced; this view updates once the new one is loaded',
      );
    let kept = this.#values.get(key) as Promise<T> | undefined;
    if (!kept) {
      kept = compute();
      this.#values.set(key, kept);
      kept.catch(() => {
        if (this.#values.get(key) === kept) this.#values.delete(key);
      });
    }
    return waitFor(kept, signal);
  }

  /** Drops the tables and kept values; later calls to `table` and `value` throw. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#values.clear();
    const tables = [...this.#tables.values()];
    this.#tables.clear();
    for (const created of tables) {
      const name = await created.catch(() => null);
      if (name) await this.#db.exec(sql`DROP TABLE IF EXISTS ${name}`);
    }
  }
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(new AbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
