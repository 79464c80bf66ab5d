import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { clientelingTasks, memberContacts, members } from "@/db/schema";
import type { StaffAccount } from "@/lib/staff/principal";
import { expectAppError } from "@/tests/helpers/errors";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { completeTaskUseCase } from "../tasks/use-cases";
import { listMemberContacts, MEMBER_CONTACTS_PAGE_SIZE } from "./queries";
import { logContactUseCase } from "./use-cases";

let db: Db;
let store: TestStore;
let otherStore: TestStore;
let advisor: StaffAccount;
let otherStoreService: StaffAccount;

setupTestDatabase(async (opened) => {
  db = opened;
  store = await createTestStore(db);
  otherStore = await createTestStore(db);
  advisor = await createTestAccount(db, ["advisor"], [store.id], { displayName: "顾问小王" });
  otherStoreService = await createTestAccount(db, ["service"], [otherStore.id]);
});

const contact = { channel: "wechat", outcome: "left_message", note: "发了新款手镯的照片" } as const;

describe(`the contact log on ${testDriver()}`, () => {
  it("logs a contact on a member of the staff member's stores, at the home store, audited without the note", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const result = await runAs(db, logContactUseCase, advisor, { memberId: member.id, ...contact });
    const [row] = await db.select().from(memberContacts).where(eq(memberContacts.id, result.contactId));
    expect(row).toMatchObject({
      memberId: member.id,
      storeId: store.id,
      staffId: advisor.id,
      channel: "wechat",
      outcome: "left_message",
      note: contact.note,
      taskId: null,
    });
    const [entry] = await auditEntries(db, { action: "member.contact.log", entityId: member.id });
    expect(entry!.details).toEqual({ contactId: result.contactId, channel: "wechat", outcome: "left_message" });
  });

  it("refuses an erased member, another store's member, and staff without members.write", async () => {
    const erased = await insertMember(db, { storeId: store.id });
    await db.update(members).set({ erasedAt: new Date() }).where(eq(members.id, erased.id));
    const refused = await expectAppError(
      runAs(db, logContactUseCase, advisor, { memberId: erased.id, ...contact }),
      "conflict",
    );
    expect(refused.messageKey).toBe("memberErased");

    const member = await insertMember(db, { storeId: store.id });
    await expectAppError(
      runAs(db, logContactUseCase, otherStoreService, { memberId: member.id, ...contact }),
      "not_found",
    );
    await expectAppError(runAs(db, logContactUseCase, advisor, { memberId: randomUUID(), ...contact }), "not_found");
    const afterSales = await createTestAccount(db, ["after_sales"], [store.id]);
    await expectAppError(runAs(db, logContactUseCase, afterSales, { memberId: member.id, ...contact }), "forbidden");
    await expectAppError(
      runAs(db, logContactUseCase, advisor, { memberId: member.id, ...contact, channel: "carrier_pigeon" }),
      "validation",
    );
    expect(await db.select().from(memberContacts).where(eq(memberContacts.memberId, member.id))).toEqual([]);
  });

  it("lists the member's contacts newest first, a page at a time, with the task each completed", async () => {
    const member = await insertMember(db, { storeId: store.id });
    const [task] = await db
      .insert(clientelingTasks)
      .values({
        storeId: store.id,
        memberId: member.id,
        assigneeId: advisor.id,
        kind: "care_call",
        sourceKey: `test:${randomUUID()}`,
        dueOn: "2025-11-27",
      })
      .returning();
    await runAs(db, completeTaskUseCase, advisor, { taskId: task!.id, channel: "phone", outcome: "reached" });
    for (let i = 0; i < MEMBER_CONTACTS_PAGE_SIZE; i++) {
      await runAs(db, logContactUseCase, advisor, { memberId: member.id, ...contact, note: `第${i}次` });
    }

    const first = await listMemberContacts(db, advisor, member.id);
    expect(first).toMatchObject({ total: MEMBER_CONTACTS_PAGE_SIZE + 1, page: 1, pageSize: MEMBER_CONTACTS_PAGE_SIZE });
    expect(first.rows).toHaveLength(MEMBER_CONTACTS_PAGE_SIZE);
    expect(first.rows[0]).toMatchObject({ note: `第${MEMBER_CONTACTS_PAGE_SIZE - 1}次`, staffName: "顾问小王" });
    const second = await listMemberContacts(db, advisor, member.id, { page: 2 });
    expect(second.rows).toMatchObject([
      { taskId: task!.id, taskKind: "care_call", channel: "phone", outcome: "reached" },
    ]);

    // Out of scope, unknown or malformed: nothing, never an error.
    expect(await listMemberContacts(db, otherStoreService, member.id)).toMatchObject({ rows: [], total: 0 });
    expect(await listMemberContacts(db, advisor, "not-a-uuid'; drop table members;--")).toMatchObject({ rows: [] });
    for (const page of [-1, 0, 1.5, Number.NaN, 1e12]) {
      expect((await listMemberContacts(db, advisor, member.id, { page })).page).toBe(1);
    }
  });
});
