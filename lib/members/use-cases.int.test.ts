import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { members } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { randomPhone } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { getMemberForEdit, getMemberForView } from "./queries";
import { editMemberUseCase, registerMemberUseCase } from "./use-cases";

// docs/domain.md#masking-and-reveal: masking lifts for an advisor's own clients, so choosing the
// advisor is a manager's decision (members.assign_advisor), never something one grants oneself.
describe(`assigning a member's advisor on ${testDriver()}`, () => {
  let db: Db;
  let store: TestStore;
  let manager: StaffAccount;
  let advisor: StaffAccount;
  let otherAdvisor: StaffAccount;
  let service: StaffAccount;

  const registration = (overrides: Record<string, unknown> = {}) => ({
    name: "周美玲",
    gender: "female",
    birthday: "",
    phone: randomPhone(),
    email: "zml@example.com",
    address: "上海市静安区南京西路 1515 号",
    homeStoreId: store.id,
    registrationChannel: "counter",
    advisorId: "",
    privacyPolicyVersion: "2025-01",
    consents: { sms: true, wechat: false, email: false },
    tags: [],
    ...overrides,
  });

  async function registered(overrides: Record<string, unknown> = {}): Promise<string> {
    const result = await runAs(db, registerMemberUseCase, manager, registration(overrides));
    if (result.kind !== "created") throw new Error(`fixture not created: ${result.kind}`);
    return result.memberId;
  }

  /** What the edit form sends when nothing but `overrides` changes (contact fields left out). */
  async function editInput(as: StaffAccount, memberId: string, overrides: Record<string, unknown> = {}) {
    const form = (await getMemberForEdit(db, as, memberId))!;
    return {
      id: memberId,
      gender: form.gender,
      birthday: form.birthday ?? "",
      homeStoreId: form.homeStoreId,
      advisorId: form.advisorId ?? "",
      privacyPolicyVersion: form.privacyPolicyVersion ?? "",
      consents: form.consents,
      tags: form.tags,
      ...overrides,
    };
  }

  async function advisorOf(memberId: string) {
    const [row] = await db.select({ advisorId: members.advisorId }).from(members).where(eq(members.id, memberId));
    return row!.advisorId;
  }

  setupTestDatabase(async (opened) => {
    db = opened;
    store = await createTestStore(db);
    manager = await createTestAccount(db, ["manager"], [store.id]);
    advisor = await createTestAccount(db, ["advisor"], [store.id]);
    otherAdvisor = await createTestAccount(db, ["advisor"], [store.id]);
    service = await createTestAccount(db, ["service"], [store.id]);
  });

  it("an advisor who makes themself a member's advisor by editing it is refused on the advisor field, and the member stays masked for them", async () => {
    const id = await registered();
    const before = await getMemberForView(db, advisor, id);
    expect(before!.contact.masked).toBe(true);

    await expect(
      runAs(db, editMemberUseCase, advisor, await editInput(advisor, id, { advisorId: advisor.id, gender: "male" })),
    ).rejects.toMatchObject({ code: "forbidden", fieldErrors: { advisorId: ["advisorAssignNotAllowed"] } });

    // Nothing was written: neither the advisor nor the other field of the same save.
    const [row] = await db.select().from(members).where(eq(members.id, id));
    expect(row).toMatchObject({ advisorId: null, gender: "female" });
    expect(await auditEntries(db, { action: "member.update", entityId: id })).toHaveLength(0);
    const after = await getMemberForView(db, advisor, id);
    expect(after!.contact).toMatchObject({ masked: true, phone: expect.stringContaining("****") });
    expect(after!.contact.name).not.toBe("周美玲");
    expect((await getMemberForEdit(db, advisor, id))!.contact).toBeNull();
  });

  it("an advisor registering a member with themself as advisor is refused, and no member is created", async () => {
    const input = registration({ advisorId: advisor.id });
    await expect(runAs(db, registerMemberUseCase, advisor, input)).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { advisorId: ["advisorAssignNotAllowed"] },
    });
    const rows = await db.select().from(members).where(eq(members.phoneE164, input.phone));
    expect(rows).toHaveLength(0);
  });

  it("staff without the permission may not change or remove an assigned advisor either, but may edit the rest", async () => {
    const id = await registered({ advisorId: otherAdvisor.id });
    for (const staffMember of [advisor, service]) {
      for (const advisorId of [advisor.id, ""]) {
        await expect(
          runAs(db, editMemberUseCase, staffMember, await editInput(staffMember, id, { advisorId })),
        ).rejects.toMatchObject({ code: "forbidden", fieldErrors: { advisorId: ["advisorAssignNotAllowed"] } });
      }
    }
    expect(await advisorOf(id)).toBe(otherAdvisor.id);

    // The same advisor sent back unchanged (as the form does) is no assignment: the edit goes through.
    const result = await runAs(db, editMemberUseCase, advisor, await editInput(advisor, id, { gender: "male" }));
    expect(result.changedFields).toEqual(["gender"]);
    expect(await advisorOf(id)).toBe(otherAdvisor.id);
    // A registration without an advisor needs no permission.
    expect((await runAs(db, registerMemberUseCase, advisor, registration())).kind).toBe("created");
  });

  it("a manager assigns, changes and removes the advisor; each change is audited with the advisor before and after", async () => {
    const id = await registered();
    await runAs(db, editMemberUseCase, manager, await editInput(manager, id, { advisorId: advisor.id }));
    expect(await advisorOf(id)).toBe(advisor.id);
    await runAs(db, editMemberUseCase, manager, await editInput(manager, id, { advisorId: otherAdvisor.id }));
    await runAs(db, editMemberUseCase, manager, await editInput(manager, id, { advisorId: "" }));
    expect(await advisorOf(id)).toBeNull();

    const entries = await auditEntries(db, { action: "member.update", entityId: id });
    expect(entries.map((e) => e.details)).toEqual([
      expect.objectContaining({ fields: ["advisorId"], advisorChange: { from: null, to: advisor.id } }),
      expect.objectContaining({ fields: ["advisorId"], advisorChange: { from: advisor.id, to: otherAdvisor.id } }),
      expect.objectContaining({ fields: ["advisorId"], advisorChange: { from: otherAdvisor.id, to: null } }),
    ]);
    expect(entries.every((e) => e.actorStaffId === manager.id)).toBe(true);

    // Registering with an advisor: the creation entry names the advisor given.
    const created = await registered({ advisorId: advisor.id });
    const [entry] = await auditEntries(db, { action: "member.create", entityId: created });
    expect(entry!.details).toMatchObject({ advisorId: advisor.id });
    // The assigned advisor now sees their client unmasked; that is what the assignment grants.
    expect((await getMemberForView(db, advisor, created))!.contact).toMatchObject({
      masked: false,
      name: "周美玲",
    });
  });
});
