import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, memberTags, staff as staffTable, staffRoles, staffStores, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { membersInScope } from "../scope";

export type ExportFilterOptions = {
  stores: { id: string; code: string; name: string; nameEn: string | null }[];
  advisors: { id: string; label: string }[];
  tags: string[];
};

/** What the export page offers in its filters: the staff member's stores, their advisors, tags in use there. */
export async function listExportFilterOptions(db: Db, staff: StaffPrincipal): Promise<ExportFilterOptions> {
  const scope = storeScopeOf(staff);
  const [storeRows, advisorRows, tagRows] = await Promise.all([
    db
      .select({ id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn })
      .from(stores)
      .where(storeFilter(stores.id, scope))
      .orderBy(asc(stores.code)),
    db
      .selectDistinct({ id: staffTable.id, displayName: staffTable.displayName, username: staffTable.username })
      .from(staffTable)
      .innerJoin(staffRoles, and(eq(staffRoles.staffId, staffTable.id), eq(staffRoles.role, "advisor")))
      .innerJoin(staffStores, eq(staffStores.staffId, staffTable.id))
      .where(and(eq(staffTable.active, true), storeFilter(staffStores.storeId, scope)))
      .orderBy(asc(staffTable.displayName)),
    db
      .selectDistinct({ tag: memberTags.tag })
      .from(memberTags)
      .innerJoin(members, eq(members.id, memberTags.memberId))
      .where(membersInScope(staff))
      .orderBy(asc(memberTags.tag))
      .limit(200),
  ]);
  return {
    stores: storeRows,
    advisors: advisorRows.map((a) => ({ id: a.id, label: `${a.displayName} (${a.username})` })),
    tags: tagRows.map((r) => r.tag),
  };
}
