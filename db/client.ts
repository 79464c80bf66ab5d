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

type SqlFunction = (...args: unknown[]) => unknown;

/**
 * The postgres.js client with every statement prepared (named). drizzle asks postgres.js for unnamed
 * statements, which it sends with parameters as describe, wait, then bind and execute: two round
 * trips each, and nothing else is sent on the connection meanwhile. A named statement is described
 * once per connection; after that it is one round trip, and statements started together travel
 * together (see allAnswered). postgres.js re-prepares a statement whose plan a migration made stale,
 * and closes connections after 30–60 minutes, which bounds how many statements each one keeps.
 */
function preparedStatements(sql: postgres.Sql): postgres.Sql {
  const lastArgumentWrapped =
    (call: SqlFunction) =>
    (...args: unknown[]) => {
      const fn = args.at(-1) as (sql: postgres.Sql) => unknown;
      return call(...args.slice(0, -1), (scoped: postgres.Sql) => fn(preparedStatements(scoped)));
    };
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === "unsafe") {
        return (query: string, args: unknown[] = [], options: object = {}) =>
          target.unsafe(query, args as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      }
      // Transactions and savepoints hand their callback a scoped client, which must prepare too.
      if (property === "begin" || property === "savepoint")
        return lastArgumentWrapped((value as SqlFunction).bind(target));
      return value;
    },
  });
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
