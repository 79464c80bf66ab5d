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
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const client = createPglite(options.pgliteDir, options.pgliteTemplate);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close(), dumpDataDir: () => client.dumpDataDir("none") };
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
