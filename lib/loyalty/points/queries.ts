import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pointsEntries } from "@/db/schema";

/** A member's points balance: always the sum of the ledger's entries (docs/domain.md, Points). */
export async function pointsBalance(db: Db, memberId: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<number>`coalesce(sum(${pointsEntries.points}), 0)::int`.mapWith(Number) })
    .from(pointsEntries)
    .where(eq(pointsEntries.memberId, memberId));
  return row?.balance ?? 0;
}
