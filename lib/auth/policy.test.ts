import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { stores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  PERMISSIONS,
  ROLES,
  authorize,
  can,
  canAccessStore,
  hasPermission,
  permissionsOf,
  storeFilter,
  storeScopeOf,
  type Permission,
  type Role,
  type StaffPrincipal,
} from "./policy";

// The policy written out by hand, on purpose: a change to ROLE_PERMISSIONS must be mirrored here.
// Columns: admin, manager, advisor, after_sales, service.
const Y = true;
const N = false;
const EXPECTED: Record<
  Permission,
  [admin: boolean, manager: boolean, advisor: boolean, afterSales: boolean, service: boolean]
> = {
  "dashboard.read": [Y, Y, Y, Y, Y],
  "account.manage": [Y, Y, Y, Y, Y],
  "staff.read": [Y, N, N, N, N],
  "staff.manage": [Y, N, N, N, N],
  "stores.read": [Y, Y, N, N, N],
  "stores.manage": [Y, N, N, N, N],
  "audit.read": [Y, Y, N, N, N],
  "settings.manage": [Y, N, N, N, N],
  "members.read": [Y, Y, Y, Y, Y],
  "members.write": [Y, Y, Y, N, Y],
  "members.assign_advisor": [Y, Y, N, N, N],
  "members.reveal": [Y, Y, Y, Y, Y],
  "members.reveals.review": [Y, Y, N, N, N],
  "members.export": [N, Y, N, N, N],
  "members.merge": [Y, Y, N, N, N],
  "members.erase": [N, Y, N, N, N],
  "members.import": [Y, Y, N, N, N],
  "loyalty.read": [Y, Y, Y, Y, Y],
  "loyalty.redeem": [N, Y, Y, N, Y],
  "loyalty.adjust": [Y, Y, N, N, Y],
  "loyalty.adjust.approve": [N, Y, N, N, N],
  "loyalty.tiers.grant": [N, Y, N, N, N],
  "loyalty.tiers.manage": [Y, N, N, N, N],
  "loyalty.rules.manage": [Y, N, N, N, N],
  "loyalty.gifts.manage": [Y, N, N, N, N],
  "loyalty.cards.manage": [Y, Y, N, N, Y],
  "loyalty.cards.refund": [N, Y, N, N, N],
  "loyalty.reports": [Y, Y, N, N, N],
  "loyalty.statement": [Y, Y, Y, N, Y],
  "apikeys.manage": [Y, N, N, N, N],
  "appointments.read": [Y, Y, Y, N, Y],
  "appointments.book": [N, Y, Y, N, Y],
  "appointments.setup": [Y, Y, N, N, N],
  "appointments.override_tier": [N, Y, N, N, N],
  "appointments.handover": [N, Y, N, N, N],
  "clienteling.tasks": [N, Y, Y, N, N],
  "events.manage": [Y, Y, N, N, N],
  "events.checkin": [N, Y, Y, N, Y],
  "messages.read": [Y, Y, N, N, N],
  "complaints.read": [Y, Y, Y, Y, Y],
  "complaints.handle": [N, Y, N, Y, Y],
  "complaints.compensate.approve": [N, Y, N, N, N],
  "complaints.budget": [Y, Y, N, N, N],
  "aftersales.read": [Y, Y, Y, Y, Y],
  "aftersales.intake": [N, Y, N, Y, N],
  "aftersales.work": [N, Y, N, Y, N],
  "aftersales.pickup": [N, Y, N, Y, N],
  "aftersales.calls": [N, Y, N, Y, N],
  "aftersales.claims.decide": [N, Y, N, N, N],
  "aftersales.unlock": [N, Y, N, N, N],
  "aftersales.prices": [Y, Y, N, N, N],
  "aftersales.report": [Y, Y, N, N, N],
  "reports.read": [Y, Y, N, N, N],
};
const ROLE_COLUMNS: Role[] = ["admin", "manager", "advisor", "after_sales", "service"];

const STORE_A = "00000000-0000-4000-8000-00000000000a";
const STORE_B = "00000000-0000-4000-8000-00000000000b";
const STORE_C = "00000000-0000-4000-8000-00000000000c";

function principal(overrides: Partial<StaffPrincipal> = {}): StaffPrincipal {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    username: "someone",
    displayName: "Someone",
    roles: [],
    storeIds: [],
    allStores: false,
    ...overrides,
  };
}

describe("role × permission matrix", () => {
  it("covers exactly the roles and permissions the policy defines", () => {
    expect([...ROLES].sort()).toEqual([...ROLE_COLUMNS].sort());
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = ROLE_COLUMNS.flatMap((role, column) =>
    PERMISSIONS.map((permission) => ({ role, permission, allowed: EXPECTED[permission][column] })),
  );

  it.each(cases)("$role: $permission → $allowed", ({ role, permission, allowed }) => {
    const staff = principal({ roles: [role] });
    expect(hasPermission(staff, permission)).toBe(allowed);
    expect(can(staff, permission)).toBe(allowed);
    expect(permissionsOf([role]).has(permission)).toBe(allowed);
    if (allowed) {
      expect(() => authorize(staff, permission)).not.toThrow();
    } else {
      expect(() => authorize(staff, permission)).toThrowError(expect.objectContaining({ code: "forbidden" }));
    }
  });

  it("gives a staff member with several roles the union of their permissions", () => {
    const staff = principal({ roles: ["advisor", "manager"] });
    for (const permission of PERMISSIONS) {
      expect(hasPermission(staff, permission)).toBe(EXPECTED[permission][1] || EXPECTED[permission][2]);
    }
    expect(permissionsOf(["advisor", "manager"])).toEqual(
      new Set(PERMISSIONS.filter((p) => EXPECTED[p][1] || EXPECTED[p][2])),
    );
  });

  it("grants nothing to a staff member without roles", () => {
    const staff = principal({ roles: [] });
    for (const permission of PERMISSIONS) {
      expect(hasPermission(staff, permission)).toBe(false);
      expect(() => authorize(staff, permission)).toThrowError(AppError);
    }
    expect(permissionsOf([]).size).toBe(0);
  });
});

describe("store scope", () => {
  it("admins see every store, even without memberships", () => {
    const admin = principal({ roles: ["admin"], storeIds: [] });
    expect(storeScopeOf(admin)).toEqual({ kind: "all" });
    expect(canAccessStore(admin, STORE_C)).toBe(true);
  });

  it("head-office staff (allStores) see every store whatever their role", () => {
    const headOffice = principal({ roles: ["advisor"], allStores: true });
    expect(storeScopeOf(headOffice)).toEqual({ kind: "all" });
    expect(canAccessStore(headOffice, STORE_B)).toBe(true);
  });

  it("store staff see only their own stores", () => {
    const manager = principal({ roles: ["manager"], storeIds: [STORE_A, STORE_B] });
    expect(storeScopeOf(manager)).toEqual({ kind: "stores", storeIds: [STORE_A, STORE_B] });
    expect(canAccessStore(manager, STORE_A)).toBe(true);
    expect(canAccessStore(manager, STORE_B)).toBe(true);
    expect(canAccessStore(manager, STORE_C)).toBe(false);
  });

  it("staff without stores reach none", () => {
    const advisor = principal({ roles: ["advisor"], storeIds: [] });
    expect(storeScopeOf(advisor)).toEqual({ kind: "stores", storeIds: [] });
    expect(canAccessStore(advisor, STORE_A)).toBe(false);
  });

  it("can() needs both the permission and the store", () => {
    const manager = principal({ roles: ["manager"], storeIds: [STORE_A] });
    expect(can(manager, "stores.read", { storeId: STORE_A })).toBe(true);
    expect(can(manager, "stores.read", { storeId: STORE_B })).toBe(false);
    expect(can(manager, "stores.manage", { storeId: STORE_A })).toBe(false);
    expect(can(manager, "stores.read", { storeId: null })).toBe(true);
  });

  it("authorize() reports a missing permission as forbidden", () => {
    const advisor = principal({ roles: ["advisor"], storeIds: [STORE_A] });
    expect(() => authorize(advisor, "stores.read", { storeId: STORE_A })).toThrowError(
      expect.objectContaining({ name: "AppError", code: "forbidden" }),
    );
  });

  it("authorize() reports another store as not found, so that its existence does not leak", () => {
    const manager = principal({ roles: ["manager"], storeIds: [STORE_A] });
    let thrown: unknown;
    try {
      authorize(manager, "stores.read", { storeId: STORE_B });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("not_found");
    expect(() => authorize(manager, "stores.read", { storeId: STORE_A })).not.toThrow();
  });

  it("authorize() checks the permission before the store", () => {
    // An advisor asking for stores.read at a foreign store learns "forbidden", not "not found".
    const advisor = principal({ roles: ["advisor"], storeIds: [STORE_A] });
    expect(() => authorize(advisor, "stores.read", { storeId: STORE_B })).toThrowError(
      expect.objectContaining({ code: "forbidden" }),
    );
  });

  it("authorize() lets an admin into any store", () => {
    const admin = principal({ roles: ["admin"] });
    expect(() => authorize(admin, "stores.manage", { storeId: STORE_C })).not.toThrow();
  });
});

describe("storeFilter", () => {
  const dialect = new PgDialect();
  const render = (scopeSql: ReturnType<typeof storeFilter>) => dialect.sqlToQuery(scopeSql);

  it("matches everything for the all-stores scope", () => {
    expect(render(storeFilter(stores.id, { kind: "all" }))).toEqual({ sql: "true", params: [] });
  });

  it("matches nothing for a staff member without stores", () => {
    expect(render(storeFilter(stores.id, { kind: "stores", storeIds: [] }))).toEqual({ sql: "false", params: [] });
  });

  it("limits the column to the staff member's stores", () => {
    const query = render(storeFilter(stores.id, { kind: "stores", storeIds: [STORE_A, STORE_B] }));
    expect(query.sql).toBe('"stores"."id" in ($1, $2)');
    expect(query.params).toEqual([STORE_A, STORE_B]);
  });

  it("works from a principal's scope", () => {
    const query = render(storeFilter(stores.id, storeScopeOf(principal({ roles: ["service"], storeIds: [STORE_C] }))));
    expect(query.params).toEqual([STORE_C]);
  });
});
