import { inArray, sql, type Column, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";

/** Roles × permissions × store scope: the one place that says who may do what, where. */

import { ROLES, type Role } from "./roles";

export { ROLES, type Role };

export const PERMISSIONS = [
  "dashboard.read",
  "account.manage",
  "staff.read",
  "staff.manage",
  "stores.read",
  "stores.manage",
  "audit.read",
  "settings.manage",
  "members.read",
  "members.write",
  "members.assign_advisor",
  "members.reveal",
  "members.reveals.review",
  "members.export",
  "members.merge",
  "members.erase",
  "members.import",
  "loyalty.read",
  "loyalty.redeem",
  "loyalty.adjust",
  "loyalty.adjust.approve",
  "loyalty.tiers.grant",
  "loyalty.tiers.manage",
  "loyalty.rules.manage",
  "loyalty.gifts.manage",
  "loyalty.cards.manage",
  "loyalty.cards.refund",
  "loyalty.reports",
  "loyalty.statement",
  "apikeys.manage",
  "appointments.read",
  "appointments.book",
  "appointments.setup",
  "appointments.override_tier",
  "appointments.handover",
  "clienteling.tasks",
  "events.manage",
  "events.checkin",
  "messages.read",
  "complaints.read",
  "complaints.handle",
  "complaints.compensate.approve",
  "complaints.budget",
  "aftersales.read",
  "aftersales.intake",
  "aftersales.work",
  "aftersales.pickup",
  "aftersales.calls",
  "aftersales.claims.decide",
  "aftersales.unlock",
  "aftersales.prices",
  "aftersales.report",
  "reports.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The policy as data. Later domains add their permissions here (members.read, loyalty.adjust…). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    "dashboard.read",
    "account.manage",
    "staff.read",
    "staff.manage",
    "stores.read",
    "stores.manage",
    "audit.read",
    "settings.manage",
    "members.read",
    "members.write",
    "members.assign_advisor",
    "members.reveal",
    "members.reveals.review",
    "members.merge",
    "members.import",
    "loyalty.read",
    "loyalty.adjust",
    "loyalty.tiers.manage",
    "loyalty.rules.manage",
    "loyalty.gifts.manage",
    "loyalty.cards.manage",
    "loyalty.reports",
    "loyalty.statement",
    "apikeys.manage",
    "appointments.read",
    "appointments.setup",
    "events.manage",
    "messages.read",
    "complaints.read",
    "complaints.budget",
    "aftersales.read",
    "aftersales.prices",
    "aftersales.report",
    "reports.read",
  ],
  manager: [
    "dashboard.read",
    "account.manage",
    "stores.read",
    "audit.read",
    "members.read",
    "members.write",
    "members.assign_advisor",
    "members.reveal",
    "members.reveals.review",
    "members.export",
    "members.merge",
    "members.erase",
    "members.import",
    "loyalty.read",
    "loyalty.redeem",
    "loyalty.adjust",
    "loyalty.adjust.approve",
    "loyalty.tiers.grant",
    "loyalty.cards.manage",
    "loyalty.cards.refund",
    "loyalty.reports",
    "loyalty.statement",
    "appointments.read",
    "appointments.book",
    "appointments.setup",
    "appointments.override_tier",
    "appointments.handover",
    "clienteling.tasks",
    "events.manage",
    "events.checkin",
    "messages.read",
    "complaints.read",
    "complaints.handle",
    "complaints.compensate.approve",
    "complaints.budget",
    "aftersales.read",
    "aftersales.intake",
    "aftersales.work",
    "aftersales.pickup",
    "aftersales.calls",
    "aftersales.claims.decide",
    "aftersales.unlock",
    "aftersales.prices",
    "aftersales.report",
    "reports.read",
  ],
  advisor: [
    "dashboard.read",
    "account.manage",
    "members.read",
    "members.write",
    "members.reveal",
    "loyalty.read",
    "loyalty.redeem",
    "loyalty.statement",
    "appointments.read",
    "appointments.book",
    "clienteling.tasks",
    "events.checkin",
    "complaints.read",
    "aftersales.read",
  ],
  after_sales: [
    "dashboard.read",
    "account.manage",
    "members.read",
    "members.reveal",
    "loyalty.read",
    "complaints.read",
    "complaints.handle",
    "aftersales.read",
    "aftersales.intake",
    "aftersales.work",
    "aftersales.pickup",
    "aftersales.calls",
  ],
  service: [
    "dashboard.read",
    "account.manage",
    "members.read",
    "members.write",
    "members.reveal",
    "loyalty.read",
    "loyalty.redeem",
    "loyalty.adjust",
    "loyalty.cards.manage",
    "loyalty.statement",
    "appointments.read",
    "appointments.book",
    "events.checkin",
    "complaints.read",
    "complaints.handle",
    "aftersales.read",
  ],
};

/** What the policy needs to know about a signed-in staff member (re-read from the database per request). */
export type StaffPrincipal = {
  id: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  /** Stores the staff member belongs to (explicit memberships). */
  storeIds: readonly string[];
  /** Admins and head-office staff see every store. */
  allStores: boolean;
};

export type StoreScope = { kind: "all" } | { kind: "stores"; storeIds: readonly string[] };

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}

export function hasPermission(staff: Pick<StaffPrincipal, "roles">, permission: Permission): boolean {
  return staff.roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
}

export function storeScopeOf(staff: Pick<StaffPrincipal, "roles" | "storeIds" | "allStores">): StoreScope {
  if (staff.allStores || staff.roles.includes("admin")) return { kind: "all" };
  return { kind: "stores", storeIds: staff.storeIds };
}

export function canAccessStore(staff: StaffPrincipal, storeId: string): boolean {
  const scope = storeScopeOf(staff);
  return scope.kind === "all" || scope.storeIds.includes(storeId);
}

export function can(staff: StaffPrincipal, permission: Permission, target?: { storeId?: string | null }): boolean {
  if (!hasPermission(staff, permission)) return false;
  if (target?.storeId) return canAccessStore(staff, target.storeId);
  return true;
}

/**
 * Throws unless the staff member holds `permission` (at `storeId`, when given). A store outside the
 * staff member's scope is reported as not found, so that its existence does not leak.
 */
export function authorize(staff: StaffPrincipal, permission: Permission, target?: { storeId?: string | null }): void {
  if (!hasPermission(staff, permission)) throw new AppError("forbidden");
  if (target?.storeId && !canAccessStore(staff, target.storeId)) throw new AppError("not_found");
}

/**
 * A WHERE fragment limiting `storeIdColumn` to the staff member's stores; put it inside the query,
 * never filter afterwards. A staff member with no stores matches nothing.
 */
export function storeFilter(storeIdColumn: Column | SQL, scope: StoreScope): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.storeIds.length === 0) return sql`false`;
  return inArray(storeIdColumn as Column, [...scope.storeIds]);
}
