import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { gifts } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, uniqueSuffix, type TestStore } from "@/tests/helpers/test-db";
import { requestAdjustmentUseCase } from "../adjustments/use-cases";
import { adjustmentContextUseCase, redemptionOptionsUseCase } from "./use-cases";

// The 360° view's dialogs load their data when they open, through these reads.

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let manager: StaffAccount;

setupTestDatabase((opened) => {
  db = opened;
});
beforeEach(async () => {
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  manager = await createTestAccount(db, ["manager"], [store.id]);
});

describe("the redemption dialog's data", () => {
  it("lists gifts in stock with the programme's rates, for staff who may redeem", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const code = `SCARF-${uniqueSuffix()}`;
    const gone = `GONE-${uniqueSuffix()}`;
    await db.insert(gifts).values([
      { code, nameZh: "丝巾", nameEn: "Scarf", pointsCost: 1500, stock: 3 },
      { code: gone, nameZh: "售罄", nameEn: "Sold out", pointsCost: 100, stock: 0 },
    ]);
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    const options = await runAs(db, redemptionOptionsUseCase, advisor, { memberId: member.id });
    expect(options.gifts).toContainEqual({ code, nameZh: "丝巾", nameEn: "Scarf", pointsCost: 1500, stock: 3 });
    expect(options.gifts.map((g) => g.code)).not.toContain(gone);
    expect(options.parkingPointsPerHour).toBeGreaterThan(0);
    expect(options.cashOffsetPointsPerYuan).toBeGreaterThan(0);
  });

  it("says not found for another store's member and forbidden without loyalty.redeem", async () => {
    const elsewhere = await insertMember(db, { storeId: otherStore.id });
    await expect(runAs(db, redemptionOptionsUseCase, manager, { memberId: elsewhere.id })).rejects.toMatchObject({
      code: "not_found",
    });
    const member = await insertMember(db, { storeId: store.id });
    const admin = await createTestAccount(db, ["admin"], []);
    await expect(runAs(db, redemptionOptionsUseCase, admin, { memberId: member.id })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("the adjustment dialog's data", () => {
  it("gives the approval threshold and the signed-in staff member's own day total for the member", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const service = await createTestAccount(db, ["service"], [store.id]);
    await runAs(db, requestAdjustmentUseCase, manager, { memberId: member.id, points: 300, reason: "Welcome" });
    await runAs(db, requestAdjustmentUseCase, manager, { memberId: member.id, points: -120, reason: "Correction" });
    await runAs(db, requestAdjustmentUseCase, service, { memberId: member.id, points: 50, reason: "Goodwill" });
    const mine = await runAs(db, adjustmentContextUseCase, manager, { memberId: member.id });
    expect(mine.dayTotal).toBe(420);
    expect(mine.threshold).toBeGreaterThan(0);
    expect((await runAs(db, adjustmentContextUseCase, service, { memberId: member.id })).dayTotal).toBe(50);
  });

  it("says not found for another store's member and forbidden without loyalty.adjust", async () => {
    const elsewhere = await insertMember(db, { storeId: otherStore.id });
    await expect(runAs(db, adjustmentContextUseCase, manager, { memberId: elsewhere.id })).rejects.toMatchObject({
      code: "not_found",
    });
    const member = await insertMember(db, { storeId: store.id });
    const advisor = await createTestAccount(db, ["advisor"], [store.id]);
    await expect(runAs(db, adjustmentContextUseCase, advisor, { memberId: member.id })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
