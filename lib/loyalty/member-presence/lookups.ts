import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { apiMemberLookups } from "@/db/schema";
import { ApiRequestError } from "@/lib/api/errors";
import { lookupMember } from "../purchases/queries";
import type { MemberLookupQuery, MemberLookupResponse } from "../purchases/schemas";
import { LOOKUP_MISSES_PER_KEY, LOOKUP_WINDOW_MINUTES, LOOKUPS_PER_KEY, LOOKUPS_PER_MEMBER } from "./schemas";

const inWindow = () => gt(apiMemberLookups.createdAt, sql`now() - make_interval(mins => ${LOOKUP_WINDOW_MINUTES})`);

/** Seconds until the oldest look-up counted by `where` leaves the window (at least 1). */
async function retryAfter(db: Db, where: ReturnType<typeof and>): Promise<string> {
  const [row] = await db
    .select({
      seconds: sql<number>`ceil(extract(epoch from ${min(apiMemberLookups.createdAt)} + make_interval(mins => ${LOOKUP_WINDOW_MINUTES}) - now()))::int`,
    })
    .from(apiMemberLookups)
    .where(where);
  return String(Math.max(1, Number(row?.seconds ?? 60)));
}

function tooMany(seconds: string, message: string): ApiRequestError {
  return new ApiRequestError(429, "rate_limited", message, { "Retry-After": seconds });
}

/**
 * The POS member look-up, logged per key and limited (schemas.ts): per key in total and in misses,
 * and per member across keys. A refused look-up is logged too, so that trying on keeps it refused.
 * Null when nobody matches. One key's look-ups are serialised (an advisory lock) so the counts hold.
 */
export async function lookupMemberLimited(
  db: Db,
  apiKeyId: string,
  query: MemberLookupQuery,
): Promise<MemberLookupResponse | null> {
  const outcome = await db.transaction(async (tx) => {
    rowsOf(await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`atrium.lookup:${apiKeyId}`}))`));
    const byKey = and(eq(apiMemberLookups.apiKeyId, apiKeyId), inWindow());
    const [keyCounts] = await tx
      .select({ total: count(), misses: sql<number>`count(*) filter (where not ${apiMemberLookups.found})::int` })
      .from(apiMemberLookups)
      .where(byKey);
    const member = await lookupMember(tx, query);
    await tx.insert(apiMemberLookups).values({
      apiKeyId,
      memberId: member?.memberId ?? null,
      lookedUpBy: "phone" in query ? "phone" : "card_no",
      found: member !== null,
    });
    if ((keyCounts?.total ?? 0) >= LOOKUPS_PER_KEY)
      return { refused: tooMany(await retryAfter(tx, byKey), `At most ${LOOKUPS_PER_KEY} look-ups per key an hour.`) };
    if ((keyCounts?.misses ?? 0) >= LOOKUP_MISSES_PER_KEY) {
      const misses = and(byKey, eq(apiMemberLookups.found, false));
      return {
        refused: tooMany(
          await retryAfter(tx, misses),
          `At most ${LOOKUP_MISSES_PER_KEY} look-ups that find nobody per key an hour.`,
        ),
      };
    }
    if (member) {
      const ofMember = and(eq(apiMemberLookups.memberId, member.memberId), inWindow());
      const [memberCount] = await tx.select({ n: count() }).from(apiMemberLookups).where(ofMember);
      // The count includes the look-up just logged.
      if ((memberCount?.n ?? 0) > LOOKUPS_PER_MEMBER)
        return {
          refused: tooMany(
            await retryAfter(tx, ofMember),
            `At most ${LOOKUPS_PER_MEMBER} look-ups of one member an hour.`,
          ),
        };
    }
    return { member };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.member;
}
