import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staff, staffRoles, staffStores } from "@/db/schema";
import type { Role, StaffPrincipal } from "@/lib/auth/policy";

export type StaffAccount = StaffPrincipal & {
  active: boolean;
  authVersion: number;
  mustChangePassword: boolean;
  locale: "zh-CN" | "en" | null;
};

/** Loads a staff member with roles and stores in one round trip (re-read on every request). */
export async function loadStaffAccount(db: Db, staffId: string): Promise<StaffAccount | null> {
  const rows = await db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      active: staff.active,
      authVersion: staff.authVersion,
      mustChangePassword: staff.mustChangePassword,
      locale: staff.locale,
      allStores: staff.allStores,
      role: staffRoles.role,
      storeId: staffStores.storeId,
    })
    .from(staff)
    .leftJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .leftJoin(staffStores, eq(staffStores.staffId, staff.id))
    .where(eq(staff.id, staffId));
  const first = rows[0];
  if (!first) return null;
  const roles = new Set<Role>();
  const storeIds = new Set<string>();
  for (const row of rows) {
    if (row.role) roles.add(row.role);
    if (row.storeId) storeIds.add(row.storeId);
  }
  return {
    id: first.id,
    username: first.username,
    displayName: first.displayName,
    active: first.active,
    authVersion: first.authVersion,
    mustChangePassword: first.mustChangePassword,
    locale: first.locale,
    allStores: first.allStores,
    roles: [...roles],
    storeIds: [...storeIds],
  };
}
