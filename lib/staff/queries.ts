import { and, asc, count, eq, exists, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { staff, staffRoles, staffStores, stores } from "@/db/schema";
import { ROLES, storeFilter, type Role, type StoreScope } from "@/lib/auth/policy";

export const staffListParamsSchema = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  sort: z.enum(["username", "displayName", "lastSignInAt", "createdAt"]).default("username").catch("username"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).default(1).catch(1),
  pageSize: z.coerce.number().int().refine((n) => [10, 25, 50, 100].includes(n)).default(25).catch(25),
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

/**
 * Staff visible in `scope`: head-office accounts are visible to everyone who can list staff; store
 * staff only when they share a store with the scope.
 */
function staffInScope(scope: StoreScope): SQL {
  if (scope.kind === "all") return sql`true`;
  return or(
    eq(staff.allStores, true),
    exists(sql`select 1 from ${staffStores} where ${staffStores.staffId} = ${staff.id} and ${storeFilter(staffStores.storeId, scope)}`),
  )!;
}

export async function listStaff(db: Db, scope: StoreScope, params: StaffListParams): Promise<{ rows: StaffListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [staffInScope(scope)];
  if (params.q) {
    const like = `%${params.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    conditions.push(or(ilike(staff.username, like), ilike(staff.displayName, like)));
  }
  if (params.role) {
    conditions.push(exists(sql`select 1 from ${staffRoles} where ${staffRoles.staffId} = ${staff.id} and ${staffRoles.role} = ${params.role}`));
  }
  if (params.store) {
    conditions.push(exists(sql`select 1 from ${staffStores} where ${staffStores.staffId} = ${staff.id} and ${staffStores.storeId} = ${params.store}`));
  }
  if (params.status) conditions.push(eq(staff.active, params.status === "active"));
  const where = and(...conditions);
  const sortColumn = { username: staff.username, displayName: staff.displayName, lastSignInAt: staff.lastSignInAt, createdAt: staff.createdAt }[params.sort];
  const order = params.dir === "asc" ? sql`${sortColumn} asc nulls last` : sql`${sortColumn} desc nulls last`;

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: staff.id,
        username: staff.username,
        displayName: staff.displayName,
        active: staff.active,
        mustChangePassword: staff.mustChangePassword,
        allStores: staff.allStores,
        lastSignInAt: staff.lastSignInAt,
        createdAt: staff.createdAt,
        roles: sql<Role[]>`coalesce((select array_agg(${staffRoles.role}::text order by ${staffRoles.role}) from ${staffRoles} where ${staffRoles.staffId} = ${staff.id}), '{}')`,
        storeCodes: sql<string[]>`coalesce((select array_agg(${stores.code} order by ${stores.code}) from ${staffStores} join ${stores} on ${stores.id} = ${staffStores.storeId} where ${staffStores.staffId} = ${staff.id}), '{}')`,
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
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      active: staff.active,
      mustChangePassword: staff.mustChangePassword,
      allStores: staff.allStores,
      lastSignInAt: staff.lastSignInAt,
      createdAt: staff.createdAt,
    })
    .from(staff)
    .where(and(eq(staff.id, id), staffInScope(scope)));
  if (!row) return null;
  const [roles, memberships] = await Promise.all([
    db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, id)),
    db.select({ storeId: staffStores.storeId }).from(staffStores).where(eq(staffStores.staffId, id)),
  ]);
  return { ...row, roles: roles.map((r) => r.role), storeIds: memberships.map((m) => m.storeId) };
}

