import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { gifts, redemptions } from "@/db/schema";
import type { Role } from "@/lib/auth/policy";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import {
  auditEntries,
  createTestStore,
  setupTestDatabase,
  uniqueSuffix,
  type TestStore,
} from "@/tests/helpers/test-db";
import { requestAdjustmentUseCase } from "../adjustments/use-cases";
import { pointsBalance } from "../points/queries";
import { counterRedemptionStoreId } from "./service";
import { counterRedeemUseCase } from "./use-cases";

// Points are given through a real adjustment (the member page's own way), then redeemed at the counter.

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let makerManager: StaffAccount;

// One database for the file (creating one per test is slow on PGlite); every test builds its own
// stores, staff and members, and every count below is about those, so tests stay independent.
setupTestDatabase((opened) => {
  db = opened;
});
beforeEach(async () => {
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  makerManager = await createTestAccount(db, ["manager"], [store.id], { displayName: "Maker Manager" });
});

describe("redemption at the counter", () => {
  it("books to the member's home store, spends the points and writes loyalty.redeem", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 3000,
      reason: "Opening balance",
    });
    const advisor = await createTestAccount(db, ["advisor"], [otherStore.id, store.id]);
    const result = await runAs(db, counterRedeemUseCase, advisor, { memberId: member.id, type: "parking", hours: 2 });
    expect(result).toMatchObject({
      memberId: member.id,
      storeId: store.id,
      pointsSpent: 400,
      pointsBalance: 2600,
      valueFen: null,
    });
    expect(await pointsBalance(db, member.id)).toBe(2600);

    const [redemption] = await db.select().from(redemptions).where(eq(redemptions.id, result.redemptionId));
    expect(redemption).toMatchObject({
      memberId: member.id,
      type: "parking",
      hours: 2,
      points: 400,
      storeId: store.id,
      staffId: advisor.id,
    });
    const audits = await auditEntries(db, { action: "loyalty.redeem", entityId: member.id });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: advisor.id, storeId: store.id });
    expect(audits[0]!.details).toMatchObject({
      channel: "counter",
      redemptionId: result.redemptionId,
      type: "parking",
      hours: 2,
      pointsSpent: 400,
      pointsBalance: 2600,
    });
  });

  it("a gift takes stock, a cash offset is worth 1 fen a point", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 5000,
      reason: "Opening balance",
    });
    const code = `SCARF-${uniqueSuffix(6).toUpperCase()}`;
    await db.insert(gifts).values({ code, nameZh: "丝巾", nameEn: "Scarf", pointsCost: 1500, stock: 3 });
    const gift = await runAs(db, counterRedeemUseCase, makerManager, {
      memberId: member.id,
      type: "gift",
      giftCode: code,
      quantity: 2,
    });
    expect(gift).toMatchObject({ pointsSpent: 3000, pointsBalance: 2000 });
    const [left] = await db.select({ stock: gifts.stock }).from(gifts).where(eq(gifts.code, code));
    expect(left!.stock).toBe(1);
    const cash = await runAs(db, counterRedeemUseCase, makerManager, {
      memberId: member.id,
      type: "cash_offset",
      points: 1250,
    });
    expect(cash).toMatchObject({ pointsSpent: 1250, pointsBalance: 750, valueFen: 1250 });
  });

  it("refuses a member outside the staff member's stores (not found) and more points than the balance, spending nothing", async () => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 300,
      reason: "Opening balance",
    });
    const outsider = await createTestAccount(db, ["service"], [otherStore.id]);
    await expect(
      runAs(db, counterRedeemUseCase, outsider, { memberId: member.id, type: "parking", hours: 1 }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      runAs(db, counterRedeemUseCase, makerManager, { memberId: member.id, type: "parking", hours: 2 }),
    ).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await pointsBalance(db, member.id)).toBe(300);
    const [spent] = await db
      .select({ value: count() })
      .from(redemptions)
      .where(and(eq(redemptions.memberId, member.id)));
    expect(spent!.value).toBe(0);
    expect(await auditEntries(db, { action: "loyalty.redeem", entityId: member.id })).toHaveLength(0);
  });

  it("the counter's store: the home store when the staff may act there, else the staff member's first store", () => {
    const principal = (storeIds: string[], allStores = false) => ({
      id: "s",
      username: "u",
      displayName: "U",
      roles: ["advisor"] as Role[],
      storeIds,
      allStores,
    });
    expect(counterRedemptionStoreId(principal([otherStore.id, store.id]), store.id)).toBe(store.id);
    expect(counterRedemptionStoreId(principal([], true), store.id)).toBe(store.id);
    const [first] = [otherStore.id, "ffffffff-0000-4000-8000-000000000000"].sort();
    expect(counterRedemptionStoreId(principal(["ffffffff-0000-4000-8000-000000000000", otherStore.id]), store.id)).toBe(
      first,
    );
    expect(counterRedemptionStoreId(principal([]), store.id)).toBeNull();
  });
});

describe("authorization by role, through the use case", () => {
  const ALLOWED: Role[] = ["manager", "advisor", "service"];
  const ROLES_UNDER_TEST: Role[] = ["admin", "manager", "advisor", "after_sales", "service"];

  it.each(ROLES_UNDER_TEST)("redeem at the counter as %s", async (role) => {
    const member = await insertMember(db, { storeId: store.id });
    await runAs(db, requestAdjustmentUseCase, makerManager, {
      memberId: member.id,
      points: 1000,
      reason: "Role matrix",
    });
    const staff = await createTestAccount(db, [role], [store.id]);
    const attempt = runAs(db, counterRedeemUseCase, staff, { memberId: member.id, type: "parking", hours: 1 });
    if (ALLOWED.includes(role)) {
      await expect(attempt).resolves.toMatchObject({ pointsSpent: 200, pointsBalance: 800 });
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
      expect(await pointsBalance(db, member.id)).toBe(1000);
    }
  });
});
