import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberConsents, members } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { loadStaffAccount } from "@/lib/staff/principal";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { errorOf } from "@/tests/helpers/errors";
import {
  auditEntries,
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  type TestStaff,
  type TestStore,
} from "@/tests/helpers/test-db";
import { addWishlistItem } from "./clienteling/service";
import { getMemberForEdit, getMemberForView } from "./queries";
import { createMemberSchema, issueMemberCardSchema, updateMemberSchema, type CreateMemberInput } from "./schemas";
import { createMember, issueMemberCard, setTags, updateMember } from "./service";

let counter = 0;
function freshPhone(): string {
  counter++;
  return `137${String(Date.now() % 10000).padStart(4, "0")}${String(counter).padStart(4, "0")}`;
}

describe(`member service on ${testDriver()}`, () => {
  let db: Db;
  let storeA: TestStore;
  let storeB: TestStore;
  let service: TestStaff;
  let serviceB: TestStaff;
  let advisorA: TestStaff;
  let advisorB: TestStaff;
  let managerA: TestStaff;
  let me: StaffPrincipal;
  /** A manager of store A: assigning an advisor needs members.assign_advisor. */
  let mgr: StaffPrincipal;

  const input = (overrides: Partial<CreateMemberInput> = {}) =>
    createMemberSchema.parse({
      name: "周美玲",
      gender: "female",
      birthday: "",
      phone: freshPhone(),
      email: "",
      address: "",
      homeStoreId: storeA.id,
      registrationChannel: "counter",
      advisorId: "",
      privacyPolicyVersion: "2025-01",
      consents: { sms: true, wechat: true, email: false },
      tags: ["婚庆", "VIP"],
      ...overrides,
    });

  async function created(overrides: Partial<CreateMemberInput> = {}) {
    const result = await createMember(db, me, service.actor, input(overrides));
    if (result.kind !== "created") throw new Error(`expected created, got ${result.kind}`);
    return result.memberId;
  }

  setupTestDatabase(async (opened) => {
    db = opened;
    storeA = await createTestStore(db);
    storeB = await createTestStore(db);
    service = await createTestStaff(db, { roles: ["service"], storeIds: [storeA.id] });
    serviceB = await createTestStaff(db, { roles: ["service"], storeIds: [storeB.id] });
    advisorA = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeA.id] });
    advisorB = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeB.id] });
    managerA = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
    me = (await loadStaffAccount(db, service.id))!;
    mgr = (await loadStaffAccount(db, managerA.id))!;
  });

  it("normalises the phone, derives the search keys, records consents and tags, and audits without personal data", async () => {
    const phone = freshPhone();
    const id = await created({
      name: "张晓华",
      phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
      email: "Zxh@Example.com",
    });
    const [row] = await db.select().from(members).where(eq(members.id, id));
    expect(row).toMatchObject({
      phoneE164: `+86${phone}`,
      phoneLast4: phone.slice(-4),
      namePinyin: "zhangxiaohua",
      nameInitials: "zxh",
      email: "zxh@example.com",
      homeStoreId: storeA.id,
    });
    expect(row!.nameGrams).toContain("晓华");
    const consents = await db
      .select()
      .from(memberConsents)
      .where(eq(memberConsents.memberId, id))
      .orderBy(asc(memberConsents.channel));
    expect(consents.map((c) => [c.channel, c.granted, c.source])).toEqual([
      ["sms", true, "staff"],
      ["wechat", true, "staff"],
      ["email", false, "staff"],
    ]);
    const [entry] = await auditEntries(db, { action: "member.create", entityId: id });
    expect(entry).toMatchObject({ actorStaffId: service.id, storeId: storeA.id });
    const details = JSON.stringify(entry!.details);
    expect(details).not.toContain("张晓华");
    expect(details).not.toContain(phone);
    expect(details).not.toContain("example.com");
  });

  it("rejects a phone that is not a Chinese mobile with the phoneNotMobile message", () => {
    const parsed = createMemberSchema.safeParse({ ...input(), phone: "021-12345678" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.find((i) => i.path[0] === "phone")?.message).toBe("phoneNotMobile");
  });

  it("links to the existing member instead of creating a second one with the same phone (any spelling)", async () => {
    const phone = freshPhone();
    const id = await created({ phone });
    const again = await createMember(db, me, service.actor, input({ name: "另一个人", phone: `86${phone}` }));
    expect(again).toEqual({ kind: "existing", existingMemberId: id });
    const count = await db
      .select({ id: members.id })
      .from(members)
      .where(eq(members.phoneE164, `+86${phone}`));
    expect(count).toHaveLength(1);
  });

  it("refuses a phone held at another store as a number that cannot be used, saying neither whose nor where", async () => {
    const phone = freshPhone();
    const meB = (await loadStaffAccount(db, serviceB.id))!;
    const result = await createMember(
      db,
      meB,
      serviceB.actor,
      input({ phone, homeStoreId: storeB.id, name: "外店会员" }),
    );
    expect(result.kind).toBe("created");
    const error = await errorOf(createMember(db, me, service.actor, input({ phone })));
    expect(error.code).toBe("conflict");
    expect(error.messageKey).toBeUndefined();
    expect(error.fieldErrors).toEqual({ phone: ["phoneUnavailable"] });
    expect(JSON.stringify(error)).not.toContain(result.kind === "created" ? result.memberId : "x");
    // The same answer when an edit moves a member of one's own store onto that phone.
    const mine = await created();
    const onEdit = await errorOf(
      updateMember(
        db,
        me,
        service.actor,
        updateMemberSchema.parse({
          id: mine,
          phone,
          gender: "female",
          birthday: "",
          homeStoreId: storeA.id,
          advisorId: "",
          privacyPolicyVersion: "",
          consents: { sms: true, wechat: true, email: false },
          tags: [],
        }),
      ),
    );
    expect(onEdit.fieldErrors).toEqual({ phone: ["phoneUnavailable"] });
    // What staff read says the number cannot be used, not that it exists at another store.
    expect(en.validation.phoneUnavailable).not.toMatch(/store|registered/i);
    expect(zhCN.validation.phoneUnavailable).not.toMatch(/门店|已.*登记/);
  });

  it("warns about the same name and birthday, and creates after confirmation", async () => {
    const first = await created({ name: "陈静怡", birthday: "1990-05-20" });
    const warned = await createMember(db, me, service.actor, input({ name: "陈静怡", birthday: "1990-05-20" }));
    expect(warned.kind).toBe("warning");
    if (warned.kind !== "warning") return;
    expect(warned.warnings[0]!.code).toBe("sameNameBirthday");
    expect(warned.warnings[0]!.members.map((m) => m.id)).toEqual([first]);
    expect(warned.warnings[0]!.members[0]!.name).toBe("陈*怡");

    const confirmed = await createMember(
      db,
      me,
      service.actor,
      input({ name: "陈静怡", birthday: "1990-05-20", confirmDuplicates: true }),
    );
    expect(confirmed.kind).toBe("created");
    // A different birthday is no duplicate.
    expect((await createMember(db, me, service.actor, input({ name: "陈静怡", birthday: "1991-05-20" }))).kind).toBe(
      "created",
    );
  });

  it("refuses a home store outside the staff member's stores, and an advisor who does not serve the store", async () => {
    expect((await errorOf(createMember(db, me, service.actor, input({ homeStoreId: storeB.id })))).code).toBe(
      "not_found",
    );
    const error = await errorOf(createMember(db, mgr, managerA.actor, input({ advisorId: advisorB.id })));
    expect(error.fieldErrors).toEqual({ advisorId: ["unknownAdvisor"] });
    expect((await createMember(db, mgr, managerA.actor, input({ advisorId: advisorA.id }))).kind).toBe("created");
  });

  it("updates identity, recomputes search keys on a name change, appends consent changes and audits field names", async () => {
    const id = await created({ name: "刘洋" });
    const newPhone = freshPhone();
    const result = await updateMember(
      db,
      mgr,
      managerA.actor,
      updateMemberSchema.parse({
        id,
        name: "刘阳明",
        phone: newPhone,
        gender: "male",
        birthday: "1988-02-29",
        homeStoreId: storeA.id,
        advisorId: advisorA.id,
        privacyPolicyVersion: "2025-01",
        consents: { sms: false, wechat: true, email: true },
        tags: ["VIP", "黄金"],
      }),
    );
    expect(result.changedFields.sort()).toEqual(["advisorId", "birthday", "gender", "name", "phoneE164"].sort());
    const [row] = await db.select().from(members).where(eq(members.id, id));
    expect(row).toMatchObject({
      name: "刘阳明",
      namePinyin: "liuyangming",
      nameInitials: "lym",
      phoneE164: `+86${newPhone}`,
      phoneLast4: newPhone.slice(-4),
      birthday: "1988-02-29",
    });
    const sms = await db
      .select()
      .from(memberConsents)
      .where(and(eq(memberConsents.memberId, id), eq(memberConsents.channel, "sms")))
      .orderBy(asc(memberConsents.recordedAt));
    expect(sms.map((c) => c.granted)).toEqual([true, false]);
    const wechat = await db
      .select()
      .from(memberConsents)
      .where(and(eq(memberConsents.memberId, id), eq(memberConsents.channel, "wechat")));
    expect(wechat).toHaveLength(1); // unchanged: nothing appended
    const view = await getMemberForView(db, me, id);
    expect(view!.tags).toEqual(["VIP", "黄金"]);
    expect(view!.consents.email?.granted).toBe(true);
    const [entry] = await auditEntries(db, { action: "member.update", entityId: id });
    expect(entry!.details).toMatchObject({ consentChannels: ["sms", "email"], tagsAdded: 1, tagsRemoved: 1 });
    expect(JSON.stringify(entry!.details)).not.toContain("刘阳明");
  });

  it("keeps contact fields the edit form leaves out, and refuses a phone another member holds", async () => {
    const other = freshPhone();
    await created({ phone: other });
    const id = await created({ name: "孙丽", email: "sunli@example.com" });
    const base = await getMemberForEdit(db, me, id);
    expect(base!.contact).toBeNull(); // masked for a service agent: the form starts blank
    await updateMember(
      db,
      me,
      service.actor,
      updateMemberSchema.parse({
        id,
        gender: "female",
        birthday: "",
        homeStoreId: storeA.id,
        advisorId: "",
        privacyPolicyVersion: "",
        consents: base!.consents,
        tags: base!.tags,
      }),
    );
    const [row] = await db.select().from(members).where(eq(members.id, id));
    expect(row).toMatchObject({ name: "孙丽", email: "sunli@example.com" });
    const error = await errorOf(
      updateMember(
        db,
        me,
        service.actor,
        updateMemberSchema.parse({
          id,
          phone: other,
          gender: "female",
          birthday: "",
          homeStoreId: storeA.id,
          advisorId: "",
          privacyPolicyVersion: "",
          consents: base!.consents,
          tags: [],
        }),
      ),
    );
    expect(error.fieldErrors).toEqual({ phone: ["phoneTaken"] });
  });

  it("cannot write to a member of another store: not found", async () => {
    const meB = (await loadStaffAccount(db, serviceB.id))!;
    const id = await created();
    expect((await errorOf(setTags(db, meB, serviceB.actor, { memberId: id, tags: ["x"] }))).code).toBe("not_found");
    expect(
      (
        await errorOf(
          addWishlistItem(db, meB, serviceB.actor, { memberId: id, description: "x", sku: null, priceFen: null }),
        )
      ).code,
    ).toBe("not_found");
  });

  it("issues member cards: a generated number, a typed one, never someone else's", async () => {
    const id = await created();
    const other = await created();
    const generated = await issueMemberCard(
      db,
      me,
      service.actor,
      issueMemberCardSchema.parse({ memberId: id, cardNo: "" }),
    );
    expect(generated.cardNo).toMatch(/^M\d{10}$/);
    const typed = `CARD${String(Date.now()).slice(-8)}`;
    expect(
      await issueMemberCard(db, me, service.actor, issueMemberCardSchema.parse({ memberId: id, cardNo: typed })),
    ).toEqual({ cardNo: typed });
    const taken = await errorOf(
      issueMemberCard(db, me, service.actor, issueMemberCardSchema.parse({ memberId: other, cardNo: typed })),
    );
    expect(taken.code).toBe("validation");
    expect(taken.fieldErrors?.cardNo).toEqual(["cardNoTaken"]);
    expect(issueMemberCardSchema.safeParse({ memberId: id, cardNo: "卡号" }).success).toBe(false);
    const view = await getMemberForView(db, me, id);
    expect(view!.cardNos.sort()).toEqual([generated.cardNo, typed].sort());
    expect(await auditEntries(db, { action: "member.card.issue", entityId: id })).toHaveLength(2);
  });
});
