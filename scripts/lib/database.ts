import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/env";

/** Opens the database the environment names (DATABASE_URL, else PGlite in ATRIUM_DATA_DIR) and migrates it. */
export async function openMigratedDatabase() {
  const handle = openDatabase({ url: env.DATABASE_URL, pgliteDir: env.pgliteDir, poolMax: 4 });
  await migrateDatabase(handle);
  return handle;
}

export function describeDatabase() {
  return env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${env.pgliteDir}`;
}
