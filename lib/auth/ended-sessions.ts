import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endedSessions } from "@/db/schema";
import { SESSION_MAX_AGE_SECONDS } from "./config";

/** A session as the JWT names it: who signed in, and when (epoch milliseconds). */
export type SessionRef = { staffId: string; signedInAt: number };

/**
 * Records a signed-out session, so that its cookie is refused if the browser gets it back (see
 * db/schema/staff.ts, endedSessions), and drops the records of sessions too old to be valid anyway.
 */
export async function endSession(db: Db, session: SessionRef, now: Date = new Date()): Promise<void> {
  await db
    .insert(endedSessions)
    .values({ staffId: session.staffId, signedInAt: new Date(session.signedInAt), endedAt: now })
    .onConflictDoNothing();
  await db
    .delete(endedSessions)
    .where(lt(endedSessions.signedInAt, new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000)));
}

/** Whether the session was signed out. */
export async function isSessionEnded(db: Db, session: SessionRef): Promise<boolean> {
  const rows = await db
    .select({ staffId: endedSessions.staffId })
    .from(endedSessions)
    .where(and(eq(endedSessions.staffId, session.staffId), eq(endedSessions.signedInAt, new Date(session.signedInAt))));
  return rows.length > 0;
}
