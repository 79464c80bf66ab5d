import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { loadStaffAccount } from "@/lib/staff/principal";
import { errorOf } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  type TestStaff,
  type TestStore,
} from "@/tests/helpers/test-db";
import { getMemberForView } from "../queries";
import { recordConsentChange, setTags } from "../service";
import { updateProfileSchema } from "./schemas";
import { addImportantDate, addWishlistItem, removeImportantDate, removeWishlistItem, updateProfile } from "./service";

describe(`clienteling service on ${testDriver()}`, () => {
  let db: Db;
  let storeA: TestStore;
  let service: TestStaff;
  let me: StaffPrincipal;

  async function created() {
    return (await insertMember(db, { storeId: storeA.id })).id;
  }

  setupTestDatabase(async (opened) => {
    db = opened;
    storeA = await createTestStore(db);
    service = await createTestStaff(db, { roles: ["service"], storeIds: [storeA.id] });
    me = (await loadStaffAccount(db, service.id))!;
  });

  it("updates the clienteling profile, tags, consents, important dates and wishlist, each audited", async () => {
    const id = await created();
    await updateProfile(
      db,
      me,
      service.actor,
      updateProfileSchema.parse({
        memberId: id,
        profile: {
          materials: ["gold", "jade"],
          styles: ["classic"],
          purpose: "gift",
          budgetMinFen: 500000,
          budgetMaxFen: 2000000,
          ringSize: "13",
          brands: ["周大福"],
          mallCategories: ["beauty"],
        },
      }),
    );
    await setTags(db, me, service.actor, { memberId: id, tags: ["生日月"] });
    await recordConsentChange(db, me, service.actor, { memberId: id, channel: "email", granted: true });
    const { id: dateId } = await addImportantDate(db, me, service.actor, {
      memberId: id,
      kind: "anniversary",
      label: "结婚纪念日",
      date: "2015-10-01",
    });
    const { id: itemId } = await addWishlistItem(db, me, service.actor, {
      memberId: id,
      description: "足金手镯",
      sku: "GB-001",
      priceFen: 1288000,
    });

    let view = await getMemberForView(db, me, id);
    expect(view!.profile).toMatchObject({ materials: ["gold", "jade"], purpose: "gift", budgetMaxFen: 2000000 });
    expect(view!.tags).toEqual(["生日月"]);
    expect(view!.consents.email?.granted).toBe(true);
    expect(view!.importantDates).toMatchObject([{ id: dateId, kind: "anniversary", date: "2015-10-01" }]);
    expect(view!.wishlist).toMatchObject([{ id: itemId, description: "足金手镯", priceFen: 1288000 }]);

    await removeImportantDate(db, me, service.actor, { memberId: id, id: dateId });
    await removeWishlistItem(db, me, service.actor, { memberId: id, id: itemId });
    view = await getMemberForView(db, me, id);
    expect(view!.importantDates).toEqual([]);
    expect(view!.wishlist).toEqual([]);
    // Removing a row of another member (or twice) is "not found".
    expect((await errorOf(removeWishlistItem(db, me, service.actor, { memberId: id, id: itemId }))).code).toBe(
      "not_found",
    );

    for (const action of [
      "member.profile.update",
      "member.tags.set",
      "member.consent.change",
      "member.important_date.add",
      "member.important_date.remove",
      "member.wishlist.add",
      "member.wishlist.remove",
    ]) {
      expect(await auditEntries(db, { action, entityId: id }), action).toHaveLength(1);
    }
  });

  it("rejects a budget range whose minimum exceeds its maximum", () => {
    const parsed = updateProfileSchema.safeParse({
      memberId: crypto.randomUUID(),
      profile: { budgetMinFen: 300, budgetMaxFen: 100 },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("budgetRange");
  });
});
