import fs from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberCards } from "@/db/schema";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { storeScopeOf } from "@/lib/auth/policy";
import { findMemberId } from "@/lib/loyalty/purchases/queries";
import type { StaffAccount } from "@/lib/staff/principal";
import { insertMember } from "@/tests/helpers/members";
import { createTestAccount, runAs } from "@/tests/helpers/run-as";
import { createTestStore, setupTestDatabase, testDriver, type TestStore } from "@/tests/helpers/test-db";
import { analyzeImport } from "./import/analyze";
import { prepareImportFile } from "./import/prepare";
import { commitImport } from "./import/service";
import { resolveImportStores } from "./import/stores";
import { memberListParamsSchema, searchMembers } from "./search/queries";
import { issueMemberCardUseCase } from "./use-cases";

describe(`one spelling of a member card number everywhere on ${testDriver()}`, () => {
  let db: Db;
  let store: TestStore;
  let manager: StaffAccount;

  setupTestDatabase(async (opened) => {
    db = opened;
    store = await createTestStore(db);
    manager = await createTestAccount(db, ["manager"], [store.id]);
  });

  /** Every way staff and the POS reach a member by card number must agree on whose card it is. */
  async function expectCardOf(memberId: string, typed: string) {
    const found = await searchMembers(db, manager, memberListParamsSchema.parse({ q: typed }));
    expect(
      found.rows.map((r) => r.id),
      `search for ${typed}`,
    ).toEqual([memberId]);
    expect(await findMemberId(db, { cardNo: typed }), `POS reference ${typed}`).toBe(memberId);
    const someoneElse = await insertMember(db, { storeId: store.id });
    await expect(
      runAs(db, issueMemberCardUseCase, manager, { memberId: someoneElse.id, cardNo: typed }),
      `card issue of ${typed}`,
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { cardNo: ["cardNoTaken"] },
    });
  }

  it("a card imported in lower case is stored upper case, found by search and the POS, and refused as taken by the card-issue form", async () => {
    const file = prepareImportFile(Buffer.from("会员卡号,姓名,手机号\nvip7000123,张晓华,13912347000\n", "utf8"));
    const plan = analyzeImport(file.csv, file.guessedMapping, { today: "2026-06-01" });
    const stores = await resolveImportStores(db, storeScopeOf(manager), { id: store.id });
    await commitImport(db, plan.members, {
      actor: { label: "test" },
      stores,
      report: plan.report,
      encoding: file.encoding,
    });

    const [card] = await db.select().from(memberCards).where(eq(memberCards.cardNo, "VIP7000123"));
    expect(card).toBeDefined();
    for (const typed of ["vip7000123", "VIP7000123", " Vip7000123 "]) await expectCardOf(card!.memberId, typed);
  });

  it("a card issued in lower case is stored upper case", async () => {
    const member = await insertMember(db, { storeId: store.id });
    expect(await runAs(db, issueMemberCardUseCase, manager, { memberId: member.id, cardNo: "ab-1234" })).toEqual({
      cardNo: "AB-1234",
    });
    await expectCardOf(member.id, "ab-1234");
  });

  it("the data migration upper-cases cards stored in lower case, leaving a spelling whose upper case is taken", async () => {
    const [a, b, c] = await Promise.all([
      insertMember(db, { storeId: store.id }),
      insertMember(db, { storeId: store.id }),
      insertMember(db, { storeId: store.id }),
    ]);
    await db.insert(memberCards).values([
      { cardNo: "old-7001", memberId: a.id, source: "legacy" },
      { cardNo: "OLD-7002", memberId: b.id, source: "legacy" },
      { cardNo: "old-7002", memberId: c.id, source: "legacy" },
      { cardNo: "Old-7003", memberId: a.id, source: "legacy", createdAt: new Date("2020-01-01T00:00:00Z") },
      { cardNo: "old-7003", memberId: c.id, source: "legacy", createdAt: new Date("2021-01-01T00:00:00Z") },
    ]);
    await db.execute(
      sql.raw(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "0009_member_card_numbers_upper_case.sql"), "utf8")),
    );

    const rows = await db
      .select({ cardNo: memberCards.cardNo, memberId: memberCards.memberId })
      .from(memberCards)
      .where(inArray(memberCards.memberId, [a.id, b.id, c.id]));
    expect(rows.map((r) => `${r.cardNo}:${r.memberId}`).sort()).toEqual(
      [`OLD-7001:${a.id}`, `OLD-7002:${b.id}`, `old-7002:${c.id}`, `OLD-7003:${a.id}`, `old-7003:${c.id}`].sort(),
    );
    await expectCardOf(a.id, "old-7001");
  });
});
