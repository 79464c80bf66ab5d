import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database as business code sees it: the same API whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  close: () => Promise<void>;
  /** PGlite only: a tarball of the data folder, to start other databases from (tests). */
  dumpDataDir?: () => Promise<Blob>;
};

export type OpenOptions = {
  url?: string;
  pgliteDir?: string;
  poolMax?: number;
  /** PGlite only: start from a data-folder tarball made by `dumpDataDir` instead of an empty cluster. */
  pgliteTemplate?: Blob;
};

/** PGlite with the extensions the migrations create; `dir` undefined means in memory. */
export function createPglite(dir?: string, template?: Blob): PGlite {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  return new PGlite({ dataDir: dir, extensions: { pg_trgm, btree_gist, citext }, loadDataDir: template });
}

/** Opens a database: postgres.js when a URL is given, else embedded PGlite in `pgliteDir` (memory if none). */
export function openDatabase(options: OpenOptions): DatabaseHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connection: { application_name: "atrium" },
    });
    const db = drizzlePostgres({ client: preparedStatements(client), schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const client = createPglite(options.pgliteDir, options.pgliteTemplate);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close(), dumpDataDir: () => client.dumpDataDir("none") };
}

/**
 * The postgres.js client with every statement prepared (named), and transactions that do not wait
 * for their BEGIN. drizzle asks postgres.js for unnamed statements, which it sends with parameters
 * as describe, wait, then bind and execute: two round trips each, and nothing else is sent on the
 * connection meanwhile. A named statement is described once per connection; after that it is one
 * round trip, and statements started together travel together (see allAnswered). postgres.js
 * re-prepares a statement whose plan a migration made stale, and closes connections after 30–60
 * minutes, which bounds how many statements each one keeps.
 */
function preparedStatements(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") return preparedUnsafe(target);
      if (property === "begin") return (...args: unknown[]) => transaction(target, args.at(-1) as ScopeFn);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

type ScopeFn = (sql: postgres.Sql) => unknown;

/**
 * The clients of transactions and savepoints begun by `transaction` below, each with its in-place
 * savepoint (withSavepoint); writeWithCommit asks whether it is in one.
 */
const transactionClients = new WeakMap<object, (body: () => Promise<unknown>) => Promise<unknown>>();

function preparedUnsafe(sql: postgres.Sql) {
  return (query: string, args: unknown[] = [], options: object = {}) =>
    sql.unsafe(query, args as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
}

/**
 * What a transaction or savepoint remembers: the first statement of its own that failed (awaited or
 * not, as postgres.js's begin does), which fails the scope; once the scope is over, a failure of a
 * statement it left in flight counts for its parent.
 */
type Scope = { failure?: { error: unknown }; over: boolean; parent?: Scope };

function recordFailure(scope: Scope, error: unknown) {
  scope.failure ??= { error };
  if (scope.over && scope.parent) recordFailure(scope.parent, error);
}

/**
 * A transaction as postgres.js's begin() runs it (a reserved connection; a statement that failed
 * fails the transaction; a failure rolls back; savepoints nest, named s0, s1…), except that BEGIN is
 * not awaited on its own: it goes out with the callback's first statements, which saves a round trip
 * per transaction. Statements on one connection run in order, so nothing runs outside the
 * transaction; should BEGIN fail, every statement after it fails too.
 *
 * The callback may also leave statements in flight when it returns (writeWithCommit): COMMIT follows
 * them on the connection, and if one failed, the transaction had failed, the COMMIT rolled back, and
 * that failure is thrown.
 */
async function transaction(sql: postgres.Sql, fn: ScopeFn): Promise<unknown> {
  const reserved = await sql.reserve();
  const unsafe = preparedUnsafe(reserved);
  let savepoints = 0;
  /** Runs `body` in a savepoint whose statements count in `inner` (postgres.js's savepoint, s0, s1…). */
  const savepoint = async <T>(parent: Scope, inner: Scope, body: () => Promise<T>): Promise<T> => {
    const name = `s${savepoints++}`;
    await track(parent, unsafe(`savepoint ${name}`));
    try {
      const result = await body();
      if (inner.failure) throw inner.failure.error;
      return result;
    } catch (error) {
      await track(parent, unsafe(`rollback to ${name}`));
      throw aborted(error) && inner.failure ? inner.failure.error : error;
    } finally {
      inner.over = true;
    }
  };
  // A client whose statements count in `state.scope` as it is when each is sent.
  const scoped = (state: { scope: Scope }): postgres.Sql => {
    const client = new Proxy(reserved, {
      apply(target, thisArg, args) {
        return track(state.scope, Reflect.apply(target, thisArg, args) as Promise<unknown>);
      },
      get(target, property, receiver) {
        if (property === "unsafe") return (...args: Parameters<typeof unsafe>) => track(state.scope, unsafe(...args));
        // drizzle's nested transaction: a savepoint with a client of its own.
        if (property === "savepoint") {
          return (...args: unknown[]) => {
            const inner: Scope = { over: false, parent: state.scope };
            const innerClient = scoped({ scope: inner });
            return savepoint(state.scope, inner, async () => (args.at(-1) as ScopeFn)(innerClient));
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as postgres.Sql;
    transactionClients.set(client, (body) => {
      const parent = state.scope;
      const inner: Scope = { over: false, parent };
      state.scope = inner;
      return savepoint(parent, inner, body).finally(() => (state.scope = parent));
    });
    return client;
  };
  const scope: Scope = { over: false };
  try {
    const outer = scoped({ scope });
    const begun = outer.unsafe("begin");
    let result: unknown;
    try {
      result = await fn(outer);
      await begun;
      if (scope.failure) throw scope.failure.error;
    } catch (error) {
      scope.over = true;
      await unsafe("rollback").catch(() => undefined);
      throw aborted(error) && scope.failure ? scope.failure.error : error;
    }
    scope.over = true;
    await unsafe("commit");
    // A statement left in flight answered before the COMMIT did: if it failed, nothing was committed.
    const late = (scope as Scope).failure;
    if (late) throw late.error;
    return result;
  } finally {
    reserved.release();
  }
}

function track<T extends Promise<unknown>>(scope: Scope, query: T): T {
  query.catch((error: unknown) => recordFailure(scope, error));
  return query;
}

/**
 * `tx.transaction(fn)` (a savepoint: a failure inside rolls back to it and is thrown to the caller)
 * that hands `fn` the transaction `tx` itself instead of a new drizzle transaction object, which
 * drizzle builds with a relational query builder per table of the schema. Nothing else may use `tx`
 * while `fn` runs: its statements count in the savepoint. On PGlite, drizzle's nested transaction.
 */
export function withSavepoint<T>(tx: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const client = (tx as unknown as { session: { client: object } }).session.client;
  const inPlace = transactionClients.get(client);
  return inPlace ? (inPlace(() => fn(tx)) as Promise<T>) : tx.transaction(fn);
}

/** "current transaction is aborted": a statement refused because an earlier one failed, whose failure is the cause. */
function aborted(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "25P02";
}

/**
 * Statements whose results the caller does not need, left to travel with the transaction's COMMIT
 * instead of waiting a round trip for them: if one fails, the transaction fails with it (see
 * `transaction` above). Only inside a transaction on PostgreSQL; elsewhere (PGlite runs one
 * statement at a time anyway) they are awaited here. Each must already have been started.
 */
export async function writeWithCommit(db: Db, statements: readonly (Promise<unknown> | null)[]): Promise<void> {
  const pending = statements.filter((s): s is Promise<unknown> => s !== null);
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (transactionClients.has(client as object)) {
    for (const statement of pending) statement.catch(() => undefined);
    return;
  }
  await allAnswered(pending);
}

const globalForDb = globalThis as unknown as { atriumDb?: DatabaseHandle };

/** The application's database, opened once per process from the environment. */
export function getDb(): Db {
  globalForDb.atriumDb ??= openDatabase({
    url: env.DATABASE_URL,
    pgliteDir: env.pgliteDir,
    poolMax: env.ATRIUM_DB_POOL_MAX,
  });
  return globalForDb.atriumDb.db;
}

/** Rows of a raw `db.execute(sql)` result, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

type DriverClient =
  | { unsafe: (text: string, params: unknown[]) => { execute: () => Promise<unknown[]> } }
  | { query: <T>(text: string, params: unknown[]) => Promise<{ rows: T[] }> };

/**
 * Runs SQL text with `$1…` parameters on what `db` stands for (the pool, a transaction or a
 * savepoint) with nothing built per call: for the statements of hot paths (the POS ingest), whose
 * text is a constant. drizzle's builders cost about as much CPU per statement as the round trip
 * itself; this costs only the driver's. On PostgreSQL the statement is prepared (named) like every
 * other; it is sent at once, so statements started one after the other, with this or
 * `.execute()`, travel in that order (allAnswered).
 *
 * Parameters: strings, numbers, booleans, null and arrays of them (instants as ISO strings, jsonb as
 * JSON text; an array of instants, dates or enum values goes as `text[]`, cast in the statement: drizzle
 * hands postgres.js its date arrays unserialised, and postgres.js knows only the array types that
 * existed when the connection opened). Results come as the driver
 * gives them (bigint as a string on postgres.js, instants as strings or Dates), so a statement casts
 * what it returns (`::int`, `::text`) and callers convert.
 */
export function runStatement<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const client = (db as unknown as { session: { client: DriverClient } }).session.client;
  if ("unsafe" in client) return client.unsafe(text, params).execute() as Promise<T[]>;
  return client.query<T>(text, params).then((result) => result.rows);
}

/**
 * Awaits statements started together, so that they travel to the server in one go (on a
 * transaction's connection they run one after the other, in the order they were started), and
 * returns their results. Once every one has answered, the first failure in the given order is
 * thrown: a statement after a failed one fails too, and what matters is the first cause.
 */
export async function allAnswered<T extends readonly unknown[] | []>(
  statements: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(statements);
  for (const result of settled) if (result.status === "rejected") throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
