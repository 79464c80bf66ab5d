import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberNotes, members } from "@/db/schema";
import { setupTempDataDir } from "@/tests/helpers/data-dir";
import { errorOf } from "@/tests/helpers/errors";
import { auditEntries, createTestStore, setupTestDatabase, type TestStore } from "@/tests/helpers/test-db";
import {
  createPrincipal,
  insertMember,
  relatedRowCounts,
  seedRelatedRows,
  type TestPrincipal,
} from "@/tests/helpers/members";
import { appendUploadPart, createUpload, readUpload } from "../import/storage";
import { MEMBER_OWNED_TABLES } from "../registry";
import { loadErasureSubject } from "./queries";
import { ERASED_MEMBER_NAME, eraseMember } from "./service";

const dataDir = setupTempDataDir();
let db: Db;
let storeA: TestStore;
let storeB: TestStore;
let manager: TestPrincipal;

setupTestDatabase(async (opened) => {
  db = opened;
  storeA = await createTestStore(db);
  storeB = await createTestStore(db);
  manager = await createPrincipal(db, ["manager"], [storeA.id]);
});

const PERSONAL = {
  name: "陈美玲",
  email: "meiling@example.com",
  address: "上海市静安区南京西路 1601 号",
  birthday: "1988-08-08",
  gender: "female" as const,
  profile: { materials: ["jade" as const], ringSize: "12" },
};

describe("eraseMember", () => {
  it("replaces the personal fields and search keys, keeps the record and its history", async () => {
    const member = await insertMember(db, { storeId: storeA.id, ...PERSONAL });
    await seedRelatedRows(db, member.id);
    const before = await relatedRowCounts(db, member.id);

    const result = await eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "注销" });

    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row).toMatchObject({
      name: ERASED_MEMBER_NAME,
      namePinyin: "",
      nameInitials: "",
      nameGrams: [],
      phoneE164: null,
      phoneLast4: null,
      email: null,
      address: null,
      birthday: null,
      gender: "unknown",
      profile: {},
      homeStoreId: storeA.id,
      mergedIntoId: null,
    });
    expect(row!.erasedAt).toBeInstanceOf(Date);

    const after = await relatedRowCounts(db, member.id);
    // Personal side tables are gone; cards and consent history stay with the anonymised member.
    expect(after.member_important_dates).toBe(0);
    expect(after.member_wishlist_items).toBe(0);
    expect(after.member_tags).toBe(0);
    expect(after.member_cards).toBe(before.member_cards);
    expect(after.member_consents).toBe(before.member_consents);
    expect(after.member_notes).toBe(before.member_notes);
    const notes = await db
      .select({ body: memberNotes.body })
      .from(memberNotes)
      .where(eq(memberNotes.memberId, member.id));
    expect(notes.every((n) => n.body === "")).toBe(true);
    // Every registered table is accounted for: deleted, blanked or kept.
    const accounted = { ...result.deleted, ...result.blanked, ...result.kept };
    expect(Object.keys(accounted).sort()).toEqual(MEMBER_OWNED_TABLES.map((t) => t.name).sort());
    // Any table registered later (ledgers, purchases, tickets) stays, pointing at the anonymised member.
    for (const name of Object.keys(result.kept)) expect(after[name]).toBe(before[name]);
  });

  it("writes member.erase without any personal value", async () => {
    const member = await insertMember(db, { storeId: storeA.id, ...PERSONAL });
    await seedRelatedRows(db, member.id);
    await eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "ERASE" });

    const [entry] = await auditEntries(db, { action: "member.erase", entityId: member.id });
    expect(entry).toMatchObject({ actorStaffId: manager.id, entityType: "member", storeId: storeA.id });
    const text = JSON.stringify(entry!.details);
    for (const value of [
      PERSONAL.name,
      PERSONAL.email,
      PERSONAL.address,
      PERSONAL.birthday,
      member.phoneE164!,
      member.phoneE164!.slice(3),
    ]) {
      expect(text).not.toContain(value);
    }
    expect(entry!.details).toMatchObject({
      deleted: { member_tags: 1 },
      blanked: { member_notes: 1 },
      kept: { member_cards: 1 },
    });
  });

  it("deletes every pending import upload and plan, whoever sent it: any of them may hold the member's phone or name", async () => {
    const member = await insertMember(db, { storeId: storeA.id, ...PERSONAL });
    const other = await createPrincipal(db, ["manager"], [storeB.id]);
    // A row of the member in another spelling of the phone, in someone else's pending upload.
    const csv = new TextEncoder().encode(`姓名,手机号\n${PERSONAL.name},+86 ${member.phoneE164!.slice(3)}\n`);
    const withMember = await createUpload(other.id, "legacy.csv");
    await appendUploadPart(other.id, withMember, 0, csv);
    const unrelated = await createUpload(manager.id, "other.csv");

    const result = await eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "注销" });

    expect(result.importUploadsDeleted).toBe(2);
    await expect(readUpload(other.id, withMember)).rejects.toMatchObject({ code: "not_found" });
    await expect(readUpload(manager.id, unrelated)).rejects.toMatchObject({ code: "not_found" });
    expect(await fs.readdir(path.join(dataDir(), "imports"))).toEqual([]);
    const [entry] = await auditEntries(db, { action: "member.erase", entityId: member.id });
    expect(entry!.details).toMatchObject({ importUploadsDeleted: 2 });
  });

  it("needs the typed confirmation word and changes nothing without it", async () => {
    const member = await insertMember(db, { storeId: storeA.id, ...PERSONAL });
    const error = await errorOf(eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "yes" }));
    expect(error.code).toBe("validation");
    expect(error.fieldErrors).toEqual({ confirmation: ["erasureConfirmationMismatch"] });
    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row).toMatchObject({ name: PERSONAL.name, erasedAt: null });
    expect(await auditEntries(db, { action: "member.erase", entityId: member.id })).toEqual([]);
  });

  it("accepts the English word in any case", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    await expect(
      eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: " erase " }),
    ).resolves.toMatchObject({ memberId: member.id });
  });

  it("is irreversible and not repeated: a second erasure is a conflict", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    await eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "注销" });
    const error = await errorOf(eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "注销" }));
    expect(error).toMatchObject({ code: "conflict", message: "memberAlreadyErased" });
    expect(await auditEntries(db, { action: "member.erase", entityId: member.id })).toHaveLength(1);
  });

  it("a member of another store is not found", async () => {
    const member = await insertMember(db, { storeId: storeB.id, ...PERSONAL });
    expect(
      (await errorOf(eraseMember(db, manager, manager.actor, { memberId: member.id, confirmation: "注销" }))).code,
    ).toBe("not_found");
    expect((await errorOf(loadErasureSubject(db, manager, member.id))).code).toBe("not_found");
    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row!.erasedAt).toBeNull();
  });

  it("is manager-only: an admin or an advisor is refused", async () => {
    const member = await insertMember(db, { storeId: storeA.id });
    for (const roles of [["admin"], ["advisor"], ["service"]] as const) {
      const someone = await createPrincipal(db, [...roles], [storeA.id]);
      expect(
        (await errorOf(eraseMember(db, someone, someone.actor, { memberId: member.id, confirmation: "注销" }))).code,
      ).toBe("forbidden");
    }
  });

  it("the erase page's summary is masked and says what happens to each table", async () => {
    const member = await insertMember(db, { storeId: storeA.id, ...PERSONAL });
    await seedRelatedRows(db, member.id);
    const subject = await loadErasureSubject(db, manager, member.id);
    expect(subject.maskedName).toBe("陈*玲");
    expect(subject.maskedPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(subject.storeCode).toBe(storeA.code);
    expect(subject.cardCount).toBe(1);
    expect(Object.fromEntries(subject.tables.map((t) => [t.name, t.effect]))).toMatchObject({
      member_tags: "delete",
      member_notes: "blank",
      member_cards: "keep",
      member_consents: "keep",
    });
  });
});
