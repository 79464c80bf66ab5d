import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberCards, memberNotes, memberWishlistItems } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { randomPhone } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { addMemberNoteUseCase } from "./clienteling/use-cases";
import { findMemberInScope, getMemberForView } from "./queries";
import { registerMemberUseCase } from "./use-cases";

describe(`the member's section of the 360° view on ${testDriver()}`, () => {
  let db: Db;
  let store: TestStore;
  let manager: StaffAccount;
  let otherManager: StaffAccount;

  async function register(name: string): Promise<string> {
    const result = await runAs(db, registerMemberUseCase, manager, {
      name,
      gender: "female",
      birthday: "",
      phone: randomPhone(),
      email: "",
      address: "",
      homeStoreId: store.id,
      registrationChannel: "counter",
      advisorId: "",
      privacyPolicyVersion: "2025-01",
      consents: { sms: true, wechat: false, email: false },
      tags: ["vip"],
    });
    if (result.kind !== "created") throw new Error(`fixture ${name} not created: ${result.kind}`);
    return result.memberId;
  }

  setupTestDatabase(async (opened) => {
    db = opened;
    store = await createTestStore(db);
    const other = await createTestStore(db);
    manager = await createTestAccount(db, ["manager"], [store.id]);
    otherManager = await createTestAccount(db, ["manager"], [other.id]);
  });

  it("loads consents in force, cards, tags and notes (author and time); another store's member is not found", async () => {
    const id = await register("王小明");
    await db.insert(memberCards).values([
      { memberId: id, cardNo: "C100001", source: "legacy" },
      { memberId: id, cardNo: "88001234", source: "legacy" },
    ]);
    await runAs(db, addMemberNoteUseCase, manager, { memberId: id, body: "喜欢简约款" });
    await runAs(db, addMemberNoteUseCase, manager, { memberId: id, body: "下月结婚纪念日" });

    const view = await getMemberForView(db, manager, id);
    expect(view).not.toBeNull();
    expect(view!.homeStore.name).toBe(store.name);
    expect(view!.consents.sms).toMatchObject({ granted: true });
    expect(view!.consents.wechat).toMatchObject({ granted: false });
    expect(view!.cardNos.sort()).toEqual(["88001234", "C100001"]);
    expect(view!.tags).toEqual(["vip"]);
    expect(view!.notes.map((n) => n.body)).toEqual(["下月结婚纪念日", "喜欢简约款"]);
    expect(view!.notes[0]!.authorName).toBe("Test Staff");
    expect(view!.notes[0]!.createdAt).toBeInstanceOf(Date);
    expect(await findMemberInScope(db, manager, id)).toEqual({ id, timeZone: "Asia/Shanghai" });

    expect(await getMemberForView(db, otherManager, id)).toBeNull();
    expect(await findMemberInScope(db, otherManager, id)).toBeNull();
    expect(await getMemberForView(db, manager, "not-a-uuid")).toBeNull();
    expect(await findMemberInScope(db, manager, "not-a-uuid")).toBeNull();
  });

  it("loads in a bounded number of queries, however long the history", async () => {
    const id = await register("张伟");
    let queries = 0;
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === "select" || prop === "selectDistinctOn" || prop === "execute") {
          return (...args: unknown[]) => {
            queries++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value;
      },
    });
    await getMemberForView(counting, manager, id);
    const withoutHistory = queries;
    await db
      .insert(memberNotes)
      .values(Array.from({ length: 300 }, (_, i) => ({ memberId: id, authorStaffId: manager.id, body: `note ${i}` })));
    await db
      .insert(memberWishlistItems)
      .values(Array.from({ length: 150 }, (_, i) => ({ memberId: id, description: `wish ${i}` })));
    queries = 0;
    const view = await getMemberForView(counting, manager, id);
    expect(view!.notes.length).toBe(100);
    expect(view!.wishlist.length).toBe(100);
    // One statement (the row and its lists beside it), whatever the length of the history.
    expect(queries).toBe(withoutHistory);
    expect(queries).toBe(1);
  });
});
