import { arrowToTables, tablesToArrow, type ArrowTable } from '../db/arrow-ipc';
import { AbortedError, throwIfAborted, type DbClient } from '../db/client';
import { ident, sql, type Sql } from '../db/sql';
import type { KeptRelation } from './plan';

/** The version of PreparedMemberTables' layout; a set of another version is not used. */
export const PREPARED_MEMBERS_FORMAT = 1;

/**
 * A set of member tables written ahead (MemberTables.prepare), for one extract (the bundled
 * sample): the tables the views read, each under its key (the SQL that makes it, with the tables
 * it reads named by their own keys, so that a key does not depend on table names), the keys of
 * the tables only those were made from and of those read only through kept values (a count's
 * cells: never read by a view, so never put in place), and the values kept with the tables
 * (`value`: each measure's cells and disclosure parts, the extract's contents, the filter bar's
 * values), as JSON. Rows in `arrows`, one Arrow IPC stream per table in order.
 */
export interface PreparedMemberTables {
  /** PREPARED_MEMBERS_FORMAT when written. */
  format: number;
  tables: (ArrowTable & { key: string })[];
  intermediates: string[];
  values: { key: string; value: unknown }[];
}

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
  /** Each table's key by its number (the name's last part): what its name stands for in keys. */
  readonly #keys = new Map<number, string>();
  /** Keys of tables not made until a table made from them is (a prepared set's intermediates). */
  readonly #deferred = new Set<string>();
  /** Deferred tables by number: how to make one, once. */
  readonly #pending = new Map<number, () => Promise<void>>();
  /** Keys of tables asked for only with `valuesOnly`, and of those asked for without. */
  readonly #throughValues = new Set<string>();
  readonly #readDirectly = new Set<string>();
  /** Never reused: a failed creation leaves the map, and its name must not land on a live table. */
  #created = 0;
  #disposed = false;

  constructor(db: DbClient) {
    this.#db = db;
    this.#prefix = `members_${String(++nextSet)}_`;
  }

  /**
   * A new set for the extract just staged in `db`, holding `prepared` (written by `prepare` on
   * the same extract): its tables created (one transaction, one Arrow append per table with
   * rows) and its values kept, so that views asking for them compute nothing. A table asked for
   * that it does not hold is made as usual. Throws (its tables dropped) when the set is of
   * another format or the engine fails.
   */
  static async fromPrepared(
    db: DbClient,
    prepared: PreparedMemberTables,
    arrows: Uint8Array,
  ): Promise<MemberTables> {
    if (prepared.format !== PREPARED_MEMBERS_FORMAT)
      throw new Error('The prepared member tables are not of a layout this version reads');
    const set = new MemberTables(db);
    const names = prepared.tables.map(() => `${set.#prefix}${String(++set.#created)}`);
    try {
      await arrowToTables(db, names, prepared.tables, arrows);
    } catch (error) {
      for (const name of names) await db.exec(sql`DROP TABLE IF EXISTS ${ident(name)}`);
      throw error;
    }
    prepared.tables.forEach(({ key }, i) => {
      set.#keys.set(i + 1, key);
      set.#tables.set(key, Promise.resolve(ident(names[i]!)));
    });
    for (const key of prepared.intermediates) set.#deferred.add(key);
    for (const { key, value } of prepared.values) set.#values.set(key, Promise.resolve(value));
    return set;
  }

  /**
   * What this set holds, to be put in another database by `fromPrepared`: the tables that no
   * other table of the set was made from (those the views read), every row ordered by every
   * column (the same rows give the same bytes), the keys of the others, and every kept value
   * (JSON). Waits for every table and value under way; throws if one failed.
   */
  async prepare(): Promise<{ prepared: PreparedMemberTables; arrows: Uint8Array }> {
    const made = await Promise.all(
      [...this.#tables].map(async ([key, created]) => ({ key, name: await created })),
    );
    const values = await Promise.all(
      [...this.#values].map(async ([key, kept]) => ({ key, value: await kept })),
    );
    // A table only values were read from (a cell table, kept as its rows) is not needed once
    // they are kept: named, like the tables others were made from, and made if a value that
    // was not prepared needs it.
    const readFrom = (key: string) =>
      made.some((other) => other.key.includes(`⟨${key}⟩`)) ||
      (this.#throughValues.has(key) && !this.#readDirectly.has(key));
    const byKey = (a: { key: string }, b: { key: string }) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    const leaves = made.filter(({ key }) => !readFrom(key)).sort(byKey);
    const { tables, arrows } = await tablesToArrow(
      this.#db,
      leaves.map(({ name }) => name.toQuery().text.slice(1, -1)),
      true,
    );
    return {
      prepared: {
        format: PREPARED_MEMBERS_FORMAT,
        tables: tables.map((table, i) => ({ key: leaves[i]!.key, ...table })),
        intermediates: made
          .filter(({ key }) => readFrom(key))
          .map(({ key }) => key)
          .sort(),
        values: values.sort(byKey),
      },
      arrows,
    };
  }

  /**
   * `text` with each of this set's table names replaced by ⟨its key⟩: the same relation over
   * the same tables gets the same key in any set, whatever its tables are named.
   */
  #keyOf(text: string): string {
    return text.replace(this.#names(), (name, n: string) => {
      const key = this.#keys.get(Number(n));
      return key === undefined ? name : `⟨${key}⟩`;
    });
  }

  #names(): RegExp {
    return new RegExp(`${this.#prefix}(\\d+)(?!\\d)`, 'g');
  }

  /** Makes the deferred tables `text` names (and those they are made from), each once. */
  async #makeDeferred(text: string): Promise<void> {
    for (const [, n] of text.matchAll(this.#names())) {
      const make = this.#pending.get(Number(n));
      if (make) await make();
    }
  }

  /**
   * The table holding `relation` (a measure's members, or their cells or times; see
   * MeasurePlan), in `order` (`null`: the order the relation gives, for one read from a table
   * already in order), created on first use. Creation is shared by every caller and is not
   * cancelled when one caller gives up (the next view needs the same table); `signal` only stops
   * this caller's wait. In a set made `fromPrepared`, a table the prepared set was only made from
   * (its `intermediates`) is named at once and made only when a table made from it has to be,
   * or a value whose key names it is computed: its name is for relations given to `table` and
   * keys given to `value`, never for a view's query. `valuesOnly`: the caller reads the table
   * only through values computed by `value` (a count's cells, read whole once): `prepare` then
   * writes the values and not the table.
   */
  async table(
    { sql: relation, order }: KeptRelation,
    signal?: AbortSignal,
    { valuesOnly = false }: { valuesOnly?: boolean } = {},
  ): Promise<Sql> {
    if (this.#disposed)
      throw new Error(
        'The extract is being replaced; this view updates once the new one is loaded',
      );
    const { text, params } = relation.toQuery();
    const key = this.#keyOf(JSON.stringify([text, params, order?.toQuery().text ?? null]));
    (valuesOnly ? this.#throughValues : this.#readDirectly).add(key);
    let created = this.#tables.get(key);
    if (!created) {
      const n = ++this.#created;
      const name = ident(`${this.#prefix}${String(n)}`);
      this.#keys.set(n, key);
      const make = () =>
        this.#makeDeferred(text).then(() =>
          this.#db.exec(
            order
              ? sql`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM (${relation}) ORDER BY ${order}`
              : sql`CREATE OR REPLACE TABLE ${name} AS ${relation}`,
          ),
        );
      if (this.#deferred.has(key)) {
        // Only tables made from it read it, and the prepared ones need it not: made when one
        // that is not prepared is (#makeDeferred), once.
        let making: Promise<void> | null = null;
        this.#pending.set(n, () => {
          making ??= make();
          making.catch(() => {
            making = null;
          });
          return making;
        });
        created = Promise.resolve(name);
      } else {
        created = make().then(() => name);
        created.catch(() => this.#tables.delete(key));
      }
      this.#tables.set(key, created);
    }
    return waitFor(created, signal);
  }

  /**
   * A value read from this extract's tables that no view changes (e.g. a measure's disclosure
   * parts, see runMeasure), computed by `compute` on first use under `key` (in which this set's
   * table names stand for their tables, as in `table`) and kept with the tables. Like `table`: shared by every caller, not cancelled when one gives up (`signal` only
   * stops this caller's wait), forgotten if it fails; throws once disposed.
   */
  async value<T>(key: string, compute: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#disposed)
      throw new Error(
        'The extract is being replaced; this view updates once the new one is loaded',
      );
    const own = this.#keyOf(key);
    let kept = this.#values.get(own) as Promise<T> | undefined;
    if (!kept) {
      // The deferred tables its query names (a prepared set's cell tables), made first.
      kept = this.#makeDeferred(key).then(compute);
      this.#values.set(own, kept);
      kept.catch(() => {
        if (this.#values.get(own) === kept) this.#values.delete(own);
      });
    }
    return waitFor(kept, signal);
  }

  /**
   * Drops the tables made (one transaction) and the kept values; later calls to `table` and
   * `value` throw.
   */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#values.clear();
    const tables = [...this.#tables.values()];
    this.#tables.clear();
    const names: Sql[] = [];
    for (const created of tables) {
      const name = await created.catch(() => null);
      if (name) names.push(name);
    }
    if (names.length > 0)
      await this.#db.transaction(names.map((name) => sql`DROP TABLE IF EXISTS ${name}`));
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
