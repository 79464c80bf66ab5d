import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clientelingTasks, memberContacts, members, staff as staffTable, stores } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { pageParam } from "@/lib/list-params";
import { membersInScope } from "@/lib/members/scope";
import type { TaskKind } from "../tasks/schemas";
import type { ContactChannel, ContactOutcome } from "./schemas";

/**
 * The contact log's section of the 360° view: the member's contacts, newest first, a page at a
 * time. Scope is the member's home store, in the WHERE: another store's member has no contacts here.
 */

export const MEMBER_CONTACTS_PAGE_SIZE = 10;

/** The 360° page's URL parameter for the contact log's page (`?contactsPage=2`); a bad value is page 1. */
export const memberContactsParamsSchema = z.object({
  contactsPage: pageParam(10_000),
});

export type MemberContactRow = {
  id: string;
  occurredAt: Date;
  channel: ContactChannel;
  outcome: ContactOutcome;
  note: string;
  lostReason: string | null;
  staffName: string;
  /** The store the contact was made for, and its time zone (times are shown in it). */
  storeCode: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  /** The task it completed, if any. */
  taskId: string | null;
  taskKind: TaskKind | null;
};

export type MemberContactsPage = { rows: MemberContactRow[]; total: number; page: number; pageSize: number };

export async function listMemberContacts(
  db: Db,
  staff: StaffPrincipal,
  memberId: string,
  options: { page?: number } = {},
): Promise<MemberContactsPage> {
  const page = memberContactsParamsSchema.parse({ contactsPage: options.page }).contactsPage;
  const pageSize = MEMBER_CONTACTS_PAGE_SIZE;
  if (!z.uuid().safeParse(memberId).success) return { rows: [], total: 0, page, pageSize };
  const where = and(eq(memberContacts.memberId, memberId), membersInScope(staff));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: memberContacts.id,
        occurredAt: memberContacts.occurredAt,
        channel: memberContacts.channel,
        outcome: memberContacts.outcome,
        note: memberContacts.note,
        lostReason: memberContacts.lostReason,
        staffName: staffTable.displayName,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
        taskId: memberContacts.taskId,
        taskKind: clientelingTasks.kind,
      })
      .from(memberContacts)
      .innerJoin(members, eq(members.id, memberContacts.memberId))
      .innerJoin(staffTable, eq(staffTable.id, memberContacts.staffId))
      .innerJoin(stores, eq(stores.id, memberContacts.storeId))
      .leftJoin(clientelingTasks, eq(clientelingTasks.id, memberContacts.taskId))
      .where(where)
      .orderBy(desc(memberContacts.occurredAt), desc(memberContacts.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ value: count() })
      .from(memberContacts)
      .innerJoin(members, eq(members.id, memberContacts.memberId))
      .where(where),
  ]);
  return { rows, total: total?.value ?? 0, page, pageSize };
}
