import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { auditEntries, createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { revealContactUseCase } from "./use-cases";

describe(`revealing a member's contact details on ${testDriver()}`, () => {
  let db: Db;
  let store: TestStore;
  let manager: StaffAccount;

  setupTestDatabase(async (opened) => {
    db = opened;
    store = await createTestStore(db);
    manager = await createTestAccount(db, ["manager"], [store.id]);
  });

  it("reveal returns the chosen fields and writes who saw what, and why, to the audit log", async () => {
    const member = await insertMember(db, { storeId: store.id, name: "李晓华" });
    const values = await runAs(db, revealContactUseCase, manager, {
      memberId: member.id,
      fields: ["phone"],
      reason: "客户来电核对身份",
    });
    expect(values).toEqual({ phone: member.phoneE164!.replace(/^\+86/, "") });
    const entries = await auditEntries(db, { action: "member.reveal", entityId: member.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorStaffId: manager.id, storeId: store.id });
    expect(entries[0]!.details).toEqual({ fields: ["phone"], reason: "客户来电核对身份" });
  });
});
