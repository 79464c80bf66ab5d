import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
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

/**
 * The staff member of a session, as loadStaffAccount reads them, and whether that session was
 * signed out (ended_sessions): every request asks this, so it is one statement with roles and
 * stores aggregated, not three rows per role × store and a second round trip.
 */
export async function loadSessionAccount(
  db: Db,
  session: { staffId: string; signedInAt: number },
): Promise<(StaffAccount & { sessionEnded: boolean }) | null> {
  const [row] = rowsOf<{
    id: string;
    username: string;
    displayName: string;
    active: boolean;
    authVersion: number;
    mustChangePassword: boolean;
    locale: "zh-CN" | "en" | null;
    allStores: boolean;
    roles: Role[] | null;
    storeIds: string[] | null;
    sessionEnded: boolean;
  }>(
    await db.execute(sql`
      select s.id, s.username, s.display_name as "displayName", s.active, s.auth_version as "authVersion",
             s.must_change_password as "mustChangePassword", s.locale, s.all_stores as "allStores",
             (select json_agg(r.role order by r.role) from staff_roles r where r.staff_id = s.id) as roles,
             (select json_agg(t.store_id order by t.store_id) from staff_stores t where t.staff_id = s.id) as "storeIds",
             exists (select 1 from ended_sessions e
                      where e.staff_id = s.id and e.signed_in_at = ${new Date(session.signedInAt).toISOString()}::timestamptz)
               as "sessionEnded"
        from staff s
       where s.id = ${session.staffId}`),
  );
  if (!row) return null;
  return { ...row, roles: row.roles ?? [], storeIds: row.storeIds ?? [] };
}
