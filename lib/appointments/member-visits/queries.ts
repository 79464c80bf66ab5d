import { and, asc, count, desc, eq, gte, lt, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, appointmentTypes, staff, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";

export type MemberVisitRow = {
  id: string;
  startsAt: Date;
  status: (typeof appointments.$inferSelect)["status"];
  typeNameZh: string;
  typeNameEn: string;
  advisorName: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
};

export type MemberVisits = {
  upcoming: MemberVisitRow[];
  recent: MemberVisitRow[];
  completed: number;
  noShows: number;
};

/** How many upcoming and past visits the 360° view lists. */
export const MEMBER_VISITS_LIMIT = 5;

/**
 * The member's visits for the 360° view: the next ones, the latest past ones and the counts of
 * completed visits and no-shows (an advisor sees a habit of not coming before booking again).
 * Only visits at the reader's stores.
 */
export async function memberVisits(
  db: Db,
  reader: StaffPrincipal,
  memberId: string,
  now = new Date(),
): Promise<MemberVisits> {
  const inScope = and(eq(appointments.memberId, memberId), storeFilter(appointments.storeId, storeScopeOf(reader)));
  const columns = {
    id: appointments.id,
    startsAt: appointments.startsAt,
    status: appointments.status,
    typeNameZh: appointmentTypes.nameZh,
    typeNameEn: appointmentTypes.nameEn,
    advisorName: staff.displayName,
    storeName: stores.name,
    storeNameEn: stores.nameEn,
    timeZone: stores.timeZone,
  };
  const visits = () =>
    db
      .select(columns)
      .from(appointments)
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
      .innerJoin(staff, eq(staff.id, appointments.advisorId))
      .innerJoin(stores, eq(stores.id, appointments.storeId));
  const [upcoming, recent, counts] = await Promise.all([
    visits()
      .where(and(inScope, gte(appointments.startsAt, now), ne(appointments.status, "cancelled")))
      .orderBy(asc(appointments.startsAt))
      .limit(MEMBER_VISITS_LIMIT),
    visits()
      .where(and(inScope, lt(appointments.startsAt, now)))
      .orderBy(desc(appointments.startsAt))
      .limit(MEMBER_VISITS_LIMIT),
    db
      .select({ status: appointments.status, n: count() })
      .from(appointments)
      .where(inScope)
      .groupBy(appointments.status),
  ]);
  const countOf = (status: MemberVisitRow["status"]) => counts.find((row) => row.status === status)?.n ?? 0;
  return { upcoming, recent, completed: countOf("completed"), noShows: countOf("no_show") };
}
