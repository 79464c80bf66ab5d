import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberCards } from "@/db/schema";
import type { StaffPrincipal } from "@/lib/auth/policy";
import { loadStaffAccount } from "@/lib/staff/principal";
import {
  createTestStaff,
  createTestStore,
  setupTestDatabase,
  testDriver,
  type TestStaff,
  type TestStore,
} from "@/tests/helpers/test-db";
import { getMemberForView } from "../queries";
import { createMemberSchema } from "../schemas";
import { createMember } from "../service";
import { listMemberTags, memberListParamsSchema, searchMembers, type MemberListParams } from "./queries";

async function principal(db: Db, who: TestStaff): Promise<StaffPrincipal> {
  const account = await loadStaffAccount(db, who.id);
  if (!account) throw new Error("staff not found");
  return account;
}

function params(overrides: Partial<Record<keyof MemberListParams, string>> = {}): MemberListParams {
  return memberListParamsSchema.parse(overrides);
}

let phoneCounter = 0;
/** A fresh mobile number per member: 139 + 8 digits, the last four chosen by the caller when it matters. */
function phone(last4?: string): string {
  phoneCounter++;
  const middle = String(4000 + phoneCounter).padStart(4, "0");
  return `139${middle}${last4 ?? String(1000 + phoneCounter).slice(-4)}`;
}

describe(`member search on ${testDriver()}`, () => {
  let db: Db;
  let storeA: TestStore;
  let storeB: TestStore;
  let manager: TestStaff;
  let managerB: TestStaff;
  let advisor: TestStaff;
  let otherAdvisor: TestStaff;
  const ids: Record<string, string> = {};
  const phones: Record<string, string> = {};

  async function make(
    key: string,
    name: string,
    options: { store?: TestStore; last4?: string; advisorId?: string; birthday?: string } = {},
  ) {
    phones[key] = phone(options.last4);
    const input = createMemberSchema.parse({
      name,
      gender: "female",
      birthday: options.birthday ?? "",
      phone: phones[key],
      email: `${key}@example.com`,
      address: "上海市静安区南京西路 1515 号",
      homeStoreId: (options.store ?? storeA).id,
      registrationChannel: "counter",
      advisorId: options.advisorId ?? "",
      privacyPolicyVersion: "2025-01",
      consents: { sms: true, wechat: false, email: false },
      tags: [],
    });
    const creator = options.store === storeB ? managerB : manager;
    const result = await createMember(db, await principal(db, creator), creator.actor, input);
    if (result.kind !== "created") throw new Error(`fixture ${key} not created: ${result.kind}`);
    ids[key] = result.memberId;
    return result.memberId;
  }

  setupTestDatabase(async (opened) => {
    db = opened;
    storeA = await createTestStore(db);
    storeB = await createTestStore(db);
    manager = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
    managerB = await createTestStaff(db, { roles: ["manager"], storeIds: [storeB.id] });
    advisor = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeA.id], displayName: "顾问 甲" });
    otherAdvisor = await createTestStaff(db, { roles: ["advisor"], storeIds: [storeA.id], displayName: "顾问 乙" });

    await make("zxh", "张晓华", { last4: "4321", advisorId: advisor.id });
    await make("lxh", "李晓华", { last4: "8765" });
    await make("wxm", "王小明", { last4: "4321" });
    await make("oyn", "欧阳娜娜", { last4: "1111", advisorId: otherAdvisor.id });
    await make("zhang", "张伟", { last4: "2222" });
    await make("elsewhere", "张晓华", { store: storeB, last4: "4321" });
    await db.insert(memberCards).values([
      { memberId: ids.wxm!, cardNo: "C100001", source: "legacy" },
      { memberId: ids.wxm!, cardNo: "88001234", source: "legacy" },
      { memberId: ids.elsewhere!, cardNo: "C900009", source: "legacy" },
    ]);
  });

  async function search(
    q: string,
    who: TestStaff = manager,
    extra: Partial<Record<keyof MemberListParams, string>> = {},
  ) {
    return searchMembers(db, await principal(db, who), params({ q, ...extra }));
  }
  const idsOf = (result: { rows: { id: string }[] }) => result.rows.map((r) => r.id).sort();

  it("finds a member by the full phone in several spellings", async () => {
    const national = phones.zxh!;
    for (const spelling of [
      national,
      `+86${national}`,
      `86${national}`,
      `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
      `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`,
    ]) {
      expect(idsOf(await search(spelling)), spelling).toEqual([ids.zxh]);
    }
  });

  it("finds members by the last four digits of the phone", async () => {
    expect(idsOf(await search("4321"))).toEqual([ids.zxh, ids.wxm].sort());
    expect(idsOf(await search("8765"))).toEqual([ids.lxh]);
  });

  it("finds a member by a card number (legacy cards included), upper-casing a typed card", async () => {
    expect(idsOf(await search("C100001"))).toEqual([ids.wxm]);
    expect(idsOf(await search("c100001"))).toEqual([ids.wxm]);
    expect(idsOf(await search("88001234"))).toEqual([ids.wxm]);
  });

  it("finds members by a two-character Chinese fragment", async () => {
    expect(idsOf(await search("晓华"))).toEqual([ids.zxh, ids.lxh].sort());
    expect(idsOf(await search("欧阳"))).toEqual([ids.oyn]);
  });

  it("finds a 2-character fragment at any place in a name, each member once, in name order across pages", async () => {
    const storeC = await createTestStore(db);
    const managerC = await createTestStaff(db, { roles: ["manager"], storeIds: [storeC.id] });
    const made: Record<string, string> = {};
    // First pair, second pair, third pair of a longer name, and a pair the name holds twice.
    for (const name of [
      "晓华明",
      "晓华",
      "安晓华",
      "周晓华",
      "马晓华",
      "白晓华",
      "华晓华",
      "欧阳晓华",
      "司马晓华",
      "上官晓华",
      "晓华晓华",
    ]) {
      const input = createMemberSchema.parse({
        name,
        gender: "female",
        birthday: "",
        phone: phone(),
        homeStoreId: storeC.id,
        registrationChannel: "counter",
        privacyPolicyVersion: "2025-01",
        consents: { sms: false, wechat: false, email: false },
        tags: [],
      });
      const result = await createMember(db, await principal(db, managerC), managerC.actor, input);
      if (result.kind !== "created") throw new Error(`fixture ${name} not created: ${result.kind}`);
      made[name] = result.memberId;
    }
    const byPinyin = [
      "安晓华",
      "白晓华",
      "华晓华",
      "马晓华",
      "欧阳晓华",
      "上官晓华",
      "司马晓华",
      "晓华",
      "晓华明",
      "晓华晓华",
      "周晓华",
    ];
    const first = await search("晓华", managerC, { pageSize: "10" });
    const second = await search("晓华", managerC, { pageSize: "10", page: "2" });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(byPinyin.map((name) => made[name]));
    expect([first.total, second.total]).toEqual([11, 11]);
    expect(idsOf(await search("阳晓", managerC))).toEqual([made["欧阳晓华"]]);
  });

  it("finds members by a single Chinese character", async () => {
    expect(idsOf(await search("张"))).toEqual([ids.zxh, ids.zhang].sort());
    expect(idsOf(await search("明"))).toEqual([ids.wxm]);
  });

  it("finds a member by the whole Chinese name and rechecks longer fragments for adjacency", async () => {
    expect(idsOf(await search("张晓华"))).toEqual([ids.zxh]);
    expect(idsOf(await search("阳娜娜"))).toEqual([ids.oyn]);
    // 晓 and 张 both occur in 张晓华, but not as "晓张华".
    expect(idsOf(await search("晓张华"))).toEqual([]);
  });

  it("finds members by full pinyin, prefix or inside the name", async () => {
    expect(idsOf(await search("zhangxiaohua"))).toEqual([ids.zxh]);
    expect(idsOf(await search("ZhangXiaohua"))).toEqual([ids.zxh]);
    expect(idsOf(await search("xiaohua"))).toEqual([ids.zxh, ids.lxh].sort());
  });

  it("finds members by pinyin initials: zxh finds 张晓华", async () => {
    expect(idsOf(await search("zxh"))).toEqual([ids.zxh]);
    expect(idsOf(await search("zx"))).toEqual([ids.zxh]);
    expect(idsOf(await search("oynn"))).toEqual([ids.oyn]);
  });

  it("finds nothing for an entry that matches no key", async () => {
    const result = await search("qqqq");
    expect(result.rows).toEqual([]);
    expect(result.searched).toBe(true);
    expect(result.total).toBe(0);
  });

  it("does not search when there is neither text nor filter", async () => {
    const result = await searchMembers(db, await principal(db, manager), params());
    expect(result).toMatchObject({ rows: [], searched: false });
  });

  it("never finds a member of another store, by any key", async () => {
    for (const q of [phones.elsewhere!, "C900009", "张晓华", "zxh"]) {
      expect(idsOf(await search(q)), q).not.toContain(ids.elsewhere);
    }
    // The other store's manager finds exactly their own 张晓华.
    expect(idsOf(await search("zxh", managerB))).toEqual([ids.elsewhere]);
    expect(await getMemberForView(db, await principal(db, manager), ids.elsewhere!)).toBeNull();
  });

  it("filters by advisor, tier, store, lifecycle stage and tag; sorts and pages on the server", async () => {
    expect(idsOf(await search("", manager, { advisor: advisor.id }))).toEqual([ids.zxh]);
    expect(idsOf(await search("张", manager, { tier: "gold" }))).toEqual([]);
    expect(idsOf(await search("张", manager, { tier: "normal", stage: "potential" }))).toEqual(
      [ids.zxh, ids.zhang].sort(),
    );
    expect(idsOf(await search("", manager, { store: storeB.id }))).toEqual([]);
    expect(idsOf(await search("", manager, { tag: "no-such-tag" }))).toEqual([]);

    const all = await search("", manager, { store: storeA.id, sort: "name", dir: "asc" });
    expect(all.total).toBe(5);
    // Sorted by pinyin: li, ouyang, wang, zhangwei, zhangxiaohua
    expect(all.rows.map((r) => r.id)).toEqual([ids.lxh, ids.oyn, ids.wxm, ids.zhang, ids.zxh]);
    const page2 = await search("", manager, { store: storeA.id, sort: "name", dir: "desc", pageSize: "10", page: "1" });
    expect(page2.rows.map((r) => r.id)).toEqual([ids.zxh, ids.zhang, ids.wxm, ids.oyn, ids.lxh]);
    const paged = await search("", manager, { store: storeA.id, pageSize: "10", page: "2" });
    expect(paged.rows).toEqual([]);
    expect(paged.total).toBe(5);
  });

  it("lists an advisor's own clients first", async () => {
    const result = await search("晓华", advisor, { sort: "name", dir: "desc" });
    // Descending by pinyin would put zhangxiaohua first anyway; ascending proves the rule.
    const asc = await search("晓华", advisor, { sort: "name", dir: "asc" });
    expect(result.rows[0]!.id).toBe(ids.zxh);
    expect(asc.rows.map((r) => r.id)).toEqual([ids.zxh, ids.lxh]);
    expect(asc.rows[0]!.ownClient).toBe(true);
  });

  it("masks names and phones for every role except an advisor looking at their own client", async () => {
    const own = (await search("zxh", advisor)).rows[0]!;
    expect(own).toMatchObject({ masked: false, name: "张晓华", phone: phones.zxh });

    const notOwn = (await search("oynn", advisor)).rows[0]!;
    expect(notOwn).toMatchObject({ masked: true, name: "欧**娜" });
    expect(notOwn.phone).toBe(`${phones.oyn!.slice(0, 3)}****${phones.oyn!.slice(-4)}`);

    const asManager = (await search("zxh", manager)).rows[0]!;
    expect(asManager).toMatchObject({ masked: true, name: "张*华" });
    expect(JSON.stringify(asManager)).not.toContain(phones.zxh);

    const view = await getMemberForView(db, await principal(db, otherAdvisor), ids.zxh!);
    expect(view!.contact).toMatchObject({ masked: true, name: "张*华" });
    expect(JSON.stringify(view)).not.toContain(phones.zxh);
    expect(JSON.stringify(view)).not.toContain("zxh@example.com");
    const ownView = await getMemberForView(db, await principal(db, advisor), ids.zxh!);
    expect(ownView!.contact).toMatchObject({
      masked: false,
      name: "张晓华",
      phone: phones.zxh,
      email: "zxh@example.com",
    });
  });
});

describe(`member list tag options on ${testDriver()}`, () => {
  let db: Db;
  setupTestDatabase((opened) => {
    db = opened;
  });

  async function memberWithTags(store: TestStore, creator: TestStaff, tags: string[]) {
    const input = createMemberSchema.parse({
      name: "周迅",
      gender: "female",
      birthday: "",
      phone: phone(),
      email: "",
      address: "",
      homeStoreId: store.id,
      registrationChannel: "counter",
      advisorId: "",
      privacyPolicyVersion: "2025-01",
      consents: { sms: false, wechat: false, email: false },
      tags,
    });
    const result = await createMember(db, await principal(db, creator), creator.actor, input);
    if (result.kind !== "created") throw new Error(`fixture not created: ${result.kind}`);
  }

  it("offers only tags carried by members of the staff member's stores; all-stores staff get every tag", async () => {
    const [storeA, storeB] = [await createTestStore(db), await createTestStore(db)];
    const managerA = await createTestStaff(db, { roles: ["manager"], storeIds: [storeA.id] });
    const managerB = await createTestStaff(db, { roles: ["manager"], storeIds: [storeB.id] });
    const admin = await createTestStaff(db, { roles: ["admin"], allStores: true });
    await memberWithTags(storeA, managerA, ["婚戒客户", "A店专属"]);
    await memberWithTags(storeB, managerB, ["婚戒客户", "B店大客户"]);

    // Sorted here: the order is the database collation's, which differs between engines.
    const tagsFor = async (who: TestStaff) => (await listMemberTags(db, await principal(db, who))).sort();
    expect(await tagsFor(managerA)).toEqual(["A店专属", "婚戒客户"].sort());
    expect(await tagsFor(managerB)).toEqual(["B店大客户", "婚戒客户"].sort());
    expect(await tagsFor(admin)).toEqual(expect.arrayContaining(["A店专属", "B店大客户", "婚戒客户"]));
    expect(await tagsFor(await createTestStaff(db, { roles: ["manager"], storeIds: [] }))).toEqual([]);
  });
});
