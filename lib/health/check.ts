import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export type HealthReport = {
  status: 200 | 503;
  body: { status: "ok"; db: "ok" } | { status: "error"; db: "unavailable" };
};

/** Asks the database for `select 1`, giving up after `timeoutMs`. */
export async function checkHealth(db: Db, timeoutMs = 3000): Promise<HealthReport> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), timeoutMs);
      }),
    ]);
    return { status: 200, body: { status: "ok", db: "ok" } };
  } catch {
    return { status: 503, body: { status: "error", db: "unavailable" } };
  } finally {
    clearTimeout(timer);
  }
}
