import { aliasedTable, and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointmentTypes, appointmentWaitlist, members, staff, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName, maskPhone } from "@/lib/members/masking";
import type { WaitlistListParams, WaitlistStatus } from "./schemas";

/** How many entries the waitlist page shows at most (a day's waitlist is short; the filters narrow it). */
export const WAITLIST_PAGE_LIMIT = 200;

export type WaitlistRow = {
  id: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  day: string;
  status: WaitlistStatus;
  memberId: string;
  /** Masked: the list is for finding the entry; the member's page shows more. */
  memberName: string;
  memberPhone: string;
  typeId: string;
  typeNameZh: string;
  typeNameEn: string;
  advisorId: string | null;
  advisorName: string | null;
  offeredStartsAt: string | null;
  createdAt: string;
};

const advisor = aliasedTable(staff, "waitlist_advisor");

/** The waitlist of the staff member's stores, by day and then the order members joined. */
export async function listWaitlist(
  db: Db,
  staffMember: StaffPrincipal,
  params: WaitlistListParams,
): Promise<WaitlistRow[]> {
  const rows = await db
    .select({
      id: appointmentWaitlist.id,
      storeId: appointmentWaitlist.storeId,
      storeName: stores.name,
      storeNameEn: stores.nameEn,
      timeZone: stores.timeZone,
      day: appointmentWaitlist.day,
      status: appointmentWaitlist.status,
      memberId: appointmentWaitlist.memberId,
      memberName: members.name,
      memberPhone: members.phoneE164,
      typeId: appointmentWaitlist.typeId,
      typeNameZh: appointmentTypes.nameZh,
      typeNameEn: appointmentTypes.nameEn,
      advisorId: appointmentWaitlist.advisorId,
      advisorName: advisor.displayName,
      offeredStartsAt: appointmentWaitlist.offeredStartsAt,
      createdAt: appointmentWaitlist.createdAt,
    })
    .from(appointmentWaitlist)
    .innerJoin(stores, eq(stores.id, appointmentWaitlist.storeId))
    .innerJoin(members, eq(members.id, appointmentWaitlist.memberId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointmentWaitlist.typeId))
    .leftJoin(advisor, eq(advisor.id, appointmentWaitlist.advisorId))
    .where(
      and(
        storeFilter(appointmentWaitlist.storeId, storeScopeOf(staffMember)),
        params.storeId ? eq(appointmentWaitlist.storeId, params.storeId) : undefined,
        params.day ? eq(appointmentWaitlist.day, params.day) : undefined,
        params.status ? eq(appointmentWaitlist.status, params.status) : undefined,
      ),
    )
    .orderBy(desc(appointmentWaitlist.day), asc(appointmentWaitlist.createdAt), asc(appointmentWaitlist.id))
    .limit(WAITLIST_PAGE_LIMIT);
  return rows.map((row) => ({
    ...row,
    memberName: maskName(row.memberName),
    memberPhone: maskPhone(row.memberPhone),
    offeredStartsAt: row.offeredStartsAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** The store of a waitlist entry in the staff member's stores; else not found. */
export async function waitlistEntryStoreInScope(db: Db, staffMember: StaffPrincipal, entryId: string): Promise<string> {
  const [row] = await db
    .select({ storeId: appointmentWaitlist.storeId })
    .from(appointmentWaitlist)
    .where(
      and(eq(appointmentWaitlist.id, entryId), storeFilter(appointmentWaitlist.storeId, storeScopeOf(staffMember))),
    );
  if (!row) throw new AppError("not_found");
  return row.storeId;
}
