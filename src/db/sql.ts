/**
 * One `sql` template tag for every query: values become `?` parameters (strings, null) or
 * literals (finite numbers, booleans), fragments compose, identifiers are quoted separately.
 */
export type SqlValue = string | number | boolean | null;

export interface SqlQuery {
  readonly text: string;
  readonly params: readonly (string | null)[];
}

type Part = { kind: 'text'; text: string } | { kind: 'param'; value: string | null };

export class Sql {
  /** @internal */
  constructor(readonly parts: readonly Part[]) {}

  toQuery(): SqlQuery {
    let text = '';
    const params: (string | null)[] = [];
    for (const part of this.parts) {
      if (part.kind === 'text') {
        text += part.text;
      } else {
        text += '?';
        params.push(part.value);
      }
    }
    return { text, params };
  }

  /**
   * The statement with each parameter written as a quoted literal (quotes doubled: DuckDB string
   * literals have no other escapes). For DuckDB-wasm, where a prepared statement costs two more
   * round trips to its worker than the query itself.
   */
  toInlineText(): string {
    let text = '';
    for (const part of this.parts) {
      if (part.kind === 'text') text += part.text;
      else text += part.value === null ? 'NULL' : quoteText(part.value);
    }
    return text;
  }
}

export type SqlArg = SqlValue | Sql;

/** A DuckDB string literal: quotes doubled, as DuckDB string literals have no other escapes. */
function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function numberText(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new Error(`Cannot put ${String(value)} in SQL`);
  return String(value);
}

function partsOf(arg: SqlArg): Part[] {
  if (arg instanceof Sql) return [...arg.parts];
  if (typeof arg === 'number' || typeof arg === 'boolean') {
    return [{ kind: 'text', text: numberText(arg) }];
  }
  return [{ kind: 'param', value: arg }];
}

export function sql(strings: TemplateStringsArray, ...args: SqlArg[]): Sql {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text !== '') parts.push({ kind: 'text', text });
    if (i < args.length) parts.push(...partsOf(args[i] as SqlArg));
  });
  return new Sql(parts);
}

/** A quoted identifier (table or column name). */
export function ident(name: string): Sql {
  return new Sql([{ kind: 'text', text: `"${name.replaceAll('"', '""')}"` }]);
}

/**
 * A string constant written into the statement as a quoted literal, for DDL (macros, defaults)
 * where a bound `?` parameter is impossible, and for a regular expression, which DuckDB compiles
 * once only when it is a constant (bound, it is compiled for every row). Everywhere else pass the
 * value to `sql` instead.
 */
export function literal(text: string): Sql {
  return new Sql([{ kind: 'text', text: quoteText(text) }]);
}

/** Trusted SQL text written in this code base, never user input. */
export function raw(text: string): Sql {
  return new Sql([{ kind: 'text', text }]);
}

export function join(fragments: readonly Sql[], separator: string): Sql {
  const parts: Part[] = [];
  fragments.forEach((fragment, i) => {
    if (i > 0) parts.push({ kind: 'text', text: separator });
    parts.push(...fragment.parts);
  });
  return new Sql(parts);
}

/** `CAST(? AS DATE)` for an ISO date string: dates are bound as text (duckdb-wasm binds no DATE). */
export function date(iso: string): Sql {
  return sql`CAST(${iso} AS DATE)`;
}

/** `(?, ?, ?)` list for IN: prepared statements take no array parameters. */
export function list(values: readonly SqlValue[]): Sql {
  if (values.length === 0) return raw('(NULL)');
  return sql`(${join(
    values.map((v) => sql`${v}`),
    ', ',
  )})`;
}
