import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setupTempDataDir } from "@/tests/helpers/data-dir";
import { memberCards, memberTags } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditEntries, createTestStore, setupTestDatabase, uniqueSuffix } from "@/tests/helpers/test-db";
import { createPrincipal, insertMember, storeWithManager } from "@/tests/helpers/members";
import { eraseMember } from "../erasure/service";
import { UTF8_BOM } from "@/lib/csv";
import { prepareMemberExport, type MemberExport } from "./service";

// Erasure deletes pending import uploads: keep them away from the real data folder.
setupTempDataDir();
let db: Db;

setupTestDatabase((opened) => {
  db = opened;
});

async function fileOf(exported: MemberExport): Promise<string> {
  let text = "";
  for await (const chunk of exported.chunks()) text += chunk;
  return text;
}

async function recordsOf(exported: MemberExport): Promise<string[][]> {
  const text = await fileOf(exported);
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  return parse(text.slice(1), { relax_column_count: false }) as string[][];
}

describe("prepareMemberExport", () => {
  it("writes only the chosen columns, unmasked, with a BOM and a header row", async () => {
    const { store, manager } = await storeWithManager(db);
    const member = await insertMember(db, {
      storeId: store.id,
      name: "林志玲",
      email: "lin@example.com",
      address: "台北市",
      birthday: "1974-11-29",
    });

    const exported = await prepareMemberExport(
      db,
      manager,
      manager.actor,
      { columns: "phone,name" },
      { name: "姓名", phone: "手机号" },
    );

    expect(exported.columns).toEqual(["name", "phone"]);
    const records = await recordsOf(exported);
    expect(records).toEqual([
      ["姓名", "手机号"],
      ["林志玲", member.phoneE164!.replace("+86", "")],
    ]);
    const text = await fileOf(exported);
    expect(text).not.toContain("lin@example.com");
    expect(text).not.toContain("台北市");
    expect(text).not.toContain("1974-11-29");
  });

  it("ignores columns outside the allow-list and refuses an export without any valid column", async () => {
    const { store, manager } = await storeWithManager(db);
    await insertMember(db, { storeId: store.id });
    const exported = await prepareMemberExport(db, manager, manager.actor, {
      columns: ["tier", "passwordHash", "profile"],
    });
    expect(exported.columns).toEqual(["tier"]);
    expect((await recordsOf(exported))[0]).toEqual(["tier"]);
    await expect(prepareMemberExport(db, manager, manager.actor, { columns: "passwordHash" })).rejects.toThrow();
  });

  it("exports only members of the manager's stores, without merged-away or erased members", async () => {
    const { store, manager } = await storeWithManager(db);
    const other = await createTestStore(db);
    const mine = await insertMember(db, { storeId: store.id });
    const erased = await insertMember(db, { storeId: store.id });
    await eraseMember(db, manager, manager.actor, { memberId: erased.id, confirmation: "注销" });
    const theirs = await insertMember(db, { storeId: other.id });

    const records = await recordsOf(await prepareMemberExport(db, manager, manager.actor, { columns: "memberId" }));
    expect(records.slice(1).flat()).toEqual([mine.id]);
    // Asking for another store's members by filter finds nothing.
    const filtered = await recordsOf(
      await prepareMemberExport(db, manager, manager.actor, { columns: "memberId", store: other.id }),
    );
    expect(filtered.slice(1)).toEqual([]);
    expect(filtered.flat()).not.toContain(theirs.id);
  });

  it("filters by tier, stage, advisor, tag and a name or card search", async () => {
    const { store, manager } = await storeWithManager(db);
    const advisor = await createPrincipal(db, ["advisor"], [store.id]);
    const gold = await insertMember(db, {
      storeId: store.id,
      tier: "gold",
      lifecycleStage: "regular",
      name: "黄金客户",
    });
    const tagged = await insertMember(db, { storeId: store.id, advisorId: advisor.id, lifecycleStage: "dormant" });
    const card = `X${uniqueSuffix(8)}`;
    await db.insert(memberTags).values({ memberId: tagged.id, tag: "婚庆" });
    // Stored as the app stores card numbers (upper case); searched as typed.
    await db.insert(memberCards).values({ memberId: tagged.id, cardNo: card.toUpperCase() });
    const ids = async (query: Record<string, string>) =>
      (await recordsOf(await prepareMemberExport(db, manager, manager.actor, { columns: "memberId", ...query })))
        .slice(1)
        .flat();

    expect(await ids({ tier: "gold" })).toEqual([gold.id]);
    expect(await ids({ stage: "dormant" })).toEqual([tagged.id]);
    expect(await ids({ advisor: advisor.id })).toEqual([tagged.id]);
    expect(await ids({ tag: "婚庆" })).toEqual([tagged.id]);
    expect(await ids({ q: "金客" })).toEqual([gold.id]);
    expect(await ids({ q: card })).toEqual([tagged.id]);
    expect(await ids({ q: "%" })).toEqual([]);
  });

  it("joins cards and tags, and neutralises spreadsheet formulas", async () => {
    const { store, manager } = await storeWithManager(db);
    const member = await insertMember(db, { storeId: store.id, name: "=HYPERLINK(1)", address: "+1 evil" });
    await db.insert(memberCards).values([
      { memberId: member.id, cardNo: `B${uniqueSuffix()}` },
      { memberId: member.id, cardNo: `A${uniqueSuffix()}` },
    ]);
    await db.insert(memberTags).values([{ memberId: member.id, tag: "VIP" }]);
    const exported = await prepareMemberExport(db, manager, manager.actor, {
      columns: "tags,homeStore,name,address,cards",
    });
    // Columns come in the allow-list's order, whatever order they were asked in.
    expect(exported.columns).toEqual(["name", "address", "cards", "homeStore", "tags"]);
    const [, row] = await recordsOf(exported);
    expect(row![0]).toBe("'=HYPERLINK(1)");
    expect(row![1]).toBe("'+1 evil");
    expect(row![2]!.split(" ")).toHaveLength(2);
    expect(row![2]!.startsWith("A")).toBe(true);
    expect(row![3]).toBe(store.code);
    expect(row![4]).toBe("VIP");
  });

  it("streams every matching member across batches", async () => {
    const { store, manager } = await storeWithManager(db);
    const created = new Set<string>();
    for (let i = 0; i < 1205; i += 200) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(200, 1205 - i) }, () => insertMember(db, { storeId: store.id })),
      );
      batch.forEach((m) => created.add(m.id));
    }
    const exported = await prepareMemberExport(db, manager, manager.actor, { columns: "memberId" });
    expect(exported.rowCount).toBe(1205);
    const records = await recordsOf(exported);
    expect(new Set(records.slice(1).flat())).toEqual(created);
  });

  it("writes member.export with filters, columns and row count, and no personal data", async () => {
    const { store, manager } = await storeWithManager(db);
    await insertMember(db, { storeId: store.id, name: "何超琼", tier: "diamond" });
    await insertMember(db, { storeId: store.id, tier: "diamond" });
    await prepareMemberExport(db, manager, manager.actor, {
      columns: "name,phone",
      tier: "diamond",
      q: "何超",
      store: store.id,
    });

    const [entry] = await auditEntries(db, { action: "member.export", actorStaffId: manager.id });
    expect(entry).toMatchObject({ entityType: "member", storeId: store.id, actorLabel: manager.username });
    expect(entry!.details).toEqual({
      filters: { tier: "diamond", store: store.id, q: true },
      columns: ["name", "phone"],
      rowCount: 1,
    });
    expect(JSON.stringify(entry!.details)).not.toContain("何超");
  });

  it("is refused to anyone but a manager, and nothing is audited", async () => {
    const store = await createTestStore(db);
    await insertMember(db, { storeId: store.id });
    for (const roles of [["after_sales"], ["advisor"], ["service"], ["admin"]] as const) {
      const someone = await createPrincipal(db, [...roles], [store.id]);
      const error = await prepareMemberExport(db, someone, someone.actor, { columns: "name" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("forbidden");
      expect(await auditEntries(db, { action: "member.export", actorStaffId: someone.id })).toEqual([]);
    }
  });
});
