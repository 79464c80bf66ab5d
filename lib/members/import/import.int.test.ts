import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { eq, inArray, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rowsOf, type DatabaseHandle, type Db } from "@/db/client";
import { memberCards, members } from "@/db/schema";
import { nameSearchKeys } from "../search/keys";
import {
  auditEntries,
  createTestDatabase,
  createTestStaff,
  createTestStore,
  type TestStore,
} from "@/tests/helpers/test-db";
import { analyzeImport } from "./analyze";
import { prepareImportFile } from "./prepare";
import { commitImport, withDatabaseMatches } from "./service";
import { resolveImportStores } from "./stores";

const SAMPLE = path.resolve(process.cwd(), "tests/fixtures/members-legacy.csv");
const EXPECTED = JSON.parse(
  fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/members-legacy.expected.json"), "utf8"),
) as {
  rows: number;
  distinct_valid_members: number;
  duplicate_rows: number;
  invalid_rows: number;
  birthday_warnings: number;
  invalid: { row: number; why: string }[];
  warnings: { row: number; why: string }[];
  sample_phones: string[];
};
const TODAY = "2026-06-01";

function planOf(bytes: Uint8Array) {
  const file = prepareImportFile(bytes);
  return { file, ...analyzeImport(file.csv, file.guessedMapping, { today: TODAY }) };
}

let handle: DatabaseHandle;
let db: Db;
let store: TestStore;

beforeEach(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  store = await createTestStore(db);
});
afterEach(async () => {
  await handle.close();
});

async function commitSample(
  bytes: Uint8Array,
  actor: { label: string } | Awaited<ReturnType<typeof createTestStaff>>["actor"] = { label: "test" },
) {
  const plan = planOf(bytes);
  const stores = await resolveImportStores(db, { kind: "all" }, { id: store.id });
  return commitImport(db, plan.members, { actor, stores, report: plan.report, encoding: plan.file.encoding });
}

describe("legacy member import", () => {
  const utf8 = fs.readFileSync(SAMPLE);
  // Re-encoded as an old Windows system would export it (no BOM in GBK).
  const gbk = iconv.encode(utf8.toString("utf8").replace(/^\uFEFF/, ""), "gbk");

  for (const [label, bytes, encoding] of [
    ["UTF-8 with BOM", utf8, "utf-8"],
    ["GBK", gbk, "gbk"],
  ] as const) {
    it(`dry run of the sample (${label}) reaches exactly the expected counts, rejections and warnings`, async () => {
      const plan = planOf(bytes);
      expect(plan.file.encoding).toBe(encoding);
      const report = await withDatabaseMatches(db, plan.report, plan.members, { kind: "all" });
      expect({
        rows: report.rows,
        distinct_valid_members: report.distinct_valid_members,
        duplicate_rows: report.duplicate_rows,
        invalid_rows: report.invalid_rows,
        birthday_warnings: report.birthday_warnings,
      }).toEqual({
        rows: EXPECTED.rows,
        distinct_valid_members: EXPECTED.distinct_valid_members,
        duplicate_rows: EXPECTED.duplicate_rows,
        invalid_rows: EXPECTED.invalid_rows,
        birthday_warnings: EXPECTED.birthday_warnings,
      });
      expect(report.invalid).toEqual(EXPECTED.invalid);
      expect(report.warnings).toEqual(EXPECTED.warnings);
      expect(report.existing_members_matched).toBe(0);
      expect(report).toMatchObject({ conflict_rows: 0, conflicts: [] });
      // A dry run writes nothing.
      const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from members`));
      expect(Number(count!.n)).toBe(0);
    });
  }

  it("commit creates one member per distinct phone with every card number of that phone, and audits counts only", async () => {
    const staff = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] });
    const result = await commitSample(utf8, staff.actor);
    expect(result.membersCreated).toBe(EXPECTED.distinct_valid_members);
    expect(result.membersMatched).toBe(0);

    const [count] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from members where registration_channel = 'import'`),
    );
    expect(Number(count!.n)).toBe(EXPECTED.distinct_valid_members);

    // 孙英 opened C100001 and C100002 with the same phone in two spellings.
    const [sun] = await db.select().from(members).where(eq(members.phoneE164, "+8613560181590"));
    expect(sun).toMatchObject({
      name: "孙英",
      gender: "male",
      birthday: "1960-09-14",
      homeStoreId: store.id,
      phoneLast4: "1590",
      registrationChannel: "import",
    });
    expect(sun!.nameInitials).toBe(nameSearchKeys("孙英").nameInitials);
    const sunCards = await db
      .select({ cardNo: memberCards.cardNo })
      .from(memberCards)
      .where(eq(memberCards.memberId, sun!.id));
    expect(sunCards.map((c) => c.cardNo).sort()).toEqual(["C100001", "C100002"]);

    // Every card of a valid row is on the member of its phone.
    const plan = planOf(utf8);
    const allCards = plan.members.flatMap((m) => m.cardNos);
    const [cards] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from member_cards`));
    expect(Number(cards!.n)).toBe(allCards.length);
    expect(allCards.length).toBe(EXPECTED.distinct_valid_members + EXPECTED.duplicate_rows);
    const merged = plan.members.filter((m) => m.cardNos.length > 1).slice(0, 20);
    const rows = await db
      .select({ phone: members.phoneE164, cardNo: memberCards.cardNo })
      .from(memberCards)
      .innerJoin(members, eq(members.id, memberCards.memberId))
      .where(
        inArray(
          members.phoneE164,
          merged.map((m) => m.phoneE164),
        ),
      );
    for (const m of merged)
      expect(
        rows
          .filter((r) => r.phone === m.phoneE164)
          .map((r) => r.cardNo)
          .sort(),
      ).toEqual([...m.cardNos].sort());

    // A birthday that is not a real date is dropped, the member kept (罗婉, 1990-13-40).
    const [luo] = await db.select().from(members).where(eq(members.phoneE164, "+8617755597971"));
    expect(luo).toMatchObject({ name: "罗婉", birthday: null });

    const audits = await auditEntries(db, { action: "member.import" });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorStaffId).toBe(staff.id);
    expect(audits[0]!.details).toMatchObject({ fileRows: 2000, membersCreated: 1777, invalidRows: 76 });
    const details = JSON.stringify(audits[0]!.details);
    expect(details).not.toMatch(/1356018|孙英|C1000/);
  });

  it("a second commit of the same file adds no member and no card", async () => {
    await commitSample(utf8);
    const again = await commitSample(gbk);
    expect(again.membersCreated).toBe(0);
    expect(again.membersMatched).toBe(EXPECTED.distinct_valid_members);
    expect(again.cardsAdded).toBe(0);
    expect(again.notesAdded).toBe(0);
    const [count] = rowsOf<{ n: number; cards: number }>(
      await db.execute(
        sql`select (select count(*)::int from members) as n, (select count(*)::int from member_cards) as cards`,
      ),
    );
    expect(Number(count!.n)).toBe(EXPECTED.distinct_valid_members);
    expect(Number(count!.cards)).toBe(EXPECTED.distinct_valid_members + EXPECTED.duplicate_rows);
  });

  it("a member already in the database with a phone of the file is matched, not duplicated, and receives the cards", async () => {
    const phone = EXPECTED.sample_phones[1]!; // 金轩雪, row 4 of the file
    const [existing] = await db
      .insert(members)
      .values({
        homeStoreId: store.id,
        name: "金轩雪",
        ...nameSearchKeys("金轩雪"),
        phoneE164: phone,
        phoneLast4: phone.slice(-4),
        registrationChannel: "counter",
      })
      .returning();
    await db.insert(memberCards).values({ cardNo: "POS-1", memberId: existing!.id });

    const plan = planOf(utf8);
    const report = await withDatabaseMatches(db, plan.report, plan.members, { kind: "all" });
    expect(report.existing_members_matched).toBe(1);
    expect(report.distinct_valid_members).toBe(EXPECTED.distinct_valid_members);

    const result = await commitSample(utf8);
    expect(result.membersCreated).toBe(EXPECTED.distinct_valid_members - 1);
    expect(result.membersMatched).toBe(1);
    const rows = await db.select().from(members).where(eq(members.phoneE164, phone));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: existing!.id,
      registrationChannel: "counter",
      birthday: "1966-12-25",
      email: "user3@example.com",
    });
    const cards = await db
      .select({ cardNo: memberCards.cardNo })
      .from(memberCards)
      .where(eq(memberCards.memberId, existing!.id));
    expect(cards.map((c) => c.cardNo).sort()).toEqual(
      [
        "C100003",
        "POS-1",
        ...plan.members.find((m) => m.phoneE164 === phone)!.cardNos.filter((c) => c !== "C100003"),
      ].sort(),
    );
  });

  // docs/domain.md#import: an import matches members of the importer's stores only.
  describe("a phone held by a member of a store outside the importer's scope", () => {
    const phone = EXPECTED.sample_phones[1]!; // 金轩雪, row 4 of the file

    async function memberElsewhere() {
      const other = await createTestStore(db);
      const [existing] = await db
        .insert(members)
        .values({
          homeStoreId: other.id,
          name: "外店会员",
          ...nameSearchKeys("外店会员"),
          phoneE164: phone,
          phoneLast4: phone.slice(-4),
          registrationChannel: "counter",
        })
        .returning();
      await db.insert(memberCards).values({ cardNo: "POS-ELSEWHERE", memberId: existing!.id });
      return existing!;
    }
    const onlyMyStore = () => ({ kind: "stores" as const, storeIds: [store.id] });

    it("is a conflict row in the dry run, not a match, and the report shows nothing of that member", async () => {
      const existing = await memberElsewhere();
      const plan = planOf(utf8);
      const lines = plan.members.find((m) => m.phoneE164 === phone)!.lines;

      const report = await withDatabaseMatches(db, plan.report, plan.members, onlyMyStore());
      expect(report.existing_members_matched).toBe(0);
      expect(report.conflicts).toEqual(lines.map((row) => ({ row, why: "phone_unavailable" })));
      expect(report.conflict_rows).toBe(lines.length);
      expect(report.new_members).toBe(EXPECTED.distinct_valid_members - 1);
      expect(JSON.stringify(report)).not.toMatch(new RegExp(`${existing.id}|外店会员|POS-ELSEWHERE`));

      // Staff of every store (and the command line) match it as before.
      const everywhere = await withDatabaseMatches(db, plan.report, plan.members, { kind: "all" });
      expect(everywhere).toMatchObject({ existing_members_matched: 1, conflict_rows: 0, conflicts: [] });
    });

    it("is never updated by a commit: no gap filled, no card added; its rows are counted as conflicts", async () => {
      const existing = await memberElsewhere();
      const plan = planOf(utf8);
      const lines = plan.members.find((m) => m.phoneE164 === phone)!.lines;
      const stores = await resolveImportStores(db, onlyMyStore(), { id: store.id });
      const staff = await createTestStaff(db, { roles: ["manager"], storeIds: [store.id] });
      const progress: number[] = [];
      const result = await commitImport(db, plan.members, {
        actor: staff.actor,
        stores,
        report: plan.report,
        encoding: "utf-8",
        onProgress: ({ rowsDone }) => progress.push(rowsDone),
      });

      expect(result).toMatchObject({
        membersCreated: EXPECTED.distinct_valid_members - 1,
        membersMatched: 0,
        membersConflicting: 1,
        conflictRows: lines.length,
      });
      expect(progress.at(-1)).toBe(EXPECTED.rows);
      const [after] = await db.select().from(members).where(eq(members.id, existing.id));
      expect(after).toEqual(existing);
      const cards = await db
        .select({ cardNo: memberCards.cardNo })
        .from(memberCards)
        .where(eq(memberCards.memberId, existing.id));
      expect(cards.map((c) => c.cardNo)).toEqual(["POS-ELSEWHERE"]);
      expect(await db.select().from(members).where(eq(members.phoneE164, phone))).toHaveLength(1);
      const [audit] = await auditEntries(db, { action: "member.import" });
      expect(audit!.details).toMatchObject({ membersConflicting: 1, conflictRows: lines.length });
    });
  });

  it("committing in small chunks gives the same members and cards as one chunk, and still one audit entry", async () => {
    const plan = planOf(utf8);
    const stores = await resolveImportStores(db, { kind: "all" }, { id: store.id });
    const progress: number[] = [];
    const result = await commitImport(db, plan.members, {
      actor: { label: "test" },
      stores,
      report: plan.report,
      encoding: "utf-8",
      chunkSize: 300,
      onProgress: ({ rowsDone, rowsTotal }) => {
        expect(rowsTotal).toBe(EXPECTED.rows);
        progress.push(rowsDone);
      },
    });
    expect(result).toMatchObject({
      membersCreated: EXPECTED.distinct_valid_members,
      cardsAdded: EXPECTED.distinct_valid_members + EXPECTED.duplicate_rows,
    });
    expect(progress).toHaveLength(1 + Math.ceil(EXPECTED.distinct_valid_members / 300));
    expect(progress.at(-1)).toBe(EXPECTED.rows);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await auditEntries(db, { action: "member.import" })).toHaveLength(1);
  });

  it("a store column naming another active store sets that member's home store", async () => {
    const other = await createTestStore(db);
    const csv = `姓名,手机号,开卡门店,会员卡号\n张晓华,13800138000,${other.code},K1\n李四,13900139000,NOPE,K2\n`;
    const plan = planOf(Buffer.from(csv));
    const stores = await resolveImportStores(db, { kind: "all" }, { id: store.id });
    await commitImport(db, plan.members, { actor: { label: "test" }, stores, report: plan.report, encoding: "utf-8" });
    const rows = await db.select({ phone: members.phoneE164, store: members.homeStoreId }).from(members);
    expect(Object.fromEntries(rows.map((r) => [r.phone, r.store]))).toEqual({
      "+8613800138000": other.id,
      "+8613900139000": store.id,
    });
  });
});
