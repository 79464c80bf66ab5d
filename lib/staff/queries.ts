import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { listParams, listText } from "@/lib/list-params";
import { containsPattern } from "@/lib/sql-like";
import type { Db } from "@/db/client";
import { staff, staffRoles, staffStores } from "@/db/schema";
import { ROLES, storeFilter, type Role, type StoreScope } from "@/lib/auth/policy";

export const staffListParamsSchema = z.object({
  q: listText(64),
  role: z.enum(ROLES).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  sort: z.enum(["username", "displayName", "lastSignInAt", "createdAt"]).default("username").catch("username"),
  ...listParams({ dir: "asc" }),
});
export type StaffListParams = z.output<typeof staffListParamsSchema>;

export type StaffListRow = {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  mustChangePassword: boolean;
  allStores: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  roles: Role[];
  storeCodes: string[];
};

// Correlated subqueries are written with explicit table aliases: drizzle leaves column names
// unqualified in single-table selects, which would bind them to the inner table instead.
const STAFF_ID = sql.raw(`"staff"."id"`);

/**
 * Staff visible in `scope`: head-office accounts are visible to everyone who can list staff; store
 * staff only when they share a store with the scope.
 */
function staffInScope(scope: StoreScope): SQL {
  if (scope.kind === "all") return sql`true`;
  return or(
    eq(staff.allStores, true),
    sql`exists (select 1 from staff_stores ss where ss.staff_id = ${STAFF_ID} and ${storeFilter(sql`ss.store_id`, scope)})`,
  )!;
}

/** The account fields lists and detail pages show (never the password hash). */
const staffSummaryColumns = {
  id: staff.id,
  username: staff.username,
  displayName: staff.displayName,
  active: staff.active,
  mustChangePassword: staff.mustChangePassword,
  allStores: staff.allStores,
  lastSignInAt: staff.lastSignInAt,
  createdAt: staff.createdAt,
};

export async function listStaff(
  db: Db,
  scope: StoreScope,
  params: StaffListParams,
): Promise<{ rows: StaffListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [staffInScope(scope)];
  if (params.q) {
    const like = containsPattern(params.q);
    conditions.push(or(ilike(staff.username, like), ilike(staff.displayName, like)));
  }
  if (params.role) {
    conditions.push(
      sql`exists (select 1 from staff_roles sr where sr.staff_id = ${STAFF_ID} and sr.role = ${params.role})`,
    );
  }
  if (params.store) {
    conditions.push(
      sql`exists (select 1 from staff_stores ss where ss.staff_id = ${STAFF_ID} and ss.store_id = ${params.store})`,
    );
  }
  if (params.status) conditions.push(eq(staff.active, params.status === "active"));
  const where = and(...conditions);
  const sortColumn = {
    username: staff.username,
    displayName: staff.displayName,
    lastSignInAt: staff.lastSignInAt,
    createdAt: staff.createdAt,
  }[params.sort];
  const order = params.dir === "asc" ? sql`${sortColumn} asc nulls last` : sql`${sortColumn} desc nulls last`;

  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...staffSummaryColumns,
        roles: sql<
          Role[]
        >`coalesce((select array_agg(sr.role::text order by sr.role) from staff_roles sr where sr.staff_id = ${STAFF_ID}), '{}')`,
        storeCodes: sql<
          string[]
        >`coalesce((select array_agg(st.code order by st.code) from staff_stores ss join stores st on st.id = ss.store_id where ss.staff_id = ${STAFF_ID}), '{}')`,
      })
      .from(staff)
      .where(where)
      .orderBy(order, asc(staff.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(staff).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function getStaffInScope(db: Db, scope: StoreScope, id: string) {
  const [row] = await db
    .select({ ...staffSummaryColumns, email: staff.email, mobileE164: staff.mobileE164 })
    .from(staff)
    .where(and(eq(staff.id, id), staffInScope(scope)));
  if (!row) return null;
  const [roles, memberships] = await Promise.all([
    db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, id)),
    db.select({ storeId: staffStores.storeId }).from(staffStores).where(eq(staffStores.staffId, id)),
  ]);
  return { ...row, roles: roles.map((r) => r.role), storeIds: memberships.map((m) => m.storeId) };
}
