import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staffNotifications } from "@/db/schema";

/** A staff member's portal notifications (an escalated complaint): only their own, by staff id. */

/** Unread portal notifications of a staff member (the queue page's count). */
export async function unreadNotificationCount(db: Db, staffId: string): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int`.mapWith(Number) })
    .from(staffNotifications)
    .where(and(eq(staffNotifications.staffId, staffId), isNull(staffNotifications.readAt)));
  return row?.value ?? 0;
}

/** My notifications, newest first (read ones too, the last 100). */
export async function listMyNotifications(db: Db, staffId: string) {
  return db
    .select({
      id: staffNotifications.id,
      kind: staffNotifications.kind,
      messageKey: staffNotifications.messageKey,
      params: staffNotifications.params,
      href: staffNotifications.href,
      readAt: staffNotifications.readAt,
      createdAt: staffNotifications.createdAt,
    })
    .from(staffNotifications)
    .where(eq(staffNotifications.staffId, staffId))
    .orderBy(desc(staffNotifications.createdAt), asc(staffNotifications.id))
    .limit(100);
}
